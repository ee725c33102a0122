// Loading valid scenarios: defaults come from the engine structs, every group of keys binds to its
// member, derived values (step count, policy start) are filled, and the resolved YAML round-trips.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "displace/scenario/calibration.hpp"
#include "scenario_files.hpp"

namespace displace::scenario::testing {
namespace {

void expect_same_model(const engine::ModelParameters& a, const engine::ModelParameters& b) {
  EXPECT_EQ(a.synthesis.mean_household_size_people, b.synthesis.mean_household_size_people);
  EXPECT_EQ(a.synthesis.households_per_agent, b.synthesis.households_per_agent);
  EXPECT_EQ(a.synthesis.wealth_median_usd, b.synthesis.wealth_median_usd);
  EXPECT_EQ(a.synthesis.wealth_sigma_log, b.synthesis.wealth_sigma_log);
  EXPECT_EQ(a.synthesis.income_median_usd_per_year, b.synthesis.income_median_usd_per_year);
  EXPECT_EQ(a.synthesis.income_sigma_log, b.synthesis.income_sigma_log);
  EXPECT_EQ(a.synthesis.wealth_income_correlation, b.synthesis.wealth_income_correlation);
  EXPECT_EQ(a.synthesis.agriculture_share, b.synthesis.agriculture_share);
  EXPECT_EQ(a.synthesis.fragility_sigma_log, b.synthesis.fragility_sigma_log);
  EXPECT_EQ(a.synthesis.fragility_mean, b.synthesis.fragility_mean);
  EXPECT_EQ(a.synthesis.female_headed_share, b.synthesis.female_headed_share);
  EXPECT_EQ(a.synthesis.with_children_share, b.synthesis.with_children_share);
  EXPECT_EQ(a.synthesis.with_elderly_share, b.synthesis.with_elderly_share);
  EXPECT_EQ(a.synthesis.with_disability_share, b.synthesis.with_disability_share);
  EXPECT_EQ(a.synthesis.kin_other_region_share, b.synthesis.kin_other_region_share);
  EXPECT_EQ(a.damage.uninhabitable_damage, b.damage.uninhabitable_damage);
  EXPECT_EQ(a.damage.dwelling_share_of_wealth, b.damage.dwelling_share_of_wealth);
  EXPECT_EQ(a.damage.heat_income_loss_per_k, b.damage.heat_income_loss_per_k);
  EXPECT_EQ(a.damage.heat_income_loss_nonagri_ratio, b.damage.heat_income_loss_nonagri_ratio);
  EXPECT_EQ(a.damage.savings_rate, b.damage.savings_rate);
  EXPECT_EQ(a.evacuation.trigger_damage, b.evacuation.trigger_damage);
  EXPECT_EQ(a.evacuation.coverage, b.evacuation.coverage);
  EXPECT_EQ(a.evacuation.compliance, b.evacuation.compliance);
  EXPECT_EQ(a.evacuation.full_compliance_damage, b.evacuation.full_compliance_damage);
  EXPECT_EQ(a.evacuation.warning_alone_share, b.evacuation.warning_alone_share);
  EXPECT_EQ(a.services.restoration_half_life_min_years, b.services.restoration_half_life_min_years);
  EXPECT_EQ(a.services.restoration_half_life_max_years, b.services.restoration_half_life_max_years);
  EXPECT_EQ(a.services.livelihood_loss_per_services_loss,
            b.services.livelihood_loss_per_services_loss);
  EXPECT_EQ(a.services.livelihood_loss_per_damage, b.services.livelihood_loss_per_damage);
  EXPECT_EQ(a.services.livelihood_half_life_years, b.services.livelihood_half_life_years);
  EXPECT_EQ(a.services.displacement_per_year, b.services.displacement_per_year);
  EXPECT_EQ(a.aspiration.coef_services_loss, b.aspiration.coef_services_loss);
  EXPECT_EQ(a.aspiration.intercept, b.aspiration.intercept);
  EXPECT_EQ(a.aspiration.coef_damage, b.aspiration.coef_damage);
  EXPECT_EQ(a.aspiration.coef_income_loss, b.aspiration.coef_income_loss);
  EXPECT_EQ(a.aspiration.coef_heat_per_k, b.aspiration.coef_heat_per_k);
  EXPECT_EQ(a.aspiration.coef_kin_external, b.aspiration.coef_kin_external);
  EXPECT_EQ(a.aspiration.coef_displaced, b.aspiration.coef_displaced);
  EXPECT_EQ(a.aspiration.coef_with_elderly, b.aspiration.coef_with_elderly);
  EXPECT_EQ(a.aspiration.coef_with_disability, b.aspiration.coef_with_disability);
  EXPECT_EQ(a.aspiration.trapped_aspiration_half_life_years,
            b.aspiration.trapped_aspiration_half_life_years);
  EXPECT_EQ(a.destination.candidate_cells, b.destination.candidate_cells);
  EXPECT_EQ(a.destination.move_cost_base_usd, b.destination.move_cost_base_usd);
  EXPECT_EQ(a.destination.move_cost_per_km_usd, b.destination.move_cost_per_km_usd);
  EXPECT_EQ(a.destination.coef_attractiveness, b.destination.coef_attractiveness);
  EXPECT_EQ(a.destination.coef_distance_per_100km, b.destination.coef_distance_per_100km);
  EXPECT_EQ(a.destination.displacement_distance_multiplier,
            b.destination.displacement_distance_multiplier);
  EXPECT_EQ(a.destination.coef_hazard_damage, b.destination.coef_hazard_damage);
  EXPECT_EQ(a.destination.coef_kin, b.destination.coef_kin);
  EXPECT_EQ(a.destination.coef_crowding, b.destination.coef_crowding);
  EXPECT_EQ(a.destination.coef_shelter, b.destination.coef_shelter);
  EXPECT_EQ(a.destination.coef_journey_cost_per_1000usd,
            b.destination.coef_journey_cost_per_1000usd);
  EXPECT_EQ(a.destination.coef_external, b.destination.coef_external);
  EXPECT_EQ(a.destination.coef_other_region, b.destination.coef_other_region);
  EXPECT_EQ(a.recovery.recovery_rate_per_year, b.recovery.recovery_rate_per_year);
  EXPECT_EQ(a.recovery.recovery_wealth_elasticity, b.recovery.recovery_wealth_elasticity);
  EXPECT_EQ(a.recovery.return_rate_per_year, b.recovery.return_rate_per_year);
  EXPECT_EQ(a.recovery.evacuation_return_steps, b.recovery.evacuation_return_steps);
  EXPECT_EQ(a.recovery.protracted_after_years, b.recovery.protracted_after_years);
  EXPECT_EQ(a.recovery.protracted_to_migrated_per_year, b.recovery.protracted_to_migrated_per_year);
  EXPECT_EQ(a.recovery.migrant_return_per_year, b.recovery.migrant_return_per_year);
}

void expect_same_policy_parameters(const engine::Policy& a, const engine::Policy& b) {
  EXPECT_EQ(a.coverage, b.coverage);
  EXPECT_EQ(a.compliance, b.compliance);
  EXPECT_EQ(a.amount_usd, b.amount_usd);
  EXPECT_EQ(a.eligible_wealth_quantile, b.eligible_wealth_quantile);
  EXPECT_EQ(a.efficacy, b.efficacy);
  EXPECT_EQ(a.uptake, b.uptake);
  EXPECT_EQ(a.uptake_per_step, b.uptake_per_step);
  EXPECT_EQ(a.capacity_households, b.capacity_households);
  EXPECT_EQ(a.cost_reduction, b.cost_reduction);
  EXPECT_EQ(a.quota_per_step_households, b.quota_per_step_households);
  EXPECT_EQ(a.recovery_multiplier, b.recovery_multiplier);
  EXPECT_EQ(a.return_incentive, b.return_incentive);
}

/// Copies the committed examples into `files` with empty placeholder layer files.
void copy_examples(const ScenarioFiles& files) {
  for (const char* name : {"coastal-storm.yaml", "coastal-storm-relocation.yaml"}) {
    std::ifstream in(std::filesystem::path(DISPLACE_SCENARIO_EXAMPLES_DIR) / name);
    std::ostringstream text;
    text << in.rdbuf();
    files.write(name, text.str());
  }
  for (const char* data : {"population.tif", "districts.tif", "coastal_zone.tif", "storm_wind.tif",
                           "tas_anomaly.nc"}) {
    files.touch(std::filesystem::path("data") / data);
  }
}

TEST(ScenarioDefaults, EveryModelDefaultIsTheEngineDefault) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const Scenario s = load_scenario(files.write("s.yaml", kMinimalScenario));
  expect_same_model(s.model, engine::ModelParameters{});
  EXPECT_EQ(s.seed, Scenario{}.seed);
  EXPECT_EQ(s.threads, Scenario{}.threads);
  EXPECT_EQ(s.output.map_every_steps, OutputSpec{}.map_every_steps);
  EXPECT_EQ(s.output.record_flows, OutputSpec{}.record_flows);
  EXPECT_EQ(s.time.step_length, TimeSpec{}.step_length);
  EXPECT_EQ(s.layers[0].resampling, LayerSpec{}.resampling);
  EXPECT_EQ(s.layers[0].band, LayerSpec{}.band);
}

TEST(ScenarioDefaults, EveryPolicyAndPlaceDefaultIsTheEngineDefault) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const Scenario s = load_scenario(files.write(
      "s.yaml", std::string(kMinimalScenario) +
                    "external_destinations: [{name: abroad}]\npolicies:\n"
                    "  - {kind: early_warning, name: a}\n  - {kind: cash_transfer, name: b}\n"
                    "  - {kind: adaptation_subsidy, name: c}\n"
                    "  - {kind: planned_relocation, name: d, site: abroad}\n"
                    "  - {kind: migration_pathway, name: e, destination: abroad}\n"
                    "  - {kind: return_support, name: f}\n"));
  ASSERT_EQ(s.policies.size(), 6u);
  for (const auto& policy : s.policies)
    expect_same_policy_parameters(policy.policy, {});
  const engine::ExternalDestination defaults{};
  EXPECT_EQ(s.externals[0].distance_km, defaults.distance_km);
  EXPECT_EQ(s.externals[0].diaspora_people, defaults.diaspora_people);
  EXPECT_EQ(s.externals[0].kin_share, defaults.kin_share);
  EXPECT_EQ(s.externals[0].entry_share, defaults.entry_share);
  EXPECT_EQ(s.externals[0].capacity_households, defaults.capacity_households);
}

