// Counter-based RNG, vulnerability curves, household synthesis and input validation.
#include <gtest/gtest.h>
#include <omp.h>

#include <array>
#include <cmath>
#include <string>
#include <type_traits>

#include "displace/common/error.hpp"
#include "displace/engine/household_table.hpp"
#include "displace/engine/parameter_ranges.hpp"
#include "displace/engine/rng.hpp"
#include "displace/engine/vulnerability.hpp"
#include "engine_fixture.hpp"

namespace displace::engine::testing {
namespace {

TEST(CounterRng, RoughlyUniform) {
  const std::uint64_t key = seed_key(42);
  std::array<int, 20> bins{};
  const int draws = 200000;
  double mean = 0.0;
  for (int i = 0; i < draws; ++i) {
    const double u = uniform(key, static_cast<std::uint64_t>(i), 3, Purpose::aspiration);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    bins[static_cast<std::size_t>(u * 20.0)]++;
    mean += u;
  }
  double chi2 = 0.0;
  const double expected = draws / 20.0;
  for (int b : bins)
    chi2 += (b - expected) * (b - expected) / expected;
  EXPECT_LT(chi2, 50.0);  // 19 dof: p ~ 1e-4
  EXPECT_NEAR(mean / draws, 0.5, 0.005);
}

TEST(CounterRng, SameKeySameDraw) {
  EXPECT_EQ(random_bits(seed_key(1), 17, 4, Purpose::lottery),
            random_bits(seed_key(1), 17, 4, Purpose::lottery));
}

TEST(CounterRng, DifferentSeedStepPurposeOrHouseholdGiveDifferentDraws) {
  const auto base = random_bits(seed_key(1), 17, 4, Purpose::lottery);
  EXPECT_NE(base, random_bits(seed_key(2), 17, 4, Purpose::lottery));
  EXPECT_NE(base, random_bits(seed_key(1), 18, 4, Purpose::lottery));
  EXPECT_NE(base, random_bits(seed_key(1), 17, 5, Purpose::lottery));
  EXPECT_NE(base, random_bits(seed_key(1), 17, 4, Purpose::aspiration));
  EXPECT_NE(base, random_bits(seed_key(1), 17, 4, Purpose::lottery, 1));
}

TEST(CounterRng, NeighbouringHouseholdsAreUncorrelated) {
  const std::uint64_t key = seed_key(3);
  double product = 0.0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double a = uniform(key, static_cast<std::uint64_t>(i), 0, Purpose::aspiration) - 0.5;
    const double b = uniform(key, static_cast<std::uint64_t>(i + 1), 0, Purpose::aspiration) - 0.5;
    product += a * b;
  }
  EXPECT_NEAR(product / n / (1.0 / 12.0), 0.0, 0.02);
}

TEST(VulnerabilityCurve, EmanuelHalfDamageAtVHalf) {
  VulnerabilityCurve curve;
  EXPECT_EQ(curve_damage(curve, 20.0), 0.0);
  EXPECT_NEAR(curve_damage(curve, curve.v_half_m_s), 0.5, 1e-12);
  EXPECT_GT(curve_damage(curve, 100.0), 0.7);
}

TEST(VulnerabilityCurve, StepAndTable) {
  VulnerabilityCurve step;
  step.kind = CurveKind::step;
  EXPECT_EQ(curve_damage(step, 0.99), 0.0);
  EXPECT_EQ(curve_damage(step, 1.0), 0.6);
  VulnerabilityCurve table;
  table.kind = CurveKind::table;
  table.table_intensity = {0.0, 1.0, 3.0};
  table.table_damage = {0.0, 0.2, 1.0};
  EXPECT_NEAR(curve_damage(table, 2.0), 0.6, 1e-12);
  EXPECT_EQ(curve_damage(table, 5.0), 1.0);
  EXPECT_NEAR(dwelling_damage(0.8, 1.5, 0.0), 1.0, 0.0);
  EXPECT_NEAR(dwelling_damage(0.5, 1.0, 0.3), 0.35, 1e-12);
}

TEST(HouseholdSynthesis, TotalsAreUnbiased) {
  auto land = make_grid(30, 30, 10.0f);  // 10 / 3 / 2.5 = 1.333 households per cell
  for (std::size_t c = 0; c < 900; ++c)
    land->population_people[c] = static_cast<float>(c % 7) * 3.1f;
  SynthesisParameters p;
  p.households_per_agent = 2.5;
  double expected = 0.0;
  for (float pop : land->population_people)
    expected += expected_households(pop, p);
  const HouseholdTable t = synthesise_households(*land, p, 5);
  // Sum of 900 Bernoulli roundings: sd <= 15.
  EXPECT_NEAR(static_cast<double>(t.size()), expected, 60.0);
  // Over seeds the mean matches closely.
  double mean = 0.0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    mean += static_cast<double>(synthesise_households(*land, p, seed).size()) / 20.0;
  }
  EXPECT_NEAR(mean, expected, 15.0);
}

