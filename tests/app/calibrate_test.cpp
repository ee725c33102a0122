// `displace calibrate` end to end on the small synthetic world: parameters recovered from
// observations the model itself produced, a target no parameter set reaches reported as
// structural misfit, located errors for bad calibration files, and SIGTERM leaving no results.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/evaluation/observations.hpp"
#include "displace/evaluation/score_run.hpp"
#include "displace/output/calibration_file.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/scenario/load.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

/// The storm world, made cheap (10 real households per agent, 5 monthly steps) and with
/// status-quo warnings, so evacuation compliance and the aspiration intercept both show in the
/// targets.
const char* const kCalibrationScenario = R"(name: calib-storm
seed: 7
time: {start: 2020-01-01, step: month, steps: 5}
grid: {reference: population}
layers:
  population: {kind: population, path: population.tif}
  wind:
    kind: hazard_events
    path: wind.tif
    hazard: wind
    units: m s-1
    warning_intensity: 30
    events: [{band: 1, id: S1, name: Storm, date: 2020-02-10}]
households: {households_per_agent: 10}
behaviour:
  evacuation: {coverage: 0.8, compliance: 0.3}
external_destinations:
  - {name: Abroad, distance_km: 1500, travel_cost_usd: 500, diaspora_people: 200000, kin_share: 0.5}
outputs: {path: out/calib-storm.h5}
)";

constexpr double kTrueCompliance = 0.55;
constexpr double kTrueIntercept = -3.5;

/// The targets' header and rows without values; values come from a run at the true parameters.
struct TargetRow {
  std::string id;
  std::string quantity;
  std::string place;
  std::string when;  ///< "period_start,period_end,date"
  std::string kind;
  std::string set;
};
const std::vector<TargetRow> kTargets = {
    {"evacuated", "evacuations", "ALL", "2020-02-01,2020-02-29,", "", ""},
    {"abroad", "moved_to_external", "Abroad", "2020-02-01,2020-05-31,", "migration", ""},
    {"migrated_may", "migrated_people", "ALL", ",,2020-05-31", "", "validation"},
};

std::string targets_csv(const std::vector<double>& values, const std::string& extra_rows = "") {
  std::string text =
      "id,event,quantity,place,period_start,period_end,date,kind,value,relative_error,unit,set,"
      "source\n";
  for (std::size_t i = 0; i < kTargets.size(); ++i) {
    const auto& t = kTargets[i];
    char value[64];
    std::snprintf(value, sizeof value, "%.6g", values[i]);
    text += t.id + ",S1," + t.quantity + "," + t.place + "," + t.when + "," + t.kind + "," + value +
            ",0.1,people," + t.set + ",model run at known parameters\n";
  }
  return text + extra_rows;
}