// When the engine adds a coefficient, this fails until the schema binds it (scenario_schema.cpp)
// and the expectations above list it.
TEST(ScenarioDefaults, SchemaBindsEveryEngineParameter) {
  EXPECT_EQ(sizeof(engine::SynthesisParameters),
            15 * sizeof(double) + sizeof(std::vector<engine::HousingStock>));
  EXPECT_EQ(sizeof(engine::DamageParameters), 5 * sizeof(double));
  EXPECT_EQ(sizeof(engine::EvacuationParameters), 5 * sizeof(double));
  EXPECT_EQ(sizeof(engine::ServicesParameters), 6 * sizeof(double));
  EXPECT_EQ(sizeof(engine::AspirationParameters), 10 * sizeof(double));
  EXPECT_EQ(sizeof(engine::DestinationParameters), 13 * sizeof(double));
  EXPECT_EQ(sizeof(engine::ReturnParameters), 7 * sizeof(double));
}

TEST(ScenarioLoading, FullExampleBindsEveryGroup) {
  ScenarioFiles files;
  copy_examples(files);
  const Scenario s = load_scenario(files.dir() / "coastal-storm.yaml");
  EXPECT_EQ(s.name, "coastal-storm");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.time.start, (CivilDate{2017, 9, 1}));
  EXPECT_EQ(s.time.step_count, 24);
  EXPECT_EQ(s.grid.reference_layer, "population");
  ASSERT_EQ(s.layers.size(), 5u);
  EXPECT_EQ(s.layers[1].kind, LayerKind::admin);
  ASSERT_EQ(s.layers[1].code_names.size(), 2u);
  EXPECT_EQ(s.layers[1].code_names[1], (std::pair<std::string, std::string>{"2", "South"}));
  const LayerSpec& wind = s.layers[3];
  EXPECT_EQ(wind.path, files.dir() / "data/storm_wind.tif");
  EXPECT_EQ(wind.hazard, "wind");
  EXPECT_EQ(wind.curve.kind, engine::CurveKind::emanuel_wind);
  ASSERT_EQ(wind.events.size(), 1u);
  EXPECT_EQ(wind.events[0].id, "2017260N12310");
  EXPECT_EQ(wind.events[0].date, (CivilDate{2017, 9, 20}));
  const LayerSpec& heat = s.layers[4];
  EXPECT_EQ(heat.variable, "tas");
  EXPECT_EQ(heat.baseline_first_year, 1981);
  EXPECT_EQ(heat.baseline_last_year, 2010);
  EXPECT_EQ(s.model.synthesis.mean_household_size_people, 2.8);
  EXPECT_EQ(s.model.destination.move_cost_base_usd, 1500.0);
  EXPECT_EQ(s.model.recovery.recovery_rate_per_year, 0.4);
  ASSERT_EQ(s.externals.size(), 1u);
  EXPECT_EQ(s.externals[0].distance_km, 1700.0);
  ASSERT_EQ(s.shelters.size(), 1u);
  EXPECT_EQ(s.shelters[0].x, -66.07);
  ASSERT_EQ(s.policies.size(), 3u);
  EXPECT_EQ(s.policies[0].policy.coverage, 0.9);
  EXPECT_EQ(s.policies[0].target_mask_layer, "coast");
  EXPECT_EQ(s.policies[0].end, (CivilDate{2017, 9, 30}));
  EXPECT_EQ(s.policies[1].shelter_names, std::vector<std::string>{"stadium"});
  EXPECT_EQ(s.policies[2].target_admin_codes, std::vector<std::string>{"2"});
  EXPECT_EQ(s.output.path, files.dir() / "out/coastal-storm.h5");
  EXPECT_EQ(s.output.map_every_steps, 6);
}

