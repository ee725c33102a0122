#pragma once
// Test support: a private temporary folder to write scenario files (and empty placeholder
// layer files) into, plus helpers to load them and locate text positions.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "displace/scenario/load.hpp"
#include "support/temp_folder.hpp"

namespace displace::scenario::testing {

/// The smallest valid scenario; its layer file is "pop.tif" next to it.
inline constexpr std::string_view kMinimalScenario = R"(name: tiny
time:
  start: 2017-09-01
  steps: 3
grid:
  reference: population
layers:
  population:
    kind: population
    path: pop.tif
)";

/// A temporary folder (test_support::TempFolder), unique per test and process, removed at the end
/// of the test.
class ScenarioFiles {
 public:
  ScenarioFiles();
  ScenarioFiles(const ScenarioFiles&) = delete;
  ScenarioFiles& operator=(const ScenarioFiles&) = delete;

  const std::filesystem::path& dir() const { return folder_.path(); }
  /// Writes `text` to dir/relative (creating folders); returns the absolute path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view text) const;
  /// Creates an empty placeholder file (a layer "raster": only its existence is checked).
  std::filesystem::path touch(const std::filesystem::path& relative) const;

 private:
  test_support::TempFolder folder_;
};

/// "line:column" (1-based) of the `occurrence`-th (0-based) appearance of `needle` in `text`.
std::string position_of(std::string_view text, std::string_view needle, int occurrence = 0);

/// The problems load_scenario reports (empty when the scenario is valid).
std::vector<std::string> problems_of(const std::filesystem::path& file,
                                     const std::vector<std::string>& overrides = {});

/// Every problem, one per line, for failure messages.
std::string joined(const std::vector<std::string>& problems);

}  // namespace displace::scenario::testing
