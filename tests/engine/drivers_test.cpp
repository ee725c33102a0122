// The drivers and destinations of #18, one mechanism per test: external destinations compete with
// the grid's cells on one scale; status-quo warnings evacuate at tropical-storm strength; lost
// services keep households leaving for months; each departure is counted once, under its cause.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "detail/phases.hpp"
#include "displace/common/error.hpp"
#include "engine_fixture.hpp"

namespace displace::engine::testing {
namespace {

constexpr int kPlaces = 3;  // two regions + one external

/// Households that moved to the external (any kind) over the run, and all households that moved
/// (migration and displacement).
struct Shares {
  double external = 0.0;
  double movers = 0.0;
  double share() const { return movers > 0.0 ? external / movers : 0.0; }
};

Shares external_share(const MemoryRecorder& rec) {
  Shares s;
  for (const auto& step : rec.steps) {
    for (const auto kind : {FlowKind::migration, FlowKind::displacement}) {
      s.movers += flow_total(step, kind, kPlaces);
      for (int o = 0; o < kPlaces; ++o) {
        s.external += step.flows[StepRecord::flow_index(static_cast<int>(kind), o, 2, kPlaces)];
      }
    }
  }
  return s;
}

/// Maria-like: an island of 600,000 people (20 x 20 cells of 1,500), a diaspora of a million two
/// thousand km away reached by air for 400 USD, kin there for 60%.
std::shared_ptr<Landscape> island() {
  auto land = make_grid(20, 20, 1500.0f);
  land->externals[0].distance_km = 2000.0;
  land->externals[0].travel_cost_usd = 400.0;
  land->externals[0].diaspora_people = 1.0e6;
  land->externals[0].kin_share = 0.6;
  return land;
}

ModelParameters movers_parameters() {
  auto p = quiet_parameters();
  p.aspiration.intercept = -2.0;  // enough movers to measure shares in 6 steps
  return p;
}

double share_with(const std::function<void(Landscape&, ModelParameters&)>& change) {
  auto land = island();
  auto p = movers_parameters();
  change(*land, p);
  return external_share(run(land, p, {}, options(6))).share();
}

TEST(ExternalDestinations, ShareIsNeitherZeroNorOneAtTheDefaults) {
  const Shares s = external_share(run(island(), movers_parameters(), {}, options(6)));
  ASSERT_GT(s.movers, 1000.0);
  EXPECT_GT(s.share(), 0.05) << s.external << " of " << s.movers;
  EXPECT_LT(s.share(), 0.95) << s.external << " of " << s.movers;
}

TEST(ExternalDestinations, ShareRespondsToEachParameterInTheDocumentedDirection) {
  const double base = share_with([](Landscape&, ModelParameters&) {});
  // A larger diaspora pulls more.
  EXPECT_GT(
      share_with([](Landscape& l, ModelParameters&) { l.externals[0].diaspora_people = 4e6; }),
      base);
  // A dearer journey pulls fewer (and fewer can afford it).
  EXPECT_LT(
      share_with([](Landscape& l, ModelParameters&) { l.externals[0].travel_cost_usd = 4000; }),
      base);
  // More kin there pulls more.
  EXPECT_GT(share_with([](Landscape& l, ModelParameters&) { l.externals[0].kin_share = 1.0; }),
            base);
  // Visa rules: only a fifth may enter.
  EXPECT_LT(share_with([](Landscape& l, ModelParameters&) { l.externals[0].entry_share = 0.2; }),
            base);
  // ... unless the household's region enters freely.
  EXPECT_NEAR(share_with([](Landscape& l, ModelParameters&) {
                l.externals[0].entry_share = 0.0;
                l.externals[0].free_entry_regions = {"W", "E"};
              }),
              base, 1e-12);
  EXPECT_EQ(share_with([](Landscape& l, ModelParameters&) { l.externals[0].entry_share = 0.0; }),
            0.0);
  // The leaving-the-grid constant and the journey-cost coefficient.
  EXPECT_GT(share_with([](Landscape&, ModelParameters& p) { p.destination.coef_external = 0.0; }),
            base);
  EXPECT_LT(share_with([](Landscape&, ModelParameters& p) {
              p.destination.coef_journey_cost_per_1000usd = -3.0;
            }),
            base);
  // Cells pull more when road distance matters less.
  EXPECT_LT(share_with([](Landscape&, ModelParameters& p) {
              p.destination.coef_distance_per_100km = 0.0;
            }),
            base);
}

TEST(ExternalDestinations, SampledCellsStandForTheWholeGrid) {
  // The correction makes the choice independent of how many cells are sampled (in expectation):
  // 4 or 64 candidates give about the same external share.
  const double few =
      share_with([](Landscape&, ModelParameters& p) { p.destination.candidate_cells = 4; });
  const double many =
      share_with([](Landscape&, ModelParameters& p) { p.destination.candidate_cells = 64; });
  EXPECT_NEAR(few, many, 0.05) << few << " vs " << many;
}

/// A wind-like hazard: emanuel curve, status-quo warnings from 17.5, services lost from 15.
void add_storm(Landscape& land, float intensity, int step) {
  HazardKind kind;
  kind.name = "wind";
  kind.units = "m s-1";
  kind.warning_intensity = 17.5;
  kind.services_curve.kind = CurveKind::emanuel_wind;
  kind.services_curve.v_thresh_m_s = 15.0;
  kind.services_curve.v_half_m_s = 35.0;
  land.hazard_kinds = {kind};
  HazardEvent event;
  event.id = "storm";
  event.name = "storm";
  event.step = step;
  event.intensity.assign(land.population_people.size(), intensity);
  land.events = {event};
}

double departures(const StepRecord& r, DisplacementCause cause) {
  double total = 0.0;
  for (std::size_t j = static_cast<std::size_t>(cause); j < r.displacements_people.size();
       j += kDisplacementCauseCount) {
    total += r.displacements_people[j];
  }
  return total;
}

TEST(StatusQuoEvacuation, TropicalStormWarningsEvacuateWithoutDamage) {
  auto land = make_grid(10, 10, 300.0f);
  add_storm(*land, 30.0f, 1);  // 30 m/s: warnings, curve damage ~0.1%: no home uninhabitable
  auto p = quiet_parameters();
  p.evacuation.coverage = 0.8;
  p.evacuation.compliance = 0.25;
  const auto rec = run(land, p, {}, options(3));
  const double evacuated = flow_total(rec.steps[1], FlowKind::evacuation, kPlaces);
  EXPECT_NEAR(evacuated / 10000.0, 0.2, 0.03);  // 10,000 households, p = 0.8 x 0.25
  EXPECT_EQ(flow_total(rec.steps[0], FlowKind::evacuation, kPlaces), 0.0);
  EXPECT_GT(departures(rec.steps[1], DisplacementCause::evacuation), 0.0);
  EXPECT_EQ(departures(rec.steps[1], DisplacementCause::uninhabitable_home), 0.0);
  // Below the warning intensity nobody is warned.
  auto calm = make_grid(10, 10, 300.0f);
  add_storm(*calm, 15.0f, 1);
  EXPECT_EQ(flow_total(run(calm, p, {}, options(3)).steps[1], FlowKind::evacuation, kPlaces), 0.0);
  // Without a status quo (the defaults), a warning intensity alone evacuates nobody.
  EXPECT_EQ(flow_total(run(land, quiet_parameters(), {}, options(3)).steps[1], FlowKind::evacuation,
                       kPlaces),
            0.0);
}

TEST(StatusQuoEvacuation, ComplianceRisesWithTheExpectedDamage) {
  auto p = quiet_parameters();
  p.evacuation.coverage = 1.0;
  p.evacuation.compliance = 0.5;
  p.evacuation.full_compliance_damage = 0.2;
  auto evacuated_at = [&](float wind) {
    auto land = make_grid(10, 10, 300.0f);
    add_storm(*land, wind, 1);
    return flow_total(run(land, p, {}, options(3)).steps[1], FlowKind::evacuation, kPlaces);
  };
  // Emanuel damage: ~0.1% at 30 m/s, ~9% at 48 m/s, ~41% at 70 m/s (fragility 1).
  const double storm = evacuated_at(30.0f);
  const double hurricane = evacuated_at(48.0f);
  const double major = evacuated_at(70.0f);
  EXPECT_LT(storm, 0.02 * 10000);
  EXPECT_GT(hurricane, 5.0 * storm);
  EXPECT_NEAR(major / 10000.0, 0.5, 0.03);  // full compliance
}

TEST(StatusQuoEvacuation, TheWarningAloneBringsItsShareWhereNoDamageIsExpected) {
  auto p = quiet_parameters();
  p.evacuation.coverage = 1.0;
  p.evacuation.compliance = 0.5;
  p.evacuation.full_compliance_damage = 0.2;
  auto evacuated_at = [&](float wind, double warning_alone_share) {
    p.evacuation.warning_alone_share = warning_alone_share;
    auto land = make_grid(10, 10, 300.0f);
    add_storm(*land, wind, 1);
    return flow_total(run(land, p, {}, options(3)).steps[1], FlowKind::evacuation, kPlaces);
  };
  // 20 m/s: warned (17.5) but below the curve's threshold (25.7): expected damage exactly 0.
  EXPECT_EQ(evacuated_at(20.0f, 0.0), 0.0);
  // p = 1 x 0.5 x 0.3 = 0.15 of 10,000 households (binomial sd ~36).
  EXPECT_NEAR(evacuated_at(20.0f, 0.3) / 10000.0, 0.15, 0.015);
  // Full compliance is unchanged by the share: 70 m/s is past full_compliance_damage.
  EXPECT_NEAR(evacuated_at(70.0f, 0.3) / 10000.0, 0.5, 0.03);
}

TEST(HousingStock, FragilityMeanScalesTheCurveDamage) {
  // 63 m/s: Emanuel damage (63 - 25.7) / 49 = 0.761 -> 0.441 / 1.441 = 0.306 for fragility 1;
  // uninhabitable from 0.55, so nobody at mean 1 and everybody at mean 2 (0.612), sigma 0.
  auto land = make_grid(10, 10, 300.0f);
  add_storm(*land, 63.0f, 1);
  auto p = quiet_parameters();
  p.damage.uninhabitable_damage = 0.55;
  EXPECT_EQ(
      departures(run(land, p, {}, options(3)).steps[1], DisplacementCause::uninhabitable_home),
      0.0);
  p.synthesis.fragility_mean = 2.0;
  const auto rec = run(land, p, {}, options(3));
  double people = 0.0;  // everybody, before the storm
  for (const double v : rec.steps[0].present_people)
    people += v;
  EXPECT_GT(people, 0.0);
  // Everybody still at home at the storm (a few dozen of 30,000 people moved away in step 0).
  EXPECT_GT(departures(rec.steps[1], DisplacementCause::uninhabitable_home), 0.99 * people);
}

TEST(HousingStock, ARegionsOwnStockScalesTheDamageOfItsHomesOnly) {
  // As above: 63 m/s, uninhabitable from 0.55; the east (E) has a stock of mean 2 and the west
  // the default 1: every home in the east falls, none in the west.
  auto land = make_grid(10, 10, 300.0f);
  add_storm(*land, 63.0f, 1);
  auto p = quiet_parameters();
  p.damage.uninhabitable_damage = 0.55;
  p.synthesis.housing_stocks = {{{"E"}, 2.0}};
  const auto rec = run(land, p, {}, options(3));
  const auto uninhabitable = static_cast<std::size_t>(DisplacementCause::uninhabitable_home);
  EXPECT_EQ(rec.steps[1].displacements_people[0 * kDisplacementCauseCount + uninhabitable], 0.0);
  double east_people = 0.0;  // people whose home is in the east, any status (breakdown "all")
  for (int s = 0; s < kStatusCount; ++s) {
    east_people +=
        rec.steps[0].people[static_cast<std::size_t>((kStatusCount + s) * kBreakdownCount)];
  }
  EXPECT_GT(east_people, 10000.0);
  // Everybody still at home at the storm (a few dozen moved away in step 0).
  EXPECT_GT(rec.steps[1].displacements_people[1 * kDisplacementCauseCount + uninhabitable],
            0.98 * east_people);
  // The same stock for the whole grid is the default mean: identical runs.
  auto stocked = p;
  stocked.synthesis.housing_stocks = {{{"W", "E"}, 1.5}};
  auto plain = p;
  plain.synthesis.housing_stocks.clear();
  plain.synthesis.fragility_mean = 1.5;
  expect_identical(run(land, stocked, {}, options(3)), run(land, plain, {}, options(3)));
}

TEST(HousingStock, UnknownOrRepeatedRegionsAreRefused) {
  const auto land = make_grid(4, 4, 300.0f);
  const auto refused = [&](std::vector<HousingStock> stocks) -> std::string {
    auto p = quiet_parameters();
    p.synthesis.housing_stocks = std::move(stocks);
    try {
      run(land, p, {}, options(1));
    } catch (const InputError& e) {
      return e.what();
    }
    return "accepted";
  };
  const std::string unknown = refused({{{"X"}, 2.0}});
  EXPECT_NE(unknown.find("housing stock 0: 'X' is not a region of the grid (regions: W, E)"),
            std::string::npos)
      << unknown;
  const std::string repeated = refused({{{"W"}, 2.0}, {{"E", "W"}, 0.5}});
  EXPECT_NE(repeated.find("housing stock 1: region 'W' is already in housing stock 0"),
            std::string::npos)
      << repeated;
}

TEST(DisplacementCauses, EvacueesWhoseHomesFellAreNotCountedTwice) {
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 0, 0, 100);  // damage 1 everywhere
  land->hazard_kinds[0].warning_intensity = 1.0;
  auto p = quiet_parameters();
  p.evacuation.coverage = 1.0;
  p.evacuation.compliance = 0.5;
  const auto rec = run(land, p, {}, options(3));
  double people = 0.0;
  for (std::size_t j = 0; j < rec.steps[0].people.size(); j += kBreakdownCount) {
    people += rec.steps[0].people[j];
  }
  // Every household left once: half evacuated, half displaced from uninhabitable homes. The
  // evacuees' later move to displaced (their homes are uninhabitable) is not a new departure.
  double total = 0.0;
  for (const auto& step : rec.steps) {
    for (const double d : step.displacements_people)
      total += d;
  }
  EXPECT_DOUBLE_EQ(total, people);
  EXPECT_GT(departures(rec.steps[0], DisplacementCause::evacuation), 0.3 * people);
  EXPECT_GT(departures(rec.steps[0], DisplacementCause::uninhabitable_home), 0.3 * people);
  EXPECT_GT(flow_total(rec.steps[1], FlowKind::displacement, kPlaces), 0.0);
}

/// Step-curve hazard kind `name` (damage `damage` from intensity 1) with one event at step 1 over
/// cells [first, last) of a 10 x 10 grid.
void add_kind_event(Landscape& land, const std::string& name, double damage, std::size_t first,
                    std::size_t last) {
  land.hazard_kinds.push_back(step_hazard_kind(name, "1", 1.0, damage));
  HazardEvent event;
  event.id = name;
  event.name = name;
  event.hazard_kind = static_cast<int>(land.hazard_kinds.size()) - 1;
  event.step = 1;
  event.intensity.assign(land.population_people.size(), 0.0f);
  for (std::size_t c = first; c < last; ++c)
    event.intensity[c] = 2.0f;
  land.events.push_back(event);
}

TEST(DisplacementCauses, UninhabitableHomesAreSplitByTheHazardThatDamagedThemMost) {
  // Wind (damage 0.8) over cells 0-49, flood (damage 1) over cells 30-79: homes in 0-29 fall to
  // the wind, in 30-79 to the flood (the larger damage where both strike), whatever the order in
  // which the scenario lists the two.
  for (const bool wind_first : {true, false}) {
    auto land = make_grid(10, 10, 300.0f);
    if (wind_first) {
      add_kind_event(*land, "wind", 0.8, 0, 50);
      add_kind_event(*land, "flood", 1.0, 30, 80);
    } else {
      add_kind_event(*land, "flood", 1.0, 30, 80);
      add_kind_event(*land, "wind", 0.8, 0, 50);
    }
    const std::size_t wind = wind_first ? 0 : 1;
    const std::size_t flood = 1 - wind;
    const auto rec = run(land, quiet_parameters(), {}, options(3));
    const StepRecord& storm = rec.steps[1];
    ASSERT_EQ(storm.uninhabitable_people_by_hazard.size(), 4u);  // 2 regions x 2 kinds
    double by_kind[2] = {0.0, 0.0};
    for (std::size_t r = 0; r < 2; ++r) {
      const double split = storm.uninhabitable_people_by_hazard[r * 2] +
                           storm.uninhabitable_people_by_hazard[r * 2 + 1];
      EXPECT_DOUBLE_EQ(split,
                       storm.displacements_people[r * kDisplacementCauseCount +
                                                  static_cast<std::size_t>(
                                                      DisplacementCause::uninhabitable_home)])
          << "region " << r;
      by_kind[0] += storm.uninhabitable_people_by_hazard[r * 2];
      by_kind[1] += storm.uninhabitable_people_by_hazard[r * 2 + 1];
    }
    // 30 cells to the wind, 50 to the flood, 300 people in each (a few moved away in step 0).
    EXPECT_NEAR(by_kind[wind] / 9000.0, 1.0, 0.03) << "wind first: " << wind_first;
    EXPECT_NEAR(by_kind[flood] / 15000.0, 1.0, 0.03) << "wind first: " << wind_first;
    for (const double v : rec.steps[0].uninhabitable_people_by_hazard)
      EXPECT_EQ(v, 0.0);
  }
}

TEST(LostServices, HouseholdsKeepLeavingForMonthsWhileServicesStayDown) {
  auto p = quiet_parameters();
  p.services.displacement_per_year = 1.0;
  p.services.restoration_half_life_min_years = 0.5;  // services restored slowly
  p.services.restoration_half_life_max_years = 0.5;
  auto land = make_grid(10, 10, 300.0f);
  add_storm(*land, 40.0f, 0);  // no uninhabitable home (curve damage ~3%), services mostly lost
  const auto rec = run(land, p, {}, options(8));
  auto moves = [&](int t) {
    return flow_total(rec.steps[static_cast<std::size_t>(t)], FlowKind::migration, kPlaces) +
           flow_total(rec.steps[static_cast<std::size_t>(t)], FlowKind::displacement, kPlaces);
  };
  for (int t = 2; t < 8; ++t) {
    EXPECT_GT(departures(rec.steps[static_cast<std::size_t>(t)], DisplacementCause::services_loss),
              0.0)
        << "step " << t;
  }
  EXPECT_EQ(departures(rec.steps[3], DisplacementCause::uninhabitable_home), 0.0);
  // Without the loss of services the same storm moves far fewer in the months after it.
  auto land_without = make_grid(10, 10, 300.0f);
  add_storm(*land_without, 40.0f, 0);
  land_without->hazard_kinds[0].services_curve = no_damage_curve();
  const auto without = run(land_without, p, {}, options(8));
  double after = 0.0;
  double after_without = 0.0;
  for (int t = 2; t < 8; ++t) {
    after += moves(t);
    after_without +=
        flow_total(without.steps[static_cast<std::size_t>(t)], FlowKind::migration, kPlaces) +
        flow_total(without.steps[static_cast<std::size_t>(t)], FlowKind::displacement, kPlaces);
  }
  EXPECT_GT(after, 3.0 * after_without + 100.0) << after << " vs " << after_without;
}

TEST(LostServices, RestorationIsFasterAfterALighterStorm) {
  auto p = quiet_parameters();
  p.services.displacement_per_year = 2.0;
  auto departures_after = [&](float intensity) {
    auto land = make_grid(10, 10, 300.0f);
    add_storm(*land, intensity, 0);
    const auto rec = run(land, p, {}, options(6));
    double total = 0.0;
    for (int t = 3; t < 6; ++t)
      total += departures(rec.steps[static_cast<std::size_t>(t)], DisplacementCause::services_loss);
    return total;
  };
  // A strong storm (heavy structural damage) cuts services for months, a light one for weeks.
  EXPECT_GT(departures_after(70.0f), departures_after(32.0f));
}

}  // namespace
}  // namespace displace::engine::testing
