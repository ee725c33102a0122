// Ensembles, sweeps and pairs end to end (issue 10): `displace run` with --members or an
// `ensemble:` block, the ensemble file, and `displace compare` on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/output/compare.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/scenario/ensemble_design.hpp"
#include "displace/scenario/load.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

/// Values of member `m` of a `<name>_members` variable.
std::vector<double> member_values(const output::VariableData& stacked, std::size_t m) {
  const std::size_t size = stacked.values.size() / stacked.shape.front();
  return {stacked.values.begin() + static_cast<std::ptrdiff_t>(m * size),
          stacked.values.begin() + static_cast<std::ptrdiff_t>((m + 1) * size)};
}

TEST(EnsembleRun, MemberZeroIsThePlainRunAndOtherMembersDiffer) {
  const testing::World world;
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet"}).exit_code, kExitOk);
  const auto r = cli({"run", world.scenario().string(), "--members", "4", "--out",
                      (world.dir() / "out" / "ensemble.h5").string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "ensemble.h5.members.partial"));

  const output::RunReader plain(world.dir() / "out" / "storm.h5");
  const output::RunReader ensemble(world.dir() / "out" / "ensemble.h5");
  const auto stacked = ensemble.read("households_members");
  ASSERT_EQ(stacked.dimensions.front(), "member");
  ASSERT_EQ(stacked.shape.front(), 4u);
  EXPECT_EQ(member_values(stacked, 0), plain.read("households").values);
  EXPECT_EQ(ensemble.read("households").values, plain.read("households").values)
      << "the ensemble file's base run is member 0";
  bool some_member_differs = false;
  for (std::size_t m = 1; m < 4; ++m) {
    some_member_differs |= member_values(stacked, m) != member_values(stacked, 0);
  }
  EXPECT_TRUE(some_member_differs) << "members with different seeds gave identical runs";

  const auto seeds = ensemble.read("member_seed").values;
  EXPECT_EQ(seeds.front(), 7.0);
  EXPECT_EQ(std::set<double>(seeds.begin(), seeds.end()).size(), 4u);

  // The stored median is the median of the members, element by element.
  const auto quantiles = ensemble.read("households_quantiles");  // (design, quantile, ...)
  ASSERT_EQ(quantiles.shape[0], 1u);
  ASSERT_EQ(quantiles.shape[1], 3u);
  const std::size_t size = stacked.values.size() / 4;
  for (std::size_t i = 0; i < size; i += 7) {
    std::vector<double> sample;
    for (std::size_t m = 0; m < 4; ++m)
      sample.push_back(stacked.values[m * size + i]);
    EXPECT_EQ(quantiles.values[1 * size + i], output::linear_quantile(sample, 0.5));
  }
}