TEST(ScenarioLoading, ExtendingExampleReplacesThePolicies) {
  ScenarioFiles files;
  copy_examples(files);
  const Scenario s = load_scenario(files.dir() / "coastal-storm-relocation.yaml");
  EXPECT_EQ(s.name, "coastal-storm-relocation");
  ASSERT_EQ(s.policies.size(), 1u);
  EXPECT_EQ(s.policies[0].policy.kind, engine::PolicyKind::planned_relocation);
  EXPECT_EQ(s.policies[0].site_name, "mainland");
  EXPECT_EQ(s.policies[0].policy.uptake_per_step, 0.05);
  EXPECT_EQ(s.layers.size(), 5u);
}

TEST(ScenarioLoading, ResolvedYamlRoundTrips) {
  ScenarioFiles files;
  copy_examples(files);
  const Scenario first = load_scenario(files.dir() / "coastal-storm.yaml");
  // Written elsewhere: the resolved paths are absolute, so it loads from any folder.
  const auto resolved = files.write("other/resolved.yaml", first.resolved_yaml);
  const Scenario second = load_scenario(resolved);
  EXPECT_EQ(second.resolved_yaml, first.resolved_yaml);
  expect_same_model(second.model, first.model);
  EXPECT_EQ(second.time.step_count, first.time.step_count);
  EXPECT_EQ(second.time.end, first.time.end);
  ASSERT_EQ(second.layers.size(), first.layers.size());
  for (std::size_t i = 0; i < first.layers.size(); ++i) {
    EXPECT_EQ(second.layers[i].name, first.layers[i].name);
    EXPECT_EQ(second.layers[i].path, first.layers[i].path);
    EXPECT_EQ(second.layers[i].kind, first.layers[i].kind);
  }
  ASSERT_EQ(second.policies.size(), first.policies.size());
  for (std::size_t i = 0; i < first.policies.size(); ++i) {
    EXPECT_EQ(second.policies[i].start, first.policies[i].start);
    EXPECT_EQ(second.policies[i].end, first.policies[i].end);
    expect_same_policy_parameters(second.policies[i].policy, first.policies[i].policy);
  }
  EXPECT_EQ(second.output.path, first.output.path);
}

