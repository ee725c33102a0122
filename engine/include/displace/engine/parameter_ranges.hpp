#pragma once
// The allowed range of every numeric model parameter (ModelParameters, parameters.hpp), declared
// once: the engine checks them in validate_inputs, and the scenario schema takes each
// `households.*` / `behaviour.*` key's allowed values from here, so a YAML value out of range is
// reported at its line and column with the rule the engine applies (and documented with it in
// scenarios/REFERENCE.md).
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "displace/engine/parameters.hpp"

namespace displace::engine {

/// An interval of allowed values. A bounded interval holds finite values only; an unbounded one
/// (any()) holds every value.
struct ParameterRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  static constexpr ParameterRange any() { return {}; }
  static constexpr ParameterRange at_least(double min) { return {min, kInfinity, false, false}; }
  static constexpr ParameterRange above(double min) { return {min, kInfinity, true, false}; }
  static constexpr ParameterRange between(double min, double max) {
    return {min, max, false, false};
  }
  /// (min, max]
  static constexpr ParameterRange above_up_to(double min, double max) {
    return {min, max, true, false};
  }

  bool has_min() const { return std::isfinite(min); }
  bool has_max() const { return std::isfinite(max); }
  /// "any", ">= 0", "> 0", "0 .. 1", "> 0 and <= 1" (as the scenario reference writes them).
  std::string describe() const;
  bool contains(double value) const {
    if (!has_min() && !has_max()) return true;
    if (!std::isfinite(value)) return false;
    if (has_min() && (min_exclusive ? value <= min : value < min)) return false;
    if (has_max() && (max_exclusive ? value >= max : value > max)) return false;
    return true;
  }

 private:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
};

/// Mean dwelling fragility, of the default stock and of each housing stock.
inline constexpr ParameterRange kFragilityMeanRange = ParameterRange::between(0.1, 10);

