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

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

/// run_cli with string arguments, capturing both streams.
CliResult cli(const std::vector<std::string>& args);

}  // namespace displace::app::testing