TEST(ScenarioLoading, ResolvedYamlListsDefaultsAndAbsolutePaths) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const Scenario s = load_scenario(files.write("s.yaml", kMinimalScenario));
  EXPECT_NE(s.resolved_yaml.find("uninhabitable_damage: 0.55"), std::string::npos)
      << s.resolved_yaml;
  EXPECT_NE(s.resolved_yaml.find("path: " + (files.dir() / "pop.tif").string()), std::string::npos)
      << s.resolved_yaml;
  EXPECT_EQ(s.resolved_yaml.find("extends"), std::string::npos);
}

struct EndCase {
  const char* step;
  const char* end;
  int expected_steps;
};

TEST(ScenarioLoading, EndDateGivesTheStepsThatStartBeforeIt) {
  ScenarioFiles files;
  files.touch("pop.tif");
  for (const EndCase c : {EndCase{"month", "2019-09-01", 24}, EndCase{"month", "2019-09-02", 25},
                          EndCase{"day", "2017-09-11", 10}, EndCase{"week", "2017-09-16", 3},
                          EndCase{"year", "2050-01-01", 33}}) {
    const Scenario s = load_scenario(
        files.write("s.yaml", kMinimalScenario),
        {std::string("time.step=") + c.step, "time.steps=~", std::string("time.end=") + c.end});
    EXPECT_EQ(s.time.step_count, c.expected_steps) << c.step << " until " << c.end;
  }
}