TEST(HouseholdSynthesis, AttributesFollowTheirDistributions) {
  auto land = make_grid(20, 20, 600.0f);  // 80000 households
  SynthesisParameters p;
  const HouseholdTable t = synthesise_households(*land, p, 9);
  ASSERT_EQ(t.size(), 80000);
  double size = 0.0, agriculture = 0.0, fragility = 0.0, kin = 0.0;
  std::vector<float> wealth = t.wealth_usd;
  for (std::int64_t i = 0; i < t.size(); ++i) {
    const auto u = static_cast<std::size_t>(i);
    size += t.size_people[u];
    agriculture += (t.flags[u] & flag_agriculture) != 0 ? 1.0 : 0.0;
    fragility += static_cast<double>(t.fragility[u]);
    kin += t.kin_region[u] >= 0 ? 1.0 : 0.0;
    ASSERT_NE(t.kin_region[u], land->region_of_cell[static_cast<std::size_t>(t.home_cell[u])]);
  }
  const double n = static_cast<double>(t.size());
  EXPECT_NEAR(size / n, p.mean_household_size_people, 0.03 * p.mean_household_size_people);
  EXPECT_NEAR(agriculture / n, p.agriculture_share, 0.01);
  EXPECT_NEAR(fragility / n, 1.0, 0.02);
  EXPECT_NEAR(kin / n, p.kin_other_region_share, 0.01);
  std::nth_element(wealth.begin(), wealth.begin() + 40000, wealth.end());
  EXPECT_NEAR(wealth[40000], p.wealth_median_usd, 0.03 * p.wealth_median_usd);
}

TEST(HouseholdSynthesis, GroupedByCellAndIdenticalForAnyThreadCount) {
  auto land = make_grid(8, 8, 95.0f);
  SynthesisParameters p;
  const int ambient = omp_get_max_threads();
  omp_set_num_threads(1);
  const HouseholdTable one = synthesise_households(*land, p, 4);
  omp_set_num_threads(ambient);
  const HouseholdTable many = synthesise_households(*land, p, 4);
  EXPECT_EQ(one.wealth_usd, many.wealth_usd);
  EXPECT_EQ(one.flags, many.flags);
  EXPECT_EQ(one.cell_first, many.cell_first);
  for (std::size_t c = 0; c < 64; ++c) {
    for (auto i = many.cell_first[c]; i < many.cell_first[c + 1]; ++i) {
      EXPECT_EQ(many.home_cell[static_cast<std::size_t>(i)], static_cast<std::int32_t>(c));
    }
  }
  EXPECT_LE(HouseholdTable::bytes_per_household(), 64u);
}

