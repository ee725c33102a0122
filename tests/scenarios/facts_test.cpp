// The facts a run file's recorded scenario gives its readers (the report): read from the resolved
// YAML the loader writes, and a damaged text reported with its position instead of skipped.
#include "displace/scenario/facts.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "displace/scenario/load.hpp"
#include "scenario_files.hpp"

namespace displace::scenario {
namespace {

const std::string kExamples = DISPLACE_SCENARIO_EXAMPLES_DIR;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ScenarioFacts, ReadTheResolvedScenarioOfTheCoastalStormExample) {
  // The example names placeholder data files: copied next to empty ones, it loads.
  const testing::ScenarioFiles files;
  std::ifstream example(kExamples + "/coastal-storm.yaml");
  std::stringstream text;
  text << example.rdbuf();
  for (const char* data : {"data/population.tif", "data/districts.tif", "data/coastal_zone.tif",
                           "data/storm_wind.tif", "data/tas_anomaly.nc"}) {
    files.touch(data);
  }
  const Scenario loaded = load_scenario(files.write("coastal-storm.yaml", text.str()));
  const ScenarioFacts facts = scenario_facts(loaded.resolved_yaml, "run.h5 (scenario_yaml)");
  EXPECT_EQ(facts.name, "coastal-storm");
  EXPECT_EQ(facts.start, "2017-09-01");
  EXPECT_EQ(facts.end, "2019-09-01");
  EXPECT_EQ(facts.step, "month");
  ASSERT_EQ(facts.hazards.size(), 1U);
  EXPECT_EQ(facts.hazards[0].hazard, "wind");
  ASSERT_FALSE(facts.hazards[0].events.empty());
  EXPECT_EQ(facts.hazards[0].events[0],
            (std::pair<std::string, std::string>{"Maria", "2017-09-20"}));
  EXPECT_EQ(facts.hazards[0].events_per_year, 0.0);
  EXPECT_EQ(facts.climate_drivers, (std::vector<std::string>{"heat"}));
  ASSERT_GE(facts.policies.size(), 3U);
  EXPECT_EQ(facts.policies[0].kind, "early_warning");
  EXPECT_EQ(facts.policies[0].name, "sms-warning");
  EXPECT_EQ(facts.policies[0].start, "2017-09-15");
  ASSERT_FALSE(facts.destinations.empty());
  EXPECT_EQ(facts.destinations[0], "mainland");
  EXPECT_TRUE(facts.counterfactual.empty());
}

TEST(ScenarioFacts, ReadTheYearlySamplingOfTheCaribbeanScenario) {
  const Scenario loaded = load_scenario(kExamples + "/../caribbean-2050/a1b.yaml");
  const ScenarioFacts facts = scenario_facts(loaded.resolved_yaml, "run.h5 (scenario_yaml)");
  EXPECT_EQ(facts.name, "caribbean-2050-a1b");
  ASSERT_FALSE(facts.hazards.empty());
  EXPECT_DOUBLE_EQ(facts.hazards[0].events_per_year, 1.318);
  EXPECT_EQ(facts.hazards[0].first_year, 2020);
  EXPECT_EQ(facts.hazards[0].last_year, 2050);
}

TEST(ScenarioFacts, AStormTrackLayerIsAHazardWithItsStorms) {
  // The Maria baseline's storms come from the tracks: the report must not say "no hazard".
  const Scenario loaded = load_scenario(kExamples + "/../maria-2017/baseline.yaml");
  const ScenarioFacts facts = scenario_facts(loaded.resolved_yaml, "run.h5 (scenario_yaml)");
  ASSERT_EQ(facts.hazards.size(), 1U);
  EXPECT_EQ(facts.hazards[0].hazard, "wind, rain (storm_track)");
  EXPECT_EQ(facts.hazards[0].events, (std::vector<std::pair<std::string, std::string>>{
                                         {"2017242N16333", ""}, {"2017260N12310", ""}}));
  const ScenarioFacts dry = scenario_facts(
      "layers:\n  storm: {kind: storm_track, storms: [MARIA 2017], rain: {enabled: false}}\n",
      "run.h5");
  ASSERT_EQ(dry.hazards.size(), 1U);
  EXPECT_EQ(dry.hazards[0].hazard, "wind (storm_track)");
  ASSERT_EQ(dry.hazards[0].events.size(), 1U);
  EXPECT_EQ(dry.hazards[0].events[0].first, "MARIA 2017");
}

TEST(ScenarioFacts, APartialOrEmptyTextGivesPartialFacts) {
  const ScenarioFacts partial = scenario_facts("name: baseline\nseed: 42\n", "run.h5");
  EXPECT_EQ(partial.name, "baseline");
  EXPECT_TRUE(partial.hazards.empty());
  EXPECT_TRUE(partial.start.empty());
  const ScenarioFacts none = scenario_facts("", "run.h5");
  EXPECT_TRUE(none.name.empty());
}

TEST(ScenarioFacts, ASyntaxErrorIsReportedWithItsPosition) {
  try {
    (void)scenario_facts("name: x\ntime: [2017\n", "run.h5 (scenario_yaml)");
    FAIL() << "a damaged scenario text gave facts";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.problems().size(), 1U) << e.what();
    EXPECT_TRUE(contains(e.problems()[0], "run.h5 (scenario_yaml):")) << e.what();
    EXPECT_TRUE(contains(e.problems()[0], "YAML syntax error")) << e.what();
  }
}

TEST(ScenarioFacts, PiecesOfTheWrongShapeAreEachReported) {
  const std::string text =
      "name: [a, b]\n"
      "layers:\n"
      "  storms:\n"
      "    kind: hazard_events\n"
      "    sampling: {events_per_year: lots, first_year: 2020.5}\n"
      "policies: {kind: shelter}\n";
  try {
    (void)scenario_facts(text, "run.h5 (scenario_yaml)");
    FAIL() << "pieces of the wrong shape were skipped";
  } catch (const ScenarioError& e) {
    const auto& problems = e.problems();
    ASSERT_EQ(problems.size(), 4U) << e.what();
    EXPECT_EQ(problems[0], "run.h5 (scenario_yaml):1:7: name: expected a text, found a list");
    EXPECT_EQ(problems[1],
              "run.h5 (scenario_yaml):5:33: layers.storms.sampling.events_per_year: expected a "
              "number, found 'lots'");
    EXPECT_EQ(problems[2],
              "run.h5 (scenario_yaml):5:51: layers.storms.sampling.first_year: expected a whole "
              "number, found '2020.5'");
    EXPECT_EQ(problems[3], "run.h5 (scenario_yaml):6:11: policies: expected a list, found a map");
  }
}

}  // namespace
}  // namespace displace::scenario
