// Composition: the `extends` chain (maps merged, lists replaced), `--set` overrides, and relative
// paths resolved against the file that wrote them.
#include <gtest/gtest.h>

#include <algorithm>

#include "scenario_files.hpp"

namespace displace::scenario::testing {
namespace {

const LayerSpec& layer_named(const Scenario& scenario, std::string_view name) {
  for (const auto& layer : scenario.layers) {
    if (layer.name == name) return layer;
  }
  throw std::logic_error("no such layer");
}

class ScenarioComposition : public ::testing::Test {
 protected:
  /// grand/grand.yaml <- parent/parent.yaml <- child/child.yaml
  void write_chain() {
    files.touch("grand/pop.tif");
    files.touch("parent/wind.tif");
    files.write("grand/grand.yaml", R"(name: grand
description: the base of everything
seed: 7
time: {start: 2017-09-01, step: month, steps: 12}
grid: {reference: population}
layers:
  population: {kind: population, path: pop.tif, units: people}
households:
  wealth_median_usd: 10000
  income_sigma_log: 0.9
external_destinations:
  - {name: mainland, distance_km: 1700}
policies:
  - {kind: early_warning, name: grand-warning}
outputs: {path: grand.h5, map_every_steps: 2}
)");
    files.write("parent/parent.yaml", R"(extends: ../grand/grand.yaml
name: parent
layers:
  wind:
    kind: hazard_events
    path: wind.tif
    hazard: wind
    events: [{band: 1, date: 2017-09-20}]
households:
  income_sigma_log: 0.5
policies:
  - {kind: early_warning, name: parent-warning, compliance: 0.9}
  - {kind: cash_transfer, name: parent-cash}
)");
    files.write("child/child.yaml", R"(extends: ../parent/parent.yaml
name: child
description: ~
layers:
  population: {units: persons}
households:
  agriculture_share: 0.35
policies:
  - {kind: return_support, name: child-return}
outputs: {path: out/child.h5}
)");
  }