TEST(ScenarioLoading, SeedTakesTheWhole64BitRangeAbove32Bits) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const Scenario s =
      load_scenario(files.write("s.yaml", kMinimalScenario), {"seed=123456789012345"});
  EXPECT_EQ(s.seed, 123456789012345u);
}

TEST(ScenarioLoading, PolicyStartDefaultsToTheRunStart) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const Scenario s = load_scenario(files.write(
      "s.yaml", std::string(kMinimalScenario) + "policies: [{kind: return_support, name: r}]\n"));
  EXPECT_EQ(s.policies[0].start, s.time.start);
  EXPECT_FALSE(s.policies[0].end.has_value());
}

TEST(ScenarioLoading, HousingStocksAndTheirFittedValuesInACalibratedScenario) {
  ScenarioFiles files;
  files.touch("pop.tif");
  const auto path =
      files.write("s.yaml", std::string(kMinimalScenario) +
                                "households: {fragility_mean: 1.2}\n"
                                "housing_stocks:\n  - {regions: [VIR, VGB], fragility_mean: 0.5}\n"
                                "  - {regions: [PRI], fragility_mean: 2}\n");
  const Scenario s = load_scenario(path);
  ASSERT_EQ(s.model.synthesis.housing_stocks.size(), 2u);
  EXPECT_EQ(s.model.synthesis.housing_stocks[0].regions, (std::vector<std::string>{"VIR", "VGB"}));
  EXPECT_EQ(s.model.synthesis.housing_stocks[0].fragility_mean, 0.5);
  EXPECT_EQ(s.model.synthesis.housing_stocks[1].fragility_mean, 2.0);
  EXPECT_EQ(s.model.synthesis.fragility_mean, 1.2);
  // A fitted stock is written with its whole list (a list replaces its base's under `extends`).
  const auto fitted = files.dir() / "fitted.yaml";
  std::ofstream(fitted) << calibrated_scenario_yaml(
      s, fitted, {{"housing_stocks.1.fragility_mean", 1.7}, {"households.fragility_mean", 0.9}},
      "fitted");
  const Scenario f = load_scenario(fitted);
  ASSERT_EQ(f.model.synthesis.housing_stocks.size(), 2u);
  EXPECT_EQ(f.model.synthesis.housing_stocks[1].fragility_mean, 1.7);
  EXPECT_EQ(f.model.synthesis.housing_stocks[1].regions, (std::vector<std::string>{"PRI"}));
  EXPECT_EQ(f.model.synthesis.housing_stocks[0].fragility_mean, 0.5);
  EXPECT_EQ(f.model.synthesis.fragility_mean, 0.9);
}

