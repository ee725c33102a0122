// The corpus of broken scenarios: each problem is checked for its message AND for the
// file:line:column where the offending YAML was written.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "scenario_files.hpp"

namespace displace::scenario::testing {
namespace {

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string result(text);
  const auto at = result.find(from);
  if (at == std::string::npos) throw std::logic_error("text to replace not found");
  result.replace(at, from.size(), to);
  return result;
}

std::string with(std::string_view extra) {
  return std::string(kMinimalScenario) + std::string(extra);
}

class ScenarioErrors : public ::testing::Test {
 protected:
  void SetUp() override { files.touch("pop.tif"); }

  /// Loads `text` as main.yaml and expects a problem "main.yaml:L:C: <expected>..." where L:C is
  /// the position of `needle` (its `occurrence`-th appearance) in the text.
  void expect_problem(std::string_view text, std::string_view needle, const std::string& expected,
                      int occurrence = 0, const std::vector<std::string>& overrides = {}) {
    const auto file = files.write("main.yaml", text);
    expect_problem_in(file, problems_of(file, overrides),
                      file.string() + ":" + position_of(text, needle, occurrence), expected);
  }

  static void expect_problem_in(const std::filesystem::path& file,
                                const std::vector<std::string>& problems,
                                const std::string& location, const std::string& expected) {
    (void)file;
    const std::string wanted = location + ": " + expected;
    const bool found = std::any_of(problems.begin(), problems.end(),
                                   [&](const std::string& p) { return p.rfind(wanted, 0) == 0; });
    EXPECT_TRUE(found) << "expected a problem starting with\n  " << wanted
                       << "\ngot:" << joined(problems);
  }

