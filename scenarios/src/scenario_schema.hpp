#pragma once
// The scenario schema: every key of a scenario declared once (scenario_schema.cpp), and the checks
// across keys and objects (scenario_checks.cpp).
#include <string>

#include "displace/scenario/scenario.hpp"
#include "schema.hpp"

namespace displace::scenario::detail {

const Table<Scenario>& scenario_table();
const Table<LayerSpec>& layer_table();
const Table<EventSpec>& event_table();
const Table<DatedFile>& dated_file_table();
const Table<engine::ExternalDestination>& external_table();
const Table<ShelterSpec>& shelter_table();
const Table<PolicySpec>& policy_table();
const Table<engine::HousingStock>& housing_stock_table();
const Table<SweepParameter>& sweep_table();

/// Checks within one layer (curve tables, path vs files, sampling years, ...).
void check_layer(LayerSpec& layer, const Node& map, const std::string& prefix, Problems& problems);
/// Checks within one policy (target, window).
void check_policy(PolicySpec& policy, const Node& map, const std::string& prefix,
                  Problems& problems);
/// Checks across the scenario: time span, grid, layer kinds, unique names, policy references;
/// also derives time.step_count from time.end and policy start dates from time.start.
void check_scenario(Scenario& scenario, const Node& root, const std::string& prefix,
                    Problems& problems);

/// Why `key` cannot be swept (or fitted by a calibration) in `scenario`: not a numeric
/// households.*, behaviour.* or policies.N.* key, an unknown key (with did-you-mean) or a policy
/// index the scenario does not have. Empty when it can.
std::string sweep_key_problem(const Scenario& scenario, const std::string& key);

/// The whole generated reference (REFERENCE.md).
std::string reference_text();

}  // namespace displace::scenario::detail
