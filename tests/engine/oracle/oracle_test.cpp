// The engine's phases against the independent oracle (oracle.hpp, written from docs/model.md):
//  * OracleModel.*: a scenario that reaches every branch of every phase, run step by step; after
//    each phase every household's columns must be what the documented equations give from the
//    same inputs and the same keyed draws (decisions exactly, floats within rounding), the
//    destination choice's probabilities must agree row by row, and the fused decision pass must
//    equal the phases run one by one.
//  * OracleEquations.*: one small case per phase, its numbers worked out by hand in the comments,
//    which both the engine phase and the oracle must reproduce.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"
#include "engine/engine_fixture.hpp"
#include "engine/oracle/oracle.hpp"

namespace displace::engine::testing {
namespace {

/// Decisions whose uniform lies closer than this to its threshold are left out (rounding of the
/// float inputs could flip them); the tests count them and require them to be rare.
constexpr double kMargin = 1e-6;

std::size_t at(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

std::uint8_t code(Intent intent) {
  return static_cast<std::uint8_t>(intent);
}

// --- A scenario that reaches every branch ------------------------------------------------------

struct Scenario {
  std::shared_ptr<Landscape> land;
  ModelParameters parameters;
  std::vector<Policy> policies;
  RunOptions options;
};

std::vector<std::uint8_t> mask(const Landscape& land, bool (*in)(int col, int row)) {
  std::vector<std::uint8_t> m(land.population_people.size(), 0);
  for (std::size_t c = 0; c < m.size(); ++c) {
    m[c] = in(static_cast<int>(c) % land.width, static_cast<int>(c) / land.width) ? 1 : 0;
  }
  return m;
}

/// 8 x 6 cells (two regions), 75 simulated households per cell standing for 150 real ones; a
/// forecast wind storm resolved into 4 exposure slots, floods, a second storm and flood in one
/// step, heat, services losses, two externals (one capacity- and visa-limited), two shelters and
/// one policy of each kind; rates raised so that every branch of every phase is taken.
Scenario rich_scenario() {
  Scenario s;
  s.land = make_grid(8, 6, 450.0f);
  Landscape& land = *s.land;
  land.exposure_slots = 4;
  ExternalDestination abroad;
  abroad.name = "abroad";
  abroad.distance_km = 3000.0;
  abroad.travel_cost_usd = 800.0;
  abroad.diaspora_people = 800.0;
  abroad.kin_share = 0.2;
  abroad.capacity_households = 60.0;
  abroad.entry_share = 0.4;
  abroad.free_entry_regions = {"W"};
  land.externals.push_back(abroad);
  land.shelters = {{"school", 9, 40.0}, {"stadium", 38, 20.0}};

  HazardKind wind;
  wind.name = "wind";
  wind.units = "m s-1";
  wind.curve.kind = CurveKind::emanuel_wind;
  wind.warning_intensity = 17.5;
  wind.services_curve.kind = CurveKind::table;
  wind.services_curve.table_intensity = {20.0, 50.0, 80.0};
  wind.services_curve.table_damage = {0.0, 0.5, 0.9};
  land.hazard_kinds = {wind, step_hazard_kind("flood", "m", 1.0, 0.6)};
  const std::size_t cells = land.population_people.size();
  auto event = [&](const char* id, int kind, int step, bool forecast, int slots) {
    HazardEvent ev;
    ev.id = id;
    ev.name = id;
    ev.hazard_kind = kind;
    ev.step = step;
    ev.forecast = forecast;
    ev.slots = slots;
    ev.intensity.assign(cells * static_cast<std::size_t>(slots), 0.0f);
    return ev;
  };
  HazardEvent storm = event("storm", 0, 2, true, 4);
  HazardEvent flood3 = event("flood3", 1, 3, false, 1);
  HazardEvent storm9 = event("storm9", 0, 9, true, 1);
  HazardEvent flood9 = event("flood9", 1, 9, false, 4);
  for (std::size_t c = 0; c < cells; ++c) {
    const int col = static_cast<int>(c) % land.width;
    const int row = static_cast<int>(c) / land.width;
    const bool band = row >= 1 && row <= 4 && col >= 1 && col <= 6;
    for (std::size_t j = 0; j < 4; ++j) {
      storm.intensity[c * 4 + j] =
          band ? 35.0f + 7.0f * static_cast<float>(col) + 6.0f * static_cast<float>(j)
               : 10.0f + static_cast<float>(j);
      if (col == 4 || col == 5) flood9.intensity[c * 4 + j] = 0.5f + 0.4f * static_cast<float>(j);
    }
    if (row == 5 && col <= 5) flood3.intensity[c] = 1.5f;
    if (col >= 4) storm9.intensity[c] = 45.0f + 4.0f * static_cast<float>(row);
  }
  land.events = {storm, flood3, storm9, flood9};

  ClimateDriver heat;
  heat.name = "heat";
  heat.units = "K";
  heat.frames.assign(2, std::vector<float>(cells, 0.0f));
  for (std::size_t c = 0; c < cells; ++c)
    heat.frames[1][c] = static_cast<float>(c % 5) - 1.0f;
  s.options = options(20, 11);
  for (int t = 0; t < s.options.step_count; ++t)
    heat.frame_of_step.push_back(t < 6 ? 0 : 1);
  land.climate = {heat};

  ModelParameters& p = s.parameters;
  p.synthesis.households_per_agent = 2.0;
  p.synthesis.wealth_median_usd = 4000.0;
  p.evacuation.coverage = 0.6;
  p.evacuation.compliance = 0.5;
  p.evacuation.full_compliance_damage = 0.3;
  p.evacuation.warning_alone_share = 0.2;  // compliance from the warning alone
  p.services.displacement_per_year = 3.0;
  p.aspiration.intercept = -2.5;
  p.recovery.protracted_after_years = 0.2;
  p.recovery.protracted_to_migrated_per_year = 3.0;
  p.recovery.migrant_return_per_year = 2.0;

  Policy warning;
  warning.kind = PolicyKind::early_warning;
  warning.name = "warning";
  warning.target_cells = mask(land, [](int col, int) { return col < 4; });
  Policy cash;
  cash.kind = PolicyKind::cash_transfer;
  cash.name = "cash";
  cash.first_step = 1;
  Policy subsidy;
  subsidy.kind = PolicyKind::adaptation_subsidy;
  subsidy.name = "subsidy";
  subsidy.first_step = 1;
  subsidy.target_cells = mask(land, [](int, int row) { return row <= 2; });
  Policy relocation;
  relocation.kind = PolicyKind::planned_relocation;
  relocation.name = "relocation";
  relocation.first_step = 4;
  relocation.last_step = 15;
  relocation.site_cell = 7;
  relocation.uptake_per_step = 0.05;
  relocation.capacity_households = 40.0;
  relocation.target_cells = mask(land, [](int col, int row) { return row == 5 && col <= 3; });
  Policy pathway;
  pathway.kind = PolicyKind::migration_pathway;
  pathway.name = "pathway";
  pathway.destination_external = 1;
  pathway.quota_per_step_households = 6.0;
  pathway.target_cells = mask(land, [](int, int row) { return row >= 3; });
  Policy support;
  support.kind = PolicyKind::return_support;
  support.name = "support";
  support.first_step = 4;
  support.last_step = 16;
  support.target_cells = mask(land, [](int col, int) { return col >= 4; });
  Policy shelters;
  shelters.kind = PolicyKind::shelter;
  shelters.name = "shelters";
  shelters.first_step = 2;
  shelters.last_step = 14;
  shelters.shelter_sites = {0, 1};
  s.policies = {warning, cash, subsidy, relocation, pathway, support, shelters};
  return s;
}

// --- Comparisons -------------------------------------------------------------------------------

/// How often each branch was taken (by the oracle's account), so the test can require that every
/// branch it claims to check was reached.
using Reached = std::map<std::string, int>;

struct Counts {
  int compared = 0;
  int ambiguous = 0;
  int mismatched = 0;
};

void report(Counts& counts, const std::string& where, const std::string& difference) {
  ++counts.mismatched;
  if (counts.mismatched <= 3) ADD_FAILURE() << where << ": " << difference;
}

/// Every household of `engine` against the oracle's outcome.
void compare_households(const char* phase, int step, const HouseholdTable& engine,
                        const std::vector<oracle::Outcome>& expected, Counts& counts) {
  for (std::int64_t i = 0; i < engine.size(); ++i) {
    if (expected[at(i)].margin < kMargin) {
      ++counts.ambiguous;
      continue;
    }
    ++counts.compared;
    const std::string difference =
        oracle::differences(oracle::read(engine, i), expected[at(i)].after);
    if (!difference.empty()) {
      report(counts,
             std::string(phase) + ", step " + std::to_string(step) + ", household " +
                 std::to_string(i),
             difference);
    }
  }
}

template <class T, class U>
void compare_cells(const char* field, int step, const std::vector<T>& engine,
                   const std::vector<U>& oracle_value, double tolerance, Counts& counts) {
  ASSERT_EQ(engine.size(), oracle_value.size()) << field;
  for (std::size_t c = 0; c < engine.size(); ++c) {
    const auto e = static_cast<double>(engine[c]);
    const auto o = static_cast<double>(oracle_value[c]);
    ++counts.compared;
    if (std::abs(e - o) > tolerance) {
      report(counts,
             std::string("phase 1 (prepare_step), step ") + std::to_string(step) + ", " + field +
                 "[" + std::to_string(c) + "]",
             "engine " + std::to_string(e) + " oracle " + std::to_string(o));
    }
  }
}

/// Phase 1: the engine's per-cell inputs against the oracle's.
void compare_inputs(const RunState& state, const oracle::CellInputs& o, Counts& counts) {
  const StepInputs& in = state.inputs;
  const int t = o.step;
  constexpr double kFloat = 2e-6;  // the engine stores these as float
  compare_cells("hazard_damage", t, in.hazard_damage, o.hazard_damage, kFloat, counts);
  compare_cells("forecast_damage", t, in.forecast_damage, o.forecast_damage, kFloat, counts);
  compare_cells("cell_damage", t, in.cell_damage, o.cell_damage, kFloat, counts);
  compare_cells("warned", t, in.warned, o.warned, 0.0, counts);
  if (in.any_services) {
    compare_cells("services_loss", t, in.services_loss, o.services_loss, kFloat, counts);
    compare_cells("livelihood_loss", t, in.livelihood_loss, o.livelihood_loss, kFloat, counts);
  } else {  // the engine leaves the fields alone when no event has left a loss yet
    compare_cells("services_loss", t, std::vector<double>(o.services_loss.size(), 0.0),
                  o.services_loss, 0.0, counts);
    compare_cells("livelihood_loss", t, std::vector<double>(o.livelihood_loss.size(), 0.0),
                  o.livelihood_loss, 0.0, counts);
  }
  compare_cells("heat_anomaly_k", t, in.heat_anomaly_k, o.heat_anomaly_k, 0.0, counts);
  compare_cells("evacuation_probability", t, in.evacuation_probability, o.evacuation_probability,
                kFloat, counts);
  compare_cells("adaptation_efficacy", t, in.adaptation_efficacy, o.adaptation_efficacy, kFloat,
                counts);
  compare_cells("recovery_multiplier", t, in.recovery_multiplier, o.recovery_multiplier, kFloat,
                counts);
  compare_cells("return_incentive", t, in.return_incentive, o.return_incentive, kFloat, counts);
  compare_cells("relocation_policy", t, in.relocation_policy, o.relocation_policy, 0.0, counts);
  compare_cells("shelter_open", t, in.shelter_open, o.shelter_open, 0.0, counts);
  compare_cells("cash_policies", t, in.cash_policies, o.cash_policies, 0.0, counts);
  compare_cells("adaptation_policies", t, in.adaptation_policies, o.adaptation_policies, 0.0,
                counts);
  compare_cells("present_households", t, in.present_households, o.present_households, 0.0, counts);
  compare_cells("resident_households", t, state.cells.resident_households, o.resident_households,
                0.0, counts);
  compare_cells("shelter_occupancy", t, in.shelter_occupancy, o.shelter_occupancy, 0.0, counts);
  compare_cells("external_occupancy", t, in.external_occupancy, o.external_occupancy, 0.0, counts);
  for (std::size_t k = 0; k < state.policies.size(); ++k) {
    if (state.policies[k].kind != PolicyKind::cash_transfer) continue;
    EXPECT_EQ(state.cash_threshold_usd[k], o.cash_threshold_usd[k])
        << "cash threshold, policy " << k;
  }
}

template <class Predict>
std::vector<oracle::Outcome> predict_all(const HouseholdTable& table, Predict predict) {
  std::vector<oracle::Outcome> out;
  out.reserve(at(table.size()));
  for (std::int64_t i = 0; i < table.size(); ++i) {
    out.push_back(predict(oracle::read(table, i), static_cast<std::uint64_t>(i)));
  }
  return out;
}

void count_reached(const std::vector<oracle::Outcome>& before_phase,
                   const std::vector<oracle::Outcome>& after_phase, const char* prefix,
                   Reached& reached) {
  for (std::size_t i = 0; i < after_phase.size(); ++i) {
    const oracle::Household& a = after_phase[i].after;
    const oracle::Household& b = before_phase[i].after;
    if (a.intent != b.intent) {
      ++reached[std::string(prefix) + " intent " + std::to_string(a.intent) + " from status " +
                std::to_string(b.status)];
    }
  }
}

TEST(OracleModel, AliasTableSamplesCellsByPull) {
  const Scenario s = rich_scenario();
  RunState state = make_run_state(s.land, s.parameters, s.policies, s.options);
  const std::vector<double> pull = oracle::cell_pull(*s.land);
  double total = 0.0;
  for (double x : pull)
    total += x;
  const std::vector<double> q = oracle::alias_distribution(state.cells);
  ASSERT_EQ(q.size(), pull.size());
  for (std::size_t c = 0; c < q.size(); ++c)
    EXPECT_NEAR(q[c], pull[c] / total, 1e-12) << "cell " << c;
}

TEST(OracleModel, EveryPhaseMatchesTheDocumentedEquations) {
  const Scenario s = rich_scenario();
  RunState state = make_run_state(s.land, s.parameters, s.policies, s.options);
  const HouseholdTable& h = state.households;
  ASSERT_GT(h.size(), 3000);
  std::map<std::string, Counts> counts;
  Reached reached;
  int destination_rows = 0;
  for (int t = 0; t < s.options.step_count; ++t) {
    prepare_step(state, t);
    const oracle::CellInputs cells = oracle::step_inputs(state, t, h);
    compare_inputs(state, cells, counts["phase 1"]);
    const oracle::Step step{state, cells};

    // Phases 2..7 one by one over the whole table of a copy, each checked against the oracle
    // applied to the table as the phase found it.
    RunState probe = state;
    HouseholdTable& ph = probe.households;
    const std::int64_t n = ph.size();
    ThreadScratch& scratch = probe.scratch[0];
    std::fill(scratch.outputs.damaged_home_households.begin(),
              scratch.outputs.damaged_home_households.end(), 0);
    std::fill(scratch.damaged_home_people.begin(), scratch.damaged_home_people.end(), 0);

    const auto start = predict_all(ph, [](const oracle::Household& x, std::uint64_t) {
      return oracle::Outcome{x, oracle::kNoDraw, false};
    });
    const auto damage = predict_all(ph, [&](const oracle::Household& x, std::uint64_t id) {
      return oracle::damage(step, x, id);
    });
    phase_damage(probe, 0, n);
    compare_households("phase 2 (phase_damage)", t, ph, damage, counts["phase 2"]);

    const auto warning = predict_all(ph, [&](const oracle::Household& x, std::uint64_t id) {
      return oracle::warning(step, x, id);
    });
    phase_warning(probe, 0, n);
    compare_households("phase 3 (phase_warning)", t, ph, warning, counts["phase 3"]);

    const auto displacement = predict_all(ph, [&](const oracle::Household& x, std::uint64_t id) {
      return oracle::displacement(step, x, id);
    });
    phase_displacement(probe, 0, n, scratch);
    compare_households("phase 4 (phase_displacement)", t, ph, displacement, counts["phase 4"]);
    std::vector<std::int64_t> damaged(s.land->regions.size(), 0);
    std::vector<std::int64_t> damaged_people(s.land->regions.size(), 0);
    for (std::int64_t i = 0; i < n; ++i) {
      if (!displacement[at(i)].damaged_home) continue;
      const auto r = at(s.land->region_of_cell[at(h.home_cell[at(i)])]);
      damaged[r] += 1;
      damaged_people[r] += h.size_people[at(i)];
    }
    EXPECT_EQ(scratch.outputs.damaged_home_households, damaged)
        << "phase 4 damaged_home_households, step " << t;
    EXPECT_EQ(scratch.damaged_home_people, damaged_people)
        << "phase 4 damaged-home people, step " << t;

    const auto decision = predict_all(ph, [&](const oracle::Household& x, std::uint64_t id) {
      return oracle::migration_decision(step, x, id);
    });
    phase_migration_decision(probe, 0, n);
    compare_households("phase 5 (phase_migration_decision)", t, ph, decision, counts["phase 5"]);

    // Phase 6 one household at a time, so that the candidate rows it weighed can be read from the
    // scratch and compared with the oracle's choice probabilities row by row.
    std::vector<oracle::Outcome> destination;
    Counts& choice_counts = counts["phase 6 probabilities"];
    for (std::int64_t i = 0; i < n; ++i) {
      const oracle::Choice choice =
          oracle::destination(step, oracle::read(ph, i), static_cast<std::uint64_t>(i));
      phase_destination(probe, i, i + 1, scratch);
      destination.push_back(choice.outcome);
      if (choice.rows.empty()) continue;
      double total = 0.0;
      for (std::size_t r = 0; r < choice.rows.size(); ++r)
        total += scratch.utility(static_cast<Eigen::Index>(r));
      for (std::size_t r = 0; r < choice.rows.size(); ++r) {
        ++choice_counts.compared;
        ++destination_rows;
        const double p = scratch.utility(static_cast<Eigen::Index>(r)) / total;
        if (scratch.candidate[r] != choice.rows[r].destination ||
            std::abs(p - choice.rows[r].probability) > 1e-7) {
          report(choice_counts,
                 "phase 6 (phase_destination), step " + std::to_string(t) + ", household " +
                     std::to_string(i) + ", row " + std::to_string(r),
                 "engine destination " + std::to_string(scratch.candidate[r]) + " p " +
                     std::to_string(p) + ", oracle destination " +
                     std::to_string(choice.rows[r].destination) + " p " +
                     std::to_string(choice.rows[r].probability));
        }
      }
      const std::int32_t chosen = choice.rows[at(choice.chosen)].destination;
      ++reached[chosen >= 0 ? "destination cell"
                            : (chosen >= -static_cast<std::int32_t>(s.land->externals.size())
                                   ? "destination external"
                                   : "destination shelter")];
      if (choice.outcome.after.intent == code(Intent::none)) ++reached["trapped by the cost"];
    }
    compare_households("phase 6 (phase_destination)", t, ph, destination, counts["phase 6"]);

    const auto back = predict_all(ph, [&](const oracle::Household& x, std::uint64_t id) {
      return oracle::return_recovery(step, x, id);
    });
    phase_return_recovery(probe, 0, n);
    compare_households("phase 7 (phase_return_recovery)", t, ph, back, counts["phase 7"]);

    for (std::int64_t i = 0; i < n; ++i) {
      const oracle::Household& b = start[at(i)].after;
      if (damage[at(i)].after.wealth_usd > b.wealth_usd + 1000.0) ++reached["cash transfer"];
      if ((damage[at(i)].after.flags & ~b.flags & flag_adapted) != 0) ++reached["adapted"];
      if (damage[at(i)].after.damage > b.damage) ++reached["dwelling damaged"];
      if ((b.flags & flag_trapped) != 0 && decision[at(i)].after.intent == code(Intent::migrate)) {
        ++reached["trapped wish kept or renewed"];
      }
      if (back[at(i)].after.recovery > destination[at(i)].after.recovery) ++reached["repair"];
    }
    count_reached(damage, warning, "phase 3", reached);
    count_reached(warning, displacement, "phase 4", reached);
    count_reached(displacement, decision, "phase 5", reached);
    count_reached(destination, back, "phase 7", reached);

    // The fused pass over blocks equals the phases run one by one.
    decide_households(state);
    EXPECT_EQ(h.wealth_usd, ph.wealth_usd) << "fused pass, step " << t;
    EXPECT_EQ(h.damage, ph.damage) << "fused pass, step " << t;
    EXPECT_EQ(h.recovery, ph.recovery) << "fused pass, step " << t;
    EXPECT_EQ(h.flags, ph.flags) << "fused pass, step " << t;
    EXPECT_EQ(h.intent, ph.intent) << "fused pass, step " << t;
    EXPECT_EQ(h.destination, ph.destination) << "fused pass, step " << t;
    EXPECT_EQ(h.fallback, ph.fallback) << "fused pass, step " << t;
    EXPECT_EQ(h.income_loss, ph.income_loss) << "fused pass, step " << t;
    EXPECT_EQ(h.steps_in_status, ph.steps_in_status) << "fused pass, step " << t;
    apply_decisions(state);
    StepRecord record;
    record_step(state, record, nullptr);
  }

  for (const auto& [phase, c] : counts) {
    EXPECT_EQ(c.mismatched, 0) << phase << ": " << c.mismatched << " of " << c.compared
                               << " disagree with the oracle";
    EXPECT_GT(c.compared, 0) << phase;
    EXPECT_LE(c.ambiguous, 2) << phase << ": too many draws within " << kMargin
                              << " of their threshold";
  }
  EXPECT_GT(destination_rows, 1000);
  // Every branch the oracle checks was taken at least once.
  const auto u = [](Intent i) { return std::to_string(static_cast<int>(i)); };
  const auto st = [](Status x) { return std::to_string(static_cast<int>(x)); };
  for (const std::string& branch :
       {std::string("cash transfer"),
        std::string("adapted"),
        std::string("dwelling damaged"),
        std::string("repair"),
        std::string("trapped wish kept or renewed"),
        std::string("trapped by the cost"),
        std::string("destination cell"),
        std::string("destination external"),
        std::string("destination shelter"),
        "phase 3 intent " + u(Intent::evacuate) + " from status " + st(Status::home),
        "phase 4 intent " + u(Intent::displace) + " from status " + st(Status::home),
        "phase 4 intent " + u(Intent::displace) + " from status " + st(Status::evacuated),
        "phase 4 intent " + u(Intent::leave_services) + " from status " + st(Status::home),
        "phase 5 intent " + u(Intent::relocate) + " from status " + st(Status::home),
        "phase 5 intent " + u(Intent::migrate) + " from status " + st(Status::home),
        "phase 5 intent " + u(Intent::migrate) + " from status " + st(Status::displaced),
        "phase 7 intent " + u(Intent::return_home) + " from status " + st(Status::evacuated),
        "phase 7 intent " + u(Intent::return_home) + " from status " + st(Status::displaced),
        "phase 7 intent " + u(Intent::return_home) + " from status " + st(Status::migrated),
        "phase 7 intent " + u(Intent::become_migrated) + " from status " + st(Status::displaced)}) {
    EXPECT_GT(reached[branch], 0) << "never reached: " << branch;
  }
}

// --- Hand-computed cases -----------------------------------------------------------------------

/// Three cells in a row at 18 N, 0.05 degree apart (cells 0, 1 in region W, cell 2 in E), 10
/// households each, pulls 100, 200, 300; one external ("mainland": diaspora 2000, travel 300 USD).
RunState small_state(ModelParameters p = quiet_parameters(), std::vector<Policy> policies = {}) {
  auto land = make_grid(3, 1, 30.0f);
  land->attractiveness = {100.0f, 200.0f, 300.0f};
  return make_run_state(land, p, std::move(policies), options(1));
}

/// The oracle's view of inputs set by hand in `state.inputs`.
oracle::CellInputs inputs_of(const RunState& state) {
  const StepInputs& in = state.inputs;
  oracle::CellInputs o = oracle::step_inputs(state, in.step, state.households);
  const auto copy = [](const auto& from, auto& to) { to.assign(from.begin(), from.end()); };
  copy(in.hazard_damage, o.hazard_damage);
  copy(in.forecast_damage, o.forecast_damage);
  o.forecast_event = in.any_forecast;
  copy(in.cell_damage, o.cell_damage);
  copy(in.warned, o.warned);
  copy(in.services_loss, o.services_loss);
  copy(in.livelihood_loss, o.livelihood_loss);
  copy(in.heat_anomaly_k, o.heat_anomaly_k);
  copy(in.evacuation_probability, o.evacuation_probability);
  copy(in.adaptation_efficacy, o.adaptation_efficacy);
  copy(in.recovery_multiplier, o.recovery_multiplier);
  copy(in.return_incentive, o.return_incentive);
  return o;
}

TEST(OracleEquations, Phase1ServicesAreTheStepMeanOfTheirRestoration) {
  // One wind event at step 0 over all 3 cells at 50 m/s, services curve = the wind curve.
  // Curve: v_n = (50 - 25.7) / (74.7 - 25.7) = 0.495918, f = v_n^3 / (1 + v_n^3) = 0.108706.
  // Half-life h = 0.02 + (5 - 0.02) x 0.108706 = 0.561354 years; s0 = 0.108706.
  // Step 0 (age 0, dt = 1/12): s0 h / (dt ln 2) (1 - 2^(-dt/h)) = 0.108706 x 9.718347 x 0.097781
  //   = 0.108706 x 0.950271 = 0.103300.
  // Livelihood: l0 = min(1, 0.3 s0 + 0.5 d) = 0.8 x 0.108706 = 0.086964, half-life 1 year:
  //   0.086964 x 1 / (dt ln 2) (1 - 2^(-1/12)) = 0.086964 x 17.312340 x 0.056126 = 0.086964 x
  //   0.971675 = 0.084501.
  auto land = make_grid(3, 1, 30.0f);
  HazardKind wind;
  wind.name = "wind";
  wind.services_curve = wind.curve;  // emanuel
  land->hazard_kinds = {wind};
  HazardEvent ev;
  ev.id = "e";
  ev.intensity.assign(3, 50.0f);
  land->events = {ev};
  RunState state = make_run_state(land, quiet_parameters(), {}, options(3));
  prepare_step(state, 0);
  const oracle::CellInputs o = oracle::step_inputs(state, 0, state.households);
  EXPECT_NEAR(state.inputs.hazard_damage[0], 0.108706, 1e-6);
  EXPECT_NEAR(o.hazard_damage[0], 0.108706, 1e-6);
  EXPECT_NEAR(state.inputs.services_loss[1], 0.103300, 1e-6);
  EXPECT_NEAR(o.services_loss[1], 0.103300, 1e-6);
  EXPECT_NEAR(state.inputs.livelihood_loss[2], 0.084501, 1e-6);
  EXPECT_NEAR(o.livelihood_loss[2], 0.084501, 1e-6);
  // The plain step mean: s0 = 0.5, h = 0.25 yr, dt = 1/12: 0.5 x 0.25 / (dt ln 2) x
  // (1 - 2^(-1/3)) = 2.164043 x 0.206299 = 0.446441; two steps later (age 1/6):
  // x 2^(-(1/6)/0.25) = x 0.629961 = 0.281240.
  EXPECT_NEAR(oracle::step_mean(0.5, 0.25, 0.0, 1.0 / 12.0), 0.446441, 1e-6);
  EXPECT_NEAR(oracle::step_mean(0.5, 0.25, 2.0 / 12.0, 1.0 / 12.0), 0.281240, 1e-6);
}

TEST(OracleEquations, Phase2DamageLossesAndSavings) {
  // Household 0: wealth 10000, income 12000/yr, agricultural, adapted (efficacy 0.25), fragility
  // 1.2, damage 0.2 repaired at 0.5 (effective 0.1). The home cell's curve damage is 0.6, heat
  // anomaly 2 K, livelihood loss 0.2.
  //   d_new = 0.6 x 1.2 x (1 - 0.25) = 0.54 > 0.1: wealth -= (0.54 - 0.1) x 0.5 x 10000 = 2200
  //   -> 7800; damage 0.54, recovery 0.
  //   heat loss = min(1, 0.05 x 2) = 0.1; with livelihoods 1 - 0.9 x 0.8 = 0.28
  //   savings 0.1 x 12000 x (1 - 0.28) / 12 = 72 -> wealth 7872.
  // Household 1: the same but not agricultural: heat loss 0.1 x 0.2 = 0.02, loss 1 - 0.98 x 0.8 =
  //   0.216, savings 0.1 x 12000 x 0.784 / 12 = 78.4 -> 7878.4.
  RunState state = small_state();
  HouseholdTable& h = state.households;
  for (std::size_t i = 0; i < 2; ++i) {
    h.wealth_usd[i] = 10000.0f;
    h.income_usd_per_year[i] = 12000.0f;
    h.flags[i] = static_cast<std::uint16_t>(flag_adapted | (i == 0 ? flag_agriculture : 0));
    h.fragility[i] = 1.2f;
    h.damage[i] = 0.2f;
    h.recovery[i] = 0.5f;
  }
  StepInputs& in = state.inputs;
  in.step = 0;
  in.any_event = true;
  in.any_heat = true;
  in.any_services = true;
  in.hazard_damage[0] = 0.6f;
  in.cell_damage[0] = 0.6f;
  in.heat_anomaly_k[0] = 2.0f;
  in.livelihood_loss[0] = 0.2f;
  in.adaptation_efficacy[0] = 0.25f;
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  const oracle::Outcome o0 = oracle::damage(step, oracle::read(h, 0), 0);
  const oracle::Outcome o1 = oracle::damage(step, oracle::read(h, 1), 1);
  phase_damage(state, 0, 2);
  EXPECT_NEAR(h.wealth_usd[0], 7872.0, 1e-2);
  EXPECT_NEAR(o0.after.wealth_usd, 7872.0, 1e-2);  // the inputs are floats (0.6f, 1.2f)
  EXPECT_NEAR(h.damage[0], 0.54, 1e-6);
  EXPECT_NEAR(o0.after.damage, 0.54, 1e-6);
  EXPECT_EQ(h.recovery[0], 0.0f);
  EXPECT_NEAR(h.income_loss[0], 0.28, 1e-6);
  EXPECT_NEAR(o0.after.income_loss, 0.28, 1e-6);
  EXPECT_NEAR(h.wealth_usd[1], 7878.4, 1e-2);
  EXPECT_NEAR(o1.after.wealth_usd, 7878.4, 1e-2);
  EXPECT_EQ(h.steps_in_status[0], 1);
}

TEST(OracleEquations, Phase3EvacuationProbability) {
  // Every household of cell 0 at home, fragility 1, forecast damage 0.25 at home, cell warned.
  // Status quo: coverage 0.6 x compliance 0.5 x g, g = min(1, 0.25 / 0.5) = 0.5: p_sq = 0.15.
  // Policy: 0.8 x 0.7 = 0.56 (expected 0.25 >= trigger 0.1). p = 1 - 0.85 x 0.44 = 0.626.
  ModelParameters p = quiet_parameters();
  p.evacuation.coverage = 0.6;
  p.evacuation.compliance = 0.5;
  p.evacuation.full_compliance_damage = 0.5;
  RunState state = small_state(p);
  StepInputs& in = state.inputs;
  in.step = 3;
  in.any_event = in.any_forecast = true;
  in.forecast_damage[0] = 0.25f;
  in.warned[0] = 1;
  in.evacuation_probability[0] = 0.56f;
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  HouseholdTable& h = state.households;
  const std::int64_t first = h.cell_first[0];
  const std::int64_t last = h.cell_first[1];
  ASSERT_GE(last - first, 5);
  std::vector<oracle::Outcome> o;
  for (std::int64_t i = first; i < last; ++i) {
    h.fragility[at(i)] = 1.0f;
    h.intent[at(i)] = 0;
    o.push_back(oracle::warning(step, oracle::read(h, i), static_cast<std::uint64_t>(i)));
  }
  phase_warning(state, first, last);
  int evacuating = 0;
  for (std::int64_t i = first; i < last; ++i) {
    const bool expected =
        uniform(state.key, static_cast<std::uint64_t>(i), 3, Purpose::evacuation) < 0.626;
    EXPECT_EQ(h.intent[at(i)] == code(Intent::evacuate), expected) << "household " << i;
    EXPECT_EQ(o[at(i - first)].after.intent == code(Intent::evacuate), expected);
    evacuating += expected ? 1 : 0;
  }
  EXPECT_GT(evacuating, 0);
  EXPECT_LT(evacuating, last - first);
}

TEST(OracleEquations, Phase3NoEvacuationWithoutAForecastEvent) {
  // An early-warning policy with trigger_damage 0 over every cell: expected damage 0 >= 0, but no
  // forecast event strikes this step, so nobody evacuates (p_policy = 0.56 only in a step with
  // one).
  ModelParameters p = quiet_parameters();
  p.evacuation.trigger_damage = 0.0;
  Policy warning;
  warning.kind = PolicyKind::early_warning;
  auto land = make_grid(3, 1, 30.0f);
  RunState state = make_run_state(land, p, {warning}, options(2));
  prepare_step(state, 0);
  const oracle::CellInputs cells = oracle::step_inputs(state, 0, state.households);
  EXPECT_NEAR(cells.evacuation_probability[0], 0.56, 1e-12);
  EXPECT_FALSE(cells.forecast_event);
  const oracle::Step step{state, cells};
  HouseholdTable& h = state.households;
  phase_damage(state, 0, h.size());
  for (std::int64_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(oracle::warning(step, oracle::read(h, i), static_cast<std::uint64_t>(i)).after.intent,
              code(Intent::none));
  }
  phase_warning(state, 0, h.size());
  for (std::int64_t i = 0; i < h.size(); ++i)
    EXPECT_EQ(h.intent[at(i)], code(Intent::none)) << "household " << i;
}

TEST(OracleEquations, Phase4DisplacementByDamageAndServices) {
  // Household 0 at home with damage 0.8 repaired at 0.25: effective 0.6 >= 0.55: displaced and
  // counted (region W, its size in people). Households 1.. at home with habitable homes in a cell
  // where 30% are without services, displacement_per_year 2: p = 1 - exp(-2 x 0.3 / 12) =
  // 0.048771.
  ModelParameters p = quiet_parameters();
  p.services.displacement_per_year = 2.0;
  RunState state = small_state(p);
  StepInputs& in = state.inputs;
  in.step = 5;
  in.any_services = true;
  in.services_loss[0] = 0.3f;
  HouseholdTable& h = state.households;
  const std::int64_t last = h.cell_first[1];
  for (std::int64_t i = 0; i < last; ++i)
    h.intent[at(i)] = 0;
  h.damage[0] = 0.8f;
  h.recovery[0] = 0.25f;
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  std::vector<oracle::Outcome> o;
  for (std::int64_t i = 0; i < last; ++i)
    o.push_back(oracle::displacement(step, oracle::read(h, i), static_cast<std::uint64_t>(i)));
  const oracle::Outcome& o0 = o[0];
  ThreadScratch& tally = state.scratch[0];
  std::fill(tally.outputs.damaged_home_households.begin(),
            tally.outputs.damaged_home_households.end(), 0);
  std::fill(tally.damaged_home_people.begin(), tally.damaged_home_people.end(), 0);
  phase_displacement(state, 0, last, tally);
  EXPECT_EQ(h.intent[0], code(Intent::displace));
  EXPECT_EQ(o0.after.intent, code(Intent::displace));
  EXPECT_TRUE(o0.damaged_home);
  EXPECT_EQ(tally.outputs.damaged_home_households[0], 1);
  EXPECT_EQ(tally.damaged_home_people[0], h.size_people[0]);
  for (std::int64_t i = 1; i < last; ++i) {
    const bool leaves = uniform(state.key, static_cast<std::uint64_t>(i), 5,
                                Purpose::services_displacement) < 0.048771;
    EXPECT_EQ(h.intent[at(i)] == code(Intent::leave_services), leaves) << "household " << i;
    EXPECT_EQ(o[at(i)].after.intent == code(Intent::leave_services), leaves) << "household " << i;
  }
}

TEST(OracleEquations, Phase5AspirationLogit) {
  // A displaced household with elderly members and kin abroad, effective damage 0.4, income loss
  // 0.1, heat 2 K, 20% without services where it is:
  //   lp = -5 + 3 x 0.4 + 4 x 0.1 + 0.3 x 2 + 0.7 + 1.5 - 0.5 + 2 x 0.2 = -0.7
  //   p_year = 1 / (1 + e^0.7) = 0.331812; p_step = 1 - (1 - 0.331812)^(1/12) = 0.033041.
  // A trapped one keeps its wish with 2^(-(1/12)/2) = 0.971532.
  RunState state = small_state();
  StepInputs& in = state.inputs;
  in.step = 2;
  in.any_heat = in.any_services = true;
  in.heat_anomaly_k.assign(3, 2.0f);
  in.services_loss.assign(3, 0.2f);
  HouseholdTable& h = state.households;
  const std::int64_t n = h.size();
  for (std::int64_t i = 0; i < n; ++i) {
    const auto u = at(i);
    h.status[u] = static_cast<std::uint8_t>(Status::displaced);
    h.flags[u] = flag_with_elderly;
    h.kin_externals[u] = 1;
    h.damage[u] = 0.4f;
    h.recovery[u] = 0.0f;
    h.income_loss[u] = 0.1f;
    h.intent[u] = 0;
  }
  h.flags[0] = flag_with_elderly | flag_trapped;
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  std::vector<oracle::Outcome> o;
  for (std::int64_t i = 0; i < n; ++i)
    o.push_back(
        oracle::migration_decision(step, oracle::read(h, i), static_cast<std::uint64_t>(i)));
  phase_migration_decision(state, 0, n);
  const bool kept = uniform(state.key, 0, 2, Purpose::trapped_persistence) < 0.971532;
  EXPECT_EQ(h.intent[0] == code(Intent::migrate),
            kept || uniform(state.key, 0, 2, Purpose::aspiration) < 0.033041);
  EXPECT_EQ(o[0].after.intent, h.intent[0]);
  for (std::int64_t i = 1; i < n; ++i) {
    const bool aspires =
        uniform(state.key, static_cast<std::uint64_t>(i), 2, Purpose::aspiration) < 0.033041;
    EXPECT_EQ(h.intent[at(i)] == code(Intent::migrate), aspires) << "household " << i;
    EXPECT_EQ(o[at(i)].after.intent, h.intent[at(i)]) << "household " << i;
  }
}

TEST(OracleEquations, Phase5TrappedWishPersistsWithItsHalfLife) {
  // A trapped household keeps its wish with 2^(-dt / half-life) = 2^(-(1/12) / 2) = 0.971532 a
  // step. Aspiration is made impossible (intercept -50), so a household migrates exactly when its
  // wish is kept and loses the flag otherwise. 30 households x 300 steps = 9000 draws: a keep
  // probability off by more than ~0.001 (e^(-1/24) = 0.959189, say) shows in some of them.
  ModelParameters p = quiet_parameters();
  p.aspiration.intercept = -50.0;
  RunState state = small_state(p);
  HouseholdTable& h = state.households;
  const std::int64_t n = h.size();
  int kept = 0;
  for (int t = 0; t < 300; ++t) {
    state.inputs.step = t;
    for (std::int64_t i = 0; i < n; ++i) {
      h.flags[at(i)] = flag_trapped;
      h.intent[at(i)] = 0;
    }
    const oracle::CellInputs cells = inputs_of(state);
    const oracle::Step step{state, cells};
    std::vector<oracle::Outcome> o;
    for (std::int64_t i = 0; i < n; ++i) {
      o.push_back(
          oracle::migration_decision(step, oracle::read(h, i), static_cast<std::uint64_t>(i)));
    }
    phase_migration_decision(state, 0, n);
    for (std::int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(o[at(i)].after.intent, h.intent[at(i)]) << "household " << i << " step " << t;
      const bool keep =
          uniform(state.key, static_cast<std::uint64_t>(i), static_cast<std::uint32_t>(t),
                  Purpose::trapped_persistence) < 0.971532;
      ASSERT_EQ(h.intent[at(i)] == code(Intent::migrate), keep)
          << "household " << i << " step " << t;
      ASSERT_EQ((h.flags[at(i)] & flag_trapped) != 0, keep) << "household " << i << " step " << t;
      kept += keep ? 1 : 0;
    }
  }
  EXPECT_NEAR(kept / 9000.0, 0.971532, 0.01);
}

TEST(OracleEquations, Phase6LogitOverAKinCellAndAnExternal) {
  // No sampled cells (candidate_cells 0). Migrants at home in cell 0 (region W) with kin in
  // region E: candidates are E's most attractive cell (cell 2) and the external.
  //   distance 0 -> 2: 0.1 degree of longitude at 18 N = 0.1 x pi/180 x 6371 x cos 18 = 10.5753 km
  //   cell 2: log 300 - 0.5 x 0.105753 + 1.5 (kin) - 0.3 x (2 x 10.5753 / 1000) - 1 (other
  //           region) = 5.703782 - 0.052876 + 1.5 - 0.006345 - 1 = 6.144561
  //   external: log 2000 - 0.3 x 0.3 - 1 = 7.600902 - 0.09 - 1 = 6.510902
  //   P(external) = 1 / (1 + e^(6.144561 - 6.510902)) = 0.590575, P(cell 2) = 0.409425.
  // Wealth 1200: cell 2 costs 1000 + 2 x 10.5753 = 1021.15 (affordable), the external 1000 + 300
  // = 1300 (not: trapped, no intent).
  ModelParameters p = quiet_parameters();
  p.destination.candidate_cells = 0;
  RunState state = small_state(p);
  HouseholdTable& h = state.households;
  const std::int64_t last = h.cell_first[1];
  for (std::int64_t i = 0; i < last; ++i) {
    const auto u = at(i);
    h.intent[u] = code(Intent::migrate);
    h.kin_region[u] = 1;
    h.kin_externals[u] = 0;
    h.wealth_usd[u] = 1200.0f;
    h.flags[u] = 0;
  }
  state.inputs.step = 4;
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  int trapped = 0;
  for (std::int64_t i = 0; i < last; ++i) {
    const auto id = static_cast<std::uint64_t>(i);
    const oracle::Choice choice = oracle::destination(step, oracle::read(h, i), id);
    phase_destination(state, i, i + 1, state.scratch[0]);
    ASSERT_EQ(choice.rows.size(), 2u);
    EXPECT_EQ(choice.rows[0].destination, 2);
    EXPECT_NEAR(choice.rows[0].probability, 0.409425, 1e-6);
    EXPECT_EQ(state.scratch[0].candidate[0], 2);
    EXPECT_EQ(state.scratch[0].candidate[1], oracle::external_code(0));
    const double p_cell =
        state.scratch[0].utility(0) / (state.scratch[0].utility(0) + state.scratch[0].utility(1));
    EXPECT_NEAR(p_cell, 0.409425, 1e-6);
    const bool to_cell = uniform(state.key, id, 4, Purpose::destination_sample, 0xfff0u) < 0.409425;
    EXPECT_EQ(h.intent[at(i)], to_cell ? code(Intent::migrate) : code(Intent::none));
    EXPECT_EQ((h.flags[at(i)] & flag_trapped) != 0, !to_cell);
    EXPECT_EQ(choice.outcome.after.intent, h.intent[at(i)]);
    if (to_cell) {
      EXPECT_EQ(h.destination[at(i)], 2);
    }
    trapped += to_cell ? 0 : 1;
  }
  EXPECT_GT(trapped, 0);
  EXPECT_LT(trapped, last);
}

TEST(OracleEquations, Phase6PathwayHalvesTheJourneyAndTheMoveCost) {
  // As above, with a migration pathway to the external that halves its cost:
  //   external: log 2000 - 0.3 x (300 x 0.5 / 1000) - 1 = 7.600902 - 0.045 - 1 = 6.555902
  //   P(external) = 1 / (1 + e^(6.144561 - 6.555902)) = 0.601409, P(cell 2) = 0.398591.
  // Wealth 800: the external costs (1000 + 300) x 0.5 = 650 (affordable), cell 2 1021.15 (not).
  ModelParameters p = quiet_parameters();
  p.destination.candidate_cells = 0;
  Policy pathway;
  pathway.kind = PolicyKind::migration_pathway;
  pathway.destination_external = 0;
  pathway.cost_reduction = 0.5;
  RunState state = small_state(p, {pathway});
  prepare_step(state, 0);
  HouseholdTable& h = state.households;
  const std::int64_t last = h.cell_first[1];
  const oracle::CellInputs cells = oracle::step_inputs(state, 0, h);
  const oracle::Step step{state, cells};
  int abroad = 0;
  for (std::int64_t i = 0; i < last; ++i) {
    const auto u = at(i);
    h.intent[u] = code(Intent::migrate);
    h.kin_region[u] = 1;
    h.kin_externals[u] = 0;
    h.wealth_usd[u] = 800.0f;
    h.flags[u] = 0;
    const auto id = static_cast<std::uint64_t>(i);
    const oracle::Choice choice = oracle::destination(step, oracle::read(h, i), id);
    phase_destination(state, i, i + 1, state.scratch[0]);
    ASSERT_EQ(choice.rows.size(), 2u);
    EXPECT_NEAR(choice.rows[1].probability, 0.601409, 1e-6);
    const double p_external =
        state.scratch[0].utility(1) / (state.scratch[0].utility(0) + state.scratch[0].utility(1));
    EXPECT_NEAR(p_external, 0.601409, 1e-6);
    const bool to_external =
        uniform(state.key, id, 0, Purpose::destination_sample, 0xfff0u) >= 0.398591;
    EXPECT_EQ(h.intent[u], to_external ? code(Intent::migrate) : code(Intent::none))
        << "household " << i;
    EXPECT_EQ((h.flags[u] & flag_trapped) != 0, !to_external) << "household " << i;
    EXPECT_EQ(choice.outcome.after.intent, h.intent[u]) << "household " << i;
    abroad += to_external ? 1 : 0;
  }
  EXPECT_GT(abroad, 0);
  EXPECT_LT(abroad, last);
}

TEST(OracleEquations, Phase6SamplingCorrection) {
  // Pulls 100, 200, 300 (total 600), J = 16: a sampled cell c gets -log(16 q_c): cell 1
  // (q = 1/3): -log(16/3) = -1.673976; cell 2 (q = 1/2): -log 8 = -2.079442. A migrant in cell 0
  // (no kin) with every cell of equal damage and crowding: utility of cell 1 = log 200 - 0.5 x
  // 5.287633 / 100 - 0.3 x 2 x 5.287633 / 1000 - 1.673976 = 5.298317 - 0.026438 - 0.003173 -
  // 1.673976 = 3.594731 (cell 1 is in W like home; 5.287633 km = half of the 0-2 distance).
  ModelParameters p = quiet_parameters();
  RunState state = small_state(p);
  HouseholdTable& h = state.households;
  h.intent[0] = code(Intent::migrate);
  h.kin_region[0] = -1;
  h.kin_externals[0] = 0;
  state.inputs.step = 1;
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  const oracle::Choice choice = oracle::destination(step, oracle::read(h, 0), 0);
  phase_destination(state, 0, 1, state.scratch[0]);
  int cell1 = 0;
  for (std::size_t r = 0; r < choice.rows.size(); ++r) {
    if (choice.rows[r].destination == 1) {
      EXPECT_NEAR(choice.rows[r].utility, 3.594731, 1e-6);
      EXPECT_NEAR(state.scratch[0].offset(static_cast<Eigen::Index>(r)), -1.673976, 1e-6);
      ++cell1;
    }
    if (choice.rows[r].destination == 2) {
      EXPECT_NEAR(state.scratch[0].offset(static_cast<Eigen::Index>(r)), -2.079442, 1e-6);
    }
  }
  EXPECT_GT(cell1, 0);
}

TEST(OracleEquations, Phase7RepairAndReturn) {
  // Displaced household, wealth 5000 (median 20000), damage 0.6 repaired at 0.3, return support
  // (recovery x 2, incentive +1), 20% without services at home:
  //   recovery += 0.5 x (5000/20000)^0.5 x 2 / 12 = 0.041667 -> 0.341667
  //   effective 0.6 x (1 - 0.341667) = 0.395 < 0.55: habitable
  //   p = 1 - exp(-3 x 0.341667 x 0.8 / 12) = 0.066051; log-odds -2.649 + 1 -> p = 0.161245.
  // Protracted conversion 1 - exp(-0.15/12) = 0.012422 once steps x dt > 1 year (13 steps).
  RunState state = small_state();
  StepInputs& in = state.inputs;
  in.step = 6;
  in.any_services = true;
  in.services_loss.assign(3, 0.2f);
  in.recovery_multiplier.assign(3, 2.0f);
  in.return_incentive.assign(3, 1.0f);
  HouseholdTable& h = state.households;
  const std::int64_t n = h.size();
  for (std::int64_t i = 0; i < n; ++i) {
    const auto u = at(i);
    h.status[u] = static_cast<std::uint8_t>(Status::displaced);
    h.location[u] = 2;
    h.wealth_usd[u] = 5000.0f;
    h.damage[u] = 0.6f;
    h.recovery[u] = 0.3f;
    h.steps_in_status[u] = 13;
    h.intent[u] = 0;
  }
  const oracle::CellInputs cells = inputs_of(state);
  const oracle::Step step{state, cells};
  std::vector<oracle::Outcome> o;
  for (std::int64_t i = 0; i < n; ++i)
    o.push_back(oracle::return_recovery(step, oracle::read(h, i), static_cast<std::uint64_t>(i)));
  phase_return_recovery(state, 0, n);
  for (std::int64_t i = 0; i < n; ++i) {
    const auto id = static_cast<std::uint64_t>(i);
    EXPECT_NEAR(h.recovery[at(i)], 0.341667, 1e-6);
    EXPECT_NEAR(o[at(i)].after.recovery, 0.341667, 1e-6);
    const bool returns = uniform(state.key, id, 6, Purpose::return_home) < 0.161245;
    const bool converts =
        !returns && uniform(state.key, id, 6, Purpose::protracted_conversion) < 0.012422;
    const std::uint8_t expected = returns    ? code(Intent::return_home)
                                  : converts ? code(Intent::become_migrated)
                                             : code(Intent::none);
    EXPECT_EQ(h.intent[at(i)], expected) << "household " << i;
    EXPECT_EQ(o[at(i)].after.intent, expected) << "household " << i;
  }
}

}  // namespace
}  // namespace displace::engine::testing
