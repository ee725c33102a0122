// Household behaviour: each test builds a small grid in code and checks one mechanism of the model.
#include <gtest/gtest.h>

#include <cmath>

#include "detail/phases.hpp"
#include "engine_fixture.hpp"

namespace displace::engine::testing {
namespace {

constexpr int kPlaces = 3;  // two regions + one external

TEST(HouseholdDisplacement, NobodyDisplacedWithoutHazard) {
  auto land = make_grid(10, 10, 300.0f);
  const auto rec = run(land, quiet_parameters(), {}, options(12));
  ASSERT_EQ(rec.steps.size(), 12u);
  for (const auto& step : rec.steps) {
    EXPECT_EQ(status_households(step, Status::displaced), 0.0);
    EXPECT_EQ(status_households(step, Status::evacuated), 0.0);
    EXPECT_EQ(flow_total(step, FlowKind::displacement, kPlaces), 0.0);
    EXPECT_EQ(sum(step.damaged_home_households), 0.0);
  }
}

TEST(HouseholdDisplacement, DamageOverThresholdDisplacesEveryoneAtHome) {
  auto land = make_grid(10, 10, 300.0f);  // exactly 100 households per cell
  add_step_event(*land, 0, 0, 10);        // first row: 1000 households, damage 1
  const auto rec = run(land, quiet_parameters(), {}, options(2));
  EXPECT_EQ(status_households(rec.steps[0], Status::displaced), 1000.0);
  EXPECT_EQ(flow_total(rec.steps[0], FlowKind::displacement, kPlaces), 1000.0);
  EXPECT_EQ(sum(rec.steps[0].damaged_home_households), 1000.0);
  // Nobody in an undamaged cell is displaced.
  EXPECT_EQ(flow_total(rec.steps[1], FlowKind::displacement, kPlaces), 0.0);
}

TEST(HouseholdMigration, TrappedWhenWantingButTooPoorAndCashTransferHelps) {
  auto land = make_grid(10, 10, 300.0f);
  auto p = quiet_parameters();
  p.aspiration.intercept = 3.0;  // nearly everyone wants to leave
  p.synthesis.wealth_median_usd = 300.0;
  p.synthesis.wealth_sigma_log = 0.5;
  p.damage.savings_rate = 0.0;
  const auto without = run(land, p, {}, options(3));
  const double households = 10000.0;
  const double trapped_without = sum(without.steps[2].trapped_households);
  EXPECT_GT(trapped_without, 0.5 * households);

  Policy cash;
  cash.kind = PolicyKind::cash_transfer;
  cash.name = "cash";
  cash.amount_usd = 6000.0;
  cash.eligible_wealth_quantile = 0.5;
  const auto with = run(land, p, {cash}, options(3));
  const double trapped_with = sum(with.steps[2].trapped_households);
  EXPECT_LT(trapped_with, 0.7 * trapped_without);
  EXPECT_GT(status_households(with.steps[2], Status::migrated),
            status_households(without.steps[2], Status::migrated));
}

TEST(HouseholdReturn, ReturnAfterHazardRecedesAndRecoveryCompletes) {
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 0, 0, 10);
  auto p = quiet_parameters();
  p.aspiration.intercept = -12.0;           // isolate return from migration
  p.recovery.recovery_rate_per_year = 1.0;  // habitable once 45% repaired: after ~6 steps
  p.recovery.recovery_wealth_elasticity = 0.0;
  p.recovery.return_rate_per_year = 24.0;
  const auto rec = run(land, p, {}, options(24));
  EXPECT_EQ(status_households(rec.steps[4], Status::displaced), 1000.0);  // not yet repaired
  const double returned = status_households(rec.steps.back(), Status::returned);
  EXPECT_GT(returned, 900.0);
  double return_flows = 0.0;
  for (const auto& step : rec.steps)
    return_flows += flow_total(step, FlowKind::return_home, kPlaces);
  EXPECT_EQ(return_flows, returned);
  // Every displacement episode appears once in the duration histogram (ended or ongoing).
  EXPECT_EQ(sum(rec.summary.displacement_duration_households), 1000.0);
  EXPECT_EQ(rec.summary.displacement_duration_households[0], 0.0);
}

TEST(PlannedRelocation, MovesEligibleHouseholdsAtTheUptakeRate) {
  auto land = make_grid(10, 10, 300.0f);
  auto p = quiet_parameters();
  p.aspiration.intercept = -12.0;
  Policy relocation;
  relocation.kind = PolicyKind::planned_relocation;
  relocation.name = "relocate-west";
  relocation.target_cells.assign(100, 0);
  for (int c = 0; c < 100; ++c) {
    if (c % 10 < 5) relocation.target_cells[static_cast<std::size_t>(c)] = 1;  // region W
  }
  relocation.site_cell = 99;
  relocation.uptake_per_step = 0.1;
  const auto rec = run(land, p, {relocation}, options(2));
  // Binomial(5000, 0.1): mean 500, sd 21.2; then Binomial(remaining, 0.1).
  const double first = flow_total(rec.steps[0], FlowKind::relocation, kPlaces);
  EXPECT_NEAR(first, 500.0, 4 * 21.2);
  const double second = flow_total(rec.steps[1], FlowKind::relocation, kPlaces);
  EXPECT_NEAR(second, 0.1 * (5000.0 - first), 4 * 21.2);
  // Only the eligible region moves: no relocation flow out of region E.
  for (int d = 0; d < kPlaces; ++d) {
    EXPECT_EQ(
        rec.steps[0]
            .flows[StepRecord::flow_index(static_cast<int>(FlowKind::relocation), 1, d, kPlaces)],
        0.0);
  }
  EXPECT_EQ(status_households(rec.steps[1], Status::relocated), first + second);
}

TEST(PlannedRelocation, CapacityIsNeverExceeded) {
  auto land = make_grid(10, 10, 300.0f);
  auto p = quiet_parameters();
  p.aspiration.intercept = -12.0;
  Policy relocation;
  relocation.kind = PolicyKind::planned_relocation;
  relocation.name = "relocate";
  relocation.site_cell = 0;
  relocation.uptake_per_step = 0.5;
  relocation.capacity_households = 123.0;
  const auto rec = run(land, p, {relocation}, options(3));
  EXPECT_EQ(status_households(rec.steps.back(), Status::relocated), 123.0);
}

TEST(MigrationPathway, ShiftsDestinationsTowardsThePathway) {
  auto land = make_grid(10, 10, 300.0f);
  auto p = quiet_parameters();
  p.aspiration.intercept = -1.0;
  p.synthesis.wealth_median_usd = 2500.0;  // cells affordable, the external (4500 USD) mostly not
  p.damage.savings_rate = 0.0;
  p.destination.coef_distance_per_100km = -0.3;
  land->externals[0].diaspora_people = 1e5;
  land->externals[0].travel_cost_usd = 3500.0;
  auto external_share = [&](const MemoryRecorder& rec) {
    double external = 0.0;
    double all = 0.0;
    for (const auto& step : rec.steps) {
      for (int o = 0; o < kPlaces; ++o) {
        external += step.flows[StepRecord::flow_index(static_cast<int>(FlowKind::migration), o, 2,
                                                      kPlaces)];
      }
      all += flow_total(step, FlowKind::migration, kPlaces);
    }
    return external / all;
  };
  const double share_without = external_share(run(land, p, {}, options(4)));
  Policy pathway;
  pathway.kind = PolicyKind::migration_pathway;
  pathway.name = "visa";
  pathway.destination_external = 0;
  pathway.cost_reduction = 0.8;
  const double share_with = external_share(run(land, p, {pathway}, options(4)));
  EXPECT_GT(share_with, share_without + 0.05);
}

TEST(MigrationPathway, QuotaLimitsMovesPerStep) {
  auto land = make_grid(10, 10, 300.0f);
  auto p = quiet_parameters();
  p.aspiration.intercept = 2.0;
  p.destination.coef_distance_per_100km = 0.0;  // make the external attractive
  Policy pathway;
  pathway.kind = PolicyKind::migration_pathway;
  pathway.name = "visa";
  pathway.destination_external = 0;
  pathway.quota_per_step_households = 40.0;
  const auto rec = run(land, p, {pathway}, options(2));
  for (const auto& step : rec.steps) {
    double to_external = 0.0;
    for (int o = 0; o < kPlaces; ++o) {
      to_external +=
          step.flows[StepRecord::flow_index(static_cast<int>(FlowKind::migration), o, 2, kPlaces)];
    }
    EXPECT_LE(to_external, 40.0);
    EXPECT_GT(to_external, 0.0);
  }
}

TEST(EarlyWarning, RaisesEvacuationsAndLowersDamagedHomes) {
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 1, 0, 20);  // rows 0-1: 2000 households
  auto p = quiet_parameters();
  p.aspiration.intercept = -12.0;
  const auto without = run(land, p, {}, options(3));
  Policy warning;
  warning.kind = PolicyKind::early_warning;
  warning.name = "sms";
  warning.coverage = 1.0;
  warning.compliance = 0.8;
  const auto with = run(land, p, {warning}, options(3));
  EXPECT_EQ(flow_total(without.steps[1], FlowKind::evacuation, kPlaces), 0.0);
  const double evacuated = flow_total(with.steps[1], FlowKind::evacuation, kPlaces);
  EXPECT_NEAR(evacuated, 1600.0, 4 * std::sqrt(2000 * 0.8 * 0.2));
  EXPECT_EQ(sum(without.steps[1].damaged_home_households), 2000.0);
  EXPECT_EQ(sum(with.steps[1].damaged_home_households), 2000.0 - evacuated);
  // Evacuees whose homes are uninhabitable become displaced the next step.
  EXPECT_EQ(flow_total(with.steps[2], FlowKind::displacement, kPlaces), evacuated);
}