TEST(SimulationInputs, EveryModelParameterIsCheckedAgainstItsDeclaredRange) {
  // parameter_ranges.hpp is the one statement of the ranges (the scenario schema reads it too):
  // a bound that is allowed is accepted, one that is not (or beyond it) is refused naming the
  // parameter.
  const auto land = make_grid(3, 3, 10.0f);
  ModelParameters p;
  int bounded = 0;
  auto expect_refused = [&](const char* name) {
    try {
      Simulation simulation(land, p, {}, options(1));
      ADD_FAILURE() << name << " accepted outside its range";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  for_each_parameter_range(p, [&](const char* name, auto& value, const ParameterRange& range) {
    using Value = std::remove_reference_t<decltype(value)>;
    const Value kept = value;
    SCOPED_TRACE(name);
    if (range.has_min()) {
      value = static_cast<Value>(range.min);
      if (range.min_exclusive) {
        expect_refused(name);
      } else {
        EXPECT_NO_THROW(Simulation(land, p, {}, options(1)));
      }
      value = static_cast<Value>(range.min - 1);
      expect_refused(name);
    }
    if (range.has_max()) {
      value = static_cast<Value>(range.max);
      if (range.max_exclusive) {
        expect_refused(name);
      } else {
        EXPECT_NO_THROW(Simulation(land, p, {}, options(1)));
      }
      value = static_cast<Value>(range.max + 1);
      expect_refused(name);
    }
    bounded += range.has_min() || range.has_max() ? 1 : 0;
    value = kept;
  });
  EXPECT_EQ(bounded, 42);
  EXPECT_EQ(parameter_range("destination.candidate_cells").describe(), "0 .. 1024");
  EXPECT_THROW(parameter_range("destination.no_such_parameter"), Error);
}

TEST(SimulationInputs, RejectsNegativeOrNanPopulation) {
  auto land = make_grid(3, 3, 10.0f);
  land->population_people[4] = -1.0f;
  EXPECT_THROW(Simulation(land, ModelParameters{}, {}, options(1)), InputError);
  land->population_people[4] = std::nanf("");
  try {
    Simulation simulation(land, ModelParameters{}, {}, options(1));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cell 4"), std::string::npos) << e.what();
  }
}

TEST(SimulationInputs, RejectsInconsistentSizesAndIndices) {
  auto land = make_grid(3, 3, 10.0f);
  land->region_of_cell[2] = 7;
  EXPECT_THROW(Simulation(land, ModelParameters{}, {}, options(1)), InputError);
  land = make_grid(3, 3, 10.0f);
  land->cell_lat_deg.pop_back();
  EXPECT_THROW(Simulation(land, ModelParameters{}, {}, options(1)), InputError);
  land = make_grid(3, 3, 10.0f);
  add_step_event(*land, 0, 0, 1);
  land->events[0].intensity.resize(4);
  EXPECT_THROW(Simulation(land, ModelParameters{}, {}, options(1)), InputError);
  land = make_grid(3, 3, 10.0f);
  Policy pathway;
  pathway.kind = PolicyKind::migration_pathway;
  pathway.destination_external = 3;
  EXPECT_THROW(Simulation(land, ModelParameters{}, {pathway}, options(1)), InputError);
  Policy masked;
  masked.target_cells.assign(5, 1);
  EXPECT_THROW(Simulation(land, ModelParameters{}, {masked}, options(1)), InputError);
}

TEST(SimulationInputs, LayoutDescribesTheRun) {
  auto land = make_grid(4, 4, 30.0f);
  Simulation simulation(land, ModelParameters{}, {}, options(3));
  MemoryRecorder rec;
  simulation.run(rec);
  EXPECT_EQ(rec.layout.step_count, 3);
  EXPECT_EQ(rec.layout.place_count(), 3);
  EXPECT_EQ(rec.layout.households_simulated, simulation.household_count());
  EXPECT_EQ(simulation.current_step(), 3);
  EXPECT_EQ(rec.maps.size(), 3u);
  EXPECT_EQ(rec.steps[0].households.size(),
            static_cast<std::size_t>(2 * kStatusCount * kBreakdownCount));
  EXPECT_EQ(rec.summary.displacement_duration_households.size(),
            static_cast<std::size_t>(rec.layout.duration_bins));
}

TEST(SimulationInputs, EmptyPopulationRunsAndRecordsZeros) {
  auto land = make_grid(3, 3, 0.0f);
  add_step_event(*land, 0, 0, 9);
  RunOptions o = options(2);
  o.map_every_steps = 0;
  Simulation simulation(land, ModelParameters{}, {}, o);
  EXPECT_EQ(simulation.household_count(), 0);
  MemoryRecorder rec;
  simulation.run(rec);
  ASSERT_EQ(rec.steps.size(), 2u);
  EXPECT_EQ(sum(rec.steps[1].households), 0.0);
  EXPECT_TRUE(rec.maps.empty());
}

}  // namespace
}  // namespace displace::engine::testing
