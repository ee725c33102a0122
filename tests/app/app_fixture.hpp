#pragma once
// Test support for the CLI: a temporary folder with a small synthetic world written as real
// GeoTIFFs (10 x 10 cells of 0.1 degree, 1000 people per cell, a storm over the western half).
#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_folder.hpp"

namespace displace::app::testing {

class World {
 public:
  World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const std::filesystem::path& dir() const { return folder_.path(); }
  /// Writes `text` into dir/name and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;
  /// The scenario file "storm.yaml": 12 monthly steps from 2020-01, a storm in step 1.
  std::filesystem::path scenario() const { return folder_ / "storm.yaml"; }

 private:
  test_support::TempFolder folder_{"app"};
};

/// The scenario text of World::scenario() (for variants written next to it).
extern const char* const kStormScenario;

/// HURDAT2 text of a synthetic category-4 storm, AL092020 "TEST", moving west along 17.5 N across
/// the 1 x 1 degree world of the storm tests (-66..-65, 17..18; not World's), six-hourly from
/// 2020-01-14 12:00 to 2020-01-15 06:00, with its radius of maximum wind (20 nm) given. Used by
/// the storm_track layer and exposure tests.
extern const char* const kTestStormHurdat2;

/// HURDAT2 text of a weak storm far to the north, AL102020 "FAR" (35-36 N, 40 W, 2020-01-15): a
/// second storm of a track file that never comes near the world (the forecast tests' own storm).
extern const char* const kFarStormHurdat2;

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

/// run_cli with string arguments, capturing both streams.
CliResult cli(const std::vector<std::string>& args);

}  // namespace displace::app::testing