TEST(EarlyWarning, EvacueesReturnWhenTheirHomeIsHabitable) {
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 1, 0, 20);
  land->hazard_kinds[0].curve.step_damage = 0.3;  // damaging but habitable
  auto p = quiet_parameters();
  p.aspiration.intercept = -12.0;
  p.evacuation.trigger_damage = 0.2;
  Policy warning;
  warning.kind = PolicyKind::early_warning;
  warning.name = "sms";
  warning.coverage = 1.0;
  warning.compliance = 1.0;
  const auto rec = run(land, p, {warning}, options(3));
  EXPECT_EQ(flow_total(rec.steps[1], FlowKind::evacuation, kPlaces), 2000.0);
  EXPECT_EQ(flow_total(rec.steps[2], FlowKind::return_home, kPlaces), 2000.0);
  EXPECT_EQ(status_households(rec.steps[2], Status::evacuated), 0.0);
  EXPECT_EQ(status_households(rec.steps[2], Status::displaced), 0.0);
}

TEST(AdaptationSubsidy, LowersDisplacement) {
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 1, 0, 30);
  land->hazard_kinds[0].curve.step_damage = 0.6;  // just over the 0.55 threshold
  auto p = quiet_parameters();
  p.aspiration.intercept = -12.0;
  const auto without = run(land, p, {}, options(2));
  Policy subsidy;
  subsidy.kind = PolicyKind::adaptation_subsidy;
  subsidy.name = "retrofit";
  subsidy.efficacy = 0.3;
  subsidy.uptake = 0.5;
  const auto with = run(land, p, {subsidy}, options(2));
  const double displaced_without = flow_total(without.steps[1], FlowKind::displacement, kPlaces);
  const double displaced_with = flow_total(with.steps[1], FlowKind::displacement, kPlaces);
  EXPECT_EQ(displaced_without, 3000.0);
  EXPECT_NEAR(displaced_with, 1500.0, 4 * std::sqrt(3000 * 0.25));
}

