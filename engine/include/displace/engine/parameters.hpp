#pragma once
// ModelParameters: every coefficient of the household model (../docs/model.md), with its default
// as the member initialiser. This is the single place defaults live: the scenario schema binds
// YAML keys to these members and reads the defaults from a default-constructed value. Their
// allowed ranges live in parameter_ranges.hpp, read by validate_inputs and the schema alike.
#include <cstdint>
#include <string>
#include <vector>

namespace displace::engine {

/// The housing stock of some admin regions, when it differs from the default (`fragility_mean`):
/// the mean fragility of their dwellings relative to the damage curve's reference stock.
struct HousingStock {
  std::vector<std::string> regions;  ///< admin region codes (of Landscape::regions)
  double fragility_mean = 1.0;
};

/// Household synthesis (MODEL.md "Households").
struct SynthesisParameters {
  double mean_household_size_people = 3.0;  ///< people per household (size = 1 + Poisson(mean - 1))
  double households_per_agent = 1.0;        ///< super-individual scale k: one simulated = k real
  double wealth_median_usd = 20000.0;       ///< lognormal median of household assets
  double wealth_sigma_log = 1.0;            ///< lognormal sigma of assets
  double income_median_usd_per_year = 15000.0;
  double income_sigma_log = 0.7;
  double wealth_income_correlation = 0.6;  ///< correlation of the two log-normals' normals
  double agriculture_share = 0.2;          ///< probability a household lives from agriculture
  double fragility_sigma_log = 0.4;        ///< dwelling fragility = lognormal(mean, this sigma)
  /// Mean dwelling fragility: the local housing stock's vulnerability relative to the damage
  /// curve's reference stock (1 = as the curve; informal, non-engineered housing is above 1).
  double fragility_mean = 1.0;
  /// Regions whose housing stock has its own mean fragility (each region in one stock at most).
  std::vector<HousingStock> housing_stocks;
  double female_headed_share = 0.3;
  double with_children_share = 0.4;
  double with_elderly_share = 0.3;
  double with_disability_share = 0.1;
  double kin_other_region_share = 0.5;  ///< probability of kin in another region of the grid
};

/// Damage and losses (phase 2).
struct DamageParameters {
  double uninhabitable_damage = 0.55;     ///< IDMC: dwelling uninhabitable at ~55% (30-70%)
  double dwelling_share_of_wealth = 0.5;  ///< assets lost = damage x this x wealth
  double heat_income_loss_per_k = 0.05;   ///< income lost per K of heat anomaly (agricultural)
  double heat_income_loss_nonagri_ratio = 0.2;  ///< non-agricultural households lose this share
  double savings_rate = 0.1;                    ///< share of income added to assets each year
};

/// Evacuation (phase 3). Status quo: where a forecast event reaches its hazard's
/// warning_intensity, households at home evacuate with coverage x compliance. An `early_warning`
/// policy adds its own coverage x compliance where expected damage at home >= trigger_damage.
struct EvacuationParameters {
  double trigger_damage = 0.1;  ///< policy warnings: expected damage at home that triggers them
  double coverage = 0.0;        ///< status quo: share of households the warnings reach
  double compliance = 0.0;      ///< status quo: share of those reached who evacuate
  /// Status quo: compliance rises linearly with the expected damage at home up to this (people
  /// leave for a major hurricane, rarely for a tropical storm); 0 = the same at every intensity.
  double full_compliance_damage = 0.0;
  /// Status quo: share of that compliance reached by the warning alone, before any damage is
  /// expected at home (people go to shelters for a tropical storm's warning, rain and floods
  /// although its winds damage no dwelling). 0 = compliance starts at no damage.
  double warning_alone_share = 0.0;
};

/// Services and livelihoods after an event (phases 1, 2, 4, 5, 7): per cell, the share of
/// households without services (power, water, schools) and the share of income lost, each set by
/// the event and restored over time. They are a function of the event history (no stored state).
struct ServicesParameters {
  double restoration_half_life_min_years = 0.02;  ///< services half-life after a light event
  /// ... where the cell's mean curve damage is 1 (linear in between: Maria's mean damage over
  /// Puerto Rico, ~0.09, gives ~5 months; a tropical storm ~1 week).
  double restoration_half_life_max_years = 5.0;
  double livelihood_loss_per_services_loss = 0.3;  ///< income share lost per share without services
  double livelihood_loss_per_damage = 0.5;         ///< income share lost per unit structural damage
  double livelihood_half_life_years = 1.0;         ///< restoration of livelihoods
  double displacement_per_year = 0.0;  ///< leave-home hazard at full services loss (per year)
};

/// Aspiration to migrate (phase 5): p_year = logistic(linear predictor), p_step = 1-(1-p_year)^dt.
struct AspirationParameters {
  double intercept = -5.0;         ///< baseline log-odds per year (~0.7%/yr)
  double coef_damage = 3.0;        ///< per unit of current dwelling damage
  double coef_income_loss = 4.0;   ///< per unit fraction of income lost to climate
  double coef_heat_per_k = 0.3;    ///< per K of heat anomaly
  double coef_kin_external = 0.7;  ///< if the household has kin at an external destination
  double coef_displaced = 1.5;     ///< if currently displaced
  double coef_with_elderly = -0.5;
  double coef_with_disability = -0.5;
  double coef_services_loss = 2.0;  ///< per share of households without services where it lives
  double trapped_aspiration_half_life_years = 2.0;  ///< how long a trapped wish persists
};

/// Move costs and destination choice (phases 4 and 6): one multinomial logit over cells (sampled
/// by pull, with McFadden's correction), external destinations and shelters.
struct DestinationParameters {
  int candidate_cells = 16;  ///< cells sampled by pull per decision
  double move_cost_base_usd = 1000.0;
  double move_cost_per_km_usd = 2.0;
  double coef_attractiveness = 1.0;  ///< per unit log(pull): people (cells) or diaspora (externals)
  double coef_distance_per_100km = -0.5;          ///< per 100 km by road (cells, shelters)
  double displacement_distance_multiplier = 4.0;  ///< displaced weigh distance this much more
  double coef_hazard_damage = -3.0;  ///< per unit of expected damage at the destination
  double coef_kin = 1.5;             ///< if the household has kin there
  double coef_crowding = -2.0;       ///< per unit of occupancy/capacity (shelters, externals)
  double coef_shelter = 0.5;         ///< displaced households' preference for shelters
  double coef_journey_cost_per_1000usd = -0.3;  ///< per 1000 USD of journey cost
  double coef_external = -1.0;      ///< leaving the grid (language, jobs, climate, distance)
  double coef_other_region = -1.0;  ///< a cell in another region than home (a border, if regions
                                    ///< are countries)
};

/// Recovery and return (phase 7).
struct ReturnParameters {
  double recovery_rate_per_year = 0.5;      ///< home repair progress/year at median wealth
  double recovery_wealth_elasticity = 0.5;  ///< rate x (wealth/median)^elasticity
  double return_rate_per_year = 3.0;        ///< hazard of return (per year) once fully recovered
  double evacuation_return_steps = 1;       ///< evacuated households go home after this many steps
  double protracted_after_years = 1.0;      ///< displaced longer counts as protracted
  double protracted_to_migrated_per_year = 0.15;  ///< conversion hazard of protracted -> migrated
  double migrant_return_per_year = 0.02;          ///< migrated households going back home
};

/// Everything the model reads besides the landscape and the policies.
struct ModelParameters {
  SynthesisParameters synthesis;
  DamageParameters damage;
  EvacuationParameters evacuation;
  ServicesParameters services;
  AspirationParameters aspiration;
  DestinationParameters destination;
  ReturnParameters recovery;
};

enum class PolicyKind : std::uint8_t {
  early_warning,
  cash_transfer,
  adaptation_subsidy,
  planned_relocation,
  migration_pathway,
  return_support,
  shelter,
};

/// One policy, already resolved onto the grid. Fields not used by its kind keep their defaults.
/// A policy changes parameters of the phases; it never adds a special case inside a phase.
struct Policy {
  PolicyKind kind = PolicyKind::early_warning;
  std::string name;
  int first_step = 0;                      ///< inclusive
  int last_step = 1 << 30;                 ///< inclusive
  std::vector<std::uint8_t> target_cells;  ///< per cell 0/1 (households' home cell); empty = all

