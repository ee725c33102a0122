// Macro benchmark: synthesises N households on a generated grid and runs S steps of a workload,
// then prints ONE machine-readable line per run:
//   workload=calm households=10000000 steps=20 threads=2 household_steps_per_s=...
//   bytes_per_household=... wall_s=... ranks=1
// Under mpirun the ranks share the run (docs/hpc.md): households is the whole run's, rank 0
// prints, and bytes_per_household is rank 0's peak RSS over its own households.
// Workloads:
//   calm  — no hazard event; a heat anomaly makes the slow-onset aspiration be evaluated for every
//           household every step.
//   storm — a wind event strikes every step over a band of cells holding about 20% of households
//           (damaging them); a few percent decide to move and choose among >= 16 candidates.
// Not a test: it asserts nothing about speed. See bench/README.md for the figures and how to run.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "displace/app/ranks.hpp"
#include "displace/engine/simulation.hpp"
#include "workload.hpp"

namespace {

using namespace displace::engine;

/// Peak resident set size of this process in bytes (VmHWM), 0 if unknown.
long long peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      long long kib = 0;
      status >> kib;
      return kib * 1024;
    }
    std::getline(status, key);
  }
  return 0;
}

/// Resets the peak to the current RSS so the baseline excludes earlier transients (Linux >= 4.0).
void reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
}

class NullRecorder final : public Recorder {
 public:
  void begin(const RunLayout&) override {}
  void record_step(const StepRecord& r) override {
    checksum_ += r.households.empty() ? 0 : r.households[0];
  }
  void record_map(const MapRecord&) override {}
  void end(const RunSummary&) override {}
  double checksum_ = 0.0;
};

struct Config {
  std::string workload = "calm";
  long long households = 1'000'000;
  int steps = 10;
  int threads = 0;
  int admin_side = 0;
};

Config parse(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "macro_bench: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--workload") {
      config.workload = value();
    } else if (arg == "--households") {
      config.households = std::atoll(value().c_str());
    } else if (arg == "--steps") {
      config.steps = std::atoi(value().c_str());
    } else if (arg == "--threads") {
      config.threads = std::atoi(value().c_str());
    } else if (arg == "--admin-side") {
      config.admin_side = std::atoi(value().c_str());
    } else {
      std::fprintf(stderr,
                   "usage: macro_bench [--workload calm|storm] [--households N] [--steps S] "
                   "[--threads T] [--admin-side K]\n");
      std::exit(2);
    }
  }
  if ((config.workload != "calm" && config.workload != "storm") || config.households < 1 ||
      config.steps < 1 || config.threads < 0 || config.admin_side < 0 || config.admin_side > 30) {
    std::fprintf(stderr, "macro_bench: bad arguments\n");
    std::exit(2);
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  displace::app::init_ranks(&argc, &argv);
  const Config config = parse(argc, argv);
  const auto exchange = displace::app::world_exchange();
  const displace::app::Ranks here = displace::app::ranks();
  if (config.threads > 0) omp_set_num_threads(config.threads);
  auto landscape = displace::bench::make_landscape(config.workload, config.households, config.steps,
                                                   config.admin_side);
  ModelParameters parameters;
  if (config.workload == "storm") {  // the status quo and services of the demo's baseline
    parameters.evacuation.coverage = 0.9;
    parameters.evacuation.compliance = 0.02;
    parameters.services.displacement_per_year = 1.0;
  }
  RunOptions options;
  options.seed = 42;
  options.step_count = config.steps;
  options.step_length_years = 1.0 / 12.0;
  options.map_every_steps = 0;

  reset_peak_rss();
  const long long baseline = peak_rss_bytes();
  Simulation simulation(landscape, parameters, {}, options, exchange);
  const auto households = simulation.household_count();
  const auto own_households = simulation.local_household_count();
  NullRecorder recorder;
  const auto start = std::chrono::steady_clock::now();
  simulation.run(recorder);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long long peak = peak_rss_bytes();
  if (here.rank == 0) {
    std::printf(
        "workload=%s households=%lld steps=%d threads=%d household_steps_per_s=%.4g "
        "bytes_per_household=%.1f wall_s=%.3f ranks=%d\n",
        config.workload.c_str(), static_cast<long long>(households), config.steps,
        omp_get_max_threads(), static_cast<double>(households) * config.steps / wall,
        static_cast<double>(peak - baseline) /
            static_cast<double>(std::max<long long>(1, own_households)),
        wall, here.size);
  }
  displace::app::finalize_ranks();
  return recorder.checksum_ >= 0.0 ? 0 : 1;
}