  ScenarioFiles files;
};

TEST_F(ScenarioErrors, UnknownKeySuggestsTheClosestKey) {
  expect_problem(with("descripton: a storm\n"), "descripton",
                 "descripton: unknown key 'descripton'; did you mean 'description'?");
}

TEST_F(ScenarioErrors, UnknownNestedKeySuggestsItsSibling) {
  expect_problem(with("behaviour:\n  damage:\n    uninhabitable_damag: 0.5\n"), "uninhabitable",
                 "behaviour.damage.uninhabitable_damag: unknown key 'uninhabitable_damag'; did you "
                 "mean 'uninhabitable_damage'?");
}

TEST_F(ScenarioErrors, KeyInTheWrongGroupSuggestsWhereItBelongs) {
  expect_problem(with("behaviour:\n  damage:\n    coef_kin: 1\n"), "coef_kin",
                 "behaviour.damage.coef_kin: unknown key 'coef_kin'; did you mean "
                 "'behaviour.destination.coef_kin'?");
}

TEST_F(ScenarioErrors, WrongTypeForAWholeNumber) {
  expect_problem(with("seed: many\n"), "many", "seed: expected a whole number, found 'many'");
}

TEST_F(ScenarioErrors, FractionalValueForAWholeNumber) {
  expect_problem(replaced(kMinimalScenario, "steps: 3", "steps: 2.5"), "2.5",
                 "time.steps: expected a whole number, found '2.5'");
}

TEST_F(ScenarioErrors, WholeNumberTooLargeForItsMember) {
  expect_problem(replaced(kMinimalScenario, "steps: 3", "steps: 99999999999"), "99999999999",
                 "time.steps: value 99999999999 is too large");
}

TEST_F(ScenarioErrors, ScalarWhereAGroupIsExpected) {
  expect_problem(with("outputs: result.h5\n"), "result.h5",
                 "outputs: expected a map (with keys path, map_every_steps, record_flows), found a "
                 "scalar");
}

TEST_F(ScenarioErrors, ValueOutOfRange) {
  expect_problem(with("households:\n  agriculture_share: 1.5\n"), "1.5",
                 "households.agriculture_share: value 1.5 is out of range (allowed: 0 .. 1)");
}

TEST_F(ScenarioErrors, ModelParameterOutsideTheEnginesRangeIsLocatedInTheYaml) {
  // The ranges of behaviour.* keys are the engine's (parameter_ranges.hpp): a value the engine
  // would refuse is reported where it was written, with the engine's rule.
  expect_problem(with("behaviour:\n  destination:\n    candidate_cells: 2000\n"), "2000",
                 "behaviour.destination.candidate_cells: value 2000 is out of range (allowed: 0 "
                 ".. 1024)");
  expect_problem(with("behaviour:\n  damage: {uninhabitable_damage: 0}\n"), "0}",
                 "behaviour.damage.uninhabitable_damage: value 0 is out of range (allowed: > 0 "
                 "and <= 1)");
}

TEST_F(ScenarioErrors, HousingStockOutsideTheEnginesRangeIsLocatedInTheYaml) {
  expect_problem(with("housing_stocks:\n  - {regions: [VIR], fragility_mean: 20}\n"), "20}",
                 "housing_stocks.0.fragility_mean: value 20 is out of range (allowed: 0.1 .. 10)");
  expect_problem(with("housing_stocks:\n  - {fragility_mean: 2}\n"), "{fragility",
                 "housing_stocks.0.regions: missing required key");
}

TEST_F(ScenarioErrors, MissingRequiredTopLevelKeyPointsAtTheDocument) {
  const std::string text = replaced(kMinimalScenario, "name: tiny\n", "");
  expect_problem(text, "time:", "name: missing required key");
}

TEST_F(ScenarioErrors, MissingRequiredKeyOfAListItemPointsAtTheItem) {
  expect_problem(with("policies:\n  - {kind: cash_transfer}\n"), "{kind",
                 "policies.0.name: missing required key");
}

TEST_F(ScenarioErrors, MissingLayerKind) {
  files.touch("mask.tif");
  expect_problem(with("  coast:\n    path: mask.tif\n"), "path: mask",
                 "layers.coast.kind: missing required key");
}

TEST_F(ScenarioErrors, ImpossibleDate) {
  expect_problem(replaced(kMinimalScenario, "2017-09-01", "2017-02-30"), "2017-02-30",
                 "time.start: bad date '2017-02-30' (expected YYYY-MM-DD, YYYY-MM or YYYY)");
}

TEST_F(ScenarioErrors, LayerFileThatDoesNotExist) {
  expect_problem(replaced(kMinimalScenario, "pop.tif", "nowhere.tif"), "nowhere.tif",
                 "layers.population.path: file '" + (files.dir() / "nowhere.tif").string() +
                     "' does not exist");
}

TEST_F(ScenarioErrors, CycleInExtends) {
  files.write("a.yaml", "extends: b.yaml\nname: a\n");
  const std::string b_text = "name: b\nextends: a.yaml\n";
  const auto b = files.write("b.yaml", b_text);
  const auto problems = problems_of(files.dir() / "a.yaml");
  expect_problem_in(b, problems, b.string() + ":" + position_of(b_text, "a.yaml"),
                    "extends: cycle in extends: " + (files.dir() / "a.yaml").string() + " -> " +
                        b.string() + " -> " + (files.dir() / "a.yaml").string());
}

TEST_F(ScenarioErrors, MissingBaseFile) {
  expect_problem("extends: base/nothere.yaml\n" + std::string(kMinimalScenario), "base/",
                 "extends: base scenario file '" + (files.dir() / "base/nothere.yaml").string() +
                     "' does not exist");
}

TEST_F(ScenarioErrors, UnknownEnumValueSuggestsTheClosest) {
  expect_problem(replaced(kMinimalScenario, "  steps: 3\n", "  steps: 3\n  step: mnth\n"), "mnth",
                 "time.step: unknown value 'mnth' (allowed: day, week, month, year); did you mean "
                 "'month'?");
}

TEST_F(ScenarioErrors, PolicyTargetsAnUnknownLayer) {
  expect_problem(with("policies:\n  - {kind: early_warning, name: w, target: {mask: populaton}}\n"),
                 "populaton}",
                 "policies.0.target.mask: unknown layer 'populaton'; did you mean 'population'?");
}

TEST_F(ScenarioErrors, PolicyTargetsALayerOfTheWrongKind) {
  expect_problem(
      with("policies:\n  - {kind: early_warning, name: w, target: {mask: population}}\n"),
      "population}", "policies.0.target.mask: layer 'population' is not of kind mask");
}

TEST_F(ScenarioErrors, PolicyTargetsAdminCodesWithoutAnAdminLayer) {
  expect_problem(with("policies:\n  - {kind: cash_transfer, name: c, target: {admin: [PR]}}\n"),
                 "[PR]",
                 "policies.0.target.admin: targeting admin codes needs a layer of kind admin");
}

TEST_F(ScenarioErrors, DuplicatePolicyNames) {
  const std::string text = with(
      "policies:\n  - {kind: early_warning, name: warn}\n  - {kind: cash_transfer, name: "
      "warn}\n");
  const auto file = files.write("main.yaml", text);
  expect_problem(text, "warn}",
                 "policies.1.name: duplicate policy name 'warn' (first at " + file.string() + ":" +
                     position_of(text, "warn}") + ")",
                 1);
}

TEST_F(ScenarioErrors, DuplicateLayerNames) {
  expect_problem(with("  population:\n    kind: mask\n    path: pop.tif\n"),
                 "population:", "layers.population: duplicate key", 1);
}

TEST_F(ScenarioErrors, DuplicateShelterNames) {
  expect_problem(with("shelters:\n  - {name: gym, x: 0, y: 0, capacity_households: 5}\n  - {name: "
                      "gym, x: 1, y: 1, capacity_households: 5}\n"),
                 "gym", "shelters.1.name: duplicate shelter name 'gym'", 1);
}

TEST_F(ScenarioErrors, PolicyEndsBeforeItStarts) {
  expect_problem(
      with("policies:\n  - {kind: early_warning, name: w, start: 2017-10-01, end: 2017-09-05}\n"),
      "2017-09-05", "policies.0.end: end 2017-09-05 is before start 2017-10-01");
}

TEST_F(ScenarioErrors, RunEndsBeforeItStarts) {
  expect_problem(replaced(kMinimalScenario, "steps: 3", "end: 2017-08-01"), "2017-08-01",
                 "time.end: end 2017-08-01 is not after start 2017-09-01");
}

TEST_F(ScenarioErrors, StepsAndEndTogether) {
  expect_problem(replaced(kMinimalScenario, "steps: 3", "steps: 3\n  end: 2018-01-01"),
                 "2018-01-01", "time.end: give either time.steps or time.end, not both");
}

TEST_F(ScenarioErrors, KeyOfAnotherPolicyKind) {
  expect_problem(with("policies:\n  - {kind: cash_transfer, name: c, compliance: 0.5}\n"), "0.5",
                 "policies.0.compliance: key does not apply when kind is 'cash_transfer' (only "
                 "when kind is early_warning)");
}

TEST_F(ScenarioErrors, KeyOfAnotherLayerKind) {
  expect_problem(replaced(kMinimalScenario, "path: pop.tif", "path: pop.tif\n    hazard: wind"),
                 "wind",
                 "layers.population.hazard: key does not apply when kind is 'population' (only "
                 "when kind is hazard_events)");
}

TEST_F(ScenarioErrors, KeyOfAnotherCurveKind) {
  files.touch("wind.tif");
  expect_problem(with("  wind:\n    kind: hazard_events\n    path: wind.tif\n    hazard: wind\n"
                      "    curve: {kind: step, v_half_m_s: 70}\n"),
                 "70",
                 "layers.wind.curve.v_half_m_s: key does not apply when curve.kind is 'step' (only "
                 "when curve.kind is emanuel_wind)");
}

TEST_F(ScenarioErrors, TableCurveMustIncrease) {
  files.touch("flood.tif");
  expect_problem(with("  flood:\n    kind: hazard_events\n    path: flood.tif\n    hazard: flood\n"
                      "    curve: {kind: table, intensity: [0, 2, 1], damage: [0, 0.5, 1]}\n"),
                 "[0, 2, 1]",
                 "layers.flood.curve.intensity: intensities must be strictly increasing");
}

TEST_F(ScenarioErrors, YamlSyntaxErrorHasAPosition) {
  const std::string text = "name: tiny\ntime: {start: 2017-09-01\ngrid: x\n";
  const auto file = files.write("main.yaml", text);
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind(file.string() + ":3:", 0), 0u) << problems[0];
  EXPECT_NE(problems[0].find("YAML syntax error"), std::string::npos) << problems[0];
}

