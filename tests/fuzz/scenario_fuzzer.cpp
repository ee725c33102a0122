// libFuzzer target over the scenario loader: YAML parsing, the schema, `extends` and `--set`.
// Input: the text of a scenario file; lines after a line "#--set" are `--set` assignments, one
// per line. The folder it is loaded from holds "base.yaml" (for `extends: base.yaml`) and the
// placeholder layer files the examples name. Any outcome but success or an InputError (a crash,
// a hang, another exception) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/scenario/load.hpp"

namespace {

namespace fs = std::filesystem;

const char* const kBase = R"(name: base
time: {start: 2017-09-01, step: month, steps: 6}
grid: {reference: population}
layers:
  population: {kind: population, path: pop.tif}
  wind:
    kind: hazard_events
    path: wind.tif
    hazard: wind
    events: [{band: 1, id: S1, name: Storm, date: 2017-09-20}]
outputs: {path: out.h5}
)";

fs::path fuzz_folder() {
  static const fs::path folder = [] {
    const fs::path dir =
        fs::temp_directory_path() / ("displace-scenario-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(dir / "data");
    std::ofstream(dir / "base.yaml") << kBase;
    for (const char* name :
         {"pop.tif", "wind.tif", "data/population.tif", "data/districts.tif",
          "data/coastal_zone.tif", "data/storm_wind.tif", "data/tas_anomaly.nc"}) {
      std::ofstream(dir / name) << "placeholder";
    }
    return dir;
  }();
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kMarker = "\n#--set\n";
  const auto marker = input.find(kMarker);
  const std::string_view text = input.substr(0, marker);
  std::vector<std::string> overrides;
  if (marker != std::string_view::npos) {
    std::string_view rest = input.substr(marker + kMarker.size());
    while (!rest.empty() && overrides.size() < 8) {
      const auto end = rest.find('\n');
      overrides.emplace_back(rest.substr(0, end));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  const fs::path file = fuzz_folder() / "main.yaml";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  try {
    (void)displace::scenario::load_scenario(file, overrides);
  } catch (const displace::InputError&) {
    // a located problem: the expected outcome for bad input
  }
  return 0;
}
