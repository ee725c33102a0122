#pragma once
// What a run file records of its scenario (the resolved scenario text, `scenario_yaml`), in the
// pieces a reader of the run names: the report's scenario section. Read with the scenario
// module's own YAML reader, so a damaged text is reported with its line and column instead of
// being skipped. The text is not validated as a runnable scenario: the files it names need not
// exist where the run file is read, and a partial text gives partial facts.
#include <string>
#include <utility>
#include <vector>

namespace displace::scenario {

struct PolicyFact {
  std::string kind, name, start, end;
};

struct HazardFact {
  std::string hazard;
  std::vector<std::pair<std::string, std::string>> events;  ///< (name, ISO date)
  double events_per_year = 0.0;  ///< yearly sampling of the events; 0 = dated events only
  int first_year = 0, last_year = 0;
};

struct ScenarioFacts {
  std::string name, description, start, end, step;
  /// One per hazard_events or storm_track layer, in document order. A storm_track layer's
  /// hazard is "wind (storm_track)" or "wind, rain (storm_track)", its events the storms it names
  /// (no date: the storm strikes in the step of its peak wind on the grid).
  std::vector<HazardFact> hazards;
  std::vector<std::string> climate_drivers;
  std::vector<PolicyFact> policies;
  std::vector<std::string> destinations;  ///< external destinations' names
  std::string counterfactual;             ///< the paired scenario's file name (no folder)
  std::vector<std::string> swept_keys;
};

/// The facts of `scenario_yaml`; `origin` names the text in messages ("run.h5 (scenario_yaml)").
/// A piece that is absent stays empty. Throws ScenarioError (displace/scenario/load.hpp) listing
/// each problem as "origin:line:column: key.path: message" when the text is not YAML, or when a
/// piece present has the wrong shape (a list where a text belongs, a number that is not one).
ScenarioFacts scenario_facts(const std::string& scenario_yaml, const std::string& origin);

}  // namespace displace::scenario