/// Observations made by the model itself: a run at the true parameters (its own seed, not one of
/// the calibration's), scored through the run file.
std::vector<double> true_values(const testing::World& world, const fs::path& scenario) {
  const auto truth = world.dir() / "out" / "truth.h5";
  char compliance[64];
  char intercept[64];
  std::snprintf(compliance, sizeof compliance, "behaviour.evacuation.compliance=%g",
                kTrueCompliance);
  std::snprintf(intercept, sizeof intercept, "behaviour.aspiration.intercept=%g", kTrueIntercept);
  const auto r = cli({"run", scenario.string(), "--set", compliance, "--set", intercept, "--set",
                      "seed=12345", "--out", truth.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  const auto placeholder = world.write("placeholder.csv", targets_csv({1, 1, 1}));
  const auto table =
      evaluation::score_run(output::RunReader(truth), evaluation::read_targets(placeholder));
  std::vector<double> values;
  for (const auto& row : table.rows) {
    EXPECT_TRUE(row.computed) << row.target.id << ": " << row.reason;
    values.push_back(row.modelled);
  }
  return values;
}

std::string calibration_yaml(
    const std::string& design =
        "initial: 100, waves: 3, per_wave: 50, seeds: 2, cutoff: 3, discrepancy: 0.03") {
  return R"(name: recovery
scenarios:
  - {path: calib-storm.yaml, events: [S1]}
observations: targets.csv
parameters:
  - {key: behaviour.evacuation.compliance, min: 0.05, max: 0.95}
  - {key: behaviour.aspiration.intercept, min: -7, max: -1}
design: {)" +
         design + R"(}
outputs: {path: out/fit.h5, scenario: out/calibrated.yaml, report: out/fit.md}
)";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Calibrate, RecoversTheParametersThatMadeTheObservations) {
  const testing::World world;
  const auto scenario = world.write("calib-storm.yaml", kCalibrationScenario);
  const auto values = true_values(world, scenario);
  ASSERT_EQ(values.size(), 3u);
  ASSERT_GT(values[0], 100.0) << "the storm must evacuate people";
  ASSERT_GT(values[1], 10.0) << "people must leave for Abroad";
  world.write("targets.csv", targets_csv(values));
  const auto file = world.write("calib.yaml", calibration_yaml());

  const auto r = cli({"calibrate", file.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "fit.h5");
  EXPECT_EQ(results.sets, 100 + 3 * 50);
  EXPECT_EQ(results.seeds, 2);
  ASSERT_EQ(results.parameter_key.size(), 2u);
  EXPECT_EQ(results.parameter_key[0], "behaviour.evacuation.compliance");
  EXPECT_EQ(results.rows, 3);
  // The known values lie inside the accepted ranges, and the ranges are narrower than the prior.
  std::vector<double> low = {1e9, 1e9};
  std::vector<double> high = {-1e9, -1e9};
  int accepted = 0;
  for (int s = 0; s < results.sets; ++s) {
    if (results.set_accepted[static_cast<std::size_t>(s)] == 0) continue;
    ++accepted;
    for (std::size_t p = 0; p < 2; ++p) {
      const double v = results.set_values[static_cast<std::size_t>(s) * 2 + p];
      low[p] = std::min(low[p], v);
      high[p] = std::max(high[p], v);
    }
  }
  ASSERT_GT(accepted, 0);
  EXPECT_LE(low[0], kTrueCompliance);
  EXPECT_GE(high[0], kTrueCompliance);
  EXPECT_LE(low[1], kTrueIntercept);
  EXPECT_GE(high[1], kTrueIntercept);
  EXPECT_LT(high[0] - low[0], 0.9 * (0.95 - 0.05)) << "compliance was not narrowed";
  ASSERT_GE(results.best_set, 0);
  EXPECT_EQ(results.set_accepted[static_cast<std::size_t>(results.best_set)], 1);
  EXPECT_NEAR(results.set_values[static_cast<std::size_t>(results.best_set) * 2], kTrueCompliance,
              0.15);
  for (const auto flag : results.row_structural_misfit)
    EXPECT_EQ(flag, 0);

  // The calibrated scenario extends the original and sets the best values; it runs as is.
  const auto calibrated = world.dir() / "out" / "calibrated.yaml";
  const std::string text = read_text(calibrated);
  EXPECT_NE(text.find("extends: ../calib-storm.yaml"), std::string::npos) << text;
  const auto fitted = scenario::load_scenario(calibrated);
  EXPECT_DOUBLE_EQ(fitted.model.evacuation.compliance,
                   results.set_values[static_cast<std::size_t>(results.best_set) * 2]);
  EXPECT_DOUBLE_EQ(fitted.model.aspiration.intercept,
                   results.set_values[static_cast<std::size_t>(results.best_set) * 2 + 1]);
  EXPECT_DOUBLE_EQ(fitted.model.evacuation.coverage, 0.8) << "the rest comes from the original";
  EXPECT_EQ(fitted.output.path.filename(), "calib-storm-calibrated.h5");

  // The report scores calibration and validation targets separately.
  const std::string report = read_text(world.dir() / "out" / "fit.md");
  const auto calibration_at = report.find("## Calibration targets");
  const auto validation_at = report.find("## Validation targets");
  ASSERT_NE(calibration_at, std::string::npos);
  ASSERT_NE(validation_at, std::string::npos);
  EXPECT_NE(report.find("| evacuated |", calibration_at), std::string::npos);
  EXPECT_NE(report.find("| migrated_may |", validation_at), std::string::npos);
  EXPECT_EQ(report.find("| migrated_may |", calibration_at),
            report.find("| migrated_may |", validation_at))
      << "a validation target must not appear among the calibration targets";
  EXPECT_NE(report.find("`behaviour.evacuation.compliance`"), std::string::npos);

  // Existing outputs are kept unless --overwrite.
  const auto again = cli({"calibrate", file.string(), "--quiet"});
  EXPECT_EQ(again.exit_code, kExitUsage);
  EXPECT_NE(again.err.find("fit.h5"), std::string::npos) << again.err;
}

TEST(Calibrate, FitsALayersWarningIntensityOnTheLoadedLayer) {
  const testing::World world;
  const auto scenario = world.write("calib-storm.yaml", kCalibrationScenario);
  // The observations: the scenario as it is (warnings from 30 m/s; the storm brings 70 m/s to
  // half the grid), at a seed of its own.
  const auto truth = world.dir() / "out" / "truth.h5";
  const auto r =
      cli({"run", scenario.string(), "--set", "seed=12345", "--out", truth.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto placeholder = world.write("placeholder.csv", targets_csv({1, 1, 1}));
  const auto scored =
      evaluation::score_run(output::RunReader(truth), evaluation::read_targets(placeholder));
  std::vector<double> values;
  for (const auto& row : scored.rows)
    values.push_back(row.modelled);
  ASSERT_GT(values.at(0), 100.0) << "the warning must evacuate people";
  world.write("targets.csv", targets_csv(values));
  const auto file = world.write("calib.yaml", R"(name: warnings
scenarios:
  - {path: calib-storm.yaml, events: [S1]}
observations: targets.csv
parameters:
  - {key: layers.wind.warning_intensity, min: 20, max: 120}
design: {initial: 30, waves: 1, per_wave: 10, seeds: 1, cutoff: 3, discrepancy: 0.03}
outputs: {path: out/fit.h5, scenario: out/calibrated.yaml}
)");
  const auto c = cli({"calibrate", file.string(), "--quiet"});
  ASSERT_EQ(c.exit_code, kExitOk) << c.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "fit.h5");
  // A warning above the storm's 70 m/s warns nobody: no such set can make the evacuations, and
  // one at or below it can. Were the loaded layer's warning kept, every set would run alike.
  int accepted = 0;
  int above = 0;
  for (int set = 0; set < results.sets; ++set) {
    const double warning = results.set_values[static_cast<std::size_t>(set)];
    const bool ok = results.set_accepted[static_cast<std::size_t>(set)] != 0;
    if (warning > 70.0) {
      ++above;
      EXPECT_FALSE(ok) << "set " << set << " warns from " << warning << " m/s";
    }
    accepted += ok ? 1 : 0;
  }
  EXPECT_GT(above, 0);
  EXPECT_GT(accepted, 0);
  // The calibrated scenario sets the layer's key and runs as is.
  ASSERT_GE(results.best_set, 0);
  const auto fitted = scenario::load_scenario(world.dir() / "out" / "calibrated.yaml");
  const auto wind = std::find_if(fitted.layers.begin(), fitted.layers.end(),
                                 [](const auto& layer) { return layer.name == "wind"; });
  ASSERT_NE(wind, fitted.layers.end());
  ASSERT_TRUE(wind->warning_intensity.has_value());
  EXPECT_DOUBLE_EQ(*wind->warning_intensity,
                   results.set_values[static_cast<std::size_t>(results.best_set)]);
  EXPECT_EQ(wind->path.filename(), "wind.tif") << "the rest of the layer comes from the original";
}

/// Evacuations of one scenario run at `compliance`, scored as `event`'s target `id`.
double evacuated_at(const testing::World& world, const fs::path& scenario, double compliance,
                    const std::string& event) {
  const auto truth = world.dir() / "out" / ("truth-" + event + ".h5");
  char set[64];
  std::snprintf(set, sizeof set, "behaviour.evacuation.compliance=%g", compliance);
  const auto r = cli({"run", scenario.string(), "--set", set, "--set", "seed=12345", "--out",
                      truth.string(), "--quiet", "--overwrite"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  const auto placeholder = world.write(
      "placeholder.csv",
      "id,event,quantity,place,period_start,period_end,value,relative_error,unit,source\n"
      "e," +
          event + ",evacuations,ALL,2020-02-01,2020-02-29,1,0.1,people,placeholder\n");
  const auto table =
      evaluation::score_run(output::RunReader(truth), evaluation::read_targets(placeholder));
  EXPECT_TRUE(table.rows.at(0).computed) << table.rows.at(0).reason;
  return table.rows.at(0).modelled;
}

TEST(Calibrate, AGroupParameterIsFittedForItsScenariosOnlyAndReplacesTheGeneralOne) {
  const testing::World world;
  // Two storms alike but for their ids; the second scenario's households heed warnings far more
  // (a civil-protection regime). One compliance for both cannot meet both targets; a general
  // compliance plus one for the group can.
  const auto a = world.write("storm-a.yaml", kCalibrationScenario);
  std::string b_text = kCalibrationScenario;
  b_text.replace(b_text.find("id: S1"), 6, "id: S2");
  b_text.replace(b_text.find("name: calib-storm"), 17, "name: calib-strict");
  b_text.replace(b_text.find("calib-storm.h5"), 14, "calib-strict.h5");
  const auto b = world.write("storm-b.yaml", b_text);
  const double general = 0.1;
  const double strict = 0.8;
  const double evac_a = evacuated_at(world, a, general, "S1");
  const double evac_b = evacuated_at(world, b, strict, "S2");
  ASSERT_GT(evac_b, 3.0 * evac_a) << "the two regimes must differ in the targets";
  char rows[256];
  std::snprintf(rows, sizeof rows,
                "id,event,quantity,place,period_start,period_end,value,relative_error,unit,"
                "source\n"
                "ea,S1,evacuations,ALL,2020-02-01,2020-02-29,%.6g,0.1,people,run\n"
                "eb,S2,evacuations,ALL,2020-02-01,2020-02-29,%.6g,0.1,people,run\n",
                evac_a, evac_b);
  world.write("targets.csv", rows);
  const auto file = world.write("calib.yaml", R"(name: groups
scenarios:
  - {path: storm-a.yaml, events: [S1]}
  - {path: storm-b.yaml, events: [S2], groups: [strict]}
observations: targets.csv
parameters:
  - {key: behaviour.evacuation.compliance, min: 0.02, max: 0.98}
  - {key: behaviour.evacuation.compliance, group: strict, min: 0.02, max: 0.98}
design: {initial: 40, waves: 1, per_wave: 20, seeds: 1, cutoff: 3, discrepancy: 0.03}
outputs: {path: out/fit.h5, scenario: out/calibrated.yaml, report: out/fit.md}
)");
  const auto r = cli({"calibrate", file.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "fit.h5");
  ASSERT_EQ(results.parameter_group, (std::vector<std::string>{"", "strict"}));
  ASSERT_GE(results.best_set, 0);
  const auto best = static_cast<std::size_t>(results.best_set);
  const double fitted_general = results.set_values[best * 2];
  const double fitted_strict = results.set_values[best * 2 + 1];
  EXPECT_EQ(results.set_accepted[best], 1);
  EXPECT_NEAR(fitted_general, general, 0.1);
  EXPECT_NEAR(fitted_strict, strict, 0.15);
  // Each calibrated scenario takes the value that applies to it.
  const auto calibrated_a =
      scenario::load_scenario(world.dir() / "out" / "calibrated-storm-a.yaml");
  const auto calibrated_b =
      scenario::load_scenario(world.dir() / "out" / "calibrated-storm-b.yaml");
  EXPECT_DOUBLE_EQ(calibrated_a.model.evacuation.compliance, fitted_general);
  EXPECT_DOUBLE_EQ(calibrated_b.model.evacuation.compliance, fitted_strict);
  const std::string report = read_text(world.dir() / "out" / "fit.md");
  EXPECT_NE(report.find("behaviour.evacuation.compliance (group strict)"), std::string::npos)
      << report;
}

TEST(Calibrate, ReportsATargetNoParameterSetReachesAsStructuralMisfit) {
  const testing::World world;
  world.write("calib-storm.yaml", kCalibrationScenario);
  // 100 000 people live on the grid: ten million evacuations are out of any parameter's reach.
  world.write("targets.csv", targets_csv({20000, 300, 100},
                                         "impossible,S1,evacuations,ALL,2020-02-01,2020-02-29,,,"
                                         "10000000,0.1,people,,made up\n"));
  const auto file = world.write("calib.yaml", R"(name: misfit
scenarios: [{path: calib-storm.yaml}]
observations: targets.csv
parameters:
  - {key: behaviour.evacuation.compliance, min: 0.05, max: 0.95}
design: {initial: 12, waves: 1, per_wave: 8, seeds: 1, measure: second_max}
outputs: {path: out/misfit.h5, report: out/misfit.md}
)");
  const auto r = cli({"calibrate", file.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "misfit.h5");
  ASSERT_EQ(results.row_target.size(), 4u);
  EXPECT_EQ(results.row_target[3], "impossible");
  EXPECT_EQ(results.row_structural_misfit[3], 1);
  const std::string report = read_text(world.dir() / "out" / "misfit.md");
  const auto misfit_at = report.find("## Structural misfit");
  ASSERT_NE(misfit_at, std::string::npos);
  EXPECT_NE(report.find("| impossible |", misfit_at), std::string::npos) << report;
  EXPECT_LT(report.find("| impossible |", misfit_at), report.find("## Calibration targets"));
}

TEST(Calibrate, FitsToHomesMadeUninhabitableAsScoreCountsThemAndRefusesShelterTargets) {
  const testing::World world;
  const auto scenario = world.write("calib-storm.yaml", kCalibrationScenario);
  const std::string homes_row =
      "homes,S1,uninhabitable_homes,ALL,2020-02-01,2020-03-31,,,500,0.5,households,,made up\n";
  world.write("targets.csv", targets_csv({20000, 300, 100}, homes_row));
  const auto file = world.write("calib.yaml", R"(name: homes
scenarios: [{path: calib-storm.yaml, events: [S1]}]
observations: targets.csv
parameters:
  - {key: behaviour.damage.uninhabitable_damage, min: 0.05, max: 0.6}
design: {initial: 4, waves: 0, per_wave: 1, seeds: 1}
outputs: {path: out/homes.h5, report: out/homes.md}
)");
  const auto r = cli({"calibrate", file.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "homes.h5");
  ASSERT_EQ(results.row_target.size(), 4u);
  ASSERT_EQ(results.row_target[3], "homes");
  // The first set's value, run to a file with the same seed and scored there, is the same count.
  char threshold[64];
  std::snprintf(threshold, sizeof threshold, "behaviour.damage.uninhabitable_damage=%.17g",
                results.set_values[0]);
  const auto run_file = world.dir() / "out" / "homes-run.h5";
  const auto run =
      cli({"run", scenario.string(), "--set", threshold, "--out", run_file.string(), "--quiet"});
  ASSERT_EQ(run.exit_code, kExitOk) << run.err;
  const auto table = evaluation::score_run(output::RunReader(run_file),
                                           evaluation::read_targets(world.dir() / "targets.csv"));
  ASSERT_TRUE(table.rows[3].computed) << table.rows[3].reason;
  EXPECT_GT(table.rows[3].modelled, 0.0) << "the storm must make homes uninhabitable";
  const std::size_t rows = results.row_target.size();
  EXPECT_EQ(results.modelled[0 * rows + 3], table.rows[3].modelled);

  // The world has no shelter sites: a shelter target is refused before any run, with its line.
  world.write("targets.csv", targets_csv({20000, 300, 100},
                                         "sheltered,S1,sheltered_people,school,,,2020-02-15,,"
                                         "10,0.5,people,,made up\n"));
  const auto refused = cli({"calibrate", file.string(), "--quiet", "--overwrite"});
  EXPECT_EQ(refused.exit_code, kExitUsage);
  EXPECT_NE(refused.err.find("targets.csv:5: target 'sheltered' cannot be computed from scenario "
                             "calib-storm.yaml: the run has no shelter sites"),
            std::string::npos)
      << refused.err;
}

class CalibrateThreads : public ::testing::TestWithParam<std::string> {};

TEST_P(CalibrateThreads, SameResultsWhateverTheThreadsAndHowMembersShareThem) {
  const testing::World world;
  world.write("calib-storm.yaml", kCalibrationScenario);
  world.write("targets.csv", targets_csv({20000, 2000, 3000}));
  std::vector<output::CalibrationResultsSummary> results;
  std::vector<std::string> reports;
  for (const auto& [threads, parallel] : std::vector<std::pair<std::string, std::string>>{
           {"2", "members"}, {"2", "engine"}, {"1", "members"}}) {
    const auto file =
        world.write("calib.yaml",
                    calibration_yaml("initial: 16, waves: 1, per_wave: 8, seeds: 2" + GetParam()));
    const auto r = cli({"calibrate", file.string(), "--quiet", "--overwrite", "--threads", threads,
                        "--parallel", parallel});
    ASSERT_EQ(r.exit_code, kExitOk) << r.err;
    results.push_back(output::read_calibration_results(world.dir() / "out" / "fit.h5"));
    const std::string report = read_text(world.dir() / "out" / "fit.md");
    reports.push_back(report.substr(report.find("## Design")));
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    EXPECT_EQ(reports[i], reports[0]) << i;
    EXPECT_EQ(results[i].set_values, results[0].set_values) << i;
    EXPECT_EQ(results[i].set_accepted, results[0].set_accepted) << i;
    EXPECT_EQ(results[i].best_set, results[0].best_set) << i;
    ASSERT_EQ(results[i].modelled.size(), results[0].modelled.size());
    EXPECT_TRUE(std::equal(results[i].modelled.begin(), results[i].modelled.end(),
                           results[0].modelled.begin()))
        << i;
  }
}

std::string design_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param.empty() ? "Kernel" : "Emulator";
}

INSTANTIATE_TEST_SUITE_P(Design, CalibrateThreads, ::testing::Values("", ", emulator: true"),
                         design_name);

TEST(Calibrate, EmulatorWavesRunAndShowTheEmulatorsValidation) {
  const testing::World world;
  const auto scenario = world.write("calib-storm.yaml", kCalibrationScenario);
  world.write("targets.csv", targets_csv(true_values(world, scenario)));
  const auto file = world.write(
      "calib.yaml", calibration_yaml("initial: 30, waves: 2, per_wave: 20, seeds: 2, cutoff: 3, "
                                     "discrepancy: 0.03, emulator: true"));
  const auto r = cli({"calibrate", file.string(), "--overwrite"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "fit.h5");
  EXPECT_EQ(results.sets, 30 + 2 * 20);
  // Every wave after the first is chosen by the emulators and checked against the simulator.
  for (const std::string wave : {"1", "2"}) {
    EXPECT_NE(r.err.find("wave " + wave + ": emulators of 2 calibration target(s)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("wave " + wave + ": the emulators against the simulator on its 20 sets"),
              std::string::npos)
        << r.err;
  }
  const std::string report = read_text(world.dir() / "out" / "fit.md");
  const auto at = report.find("## Emulator validation");
  ASSERT_NE(at, std::string::npos) << report;
  EXPECT_NE(report.find("| 1 | 30 | 2 (0) |", at), std::string::npos) << report;
  EXPECT_NE(report.find("| 2 | 50 | 2 (0) |", at), std::string::npos) << report;
  EXPECT_LT(at, report.find("## Structural misfit"));
  // The observations came from the model: the emulator waves keep finding sets that fit.
  EXPECT_GT(std::count(results.set_accepted.begin() + 30, results.set_accepted.end(), 1), 0);

  // Without the key, no emulator section.
  const auto plain =
      world.write("plain.yaml", calibration_yaml("initial: 12, waves: 1, per_wave: 6, seeds: 1"));
  ASSERT_EQ(cli({"calibrate", plain.string(), "--overwrite", "--quiet"}).exit_code, kExitOk);
  EXPECT_EQ(read_text(world.dir() / "out" / "fit.md").find("## Emulator validation"),
            std::string::npos);
}

TEST(Calibrate, EmulatorWavesCopeWithATargetEveryRunGivesTheSameValue) {
  const testing::World world;
  const auto scenario = world.write("calib-storm.yaml", kCalibrationScenario);
  // The storm comes in February: no set evacuates anyone in January, so every run gives 0 for
  // "quiet" (a constant emulator), and 10 observed rules out every set (the fallback path).
  world.write("targets.csv",
              targets_csv(true_values(world, scenario),
                          "quiet,S1,evacuations,ALL,2020-01-01,2020-01-31,,,10,0.1,people,,"
                          "made up\n"));
  const auto file =
      world.write("calib.yaml", calibration_yaml("initial: 20, waves: 1, per_wave: 10, seeds: 1, "
                                                 "emulator: true"));
  const auto r = cli({"calibrate", file.string(), "--overwrite"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.err.find("wave 1: emulators of 3 calibration target(s) (1 constant) on 20 sets"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("0 of 1000 candidates not ruled out by the emulators: fewer than 9, so "
                       "the wave also runs the least implausible"),
            std::string::npos)
      << r.err;
  const auto results = output::read_calibration_results(world.dir() / "out" / "fit.h5");
  EXPECT_EQ(results.sets, 30);
  const std::string report = read_text(world.dir() / "out" / "fit.md");
  EXPECT_NE(report.find("| 1 | 20 | 3 (1) |"), std::string::npos) << report;
  EXPECT_NE(report.find("| quiet |", report.find("## Structural misfit")), std::string::npos);
}

struct BadCase {
  std::string name;
  std::string yaml;
  std::string expected;  ///< a part of the message, with its position
};

TEST(Calibrate, AnOutputOverAnInputIsRefusedBeforeAnyRun) {
  const testing::World world;
  world.write("calib-storm.yaml", kCalibrationScenario);
  const std::string targets = targets_csv({20000, 300, 100});
  world.write("targets.csv", targets);
  const std::string head =
      "name: clash\n"
      "scenarios: [{path: calib-storm.yaml, events: [S1]}]\n"
      "observations: targets.csv\n"
      "parameters:\n  - {key: behaviour.evacuation.compliance, min: 0.05, max: 0.95}\n"
      "design: {initial: 4, waves: 0, seeds: 1}\n";
  const auto report_over_observations =
      world.write("clash.yaml", head + "outputs: {path: out/clash.h5, report: targets.csv}\n");
  auto r = cli({"calibrate", report_over_observations.string(), "--overwrite", "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("the fit report would overwrite the observations file"), std::string::npos)
      << r.err;
  EXPECT_EQ(read_text(world.dir() / "targets.csv"), targets);
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "clash.h5"));
  const auto scenario_over_its_input = world.write(
      "clash2.yaml", head + "outputs: {path: out/clash2.h5, scenario: calib-storm.yaml}\n");
  r = cli({"calibrate", scenario_over_its_input.string(), "--overwrite", "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("the calibrated scenario would overwrite the scenario file"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_text(world.dir() / "calib-storm.yaml"), kCalibrationScenario);
}

TEST(Calibrate, NoOutputReplacesTheBaseScenarioOrAnotherOutputWhateverTheFlags) {
  // Class: an input replaced at any depth of `extends`, and two outputs naming one file.
  const testing::World world;
  world.write("calib-base.yaml", kCalibrationScenario);
  world.write("calib-storm.yaml", "extends: calib-base.yaml\nname: calib-storm\n");
  world.write("targets.csv", targets_csv({20000, 300, 100}));
  const std::string head =
      "name: clash\n"
      "scenarios: [{path: calib-storm.yaml, events: [S1]}]\n"
      "observations: targets.csv\n"
      "parameters:\n  - {key: behaviour.evacuation.compliance, min: 0.05, max: 0.95}\n"
      "design: {initial: 4, waves: 0, seeds: 1}\n";
  const auto over_base = world.write(
      "over-base.yaml", head + "outputs: {path: out/clash.h5, scenario: calib-base.yaml}\n");
  for (const bool overwrite : {false, true}) {
    std::vector<std::string> args = {"calibrate", over_base.string(), "--quiet"};
    if (overwrite) args.emplace_back("--overwrite");
    const auto r = cli(args);
    EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
    EXPECT_NE(r.err.find("the calibrated scenario would overwrite a scenario file it reads"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(read_text(world.dir() / "calib-base.yaml"), kCalibrationScenario);
    EXPECT_FALSE(fs::exists(world.dir() / "out" / "clash.h5"));
  }
  // Two outputs, one file: refused at the key, with the other key's position, before any run.
  const auto same_report = world.write(
      "same.yaml",
      head + "outputs: {path: out/same.h5, scenario: out/same.md, report: out/same.md}\n");
  auto r = cli({"calibrate", same_report.string(), "--overwrite", "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("same.yaml:7:61: outputs.report: names the same file as outputs.scenario "
                       "(at "),
            std::string::npos)
      << r.err;
  const auto same_results =
      world.write("same2.yaml", head + "outputs: {path: out/same.h5, report: out/./same.h5}\n");
  r = cli({"calibrate", same_results.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("outputs.report: names the same file as outputs.path"), std::string::npos)
      << r.err;
  for (const char* name : {"same.h5", "same.md"})
    EXPECT_FALSE(fs::exists(world.dir() / "out" / name)) << name;
}

TEST(Calibrate, SpecialFilesAndOversizedDesignsAreRefusedWithoutWaiting) {
  // Class: a calibration or observation file that blocks (FIFO) or never ends (/dev/zero), and a
  // design whose maximin search would run for hours with no word.
  const testing::World world;
  world.write("calib-storm.yaml", kCalibrationScenario);
  world.write("targets.csv", targets_csv({20000, 300, 100}));
  const fs::path fifo = world.dir() / "calib.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = cli({"calibrate", fifo.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("calib.fifo: calibration file is a FIFO"), std::string::npos) << r.err;
  r = cli({"calibrate", "/dev/zero", "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("/dev/zero: calibration file is a device"), std::string::npos) << r.err;
  const fs::path observations_fifo = world.dir() / "targets.fifo";
  ASSERT_EQ(::mkfifo(observations_fifo.c_str(), 0600), 0);
  std::string yaml = calibration_yaml("initial: 4, waves: 0, seeds: 1");
  yaml.replace(yaml.find("targets.csv"), std::string("targets.csv").size(), "targets.fifo");
  r = cli({"calibrate", world.write("fifo-observations.yaml", yaml).string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("targets.fifo: observation file: is a FIFO"), std::string::npos) << r.err;
  const auto huge =
      world.write("huge.yaml", calibration_yaml("initial: 1000000, waves: 0, seeds: 1"));
  r = cli({"calibrate", huge.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("huge.yaml:8:19: design.initial: value 1000000 is out of range (allowed: "),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "fit.h5"));
}

TEST(Calibrate, BadCalibrationFilesGetLocatedErrors) {
  const testing::World world;
  world.write("calib-storm.yaml", kCalibrationScenario);
  world.write("targets.csv", targets_csv({20000, 300, 100}));
  const std::string good_head =
      "name: bad\n"
      "scenarios: [{path: calib-storm.yaml, events: [S1]}]\n"
      "observations: targets.csv\n";
  const std::string good_parameters =
      "parameters:\n"
      "  - {key: behaviour.evacuation.compliance, min: 0.05, max: 0.95}\n";
  const std::string good_outputs = "outputs: {path: out/bad.h5}\n";
  const std::vector<BadCase> cases = {
      {"unknown key", good_head + good_parameters + good_outputs + "desing: {seeds: 2}\n",
       "calib.yaml:7:1: desing: unknown key 'desing'; did you mean 'design'?"},
      {"unknown parameter key",
       good_head + "parameters:\n  - {key: behaviour.aspiration.intercep, min: -7, max: -1}\n" +
           good_outputs,
       "calib.yaml:5:11: parameters.0.key: unknown scenario key 'behaviour.aspiration.intercep'; "
       "did you mean 'behaviour.aspiration.intercept'?"},
      {"time key",
       good_head + "parameters:\n  - {key: time.steps, min: 1, max: 3}\n" + good_outputs,
       "parameters.0.key: 'time.steps' cannot be swept"},
      {"layer key that changes the intensities",
       good_head + "parameters:\n  - {key: layers.wind.band, min: 1, max: 2}\n" + good_outputs,
       "parameters.0.key: 'layers.wind.band' cannot be swept: of a layer only the numbers of its "
       "curves"},
      {"min >= max",
       good_head + "parameters:\n  - {key: behaviour.aspiration.intercept, min: -1, max: -7}\n" +
           good_outputs,
       "calib.yaml:5:57: parameters.0.max: max (-7) must be greater than min (-1)"},
      {"out of the key's range",
       good_head + "parameters:\n  - {key: behaviour.evacuation.compliance, min: 0.5, max: 2}\n" +
           good_outputs,
       "calib.yaml:5:59: parameters.0.max: scenario calib-storm.yaml does not accept "
       "behaviour.evacuation.compliance = 2: value 2 is out of range"},
      {"missing observations",
       "name: bad\nscenarios: [{path: calib-storm.yaml}]\nobservations: nowhere.csv\n" +
           good_parameters + good_outputs,
       "calib.yaml:3:15: observations: file"},
      {"missing scenario",
       "name: bad\nscenarios: [{path: nowhere.yaml}]\nobservations: targets.csv\n" +
           good_parameters + good_outputs,
       "calib.yaml:2:20: scenarios.0.path: file"},
      {"validation id not in the observations",
       good_head + good_parameters + good_outputs + "validation: {ids: [abroad, abrod]}\n",
       "calib.yaml:7:28: validation.ids.1: no target with id 'abrod' in targets.csv"},
      {"scenario event not in the observations",
       "name: bad\nscenarios: [{path: calib-storm.yaml, events: [S2]}]\n"
       "observations: targets.csv\n" +
           good_parameters + good_outputs,
       "calib.yaml:2:47: scenarios.0.events.0: no target of event 'S2' in targets.csv (events: "
       "S1)"},
      {"emulator not a boolean",
       good_head + good_parameters + good_outputs + "design: {emulator: maybe}\n",
       "calib.yaml:7:20: design.emulator: expected true or false, found 'maybe'"},
      {"group no scenario lists",
       good_head + good_parameters +
           "  - {key: behaviour.evacuation.compliance, group: cuba, min: 0.1, max: 0.9}\n" +
           good_outputs,
       "calib.yaml:6:51: parameters.1.group: no scenario lists group 'cuba' in its `groups`"},
      {"the same key twice in one group",
       "name: bad\nscenarios: [{path: calib-storm.yaml, events: [S1], groups: [g]}]\n"
       "observations: targets.csv\nparameters:\n"
       "  - {key: behaviour.evacuation.compliance, group: g, min: 0.1, max: 0.9}\n"
       "  - {key: behaviour.evacuation.compliance, group: g, min: 0.1, max: 0.9}\n" +
           good_outputs,
       "parameters.1.key: 'behaviour.evacuation.compliance (group g)' is fitted twice"},
      {"a scenario in two groups fitting one key",
       "name: bad\nscenarios: [{path: calib-storm.yaml, events: [S1], groups: [g, h]}]\n"
       "observations: targets.csv\nparameters:\n"
       "  - {key: behaviour.evacuation.compliance, group: g, min: 0.1, max: 0.9}\n"
       "  - {key: behaviour.evacuation.compliance, group: h, min: 0.1, max: 0.9}\n" +
           good_outputs,
       "parameters.1.group: scenario calib-storm.yaml is in groups 'g' and 'h', which both fit "
       "'behaviour.evacuation.compliance'"},
      {"log scale from zero",
       good_head +
           "parameters:\n  - {key: behaviour.evacuation.compliance, min: 0, max: 1, scale: log}\n" +
           good_outputs,
       "parameters.0.min: a log-scale parameter needs min > 0"},
  };
  for (const BadCase& c : cases) {
    const auto file = world.write("calib.yaml", c.yaml);
    const auto r = cli({"calibrate", file.string(), "--quiet"});
    EXPECT_EQ(r.exit_code, kExitUsage) << c.name << "\n" << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos)
        << c.name << ": expected '" << c.expected << "' in\n"
        << r.err;
    EXPECT_FALSE(fs::exists(world.dir() / "out" / "bad.h5")) << c.name;
  }
}

/// Runs the real executable (signals need a process of their own); returns its exit status or
/// 128 + the signal that killed it.
int run_displace(const std::string& environment, const std::vector<std::string>& args) {
  std::string command = environment + " '" + std::string(DISPLACE_EXECUTABLE) + "'";
  for (const auto& a : args)
    command += " '" + a + "'";
  command += " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

TEST(Calibrate, SigtermLeavesNoResultsThatLookComplete) {
  const testing::World world;
  world.write("calib-storm.yaml", kCalibrationScenario);
  world.write("targets.csv", targets_csv({20000, 300, 100}));
  const auto file = world.write("calib.yaml", calibration_yaml());
  EXPECT_EQ(run_displace("DISPLACE_FAULT_AFTER_MEMBERS=6:TERM", {"calibrate", file.string()}),
            kExitInterrupted);
  for (const char* name : {"fit.h5", "fit.h5.partial", "calibrated.yaml", "fit.md"}) {
    EXPECT_FALSE(fs::exists(world.dir() / "out" / name)) << name;
  }
}

}  // namespace
}  // namespace displace::app
