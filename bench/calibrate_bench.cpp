// calibrate_bench: times `displace calibrate` on a calibration file without writing its outputs
// (the results go to a temporary file, removed at the end). Prints one line: member runs, member
// runs per second, and where the time went (layers, scenario re-validation, engine runs,
// scoring). bench/README.md has the figures.
//
//   calibrate_bench CALIBRATION.yaml [--threads N] [--parallel automatic|members|engine]
//                   [--sets N]   (N space-filling sets only, no refocusing waves)
//                   [--emulator on|off]   (design.emulator: waves chosen by GP emulators)
#include <omp.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "displace/app/calibrate.hpp"
#include "displace/app/ranks.hpp"
#include "displace/common/error.hpp"
#include "displace/scenario/calibration.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace displace;
  app::init_ranks(&argc, &argv);
  int exit_code = 0;
  try {
    if (argc < 2) throw InputError("usage: calibrate_bench CALIBRATION.yaml [options]");
    auto spec = scenario::load_calibration(argv[1]);
    app::CalibrationRequest request;
    request.results_only = true;
    request.overwrite = true;
    request.progress = false;
    std::string parallel = "automatic";
    for (int i = 2; i + 1 < argc; i += 2) {
      const std::string option = argv[i];
      const std::string value = argv[i + 1];
      if (option == "--threads") {
        request.threads = std::atoi(value.c_str());
      } else if (option == "--parallel") {
        parallel = value;
      } else if (option == "--sets") {
        spec.design.initial = std::atoi(value.c_str());
        spec.design.waves = 0;
      } else if (option == "--emulator") {
        if (value != "on" && value != "off") throw InputError("--emulator: on or off");
        spec.design.emulator = value == "on";
      } else {
        throw InputError("unknown option " + option);
      }
    }
    request.parallelism = app::parse_parallelism(parallel);
    const fs::path temporary =
        fs::temp_directory_path() / ("calibrate_bench-" + std::to_string(::getpid()) + ".h5");
    spec.outputs.path = temporary;
    std::ostringstream log;
    const auto o = app::run_calibration(spec, request, log);
    std::error_code ec;
    fs::remove(temporary, ec);
    if (app::ranks().rank == 0) {
      const double per_s =
          o.run_seconds > 0 ? static_cast<double>(o.member_runs) / o.run_seconds : 0.0;
      std::cout << "calibration=" << spec.name << " sets=" << o.sets
                << " member_runs=" << o.member_runs << " threads=" << o.threads
                << " ranks=" << o.ranks << " parallel=" << parallel
                << " emulator=" << (spec.design.emulator ? "on" : "off")
                << " member_runs_per_s=" << per_s << " load_s=" << o.load_seconds
                << " runs_wall_s=" << o.run_seconds << " variant_thread_s=" << o.variant_seconds
                << " engine_thread_s=" << o.engine_seconds << " score_s=" << o.score_seconds
                << " accepted=" << o.accepted << " wall_s=" << o.wall_seconds << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "calibrate_bench: " << e.what() << "\n";
    exit_code = 2;
  }
  app::finalize_ranks();
  return exit_code;
}