TEST_F(ScenarioErrors, GridReferencesAnUnknownLayer) {
  expect_problem(replaced(kMinimalScenario, "reference: population", "reference: populaton"),
                 "populaton",
                 "grid.reference: unknown layer 'populaton'; did you mean 'population'?");
}

TEST_F(ScenarioErrors, ListExpected) {
  expect_problem(with("shelters: stadium\n"), "stadium",
                 "shelters: expected a list, found a scalar");
}

TEST_F(ScenarioErrors, PathwayToAnUnknownDestination) {
  expect_problem(with("policies:\n  - {kind: migration_pathway, name: p, destination: Mars}\n"),
                 "Mars",
                 "policies.0.destination: unknown external destination 'Mars' (none is defined)");
}

TEST_F(ScenarioErrors, ScenarioWithoutPopulationLayer) {
  expect_problem(replaced(kMinimalScenario, "kind: population", "kind: mask"),
                 "population:", "layers: a scenario needs a population layer");
}

TEST_F(ScenarioErrors, NumberWithADecimalComma) {
  expect_problem(with("households:\n  wealth_median_usd: 1000,5\n"), "1000,5",
                 "households.wealth_median_usd: expected a number, found '1000,5'");
}

TEST_F(ScenarioErrors, BooleanExpected) {
  expect_problem(with("outputs:\n  record_flows: maybe\n"), "maybe",
                 "outputs.record_flows: expected true or false, found 'maybe'");
}