TEST(ScenarioLoading, ExplicitGridAndSquareResolution) {
  ScenarioFiles files;
  files.touch("pop.tif");
  std::string text(kMinimalScenario);
  text.replace(text.find("reference: population"), 21,
               "crs: EPSG:4326\n  bounds: [-67.5, 17.8, -65.2, 18.6]\n  resolution: 0.01");
  const Scenario s = load_scenario(files.write("s.yaml", text));
  EXPECT_EQ(s.grid.reference_layer, "");
  EXPECT_EQ(s.grid.crs, "EPSG:4326");
  EXPECT_EQ(s.grid.xmin, -67.5);
  EXPECT_EQ(s.grid.ymax, 18.6);
  EXPECT_EQ(s.grid.resolution_x, 0.01);
  EXPECT_EQ(s.grid.resolution_y, 0.01);
  const Scenario again = load_scenario(files.write("r.yaml", s.resolved_yaml));
  EXPECT_EQ(again.grid.xmax, -65.2);
  EXPECT_EQ(again.grid.resolution_y, 0.01);
}

TEST(ScenarioLoading, CurvesSamplingAndDatedFiles) {
  ScenarioFiles files;
  for (const char* f : {"pop.tif", "flood.tif", "wind.tif", "t2030.tif", "t2040.tif"}) {
    files.touch(f);
  }
  const Scenario s = load_scenario(files.write("s.yaml", std::string(kMinimalScenario) + R"(  flood:
    kind: hazard_events
    path: flood.tif
    hazard: flood
    curve: {kind: table, intensity: [0, 0.5, 2], damage: [0, 0.3, 0.9]}
  wind:
    kind: hazard_events
    path: wind.tif
    hazard: wind
    curve: {kind: step, threshold: 30, damage: 0.7}
    sampling: {events_per_year: 0.8, first_year: 2020, last_year: 2050}
  heat:
    kind: climate_series
    files: [{path: t2030.tif, date: 2030}, {path: t2040.tif, date: 2040-06}]
    interpolation: hold
)"));
  const auto& flood = s.layers[1];
  EXPECT_EQ(flood.curve.kind, engine::CurveKind::table);
  EXPECT_EQ(flood.curve.table_intensity, (std::vector<double>{0, 0.5, 2}));
  EXPECT_EQ(flood.curve.table_damage, (std::vector<double>{0, 0.3, 0.9}));
  const auto& wind = s.layers[2];
  EXPECT_EQ(wind.curve.step_threshold, 30.0);
  EXPECT_EQ(wind.curve.step_damage, 0.7);
  EXPECT_EQ(wind.sampling.events_per_year, 0.8);
  EXPECT_EQ(wind.sampling.last_year, 2050);
  const auto& heat = s.layers[3];
  ASSERT_EQ(heat.files.size(), 2u);
  EXPECT_EQ(heat.files[1].path, files.dir() / "t2040.tif");
  EXPECT_EQ(heat.files[1].date, (CivilDate{2040, 6, 1}));
  EXPECT_EQ(heat.interpolation, TimeInterpolation::hold);
  const Scenario again = load_scenario(files.write("r.yaml", s.resolved_yaml));
  EXPECT_EQ(again.resolved_yaml, s.resolved_yaml);
  EXPECT_EQ(again.layers[1].curve.table_damage, flood.curve.table_damage);
}

}  // namespace
}  // namespace displace::scenario::testing