  ScenarioFiles files;
};

TEST_F(ScenarioComposition, ExtendsChainMergesMapsKeyByKey) {
  write_chain();
  const Scenario s = load_scenario(files.dir() / "child/child.yaml");
  EXPECT_EQ(s.name, "child");
  EXPECT_EQ(s.seed, 7u);                                     // from grand, untouched
  EXPECT_EQ(s.model.synthesis.wealth_median_usd, 10000.0);   // grand
  EXPECT_EQ(s.model.synthesis.income_sigma_log, 0.5);        // parent over grand
  EXPECT_EQ(s.model.synthesis.agriculture_share, 0.35);      // child
  EXPECT_EQ(s.output.map_every_steps, 2);                    // grand's outputs map merged
  ASSERT_EQ(s.layers.size(), 2u);                            // grand's + parent's layer
  EXPECT_EQ(layer_named(s, "population").units, "persons");  // child over grand, key by key
  EXPECT_EQ(layer_named(s, "population").kind, LayerKind::population);
  ASSERT_EQ(layer_named(s, "wind").events.size(), 1u);
}

TEST_F(ScenarioComposition, SourceFilesListEveryFileTheScenarioReads) {
  // What outputs are checked against (app/path_safety): the whole chain and every file a layer
  // reads, kept out of the resolved YAML.
  write_chain();
  files.touch("child/regions.shp");
  files.touch("child/t2030.tif");
  files.touch("child/t2040.tif");
  files.touch("child/rain.nc");
  files.write("child/layers.yaml", R"(extends: child.yaml
layers:
  regions: {kind: admin, path: regions.shp, code_field: CODE}
  heat:
    kind: climate_series
    files: [{path: t2030.tif, date: 2030}, {path: t2040.tif, date: 2040-06}]
)");
  const std::string netcdf = "NETCDF:\"" + (files.dir() / "child/rain.nc").string() + "\":rain";
  const Scenario s = load_scenario(files.dir() / "child/layers.yaml",
                                   {"layers.rain={kind: attractiveness, path: '" + netcdf + "'}"});
  const auto has = [&](const std::filesystem::path& relative) {
    const auto file = files.dir() / relative;
    return std::find(s.source_files.begin(), s.source_files.end(), file) != s.source_files.end();
  };
  ASSERT_GE(s.source_files.size(), 4u);
  EXPECT_EQ(s.source_files[0], files.dir() / "child/layers.yaml");  // top first, then its bases
  EXPECT_EQ(s.source_files[1], files.dir() / "child/child.yaml");
  EXPECT_EQ(s.source_files[2], files.dir() / "parent/parent.yaml");
  EXPECT_EQ(s.source_files[3], files.dir() / "grand/grand.yaml");
  for (const char* file : {"grand/pop.tif", "parent/wind.tif", "child/regions.shp",
                           "child/regions.shx", "child/regions.dbf", "child/regions.prj",
                           "child/t2030.tif", "child/t2040.tif", "child/rain.nc"}) {
    EXPECT_TRUE(has(file)) << file;
  }
  EXPECT_EQ(s.resolved_yaml.find("grand.yaml"), std::string::npos) << s.resolved_yaml;
}

TEST_F(ScenarioComposition, ExtendsChainReplacesLists) {
  write_chain();
  const Scenario s = load_scenario(files.dir() / "child/child.yaml");
  ASSERT_EQ(s.policies.size(), 1u);  // child's list replaces parent's, which replaced grand's
  EXPECT_EQ(s.policies[0].policy.name, "child-return");
  EXPECT_EQ(s.policies[0].policy.kind, engine::PolicyKind::return_support);
  ASSERT_EQ(s.externals.size(), 1u);  // not redefined below grand: kept
  EXPECT_EQ(s.externals[0].name, "mainland");

  const Scenario parent = load_scenario(files.dir() / "parent/parent.yaml");
  ASSERT_EQ(parent.policies.size(), 2u);
  EXPECT_EQ(parent.policies[0].policy.name, "parent-warning");
  EXPECT_EQ(parent.policies[0].policy.compliance, 0.9);
}

TEST_F(ScenarioComposition, NullInADerivedFileRestoresTheDefault) {
  write_chain();
  EXPECT_EQ(load_scenario(files.dir() / "parent/parent.yaml").description,
            "the base of everything");
  EXPECT_EQ(load_scenario(files.dir() / "child/child.yaml").description, "");
}

TEST_F(ScenarioComposition, RelativePathsResolveAgainstTheFileThatNamesThem) {
  write_chain();
  const Scenario s = load_scenario(files.dir() / "child/child.yaml");
  EXPECT_EQ(layer_named(s, "population").path, files.dir() / "grand/pop.tif");
  EXPECT_EQ(layer_named(s, "wind").path, files.dir() / "parent/wind.tif");
  EXPECT_EQ(s.output.path, files.dir() / "child/out/child.h5");
  EXPECT_EQ(s.source_file, files.dir() / "child/child.yaml");
}

TEST_F(ScenarioComposition, OverridePathReplacesTheBaseValueAndResolvesAgainstItsFile) {
  write_chain();
  files.touch("child/pop2.tif");
  files.write("child/moved.yaml",
              "extends: ../parent/parent.yaml\nlayers:\n  population: {path: pop2.tif}\n");
  const Scenario s = load_scenario(files.dir() / "child/moved.yaml");
  EXPECT_EQ(layer_named(s, "population").path, files.dir() / "child/pop2.tif");
  EXPECT_EQ(layer_named(s, "population").units, "people");
}

TEST_F(ScenarioComposition, SetOverridesAScalar) {
  write_chain();
  const Scenario s = load_scenario(files.dir() / "child/child.yaml",
                                   {"households.wealth_median_usd=30000", "seed=99"});
  EXPECT_EQ(s.model.synthesis.wealth_median_usd, 30000.0);
  EXPECT_EQ(s.seed, 99u);
}

TEST_F(ScenarioComposition, SetOverridesAListItemByIndex) {
  write_chain();
  const Scenario s = load_scenario(files.dir() / "parent/parent.yaml",
                                   {"policies.0.compliance=0.25", "policies.1.amount_usd=500"});
  EXPECT_EQ(s.policies[0].policy.compliance, 0.25);
  EXPECT_EQ(s.policies[1].policy.amount_usd, 500.0);
}

TEST_F(ScenarioComposition, SetCreatesMissingGroupsAndTakesYamlValues) {
  write_chain();
  const Scenario s =
      load_scenario(files.dir() / "child/child.yaml",
                    {"behaviour.aspiration.intercept=-4.5",
                     "policies=[{kind: shelter, name: s, shelters: []}]", "time.step=week"});
  EXPECT_EQ(s.model.aspiration.intercept, -4.5);
  ASSERT_EQ(s.policies.size(), 1u);
  EXPECT_EQ(s.policies[0].policy.kind, engine::PolicyKind::shelter);
  EXPECT_EQ(s.time.step_length, StepLength::week);
}

TEST_F(ScenarioComposition, SetRelativePathResolvesAgainstTheCurrentDirectory) {
  write_chain();
  files.touch("elsewhere/pop3.tif");
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(files.dir() / "elsewhere");
  Scenario s;
  try {
    s = load_scenario(files.dir() / "child/child.yaml", {"layers.population.path=pop3.tif"});
  } catch (...) {
    std::filesystem::current_path(previous);
    throw;
  }
  std::filesystem::current_path(previous);
  EXPECT_EQ(layer_named(s, "population").path,
            std::filesystem::weakly_canonical(files.dir() / "elsewhere") / "pop3.tif");
}

}  // namespace
}  // namespace displace::scenario::testing
