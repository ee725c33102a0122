#include "displace/scenario/load.hpp"

#include <utility>

#include "compose.hpp"
#include "scenario_schema.hpp"

namespace displace::scenario {

namespace {
std::string join_lines(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += '\n';
    text += problem;
  }
  return text;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> problems)
    : InputError(join_lines(problems)), problems_(std::move(problems)) {}

Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides) {
  const auto top = std::filesystem::absolute(file).lexically_normal();
  detail::Problems problems;
  detail::Node root = detail::load_composed(top, problems);
  for (const auto& assignment : overrides)
    detail::apply_override(root, assignment, problems);
  // Composition problems (syntax, extends, --set) first: validating a half-merged tree would
  // only add noise.
  if (!problems.empty()) throw ScenarioError(problems.list());

  Scenario scenario{};
  detail::read_object(detail::scenario_table(), root, "", scenario, problems);
  if (!problems.empty()) throw ScenarioError(problems.list());
  scenario.source_file = top;
  scenario.resolved_yaml =
      detail::emit_yaml(detail::write_object(detail::scenario_table(), scenario));
  return scenario;
}

std::string reference_markdown() {
  return detail::reference_text();
}

}  // namespace displace::scenario