TEST(EnsembleRun, IdenticalPairGivesExactlyZeroDifference) {
  const testing::World world;
  world.write("same.yaml", "extends: storm.yaml\nname: storm-same\n");
  const auto scenario = world.write("pair.yaml",
                                    "extends: storm.yaml\nname: storm-pair\n"
                                    "ensemble: {members: 3, pair: {counterfactual: same.yaml}}\n"
                                    "outputs: {path: out/pair.h5}\n");
  const auto r = cli({"run", scenario.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;

  const auto table = output::compare_runs({world.dir() / "out" / "pair.h5"});
  ASSERT_EQ(table.run_labels.size(), 3u);  // factual, counterfactual, paired difference
  EXPECT_NE(table.run_labels[2].find("factual - counterfactual"), std::string::npos);
  for (int k = 0; k < output::kComparisonMetricCount; ++k) {
    for (std::size_t row = 0; row < table.row_count(); ++row) {
      const auto metric = static_cast<output::ComparisonMetric>(k);
      if (std::isnan(table.value(0, metric, row))) continue;
      EXPECT_EQ(table.value(2, metric, row), 0.0) << output::metric_key(metric) << " row " << row;
      EXPECT_EQ(table.low[2][static_cast<std::size_t>(k)][row], 0.0);
      EXPECT_EQ(table.high[2][static_cast<std::size_t>(k)][row], 0.0);
    }
  }
  const auto peak = table.value(0, output::ComparisonMetric::peak_displaced, table.row_count() - 1);
  EXPECT_GT(peak, 0.0) << "the storm displaced nobody: the zero difference proves nothing";
}

TEST(EnsembleRun, StormPairShowsTheStormsDisplacement) {
  const testing::World world;
  world.write("calm.yaml",
              "extends: storm.yaml\nname: calm\n"
              "layers: {wind: {events: [{band: 1, id: S1, name: Storm, "
              "date: 2030-01-01}]}}\n");
  const auto scenario = world.write("pair.yaml",
                                    "extends: storm.yaml\nname: storm-pair\n"
                                    "ensemble: {members: 2, pair: {counterfactual: calm.yaml}}\n"
                                    "outputs: {path: out/pair.h5}\n");
  const auto r = cli({"run", scenario.string()});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto table = output::compare_runs({world.dir() / "out" / "pair.h5"});
  ASSERT_EQ(table.column_kinds,
            (std::vector<output::ColumnKind>{output::ColumnKind::ensemble_group,
                                             output::ColumnKind::counterfactual,
                                             output::ColumnKind::due_to_hazard}));
  // `run` shows what is due to the storm next to the totals, with its range, in 100 columns.
  const std::string totals = r.out.substr(r.out.find("TOTAL"));
  const std::string header = totals.substr(0, totals.find('\n', totals.find('\n') + 1));
  EXPECT_NE(header.find("[3] due to hazard"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("paired difference, factual - counterfactual"), std::string::npos);
  const std::string table_text = totals.substr(0, totals.find("\noutput"));
  for (std::size_t begin = 0, end = 0; begin < table_text.size(); begin = end + 1) {
    end = std::min(table_text.find('\n', begin), table_text.size());
    EXPECT_LE(end - begin, 100u) << table_text.substr(begin, end - begin);
  }
  const std::size_t total = table.row_count() - 1;
  EXPECT_GT(table.value(2, output::ComparisonMetric::cumulative_displaced, total), 0.0);
  EXPECT_EQ(table.value(1, output::ComparisonMetric::cumulative_displaced, total), 0.0)
      << "the counterfactual has no storm inside the run";
}

TEST(EnsembleRun, GridSweepWritesTheDesignTableAndSummarisesEachPoint) {
  const testing::World world;
  const auto scenario =
      world.write("sweep.yaml",
                  "extends: storm.yaml\nname: storm-sweep\n"
                  "ensemble:\n  members: 2\n  sweep:\n    parameters:\n"
                  "      - {key: behaviour.recovery.return_rate_per_year, values: [0.5, 6]}\n"
                  "      - {key: behaviour.damage.uninhabitable_damage, values: [0.3, 0.9]}\n"
                  "outputs: {path: out/sweep.h5, map_every_steps: 0}\n");
  const auto r = cli({"run", scenario.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const output::RunReader run(world.dir() / "out" / "sweep.h5");
  EXPECT_EQ(run.read("sweep_behaviour_recovery_return_rate_per_year").values,
            (std::vector<double>{0.5, 0.5, 6, 6}));
  EXPECT_EQ(run.read("sweep_behaviour_damage_uninhabitable_damage").values,
            (std::vector<double>{0.3, 0.9, 0.3, 0.9}));
  EXPECT_EQ(run.read("member_design").values, (std::vector<double>{0, 0, 1, 1, 2, 2, 3, 3}));

  const auto table = output::compare_runs({world.dir() / "out" / "sweep.h5"});
  ASSERT_EQ(table.run_labels.size(), 4u);
  EXPECT_NE(table.run_labels[1].find("uninhabitable_damage=0.9"), std::string::npos)
      << table.run_labels[1];
  const std::size_t total = table.row_count() - 1;
  const auto displaced = output::ComparisonMetric::cumulative_displaced;
  EXPECT_GT(table.value(0, displaced, total), table.value(1, displaced, total))
      << "a lower damage threshold must displace more households";
  const auto months = output::ComparisonMetric::people_months_displaced;
  EXPECT_GT(table.value(0, months, total), table.value(2, months, total))
      << "faster returns must shorten displacement";
  EXPECT_NE(output::format_comparison_csv(table).find("_p95"), std::string::npos);
}

TEST(EnsembleRun, PolicyParametersCanBeSwept) {
  const testing::World world;
  const auto scenario = world.write(
      "warn.yaml",
      "extends: storm.yaml\nname: storm-warning\n"
      "policies: [{kind: early_warning, name: alerts, coverage: 0.5, compliance: 1.0}]\n"
      "ensemble:\n  sweep:\n    parameters:\n"
      "      - {key: policies.0.coverage, values: [0, 1]}\n"
      "outputs: {path: out/warn.h5, map_every_steps: 0}\n");
  const auto r = cli({"run", scenario.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto table = output::compare_runs({world.dir() / "out" / "warn.h5"});
  ASSERT_EQ(table.run_labels.size(), 2u);
  const std::size_t total = table.row_count() - 1;
  EXPECT_EQ(table.value(0, output::ComparisonMetric::evacuated, total), 0.0)
      << "nobody evacuates when the warning reaches nobody";
  EXPECT_GT(table.value(1, output::ComparisonMetric::evacuated, total), 0.0);

  const auto bad = world.write("badpolicy.yaml",
                               "extends: warn.yaml\nensemble:\n  sweep:\n    parameters:\n"
                               "      - {key: policies.3.coverage, values: [1]}\n"
                               "      - {key: policies.0.name, values: [1]}\n");
  const auto b = cli({"validate", bad.string()});
  EXPECT_EQ(b.exit_code, kExitUsage);
  EXPECT_NE(b.err.find("no such policy"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("'name' is not a numeric policy key"), std::string::npos) << b.err;
}

TEST(EnsembleScenario, HousingStocksAreSweptAndTheirRegionsChecked) {
  const testing::World world;
  // A stock for the one region of a grid without admin layer (ALL), swept over two means: the more
  // fragile stock displaces more.
  const auto swept =
      world.write("stock.yaml",
                  "extends: storm.yaml\nhousing_stocks: [{regions: [ALL], fragility_mean: 1}]\n"
                  "ensemble:\n  sweep:\n    parameters:\n"
                  "      - {key: housing_stocks.0.fragility_mean, values: [0.5, 2]}\n"
                  "outputs: {path: out/stock.h5, map_every_steps: 0}\n");
  const auto r = cli({"run", swept.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto table = output::compare_runs({world.dir() / "out" / "stock.h5"});
  ASSERT_EQ(table.run_labels.size(), 2u);
  const std::size_t total = table.row_count() - 1;
  EXPECT_LT(table.value(0, output::ComparisonMetric::peak_displaced, total),
            table.value(1, output::ComparisonMetric::peak_displaced, total));

  const auto bad = world.write("badstock.yaml",
                               "extends: storm.yaml\n"
                               "housing_stocks: [{regions: [XX], fragility_mean: 2}]\n"
                               "ensemble:\n  sweep:\n    parameters:\n"
                               "      - {key: housing_stocks.1.fragility_mean, values: [1]}\n"
                               "      - {key: housing_stocks.0.regions, values: [1]}\n");
  const auto b = cli({"validate", bad.string()});
  EXPECT_EQ(b.exit_code, kExitUsage);
  EXPECT_NE(b.err.find("no such housing stock"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("'regions' is not a numeric housing stock key"), std::string::npos) << b.err;
  const auto unknown =
      world.write("unknown.yaml",
                  "extends: storm.yaml\nhousing_stocks: [{regions: [XX], fragility_mean: 2}]\n");
  const auto u = cli({"validate", unknown.string()});
  EXPECT_NE(u.exit_code, kExitOk);
  EXPECT_NE(u.err.find("housing_stocks.0.regions: 'XX' is not a region on the grid (regions: ALL)"),
            std::string::npos)
      << u.err;
}

TEST(EnsembleRun, HazardCurvesAreSweptOnTheLoadedLayer) {
  const testing::World world;
  // The layer is loaded once; each point's damage curve replaces the loaded one: a gentler curve
  // (a higher wind of half damage) displaces fewer households.
  const auto swept = world.write("curve.yaml",
                                 "extends: storm.yaml\nname: storm-curve\n"
                                 "ensemble:\n  sweep:\n    parameters:\n"
                                 "      - {key: layers.wind.curve.v_half_m_s, values: [80, 95]}\n"
                                 "outputs: {path: out/curve.h5, map_every_steps: 0}\n");
  const auto r = cli({"run", swept.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  // Each point is the run with that value given to --set (one member: the scenario's own seed).
  const auto single = world.dir() / "out" / "single.h5";
  const auto s =
      cli({"run", (world.dir() / "storm.yaml").string(), "--set", "layers.wind.curve.v_half_m_s=95",
           "--set", "outputs.map_every_steps=0", "--out", single.string(), "--quiet"});
  ASSERT_EQ(s.exit_code, kExitOk) << s.err;
  const auto table = output::compare_runs({world.dir() / "out" / "curve.h5", single});
  ASSERT_EQ(table.run_labels.size(), 3u);
  const std::size_t total = table.row_count() - 1;
  const auto displaced = output::ComparisonMetric::cumulative_displaced;
  EXPECT_GT(table.value(0, displaced, total), table.value(1, displaced, total))
      << "a gentler damage curve must displace fewer households";
  EXPECT_GT(table.value(1, displaced, total), 0.0);
  EXPECT_EQ(table.value(1, displaced, total), table.value(2, displaced, total))
      << "a swept point must be the run with its value set";

  // Of a layer, only what its intensities do can be swept, not what they are.
  const auto bad = world.write("badcurve.yaml",
                               "extends: storm.yaml\nensemble:\n  sweep:\n    parameters:\n"
                               "      - {key: layers.wnd.curve.v_half_m_s, values: [80]}\n"
                               "      - {key: layers.population.band, values: [1]}\n"
                               "      - {key: layers.wind.band, values: [2]}\n"
                               "      - {key: layers.wind.curve.kind, values: [1]}\n");
  const auto b = cli({"validate", bad.string()});
  EXPECT_EQ(b.exit_code, kExitUsage);
  EXPECT_NE(b.err.find("unknown layer 'wnd'"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("layer 'population' is not a hazard"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("'layers.wind.band' cannot be swept"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("'layers.wind.curve.kind' cannot be swept"), std::string::npos) << b.err;
}

TEST(EnsembleScenario, BadSweepsAreReportedWithTheirLocation) {
  const testing::World world;
  const auto scenario =
      world.write("bad.yaml",
                  "extends: storm.yaml\n"
                  "ensemble:\n  sweep:\n    parameters:\n"
                  "      - {key: behaviour.recovery.return_rate_per_yer, values: [1]}\n"
                  "      - {key: outputs.map_every_steps, values: [1]}\n"
                  "      - {key: behaviour.recovery.recovery_rate_per_year, values: [fast]}\n");
  const auto r = cli({"validate", scenario.string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("bad.yaml:5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'behaviour.recovery.return_rate_per_year'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("'outputs.map_every_steps' cannot be swept"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("value 'fast' is not a number"), std::string::npos) << r.err;

  const auto lhs = world.write("lhs.yaml",
                               "extends: storm.yaml\nensemble:\n  sweep:\n"
                               "    method: latin_hypercube\n    parameters:\n"
                               "      - {key: behaviour.recovery.return_rate_per_year, min: 2}\n");
  const auto l = cli({"validate", lhs.string()});
  EXPECT_EQ(l.exit_code, kExitUsage);
  EXPECT_NE(l.err.find("needs `min` and `max`"), std::string::npos) << l.err;
}

TEST(EnsembleRun, CounterfactualOnAnotherGridIsRefusedAndLeavesNothing) {
  const testing::World world;
  world.write("elsewhere.yaml",
              "extends: storm.yaml\nname: elsewhere\ngrid: {reference: ~, crs: EPSG:4326, bounds: "
              "[-66, 18, "
              "-65.5, 19], resolution: 0.1}\n");
  const auto scenario =
      world.write("pair.yaml",
                  "extends: storm.yaml\nensemble: {members: 2, pair: {counterfactual: "
                  "elsewhere.yaml}}\noutputs: {path: out/pair.h5}\n");
  const auto r = cli({"run", scenario.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("grid differs"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "pair.h5"));
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "pair.h5.partial"));
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "pair.h5.members.partial"));
}

TEST(SweepDesign, LatinHypercubePutsOnePointInEachStratumReproducibly) {
  scenario::EnsembleSpec spec;
  spec.method = scenario::SweepMethod::latin_hypercube;
  spec.samples = 8;
  spec.sweep = {{"behaviour.a", {}, 0.0, 8.0}, {"behaviour.b", {}, -1.0, 1.0}};
  const auto points = scenario::sweep_design(spec, 42);
  ASSERT_EQ(points.size(), 8u);
  for (std::size_t j = 0; j < 2; ++j) {
    const double low = j == 0 ? 0.0 : -1.0;
    const double width = j == 0 ? 1.0 : 0.25;
    std::set<int> strata;
    for (const auto& p : points) {
      ASSERT_EQ(p.values.size(), 2u);
      strata.insert(static_cast<int>(std::floor((p.values[j].second - low) / width)));
    }
    EXPECT_EQ(strata.size(), 8u) << "parameter " << j << " has two points in one stratum";
  }
  const auto again = scenario::sweep_design(spec, 42);
  EXPECT_EQ(again[3].values, points[3].values);
  EXPECT_NE(scenario::sweep_design(spec, 43)[3].values, points[3].values);
  EXPECT_EQ(scenario::member_seed(42, 0), 42u);
  EXPECT_NE(scenario::member_seed(42, 1), scenario::member_seed(42, 2));
}

}  // namespace
}  // namespace displace::app