namespace displace::scenario::testing {
namespace {

TEST(ScenarioLoading, StormTrackLayerBindsItsWindAndRainKeys) {
  ScenarioFiles files;
  files.touch("pop.tif");
  files.touch("tracks.nc");
  const Scenario s =
      load_scenario(files.write("s.yaml", std::string(kMinimalScenario) + R"(  storms:
    kind: storm_track
    path: tracks.nc
    storms: [2017260N12310, "IRMA 2017"]
    resolution_deg: 0.01
    time_step_minutes: 15
    radius_of_influence_km: 400
    wind_conversion: 1.25
    curve: {kind: emanuel_wind, v_thresh_m_s: 25.7, v_half_m_s: 74.7}
    warning_intensity: 17.5
    rain:
      curve: {kind: table, intensity: [100, 300, 600], damage: [0, 0.2, 0.5]}
      warning_intensity: 150
      services_curve: {kind: step, threshold: 200, damage: 0.4}
)"));
  const auto& storm = s.layers[1];
  EXPECT_EQ(storm.kind, LayerKind::storm_track);
  EXPECT_EQ(storm.storms, (std::vector<std::string>{"2017260N12310", "IRMA 2017"}));
  EXPECT_EQ(storm.storm_resolution_deg, 0.01);
  EXPECT_EQ(storm.storm_time_step_minutes, 15.0);
  EXPECT_EQ(storm.storm_radius_km, 400.0);
  EXPECT_EQ(storm.wind_conversion, 1.25);
  EXPECT_TRUE(storm.rain);
  EXPECT_EQ(storm.warning_intensity, 17.5);
  EXPECT_EQ(storm.rain_curve.kind, engine::CurveKind::table);
  EXPECT_EQ(storm.rain_curve.table_intensity, (std::vector<double>{100, 300, 600}));
  EXPECT_EQ(storm.rain_curve.table_damage, (std::vector<double>{0, 0.2, 0.5}));
  EXPECT_EQ(storm.rain_warning_intensity, 150.0);
  EXPECT_EQ(storm.rain_services_curve.step_threshold, 200.0);
  EXPECT_EQ(storm.rain_services_curve.step_damage, 0.4);
  const Scenario again = load_scenario(files.write("r.yaml", s.resolved_yaml));
  EXPECT_EQ(again.resolved_yaml, s.resolved_yaml);
  EXPECT_EQ(again.layers[1].rain_curve.table_damage, storm.rain_curve.table_damage);
}

TEST(ScenarioLoading, StormTrackRainDamagesNothingUnlessACurveIsGiven) {
  ScenarioFiles files;
  files.touch("pop.tif");
  files.touch("tracks.txt");
  const Scenario s =
      load_scenario(files.write("s.yaml", std::string(kMinimalScenario) + R"(  storms:
    kind: storm_track
    path: tracks.txt
    storms: [AL072022]
)"));
  const auto& storm = s.layers[1];
  EXPECT_TRUE(storm.rain);
  EXPECT_EQ(storm.rain_curve.kind, engine::CurveKind::step);
  EXPECT_EQ(storm.rain_curve.step_damage, 0.0);
  EXPECT_EQ(storm.storm_resolution_deg, 0.02);
  EXPECT_FALSE(storm.rain_warning_intensity.has_value());
}

}  // namespace
}  // namespace displace::scenario::testing
