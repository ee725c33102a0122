#pragma once
// An independent test oracle of the household model: every phase's equations written again,
// plainly and slowly, straight from docs/model.md (not from engine/src), one household at a time.
// A test runs an engine phase and compares what it produced, household by household, with what
// the oracle says the documented model must produce from the same inputs and the same keyed draws.
//
// What the oracle reads from a RunState: the landscape, parameters, policies, options and seed key
// (the model's inputs), the household columns as they were before the phase, and the Walker alias
// table's two columns (a sampling device the model does not specify; alias_distribution() checks
// that it samples the documented distribution). It never reads StepInputs or the other derived
// CellTables: phase 1 is recomputed here (step_inputs) and its result is what phases 2..7 read.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "detail/phases.hpp"

namespace displace::engine::oracle {

inline constexpr double kNoDraw = std::numeric_limits<double>::infinity();

/// One household's columns, as plain values (doubles for the float columns).
struct Household {
  std::int32_t home_cell = 0;
  std::int32_t location = 0;
  std::uint8_t status = 0;
  std::uint16_t flags = 0;
  int size_people = 0;
  double wealth_usd = 0.0;
  double initial_wealth_usd = 0.0;
  double income_usd_per_year = 0.0;
  double fragility = 0.0;
  double damage = 0.0;
  double recovery = 0.0;
  int steps_in_status = 0;
  int episodes = 0;
  std::int16_t kin_region = -1;
  std::uint16_t kin_externals = 0;
  std::uint16_t shelter = 0;
  double income_loss = 0.0;
  std::uint8_t intent = 0;
  std::int32_t destination = 0;
  std::int32_t fallback = 0;
};

/// Household `row` of `table`.
Household read(const HouseholdTable& table, std::int64_t row);

/// The fields where `engine` and `oracle` differ ("wealth_usd engine 7872 oracle 7800; ..."),
/// empty when they agree: integers exactly, the float columns within a relative 1e-5 (they are
/// stored as float).
std::string differences(const Household& engine, const Household& oracle);

/// Phase 1: the per-cell inputs of one step, from the landscape, parameters and policies, and the
/// start-of-step occupancy from the household table.
struct CellInputs {
  int step = 0;
  int slots = 1;                      ///< exposure slots K per cell
  std::vector<double> hazard_damage;  ///< [cell * K + j]: 1 - prod(1 - f_i) over this step's events
  std::vector<double> forecast_damage;  ///< same, forecast events only
  std::vector<double> cell_damage;      ///< mean over the slots
  std::vector<std::uint8_t> warned;     ///< a forecast event reaches warning_intensity
  bool forecast_event = false;          ///< some forecast event strikes this step
  std::vector<double> services_loss;    ///< share without services, mean over the step
  std::vector<double> livelihood_loss;  ///< share of income lost, mean over the step
  std::vector<double> heat_anomaly_k;
  std::vector<double>
      evacuation_probability;  ///< early warning: 1 - prod(1 - coverage x compliance)
  std::vector<double> adaptation_efficacy;
  std::vector<double> recovery_multiplier;
  std::vector<double> return_incentive;
  std::vector<int> relocation_policy;  ///< the active planned_relocation targeting the cell, or -1
  std::vector<std::uint8_t> shelter_open;
  std::vector<int> cash_policies;          ///< cash transfers paid this step (their first step)
  std::vector<int> adaptation_policies;    ///< subsidies whose uptake is drawn this step
  std::vector<double> cash_threshold_usd;  ///< per policy: the eligible quantile of initial wealth
  // start of step, simulated households
  std::vector<std::int64_t> present_households;   ///< per cell: located there
  std::vector<std::int64_t> resident_households;  ///< per cell: whose home it is
  std::vector<std::int64_t> shelter_occupancy;    ///< per shelter site
  std::vector<std::int64_t> external_occupancy;   ///< per external destination
};

/// A vulnerability curve's damage at `intensity` (model.md, phase 1).
double curve(const VulnerabilityCurve& curve, double intensity);

/// Mean over a step of length dt of onset x 2^(-age / half_life), the event being `age` years old
/// at the start of the step.
double step_mean(double onset, double half_life_years, double age_years, double dt_years);

/// Phase 1 of step `step`, with the household table at the start of the step.
CellInputs step_inputs(const RunState& state, int step, const HouseholdTable& start_of_step);

/// The probability that each cell gets one sample of the alias table held in `cells`
/// (alias_probability, alias_index), so a test can compare it with q_c = pull_c / sum(pull).
std::vector<double> alias_distribution(const CellTables& cells);

/// The pull of every cell: the landscape's attractiveness, or its population when absent.
std::vector<double> cell_pull(const Landscape& land);

/// The household's sub-grid exposure slot j = floor(u(seed, id, 0, exposure_slot) x K).
int exposure_slot(std::uint64_t key, std::uint64_t id, int slots);

/// Place codes as docs/model.md states them (State): external destination e is `-1 - e`, shelter
/// site s is `-1 - externals - s` (written out here, not taken from the engine's Destination).
inline std::int32_t external_code(std::int32_t e) {
  return -1 - e;
}
inline std::int32_t shelter_code(std::int32_t s, std::int32_t externals) {
  return -1 - externals - s;
}

/// Equirectangular road distance in km between two cells' centres (model.md, limits).
double distance_km(const Landscape& land, std::int32_t a, std::int32_t b);

/// What a phase must produce for one household, and how close a draw came to its threshold
/// (min |u - p| over the draws made; kNoDraw without one), so that a comparison can leave out a
/// decision that floating-point rounding of the inputs could flip.
struct Outcome {
  Household after;
  double margin = kNoDraw;
  bool damaged_home = false;  ///< phase 4: counted in damaged_home_households
};

struct Step {
  const RunState& state;  ///< landscape, parameters, policies, options, key
  const CellInputs& cells;
};

Outcome damage(const Step& step, const Household& before, std::uint64_t id);
Outcome warning(const Step& step, const Household& before, std::uint64_t id);
Outcome displacement(const Step& step, const Household& before, std::uint64_t id);
Outcome migration_decision(const Step& step, const Household& before, std::uint64_t id);

/// One row of the destination choice.
struct Candidate {
  std::int32_t destination = 0;  ///< encoded like HouseholdTable::destination
  double utility = 0.0;          ///< features x coefficients + sampling correction
  double probability = 0.0;      ///< softmax over the rows
  double road_km = 0.0;          ///< 0 for externals
  bool cell = false;  ///< a cell candidate (sampled, neighbour or kin), fallback-eligible
};

struct Choice {
  Outcome outcome;
  std::vector<Candidate> rows;  ///< in the documented order
  double u = 0.0;               ///< the choice's uniform
  int chosen = -1;              ///< row, -1 when there is none
};

/// Phase 6 for one household (a no-op unless it migrates or is displaced this step).
Choice destination(const Step& step, const Household& before, std::uint64_t id);

Outcome return_recovery(const Step& step, const Household& before, std::uint64_t id);

}  // namespace displace::engine::oracle