TEST_F(ScenarioErrors, ProblemInABaseFileIsReportedInTheBaseFile) {
  const std::string base_text = with("households:\n  agriculture_share: 2\n");
  const auto base = files.write("base/base.yaml", base_text);
  files.touch("base/pop.tif");
  const auto child = files.write("child.yaml", "extends: base/base.yaml\nname: child\n");
  expect_problem_in(child, problems_of(child), base.string() + ":" + position_of(base_text, "2\n"),
                    "households.agriculture_share: value 2 is out of range");
}

TEST_F(ScenarioErrors, OverrideValueOutOfRangeNamesTheOverride) {
  const auto file = files.write("main.yaml", kMinimalScenario);
  const std::string assignment = "households.agriculture_share=2";
  expect_problem_in(file, problems_of(file, {assignment}),
                    "--set " + assignment + ":1:" + std::to_string(assignment.find('=') + 2),
                    "households.agriculture_share: value 2 is out of range");
}

TEST_F(ScenarioErrors, OverrideIndexOutOfRange) {
  const auto file =
      files.write("main.yaml", with("policies:\n  - {kind: early_warning, name: w}\n"));
  const std::string assignment = "policies.3.compliance=1";
  expect_problem_in(file, problems_of(file, {assignment}), "--set " + assignment + ":1:1",
                    "policies.3: '3' is not an index of this list (it has 1 items)");
}

TEST_F(ScenarioErrors, EveryProblemIsReportedInOnePass) {
  const std::string text = replaced(with("seed: many\nhouseholds:\n  agriculture_share: 7\n"),
                                    "2017-09-01", "2017-13-01");
  const auto file = files.write("main.yaml", text);
  const auto problems = problems_of(file);
  EXPECT_EQ(problems.size(), 3u) << joined(problems);
  try {
    (void)load_scenario(file);
    FAIL() << "expected ScenarioError";
  } catch (const InputError& error) {
    const std::string what = error.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 2) << what;
  }
}

}  // namespace
}  // namespace displace::scenario::testing

namespace displace::scenario::testing {
namespace {

class StormTrackErrors : public ScenarioErrors {
 protected:
  void SetUp() override {
    ScenarioErrors::SetUp();
    files.touch("tracks.nc");
  }
};

constexpr std::string_view kStormLayer = R"(  storms:
    kind: storm_track
    path: tracks.nc
    storms: [MARIA 2017]
)";

TEST_F(StormTrackErrors, StormsAreRequired) {
  expect_problem(with("  storms:\n    kind: storm_track\n    path: tracks.nc\n"), "kind: storm",
                 "layers.storms.storms: missing required key");
}

TEST_F(StormTrackErrors, ResolutionOutOfRangeIsLocated) {
  expect_problem(with(std::string(kStormLayer) + "    resolution_deg: 1\n"), "1\n",
                 "layers.storms.resolution_deg: value 1 is out of range (allowed: 0.001 .. 0.25)",
                 1);
}

TEST_F(StormTrackErrors, RainTableCurveNeedsIncreasingIntensities) {
  expect_problem(with(std::string(kStormLayer) +
                      "    rain:\n      curve: {kind: table, intensity: [300, 100], damage: [0, "
                      "1]}\n"),
                 "[300",
                 "layers.storms.rain.curve.intensity: intensities must be strictly "
                 "increasing");
}

TEST_F(StormTrackErrors, HazardKeyBelongsToHazardEventsOnly) {
  expect_problem(with(std::string(kStormLayer) + "    hazard: wind\n"), "wind\n",
                 "layers.storms.hazard: key does not apply when kind is 'storm_track' (only when "
                 "kind is hazard_events)");
}

TEST_F(StormTrackErrors, AStormTrackCannotBeTheGridReference) {
  expect_problem(replaced(with(kStormLayer), "reference: population", "reference: storms"),
                 "storms\n", "grid.reference: layer 'storms' is a storm track, not a raster");
}

}  // namespace
}  // namespace displace::scenario::testing