/// Calls visit(name, value, range) for every numeric member of `parameters` (a ModelParameters,
/// const or not), `name` being its path in ModelParameters ("synthesis.wealth_median_usd") and
/// `value` a reference to the member (double, or int for candidate_cells).
template <class Parameters, class Visit>
void for_each_parameter_range(Parameters& p, Visit&& visit) {
  using R = ParameterRange;
  // Households (synthesis)
  visit("synthesis.mean_household_size_people", p.synthesis.mean_household_size_people,
        R::at_least(1));
  visit("synthesis.households_per_agent", p.synthesis.households_per_agent, R::at_least(1));
  visit("synthesis.wealth_median_usd", p.synthesis.wealth_median_usd, R::above(0));
  visit("synthesis.wealth_sigma_log", p.synthesis.wealth_sigma_log, R::at_least(0));
  visit("synthesis.income_median_usd_per_year", p.synthesis.income_median_usd_per_year,
        R::above(0));
  visit("synthesis.income_sigma_log", p.synthesis.income_sigma_log, R::at_least(0));
  visit("synthesis.wealth_income_correlation", p.synthesis.wealth_income_correlation,
        R::between(-1, 1));
  visit("synthesis.agriculture_share", p.synthesis.agriculture_share, R::between(0, 1));
  visit("synthesis.fragility_sigma_log", p.synthesis.fragility_sigma_log, R::at_least(0));
  visit("synthesis.fragility_mean", p.synthesis.fragility_mean, kFragilityMeanRange);
  visit("synthesis.female_headed_share", p.synthesis.female_headed_share, R::between(0, 1));
  visit("synthesis.with_children_share", p.synthesis.with_children_share, R::between(0, 1));
  visit("synthesis.with_elderly_share", p.synthesis.with_elderly_share, R::between(0, 1));
  visit("synthesis.with_disability_share", p.synthesis.with_disability_share, R::between(0, 1));
  visit("synthesis.kin_other_region_share", p.synthesis.kin_other_region_share, R::between(0, 1));
  // Damage
  visit("damage.uninhabitable_damage", p.damage.uninhabitable_damage, R::above_up_to(0, 1));
  visit("damage.dwelling_share_of_wealth", p.damage.dwelling_share_of_wealth, R::between(0, 1));
  visit("damage.heat_income_loss_per_k", p.damage.heat_income_loss_per_k, R::at_least(0));
  visit("damage.heat_income_loss_nonagri_ratio", p.damage.heat_income_loss_nonagri_ratio,
        R::between(0, 1));
  visit("damage.savings_rate", p.damage.savings_rate, R::between(0, 1));
  // Evacuation
  visit("evacuation.trigger_damage", p.evacuation.trigger_damage, R::between(0, 1));
  visit("evacuation.coverage", p.evacuation.coverage, R::between(0, 1));
  visit("evacuation.compliance", p.evacuation.compliance, R::between(0, 1));
  visit("evacuation.full_compliance_damage", p.evacuation.full_compliance_damage, R::between(0, 1));
  visit("evacuation.warning_alone_share", p.evacuation.warning_alone_share, R::between(0, 1));
  // Services (and max >= min half-life: validate_inputs)
  visit("services.restoration_half_life_min_years", p.services.restoration_half_life_min_years,
        R::above(0));
  visit("services.restoration_half_life_max_years", p.services.restoration_half_life_max_years,
        R::above(0));
  visit("services.livelihood_loss_per_services_loss", p.services.livelihood_loss_per_services_loss,
        R::at_least(0));
  visit("services.livelihood_loss_per_damage", p.services.livelihood_loss_per_damage,
        R::at_least(0));
  visit("services.livelihood_half_life_years", p.services.livelihood_half_life_years, R::above(0));
  visit("services.displacement_per_year", p.services.displacement_per_year, R::at_least(0));
  // Aspiration
  visit("aspiration.intercept", p.aspiration.intercept, R::any());
  visit("aspiration.coef_damage", p.aspiration.coef_damage, R::any());
  visit("aspiration.coef_income_loss", p.aspiration.coef_income_loss, R::any());
  visit("aspiration.coef_heat_per_k", p.aspiration.coef_heat_per_k, R::any());
  visit("aspiration.coef_kin_external", p.aspiration.coef_kin_external, R::any());
  visit("aspiration.coef_displaced", p.aspiration.coef_displaced, R::any());
  visit("aspiration.coef_with_elderly", p.aspiration.coef_with_elderly, R::any());
  visit("aspiration.coef_with_disability", p.aspiration.coef_with_disability, R::any());
  visit("aspiration.coef_services_loss", p.aspiration.coef_services_loss, R::any());
  visit("aspiration.trapped_aspiration_half_life_years",
        p.aspiration.trapped_aspiration_half_life_years, R::above(0));
  // Destination (candidate_cells sizes the per-thread scratch: at most 1024)
  // 0: no sampled cells (neighbours, kin cell, externals and shelters only).
  visit("destination.candidate_cells", p.destination.candidate_cells, R::between(0, 1024));
  visit("destination.move_cost_base_usd", p.destination.move_cost_base_usd, R::at_least(0));
  visit("destination.move_cost_per_km_usd", p.destination.move_cost_per_km_usd, R::at_least(0));
  visit("destination.coef_attractiveness", p.destination.coef_attractiveness, R::any());
  visit("destination.coef_distance_per_100km", p.destination.coef_distance_per_100km, R::any());
  visit("destination.displacement_distance_multiplier",
        p.destination.displacement_distance_multiplier, R::at_least(0));
  visit("destination.coef_hazard_damage", p.destination.coef_hazard_damage, R::any());
  visit("destination.coef_kin", p.destination.coef_kin, R::any());
  visit("destination.coef_crowding", p.destination.coef_crowding, R::any());
  visit("destination.coef_shelter", p.destination.coef_shelter, R::any());
  visit("destination.coef_journey_cost_per_1000usd", p.destination.coef_journey_cost_per_1000usd,
        R::any());
  visit("destination.coef_external", p.destination.coef_external, R::any());
  visit("destination.coef_other_region", p.destination.coef_other_region, R::any());
  // Recovery and return
  visit("recovery.recovery_rate_per_year", p.recovery.recovery_rate_per_year, R::at_least(0));
  visit("recovery.recovery_wealth_elasticity", p.recovery.recovery_wealth_elasticity, R::any());
  visit("recovery.return_rate_per_year", p.recovery.return_rate_per_year, R::at_least(0));
  visit("recovery.evacuation_return_steps", p.recovery.evacuation_return_steps, R::at_least(0));
  visit("recovery.protracted_after_years", p.recovery.protracted_after_years, R::at_least(0));
  visit("recovery.protracted_to_migrated_per_year", p.recovery.protracted_to_migrated_per_year,
        R::at_least(0));
  visit("recovery.migrant_return_per_year", p.recovery.migrant_return_per_year, R::at_least(0));
}

/// The range of the model parameter `name` (a name of for_each_parameter_range); throws
/// displace::Error for another name.
ParameterRange parameter_range(std::string_view name);

}  // namespace displace::engine
