#pragma once
// Internal to the engine (not installed; Simulation is the public interface): the RunState and the
// step's phases as separate entry points over it, so the engine's tests and benchmarks can run and
// time them one by one (they reach this folder through the displace::engine_internals target).
// Simulation::run calls them in this order every step:
//   prepare_step (1: hazard, climate and policy parameters per cell)
//   decide_households (2..7 fused per block of households: damage, warning, displacement,
//                      migration decision, destination choice, return and recovery)
//   apply_decisions (8), record_step (9).
// Decision phases read only the household's own columns and per-cell/per-step inputs, so running
// them fused per block equals running each over the whole table in turn.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "displace/engine/household_table.hpp"
#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/engine/partition.hpp"
#include "displace/engine/records.hpp"

namespace displace::engine {

/// Utility features of a destination candidate by name: the columns of the candidate matrix
/// (ThreadScratch::features) and of the coefficients (docs/model.md, "Features").
namespace feature {
inline constexpr int log_pull = 0;       ///< log attractiveness (cells) or log diaspora (externals)
inline constexpr int distance = 1;       ///< road km / 100 x distance weight (0 for externals)
inline constexpr int hazard_damage = 2;  ///< expected damage at the cell this step
inline constexpr int kin = 3;            ///< 1 where the household has kin, else 0
inline constexpr int crowding = 4;       ///< occupancy above what the place holds
inline constexpr int shelter = 5;        ///< 1 for a shelter site
inline constexpr int journey_cost = 6;   ///< journey cost / 1000 USD
inline constexpr int external = 7;       ///< 1 for an external destination (leaving the grid)
inline constexpr int other_region = 8;   ///< 1 for a cell outside the home region
}  // namespace feature
inline constexpr int kFeatureCount = 9;

/// Per-run immutable tables derived from the landscape.
struct CellTables {
  std::vector<std::int32_t> region;        ///< per cell
  std::vector<double> attractiveness;      ///< per cell (population when not given)
  std::vector<double> log_attractiveness;  ///< log(max(attractiveness, 1e-12))
  std::vector<double> y_km;                ///< latitude x 111.195 km
  std::vector<double> x_rad;               ///< longitude in radians
  std::vector<double> cos_lat;             ///< cosine of latitude
  std::vector<double> alias_probability;   ///< Walker alias table over attractiveness
  std::vector<std::int32_t> alias_index;
  std::vector<std::int32_t> region_anchor_cell;   ///< most attractive cell of each region
  std::vector<std::int32_t> resident_households;  ///< simulated households living here at t=0
  double total_attractiveness = 0.0;              ///< sum over cells (the sampling normaliser)
  std::vector<std::uint8_t> external_free_entry;  ///< [external][region]: enters freely
};

/// Where one event cut services and livelihoods (cells with a non-zero onset), derived once per
/// run from the landscape; phase 1 restores them with time since the event.
struct EventFootprint {
  int step = 0;
  std::vector<std::int32_t> cell;
  std::vector<float> services_onset;            ///< share of households without services
  std::vector<float> services_half_life_years;  ///< restoration half-life in this cell
  std::vector<float> livelihood_onset;          ///< share of income lost
};

/// Per-step inputs (phase 1): per-cell hazard and policy parameters, start-of-step occupancy.
struct StepInputs {
  int step = 0;
  bool any_event = false;
  bool any_forecast = false;
  bool any_heat = false;
  int slots = 1;                       ///< exposure slots per cell of the two damage fields below
  std::vector<float> hazard_damage;    ///< per cell x slot: curve damage of this step's events
  std::vector<float> forecast_damage;  ///< per cell x slot: same, forecast events only
  std::vector<float> cell_damage;      ///< per cell: mean of hazard_damage over the slots
  /// Per cell x slot: the hazard kind whose event did the most curve damage there this step (the
  /// cause recorded for a dwelling it damages); kNoHazard where nothing did.
  std::vector<std::uint8_t> damage_hazard;
  std::vector<float> largest_damage;   ///< scratch: per cell x slot, that event's damage
  std::vector<std::uint8_t> warned;    ///< per cell: a forecast event reaches warning_intensity
  bool any_services = false;           ///< some cell has services or livelihood loss this step
  std::vector<float> services_loss;    ///< per cell: share of households without services
  std::vector<float> services_decay;   ///< scratch: per cell, per event (prepare_step)
  std::vector<float> livelihood_loss;  ///< per cell: share of income lost
  std::vector<float> heat_anomaly_k;   ///< per cell: K above baseline (0 without a driver)
  std::vector<float> evacuation_probability;     ///< per cell: coverage x compliance (combined)
  std::vector<float> adaptation_efficacy;        ///< per cell: efficacy for adapted households
  std::vector<float> recovery_multiplier;        ///< per cell (home): return_support
  std::vector<float> return_incentive;           ///< per cell (home): added log-odds of returning
  std::vector<std::int16_t> relocation_policy;   ///< per cell (home): policy index or -1
  std::vector<std::uint32_t> pathway_mask;       ///< per cell (home): bit k = pathway_policies[k]
  std::vector<int> pathway_policies;             ///< indices of pathways active this step (<= 32)
  std::vector<int> cash_policies;                ///< cash transfers paid this step
  std::vector<int> adaptation_policies;          ///< subsidies whose uptake is drawn this step
  std::vector<std::uint8_t> shelter_open;        ///< per shelter site
  std::vector<std::int32_t> present_households;  ///< per cell, simulated, start of step
  std::vector<std::int64_t> shelter_occupancy;   ///< per shelter, simulated, start of step
  std::vector<std::int64_t> external_occupancy;  ///< per external, simulated, start of step
  /// Destination choice, per cell, from the three lines above and the destination coefficients
  /// (prepare_destination_terms): log pull x coef_attractiveness + cell_damage x
  /// coef_hazard_damage, and crowding x coef_crowding, the household-independent terms of a
  /// cell's utility, rounded as in the full sum.
  std::vector<double> destination_pull_damage;
  std::vector<double> destination_crowding;
};

/// Integer tallies of the step outputs (simulated households or people: exact in any order): one
/// vector per DISPLACE_STEP_OUTPUTS entry, laid out like the StepRecord member of the same name.
/// Per thread (ThreadScratch::outputs) only the `decided` and `recorded` kinds are sized.
struct StepTallies {
#define DISPLACE_DECLARE_STEP_TALLY(name, axes, creation, condition, tally, units, long_name) \
  std::vector<std::int64_t> name;
  DISPLACE_STEP_OUTPUTS(DISPLACE_DECLARE_STEP_TALLY)
#undef DISPLACE_DECLARE_STEP_TALLY
};

/// Calls visit(output, tally) for every tally of `tallies` (a StepTallies, const or not): its
/// DISPLACE_STEP_OUTPUTS entry and its vector, in table order.
template <class Tallies, class Visit>
void for_each_step_tally(Tallies& tallies, Visit&& visit) {
#define DISPLACE_VISIT_STEP_TALLY(name, axes, creation, condition, tally, units, long_name) \
  visit(step_output(StepOutputId::name), tallies.name);
  DISPLACE_STEP_OUTPUTS(DISPLACE_VISIT_STEP_TALLY)
#undef DISPLACE_VISIT_STEP_TALLY
}

/// Calls visit(output, a.name, b.name) for every step output `name`, in table order: `a` and `b`
/// are StepTallies or StepRecords (their members are named alike), const or not.
template <class A, class B, class Visit>
void for_each_step_tally_pair(A& a, B& b, Visit&& visit) {
#define DISPLACE_VISIT_STEP_TALLY_PAIR(name, axes, creation, condition, tally, units, long_name) \
  visit(step_output(StepOutputId::name), a.name, b.name);
  DISPLACE_STEP_OUTPUTS(DISPLACE_VISIT_STEP_TALLY_PAIR)
#undef DISPLACE_VISIT_STEP_TALLY_PAIR
}

/// Per-thread scratch, allocated once per run (index = omp_get_thread_num()). Holds nothing that
/// survives a household: results never depend on which thread used it.
struct ThreadScratch {
  Eigen::Matrix<double, Eigen::Dynamic, kFeatureCount, Eigen::RowMajor> features;
  Eigen::VectorXd utility;
  Eigen::VectorXd offset;               ///< per row, added to the utility (sampling correction)
  std::vector<std::int32_t> candidate;  ///< encoded destination per row
  std::vector<double> candidate_distance_km;
  std::vector<std::uint8_t> row_direct;  ///< per row: utility computed from per-cell terms
  /// Destination choice: the candidate cells (sampled, nearby, kin; candidate_cells + 5 at most)
  std::vector<std::int32_t> candidate_cell;
  std::vector<double> candidate_cell_km;                ///< their distances from the household
  std::vector<double> candidate_cell_distance_feature;  ///< distance / 100 x distance weight
  std::vector<double> candidate_cell_journey_feature;   ///< move cost per km x distance / 1000
  std::vector<double> external_log_diaspora;  ///< per external: log(max(diaspora_people, 1e-12))
  std::vector<std::int64_t> damaged_home_people;  ///< per region, simulated people (phase 4)
  /// This thread's `decided` and `recorded` step-output tallies (present_households and
  /// present_people: the externals' entries only; the regions' come from the per-cell counts).
  StepTallies outputs;
};

/// A move that needs a capacity-limited resource (-1 where it needs none), entered in the lottery
/// that every rank runs alike over the contested moves of all ranks.
struct ContestedMove {
  std::uint64_t lottery_key = 0;   ///< random_bits(seed, id, step, lottery)
  std::int64_t household = 0;      ///< id
  std::int32_t shelter = -1;       ///< shelter site
  std::int32_t external = -1;      ///< external destination with a finite capacity
  std::int32_t relocation = -1;    ///< relocation policy with a finite capacity
  std::int32_t pathway_slot = -1;  ///< active pathway slot with a finite quota
};

/// Everything a run holds: inputs, derived tables, the households and per-step buffers.
struct RunState {
  std::shared_ptr<const Landscape> landscape;
  ModelParameters parameters;
  std::vector<Policy> policies;
  RunOptions options;
  /// The other ranks of a run shared by several processes; null (or size 1) for one process.
  std::shared_ptr<RankExchange> exchange;
  std::uint64_t key = 0;  ///< seed_key(options.seed)
  int heat_driver = -1;   ///< index into landscape->climate, or -1
  CellTables cells;
  std::vector<EventFootprint> footprints;  ///< events with services or livelihood losses
  HouseholdTable households;
  StepInputs inputs;
  std::vector<double> cash_threshold_usd;     ///< per policy (cash_transfer), else 0
  std::vector<std::int64_t> relocation_used;  ///< per policy, simulated households so far
  std::vector<ThreadScratch> scratch;
  // apply-phase buffers (pre-sized, reused)
  std::vector<std::int64_t> movers;             ///< household indices with an intent
  std::vector<std::int64_t> block_first;        ///< first row of each decision block (+ size)
  std::vector<std::int64_t> block_mover_count;  ///< per decision block
  std::vector<ContestedMove> contested;         ///< this step's, then all ranks' (sorted)
  /// This step's step-output tallies, every kind: the `applied` ones counted by the apply phase,
  /// the others summed over the threads (and, in record_step, every count over the ranks).
  StepTallies outputs;
  std::vector<std::int64_t> duration_counts;    ///< displacement episodes ended, by length bin
  std::vector<std::int64_t> shelter_admitted;   ///< per shelter, this step
  std::vector<std::int64_t> external_admitted;  ///< per external, this step
  std::vector<std::int64_t> pathway_admitted;   ///< per active pathway slot, this step
  std::vector<std::int64_t> present_before;     ///< per place, households before this step
  // record-phase buffers
  std::vector<std::int64_t> cell_present_people;
  std::vector<std::int64_t> cell_arrivals_people;
  std::vector<std::int64_t> cell_displaced_from_people;
  int duration_bins = 0;
};

/// Households handled per block of the fused decision pass at most (fixed: independent of
/// threads). A block never spans two ranges of home cells (partition.hpp).
inline constexpr std::int64_t kDecisionBlock = 4096;

/// Validates inputs (throws displace::InputError naming the offending member), derives the cell
/// tables and synthesises the households (this rank's share when `exchange` has several ranks;
/// the call is then collective). The landscape must outlive the state (shared).
RunState make_run_state(std::shared_ptr<const Landscape> landscape, ModelParameters parameters,
                        std::vector<Policy> policies, RunOptions options,
                        std::shared_ptr<RankExchange> exchange = nullptr);

/// Throws displace::InputError if the landscape, parameters, policies or options are inconsistent.
void validate_inputs(const Landscape& landscape, const ModelParameters& parameters,
                     const std::vector<Policy>& policies, const RunOptions& options);

/// Sizes the per-thread scratch for the current omp_get_max_threads() (call before a step if the
/// thread count may have changed; Simulation::run does).
void prepare_threads(RunState& state);

/// Phase 1: this step's hazard damage, heat anomaly and policy parameters per cell.
void prepare_step(RunState& state, int step);

// Phases 2..7 over households [first, last). Each reads the household's own columns and the
// per-cell inputs only. `tally` receives per-region counts (its outputs' `decided` tallies).
void phase_damage(RunState& state, std::int64_t first, std::int64_t last);
void phase_warning(RunState& state, std::int64_t first, std::int64_t last);
void phase_displacement(RunState& state, std::int64_t first, std::int64_t last,
                        ThreadScratch& tally);
void phase_migration_decision(RunState& state, std::int64_t first, std::int64_t last);
void phase_destination(RunState& state, std::int64_t first, std::int64_t last,
                       ThreadScratch& scratch);
void phase_return_recovery(RunState& state, std::int64_t first, std::int64_t last);

/// Phases 2..7 over all households, in parallel over fixed blocks; then reduces the tallies.
void decide_households(RunState& state);

/// Phase 8: applies every intent. Capacity-limited resources are settled by a lottery ordered by
/// random_bits(seed, id, step, lottery), over the contested moves of all ranks. Fills
/// the `applied` step-output tallies and duration_counts (this rank's households).
void apply_decisions(RunState& state);

/// Sizes `tallies` for this run's landscape (zeros): every kind, or for a thread (`per_thread`)
/// the `decided` and `recorded` ones (the others left empty).
void size_step_tallies(StepTallies& tallies, const Landscape& landscape, bool per_thread);
/// Sets the tallies of kind `kind` to zero.
void zero_step_tallies(StepTallies& tallies, StepTally kind);
/// Adds the tallies of kind `kind` of `from` (a thread's) to `into`.
void add_step_tallies(StepTallies& into, const StepTallies& from, StepTally kind);
/// Scales every tally into its StepRecord member: counts x households_per_agent, flags 0 or 1.
void fill_step_record(StepRecord& record, const StepTallies& tallies, double households_per_agent);

/// Phase 9: fills `record` (and `map` when non-null) from the households after apply, and updates
/// the start-of-next-step occupancy in state.inputs. Counts scaled by households_per_agent. With
/// several ranks the tallies are summed over them, so every rank gets the whole run's record.
void record_step(RunState& state, StepRecord& record, MapRecord* map);

/// Recomputes StepInputs::destination_pull_damage and destination_crowding from cell_damage,
/// present_households and the parameters. prepare_step, census and record_step call it whenever
/// what it reads changes.
void prepare_destination_terms(RunState& state);

/// Recomputes start-of-step occupancy (present households per cell, shelters, externals) and the
/// per-place counts the conservation check starts from.
void census(RunState& state);

/// The RunLayout of this run.
RunLayout run_layout(const RunState& state);

/// Displacement-duration histogram: ended episodes so far plus the ongoing ones (real households).
std::vector<double> displacement_durations(const RunState& state);

/// Straight-line distance in km between two cells (equirectangular approximation).
double cell_distance_km(const CellTables& cells, std::int32_t a, std::int32_t b);

}  // namespace displace::engine