  // early_warning
  double coverage = 0.8;    ///< share of households reached by the warning
  double compliance = 0.7;  ///< share of those reached who evacuate
  // cash_transfer
  double amount_usd = 2000.0;  ///< one-off, per real household, at its first eligible step
  double eligible_wealth_quantile = 0.4;  ///< households below this quantile of initial wealth
  // adaptation_subsidy
  double efficacy = 0.3;  ///< damage reduced by this fraction for households that take it up
  double uptake = 0.5;    ///< share of targeted households that adapt (drawn once)
  // planned_relocation
  std::int32_t site_cell = -1;      ///< destination cell, or -1 with site_external >= 0
  std::int32_t site_external = -1;  ///< destination external index
  double uptake_per_step = 0.1;     ///< share of eligible households that move each step
  double capacity_households = -1;  ///< real households; < 0 = unlimited
  // migration_pathway
  std::int32_t destination_external = -1;
  double cost_reduction = 0.5;            ///< fraction of the move cost removed
  double quota_per_step_households = -1;  ///< real households per step; < 0 = unlimited
  // return_support
  double recovery_multiplier = 2.0;  ///< recovery rate multiplied by this
  double return_incentive = 1.0;     ///< added to the log-odds of returning
  // shelter: opens Landscape::shelters[shelter_sites] during the window
  std::vector<std::int32_t> shelter_sites;
};

/// Run options that are not model behaviour.
struct RunOptions {
  std::uint64_t seed = 1;
  int step_count = 12;
  double step_length_years = 1.0 / 12.0;
  int map_every_steps = 1;  ///< gridded stocks every N steps (and at the last step); 0 = never
};

}  // namespace displace::engine
