#pragma once
// Reading a scenario: YAML -> `extends` chain deep-merged -> `--set` overrides -> every key checked
// against the schema -> defaults filled -> a frozen Scenario.
#include <filesystem>
#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::scenario {

/// Every problem found in a scenario, each formatted "file:line:column: key.path: message".
/// what() lists them all, one per line.
class ScenarioError : public InputError {
 public:
  explicit ScenarioError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Loads, merges, overrides, validates. `overrides` are "key.path=value" (YAML value syntax).
/// Throws ScenarioError with every problem found (not only the first).
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides = {});

/// The generated scenario reference (scenarios/REFERENCE.md), from the same key declarations
/// that validation uses.
std::string reference_markdown();

}  // namespace displace::scenario