TEST(Shelter, CapacityIsRespectedAndOverflowGoesToCells) {
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 0, 0, 10);
  land->shelters = {{"school", 55, 50.0}};
  auto p = quiet_parameters();
  p.destination.coef_shelter = 20.0;  // every displaced household prefers the shelter
  Policy shelter;
  shelter.kind = PolicyKind::shelter;
  shelter.name = "open-school";
  shelter.shelter_sites = {0};
  RunState state = make_run_state(land, p, {shelter}, options(2));
  for (int step = 0; step < 2; ++step) {
    StepRecord record;
    prepare_step(state, step);
    decide_households(state);
    apply_decisions(state);
    record_step(state, record, nullptr);
    std::int64_t sheltered = 0;
    std::int64_t displaced = 0;
    for (std::int64_t i = 0; i < state.households.size(); ++i) {
      const auto u = static_cast<std::size_t>(i);
      sheltered += state.households.shelter[u] != 0 ? 1 : 0;
      displaced += state.households.status[u] == static_cast<std::uint8_t>(Status::displaced);
      if (state.households.shelter[u] != 0) {
        EXPECT_EQ(state.households.location[u], 55);
      }
    }
    EXPECT_LE(sheltered, 50) << "step " << step;  // never over capacity
    if (step == 0) {
      EXPECT_EQ(sheltered, 50);  // filled by the lottery
    }
    EXPECT_GT(displaced, 900);  // the overflow went to cells
  }
}

TEST(HeatStress, RaisesMigration) {
  auto land = make_grid(10, 10, 300.0f);
  auto p = quiet_parameters();
  const auto cool = run(land, p, {}, options(6));
  ClimateDriver heat;
  heat.name = "heat";
  heat.units = "K";
  heat.frames.assign(1, std::vector<float>(100, 4.0f));
  heat.frame_of_step.assign(6, 0);
  land->climate.push_back(heat);
  const auto hot = run(land, p, {}, options(6));
  EXPECT_GT(status_households(hot.steps.back(), Status::migrated),
            1.5 * status_households(cool.steps.back(), Status::migrated));
}

}  // namespace
}  // namespace displace::engine::testing
