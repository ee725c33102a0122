// Every scenario key, declared once: YAML path, type, unit, allowed values, help and the struct
// member it binds to. Defaults are read from default-constructed structs (the engine's member
// initialisers), and the allowed values of model parameters from the engine's table of ranges
// (displace/engine/parameter_ranges.hpp), never written here.
#include "scenario_schema.hpp"

// A generic accessor for a (nested) member, usable on const and non-const objects.
#define MEMBER(expression) ([](auto& object) -> auto& { return object.expression; })
// A member of engine::ModelParameters, for model_number_key: its accessor and its name in the
// engine's table of ranges (displace/engine/parameter_ranges.hpp).
#define MODEL_PARAMETER(member) MEMBER(model.member), #member

namespace displace::scenario::detail {

namespace {

using engine::CurveKind;
using engine::PolicyKind;

// Keys bound to model parameters: the allowed range is the engine's (validate_inputs checks the
// same one), never written here.
template <class Access>
Key<Scenario> model_number_key(std::string path, Access access, std::string_view parameter,
                               std::string unit, std::string help) {
  return number_key<Scenario>(std::move(path), access, std::move(unit),
                              engine::parameter_range(parameter), std::move(help));
}
template <class Access>
Key<Scenario> model_integer_key(std::string path, Access access, std::string_view parameter,
                                std::string unit, std::string help) {
  return integer_key<Scenario>(std::move(path), access, std::move(unit),
                               engine::parameter_range(parameter), std::move(help));
}

const std::vector<std::string> kAllPolicyKinds = {"early_warning",
                                                  "cash_transfer",
                                                  "adaptation_subsidy",
                                                  "planned_relocation",
                                                  "migration_pathway",
                                                  "return_support",
                                                  "shelter"};

// ---- top level: name, time, grid, layers, households, behaviour, places, policies, outputs ----

Table<Scenario> build_scenario_table() {
  Table<Scenario> t;
  t.title = "";
  t.intro =
      "The keys of a scenario file. `extends: <file>` (not listed) names a base scenario to merge "
      "onto. Groups (`time`, `grid`, `households`, `behaviour.*`, `outputs`, `run`) are maps; "
      "`layers` is a map from layer name to a layer; `external_destinations`, `shelters` and "
      "`policies` are lists.";
  auto& k = t.keys;
  k.push_back(text_key<Scenario>("name", MEMBER(name),
                                 "Short name of the scenario (used in "
                                 "outputs and reports).")
                  .require());
  k.push_back(text_key<Scenario>("description", MEMBER(description), "Free text."));
  k.push_back(integer_key<Scenario>("seed", MEMBER(seed), "", at_least(0),
                                    "Random seed: same scenario and seed give identical runs."));

  k.push_back(date_key<Scenario>("time.start", MEMBER(time.start), "Date the first step begins.")
                  .require());
  k.push_back(choice_key<Scenario, StepLength>("time.step", MEMBER(time.step_length),
                                               {{"day", StepLength::day},
                                                {"week", StepLength::week},
                                                {"month", StepLength::month},
                                                {"year", StepLength::year}},
                                               "Length of one step."));
  auto steps = integer_key<Scenario>("time.steps", MEMBER(time.step_count), "steps", at_least(1),
                                     "Number of steps (give either `steps` or `end`).");
  steps.write = [](const Scenario& s) -> std::optional<Node> {
    if (s.time.end) return std::nullopt;
    return scalar_node(std::to_string(s.time.step_count));
  };
  k.push_back(steps);
  k.push_back(optional_date_key<Scenario>(
      "time.end", MEMBER(time.end),
      "Exclusive end date: the run has every step that starts before it (instead of `steps`)."));

  k.push_back(text_key<Scenario>("grid.reference", MEMBER(grid.reference_layer),
                                 "Name of the layer whose grid is the simulation grid (or give "
                                 "`crs`, `bounds` and `resolution`)."));
  k.push_back(text_key<Scenario>("grid.crs", MEMBER(grid.crs),
                                 "Explicit grid CRS, anything GDAL accepts (EPSG:4326, a WKT, a "
                                 "PROJ string)."));
  k.push_back(integer_key<Scenario>(
      "grid.exposure_slots", MEMBER(grid.exposure_slots), "slots", between(1, 64),
      "Hazards finer than the grid keep this many population-weighted intensity quantiles per "
      "cell, and each household lives in one of them (sub-grid exposure); 1 = the cell mean."));
  Key<Scenario> bounds;
  bounds.path = "grid.bounds";
  bounds.type = "[xmin, ymin, xmax, ymax]";
  bounds.unit = "CRS units";
  bounds.allowed = "xmin < xmax, ymin < ymax";
  bounds.help = "Explicit grid extent.";
  bounds.read = [](Scenario& s, const Node& node, const std::string& path, Problems& problems) {
    if (const auto values = read_numbers(node, path, 4, problems)) {
      s.grid.xmin = (*values)[0];
      s.grid.ymin = (*values)[1];
      s.grid.xmax = (*values)[2];
      s.grid.ymax = (*values)[3];
      if (!(s.grid.xmin < s.grid.xmax && s.grid.ymin < s.grid.ymax)) {
        problems.add(node.origin, path, "bounds must have xmin < xmax and ymin < ymax");
      }
    }
  };
  bounds.write = [](const Scenario& s) -> std::optional<Node> {
    if (!s.grid.reference_layer.empty() || s.grid.crs.empty()) return std::nullopt;
    return sequence_node(
        {scalar_node(format_number(s.grid.xmin)), scalar_node(format_number(s.grid.ymin)),
         scalar_node(format_number(s.grid.xmax)), scalar_node(format_number(s.grid.ymax))});
  };
  k.push_back(bounds);
  Key<Scenario> resolution;
  resolution.path = "grid.resolution";
  resolution.type = "number or [x, y]";
  resolution.unit = "CRS units";
  resolution.allowed = "> 0";
  resolution.help = "Explicit cell size (one number for square cells).";
  resolution.read = [](Scenario& s, const Node& node, const std::string& path, Problems& problems) {
    if (node.kind == Node::Kind::scalar) {
      if (const auto value = read_number(node, path, above(0), problems)) {
        s.grid.resolution_x = s.grid.resolution_y = *value;
      }
      return;
    }
    if (node.kind != Node::Kind::sequence || node.items.size() != 2) {
      problems.add(node.origin, path, "expected a number or a list [x, y]");
      return;
    }
    const auto x = read_number(node.items[0], join_path(path, "0"), above(0), problems);
    const auto y = read_number(node.items[1], join_path(path, "1"), above(0), problems);
    if (x && y) {
      s.grid.resolution_x = *x;
      s.grid.resolution_y = *y;
    }
  };
  resolution.write = [](const Scenario& s) -> std::optional<Node> {
    if (!s.grid.reference_layer.empty() || s.grid.crs.empty()) return std::nullopt;
    return sequence_node({scalar_node(format_number(s.grid.resolution_x)),
                          scalar_node(format_number(s.grid.resolution_y))});
  };
  k.push_back(resolution);

  Key<Scenario> layers;
  layers.path = "layers";
  layers.type = "map of layers";
  layers.help = "Input layers by name (see `layers.<name>` below).";
  layers.read = [](Scenario& s, const Node& node, const std::string& path, Problems& problems) {
    if (node.kind != Node::Kind::map) {
      problems.add(
          node.origin, path,
          "expected a map from layer name to layer, found a " + std::string(kind_name(node.kind)));
      return;
    }
    s.layers.clear();
    for (const auto& entry : node.entries) {
      LayerSpec layer{};
      layer.name = entry.key;
      read_object(layer_table(), entry.value, join_path(path, entry.key), layer, problems);
      s.layers.push_back(std::move(layer));
    }
  };
  layers.write = [](const Scenario& s) -> std::optional<Node> {
    Node out = map_node();
    for (const auto& layer : s.layers) {
      out.entries.push_back(Entry{layer.name, {}, write_object(layer_table(), layer)});
    }
    return out;
  };
  k.push_back(layers);

  // households: engine::SynthesisParameters
  k.push_back(model_number_key("households.mean_household_size_people",
                               MODEL_PARAMETER(synthesis.mean_household_size_people), "people",
                               "Mean household size (size = 1 + Poisson(mean - 1))."));
  k.push_back(model_number_key("households.households_per_agent",
                               MODEL_PARAMETER(synthesis.households_per_agent), "households",
                               "Super-individual scale: one simulated household stands for "
                               "this many real ones."));
  k.push_back(model_number_key("households.wealth_median_usd",
                               MODEL_PARAMETER(synthesis.wealth_median_usd), "USD",
                               "Median household assets (lognormal)."));
  k.push_back(model_number_key("households.wealth_sigma_log",
                               MODEL_PARAMETER(synthesis.wealth_sigma_log), "",
                               "Log-scale sigma of assets."));
  k.push_back(model_number_key("households.income_median_usd_per_year",
                               MODEL_PARAMETER(synthesis.income_median_usd_per_year), "USD/year",
                               "Median household income (lognormal)."));
  k.push_back(model_number_key("households.income_sigma_log",
                               MODEL_PARAMETER(synthesis.income_sigma_log), "",
                               "Log-scale sigma of income."));
  k.push_back(model_number_key("households.wealth_income_correlation",
                               MODEL_PARAMETER(synthesis.wealth_income_correlation), "",
                               "Correlation of the normals behind wealth and income."));
  k.push_back(model_number_key("households.agriculture_share",
                               MODEL_PARAMETER(synthesis.agriculture_share), "fraction",
                               "Probability a household lives from agriculture."));
  k.push_back(model_number_key("households.fragility_sigma_log",
                               MODEL_PARAMETER(synthesis.fragility_sigma_log), "",
                               "Dwelling fragility = lognormal with mean `fragility_mean` and "
                               "this sigma."));
  k.push_back(model_number_key(
      "households.fragility_mean", MODEL_PARAMETER(synthesis.fragility_mean), "ratio",
      "Mean dwelling fragility: the housing stock's vulnerability relative to the damage curve's "
      "reference stock (the curve's damage is multiplied by each dwelling's fragility); above 1 "
      "for non-engineered housing."));
  k.push_back(model_number_key("households.female_headed_share",
                               MODEL_PARAMETER(synthesis.female_headed_share), "fraction",
                               "Share of female-headed households."));
  k.push_back(model_number_key("households.with_children_share",
                               MODEL_PARAMETER(synthesis.with_children_share), "fraction",
                               "Share of households with children."));
  k.push_back(model_number_key("households.with_elderly_share",
                               MODEL_PARAMETER(synthesis.with_elderly_share), "fraction",
                               "Share of households with elderly members."));
  k.push_back(model_number_key("households.with_disability_share",
                               MODEL_PARAMETER(synthesis.with_disability_share), "fraction",
                               "Share of households with a member with a disability."));
  k.push_back(model_number_key("households.kin_other_region_share",
                               MODEL_PARAMETER(synthesis.kin_other_region_share), "fraction",
                               "Probability a household has kin in another region of the "
                               "grid."));

  // behaviour.damage: engine::DamageParameters
  k.push_back(model_number_key("behaviour.damage.uninhabitable_damage",
                               MODEL_PARAMETER(damage.uninhabitable_damage), "fraction",
                               "Dwelling damage at which a household is displaced (IDMC: "
                               "~0.55)."));
  k.push_back(model_number_key("behaviour.damage.dwelling_share_of_wealth",
                               MODEL_PARAMETER(damage.dwelling_share_of_wealth), "fraction",
                               "Assets lost = damage x this x wealth."));
  k.push_back(model_number_key("behaviour.damage.heat_income_loss_per_k",
                               MODEL_PARAMETER(damage.heat_income_loss_per_k), "fraction/K",
                               "Income share lost per K of heat anomaly (agricultural "
                               "households)."));
  k.push_back(model_number_key("behaviour.damage.heat_income_loss_nonagri_ratio",
                               MODEL_PARAMETER(damage.heat_income_loss_nonagri_ratio), "ratio",
                               "Non-agricultural households lose this share of the "
                               "agricultural loss."));
  k.push_back(model_number_key("behaviour.damage.savings_rate",
                               MODEL_PARAMETER(damage.savings_rate), "fraction/year",
                               "Share of income added to assets each year."));

  // behaviour.evacuation: engine::EvacuationParameters
  k.push_back(model_number_key(
      "behaviour.evacuation.trigger_damage", MODEL_PARAMETER(evacuation.trigger_damage), "fraction",
      "Early-warning policies warn where the forecast damage at home is at least this."));
  k.push_back(model_number_key(
      "behaviour.evacuation.coverage", MODEL_PARAMETER(evacuation.coverage), "fraction",
      "Status quo: share of households reached by official warnings where a forecast event "
      "reaches its layer's `warning_intensity`."));
  k.push_back(model_number_key("behaviour.evacuation.compliance",
                               MODEL_PARAMETER(evacuation.compliance), "fraction",
                               "Status quo: share of warned households who evacuate."));
  k.push_back(model_number_key(
      "behaviour.evacuation.full_compliance_damage",
      MODEL_PARAMETER(evacuation.full_compliance_damage), "fraction",
      "Status quo: compliance rises linearly with the forecast damage expected at home up to "
      "this damage (people leave for a major hurricane, rarely for a tropical storm); 0 = the "
      "same compliance at every intensity."));
  k.push_back(model_number_key(
      "behaviour.evacuation.warning_alone_share", MODEL_PARAMETER(evacuation.warning_alone_share),
      "fraction",
      "Status quo, with `full_compliance_damage`: share of the compliance that the warning alone "
      "brings where no damage is expected at home (shelters open for a tropical storm's rain and "
      "floods); compliance then rises linearly to full at `full_compliance_damage`."));

  // behaviour.services: engine::ServicesParameters
  k.push_back(model_number_key(
      "behaviour.services.restoration_half_life_min_years",
      MODEL_PARAMETER(services.restoration_half_life_min_years), "years",
      "Half-life of the loss of services after an event that damages no dwelling."));
  k.push_back(model_number_key(
      "behaviour.services.restoration_half_life_max_years",
      MODEL_PARAMETER(services.restoration_half_life_max_years), "years",
      "Half-life of the loss of services where the event's curve damage is 1 (linear between)."));
  k.push_back(model_number_key(
      "behaviour.services.livelihood_loss_per_services_loss",
      MODEL_PARAMETER(services.livelihood_loss_per_services_loss), "fraction",
      "Share of income lost per share of households without services at the event."));
  k.push_back(model_number_key("behaviour.services.livelihood_loss_per_damage",
                               MODEL_PARAMETER(services.livelihood_loss_per_damage), "fraction",
                               "Share of income lost per unit of the cell's curve damage."));
  k.push_back(model_number_key("behaviour.services.livelihood_half_life_years",
                               MODEL_PARAMETER(services.livelihood_half_life_years), "years",
                               "Half-life of the loss of livelihoods."));
  k.push_back(model_number_key(
      "behaviour.services.displacement_per_year", MODEL_PARAMETER(services.displacement_per_year),
      "1/year",
      "Hazard of leaving a standing home per year where every household lacks services."));

  // behaviour.aspiration: engine::AspirationParameters
  k.push_back(model_number_key("behaviour.aspiration.intercept",
                               MODEL_PARAMETER(aspiration.intercept), "log-odds/year",
                               "Baseline log-odds per year of wanting to move."));
  k.push_back(model_number_key("behaviour.aspiration.coef_damage",
                               MODEL_PARAMETER(aspiration.coef_damage), "log-odds",
                               "Per unit of current dwelling damage."));
  k.push_back(model_number_key("behaviour.aspiration.coef_income_loss",
                               MODEL_PARAMETER(aspiration.coef_income_loss), "log-odds",
                               "Per unit fraction of income lost to climate."));
  k.push_back(model_number_key("behaviour.aspiration.coef_heat_per_k",
                               MODEL_PARAMETER(aspiration.coef_heat_per_k), "log-odds/K",
                               "Per K of heat anomaly."));
  k.push_back(model_number_key("behaviour.aspiration.coef_kin_external",
                               MODEL_PARAMETER(aspiration.coef_kin_external), "log-odds",
                               "If the household has kin at an external "
                               "destination."));
  k.push_back(model_number_key("behaviour.aspiration.coef_displaced",
                               MODEL_PARAMETER(aspiration.coef_displaced), "log-odds",
                               "If the household is currently displaced."));
  k.push_back(model_number_key("behaviour.aspiration.coef_services_loss",
                               MODEL_PARAMETER(aspiration.coef_services_loss), "log-odds",
                               "Per share of households without services where it lives."));
  k.push_back(model_number_key("behaviour.aspiration.coef_with_elderly",
                               MODEL_PARAMETER(aspiration.coef_with_elderly), "log-odds",
                               "If the household has elderly members."));
  k.push_back(model_number_key("behaviour.aspiration.coef_with_disability",
                               MODEL_PARAMETER(aspiration.coef_with_disability), "log-odds",
                               "If the household has a member with a disability."));
  k.push_back(model_number_key("behaviour.aspiration.trapped_aspiration_half_life_years",
                               MODEL_PARAMETER(aspiration.trapped_aspiration_half_life_years),
                               "years", "How long a trapped household's wish to move persists."));

  // behaviour.destination: engine::DestinationParameters
  k.push_back(model_integer_key("behaviour.destination.candidate_cells",
                                MODEL_PARAMETER(destination.candidate_cells), "cells",
                                "Cells sampled by attractiveness per destination choice."));
  k.push_back(model_number_key("behaviour.destination.move_cost_base_usd",
                               MODEL_PARAMETER(destination.move_cost_base_usd), "USD",
                               "Fixed cost of a move."));
  k.push_back(model_number_key("behaviour.destination.move_cost_per_km_usd",
                               MODEL_PARAMETER(destination.move_cost_per_km_usd), "USD/km",
                               "Distance cost of a move."));
  k.push_back(model_number_key(
      "behaviour.destination.coef_attractiveness", MODEL_PARAMETER(destination.coef_attractiveness),
      "utility",
      "Per unit of log(pull): a cell's people (or `attractiveness` layer), an external's "
      "diaspora_people."));
  k.push_back(model_number_key("behaviour.destination.coef_distance_per_100km",
                               MODEL_PARAMETER(destination.coef_distance_per_100km),
                               "utility/100 km", "Per 100 km of distance."));
  k.push_back(model_number_key("behaviour.destination.displacement_distance_multiplier",
                               MODEL_PARAMETER(destination.displacement_distance_multiplier),
                               "ratio", "Displaced households weigh distance this much more."));
  k.push_back(model_number_key("behaviour.destination.coef_hazard_damage",
                               MODEL_PARAMETER(destination.coef_hazard_damage), "utility",
                               "Per unit of expected damage at the destination."));
  k.push_back(model_number_key("behaviour.destination.coef_kin",
                               MODEL_PARAMETER(destination.coef_kin), "utility",
                               "If the household has kin at the destination."));
  k.push_back(model_number_key("behaviour.destination.coef_crowding",
                               MODEL_PARAMETER(destination.coef_crowding), "utility",
                               "Per unit of occupancy/capacity (shelters, externals)."));
  k.push_back(model_number_key(
      "behaviour.destination.coef_journey_cost_per_1000usd",
      MODEL_PARAMETER(destination.coef_journey_cost_per_1000usd), "utility",
      "Per 1000 USD of journey cost (road km x move_cost_per_km_usd, or an external's "
      "travel_cost_usd)."));
  k.push_back(model_number_key("behaviour.destination.coef_external",
                               MODEL_PARAMETER(destination.coef_external), "utility",
                               "For leaving the grid (an external destination)."));
  k.push_back(model_number_key("behaviour.destination.coef_other_region",
                               MODEL_PARAMETER(destination.coef_other_region), "utility",
                               "For a cell in another region than home (a border, when regions "
                               "are countries)."));
  k.push_back(model_number_key("behaviour.destination.coef_shelter",
                               MODEL_PARAMETER(destination.coef_shelter), "utility",
                               "Displaced households' preference for shelters."));

  // behaviour.recovery: engine::ReturnParameters
  k.push_back(model_number_key("behaviour.recovery.recovery_rate_per_year",
                               MODEL_PARAMETER(recovery.recovery_rate_per_year), "1/year",
                               "Home repair progress per year at median wealth."));
  k.push_back(model_number_key("behaviour.recovery.recovery_wealth_elasticity",
                               MODEL_PARAMETER(recovery.recovery_wealth_elasticity), "",
                               "Rate x (wealth / median)^elasticity."));
  k.push_back(model_number_key("behaviour.recovery.return_rate_per_year",
                               MODEL_PARAMETER(recovery.return_rate_per_year), "1/year",
                               "Hazard of return once the home is fully recovered."));
  k.push_back(model_number_key("behaviour.recovery.evacuation_return_steps",
                               MODEL_PARAMETER(recovery.evacuation_return_steps), "steps",
                               "Evacuated households go home after this many "
                               "steps."));
  k.push_back(model_number_key("behaviour.recovery.protracted_after_years",
                               MODEL_PARAMETER(recovery.protracted_after_years), "years",
                               "Displaced longer than this counts as protracted."));
  k.push_back(model_number_key("behaviour.recovery.protracted_to_migrated_per_year",
                               MODEL_PARAMETER(recovery.protracted_to_migrated_per_year), "1/year",
                               "Hazard of protracted displacement turning into migration."));
  k.push_back(model_number_key("behaviour.recovery.migrant_return_per_year",
                               MODEL_PARAMETER(recovery.migrant_return_per_year), "1/year",
                               "Hazard of migrated households going back home."));

  k.push_back(object_list_key<Scenario, engine::HousingStock>(
      "housing_stocks", MEMBER(model.synthesis.housing_stocks), &housing_stock_table,
      "Regions whose housing stock differs from `households.fragility_mean` (see "
      "`housing_stocks[]`)."));
  k.push_back(object_list_key<Scenario, engine::ExternalDestination>(
      "external_destinations", MEMBER(externals), &external_table,
      "Destinations outside the grid (see `external_destinations[]`)."));
  k.push_back(object_list_key<Scenario, ShelterSpec>(
      "shelters", MEMBER(shelters), &shelter_table,
      "Shelter sites that `shelter` policies open (see `shelters[]`)."));
  k.push_back(object_list_key<Scenario, PolicySpec>("policies", MEMBER(policies), &policy_table,
                                                    "Policies (see `policies[]`)."));

  k.push_back(integer_key<Scenario>(
      "ensemble.members", MEMBER(ensemble.members), "runs", between(1, 100000),
      "Members per design point (and per variant of a pair), each with its own seed derived from "
      "`seed` and the member index; member 0 uses `seed` itself."));
  k.push_back(choice_key<Scenario, SweepMethod>(
      "ensemble.sweep.method", MEMBER(ensemble.method),
      {{"grid", SweepMethod::grid}, {"latin_hypercube", SweepMethod::latin_hypercube}},
      "grid: every combination of the parameters' `values`; latin_hypercube: `samples` points "
      "spread over the parameters' [min, max] ranges."));
  k.push_back(integer_key<Scenario>("ensemble.sweep.samples", MEMBER(ensemble.samples), "points",
                                    between(1, 100000),
                                    "Design points of a latin_hypercube sweep."));
  k.push_back(object_list_key<Scenario, SweepParameter>(
      "ensemble.sweep.parameters", MEMBER(ensemble.sweep), &sweep_table,
      "Swept keys (see `ensemble.sweep.parameters[]`)."));
  k.push_back(path_key<Scenario>(
      "ensemble.pair.counterfactual", MEMBER(ensemble.counterfactual), true,
      "A scenario run as the counterfactual of this one (e.g. without the hazard), with the same "
      "member seeds, grid and time; compare reports the paired difference."));

  k.push_back(path_key<Scenario>("outputs.path", MEMBER(output.path), false,
                                 "HDF5 file the run writes (empty: the CLI decides)."));
  k.push_back(integer_key<Scenario>("outputs.map_every_steps", MEMBER(output.map_every_steps),
                                    "steps", at_least(0),
                                    "Write gridded stocks every N steps and at the last step; 0 = "
                                    "never."));
  k.push_back(boolean_key<Scenario>("outputs.record_flows", MEMBER(output.record_flows),
                                    "Record origin x destination flows."));
  k.push_back(integer_key<Scenario>("run.threads", MEMBER(threads), "threads", between(0, 1024),
                                    "OpenMP threads; 0 = the OpenMP default. Results do not depend "
                                    "on it."));
  t.check = check_scenario;
  return finish_table(std::move(t));
}

// ---- layers.<name> ----------------------------------------------------------------------------

// The damage list (step: a number; table: a list) and intensity list of a curve bound by `access`.
template <class Access>
Key<LayerSpec> curve_damage_key(std::string key_path, Access access) {
  Key<LayerSpec> key;
  key.path = std::move(key_path);
  key.type = "number (step) or list of numbers (table)";
  key.unit = "fraction";
  key.allowed = "0 .. 1";
  key.help = "Step: damage at or above `threshold`. Table: damage at each `intensity`.";
  key.required_note = "for table";
  key.default_text = format_number(engine::VulnerabilityCurve{}.step_damage) + " (step)";
  key.read = [access](LayerSpec& layer, const Node& node, const std::string& path,
                      Problems& problems) {
    auto& curve = access(layer);
    if (curve.kind == CurveKind::step) {
      if (const auto value = read_number(node, path, between(0, 1), problems)) {
        curve.step_damage = *value;
      }
      return;
    }
    const auto* items = read_list(node, path, problems);
    if (items == nullptr) return;
    curve.table_damage.clear();
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (const auto value = read_number((*items)[i], join_path(path, std::to_string(i)),
                                         between(0, 1), problems)) {
        curve.table_damage.push_back(*value);
      }
    }
  };
  key.write = [access](const LayerSpec& layer) -> std::optional<Node> {
    const auto& curve = access(layer);
    if (curve.kind == CurveKind::step) return scalar_node(format_number(curve.step_damage));
    std::vector<Node> items;
    for (const double value : curve.table_damage) {
      items.push_back(scalar_node(format_number(value)));
    }
    return sequence_node(std::move(items));
  };
  return key;
}

template <class Access>
Key<LayerSpec> curve_intensity_key(std::string key_path, Access access) {
  Key<LayerSpec> key;
  key.path = std::move(key_path);
  key.type = "list of numbers";
  key.unit = "hazard units";
  key.allowed = "strictly increasing, at least 2";
  key.help = "Table: intensities of the piecewise-linear curve (clamped at the ends).";
  key.read = [access](LayerSpec& layer, const Node& node, const std::string& path,
                      Problems& problems) {
    const auto* items = read_list(node, path, problems);
    if (items == nullptr) return;
    auto& curve = access(layer);
    curve.table_intensity.clear();
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (const auto value =
              read_number((*items)[i], join_path(path, std::to_string(i)), any_value(), problems)) {
        curve.table_intensity.push_back(*value);
      }
    }
  };
  key.write = [access](const LayerSpec& layer) -> std::optional<Node> {
    std::vector<Node> items;
    for (const double value : access(layer).table_intensity) {
      items.push_back(scalar_node(format_number(value)));
    }
    return sequence_node(std::move(items));
  };
  return key;
}

Table<LayerSpec> build_layer_table() {
  Table<LayerSpec> t;
  t.title = "layers.<name>";
  t.intro =
      "One input layer; `<name>` is how the grid and policies refer to it. Keys under a kind apply "
      "only to layers of that kind (a key of another kind is an error).";
  auto& k = t.keys;
  k.push_back(choice_key<LayerSpec, LayerKind>("kind", MEMBER(kind),
                                               {{"population", LayerKind::population},
                                                {"hazard_events", LayerKind::hazard_events},
                                                {"storm_track", LayerKind::storm_track},
                                                {"climate_series", LayerKind::climate_series},
                                                {"admin", LayerKind::admin},
                                                {"attractiveness", LayerKind::attractiveness},
                                                {"mask", LayerKind::mask}},
                                               "What the layer holds.")
                  .require());
  k.push_back(path_key<LayerSpec>("path", MEMBER(path), true,
                                  "Raster or vector file (GDAL names such as /vsizip/... pass "
                                  "through unchecked).")
                  .required_when("yes, except a climate_series given by `files`"));
  k.push_back(text_key<LayerSpec>("variable", MEMBER(variable),
                                  "NetCDF variable (subdataset) to read from `path`."));
  k.push_back(integer_key<LayerSpec>("band", MEMBER(band), "", at_least(1), "Band to read.")
                  .when("kind", {"population", "admin", "attractiveness", "mask"}));
  k.push_back(text_key<LayerSpec>("units", MEMBER(units), "Units of the values (for the record)."));
  k.push_back(text_key<LayerSpec>("crs", MEMBER(crs_override),
                                  "CRS to assume when the file has none (or a wrong one)."));
  k.push_back(optional_number_key<LayerSpec>("nodata", MEMBER(nodata_override), "", any_value(),
                                             "No-data value overriding the file's."));
  k.push_back(choice_key<LayerSpec, Resampling>(
      "resampling", MEMBER(resampling),
      {{"auto", Resampling::automatic},
       {"nearest", Resampling::nearest},
       {"bilinear", Resampling::bilinear},
       {"average", Resampling::average},
       {"mode", Resampling::mode},
       {"sum", Resampling::sum}},
      "How the layer is aligned onto the grid; auto = by kind (sum for counts, average for "
      "fields, mode for categories)."));

  k.push_back(choice_key<LayerSpec, PopulationQuantity>(
                  "quantity", MEMBER(quantity),
                  {{"count", PopulationQuantity::count},
                   {"density_per_km2", PopulationQuantity::density_per_km2},
                   {"density_per_land_km2", PopulationQuantity::density_per_land_km2}},
                  "People per cell; people per km2 (times the true cell area); or people per km2 "
                  "of land, as in GPW (times the land area of each cell, from the admin layer's "
                  "polygons).")
                  .when("kind", {"population"}));

  k.push_back(text_key<LayerSpec>("hazard", MEMBER(hazard), "Hazard name, e.g. wind or flood.")
                  .when("kind", {"hazard_events"})
                  .require());
  k.push_back(choice_key<LayerSpec, CurveKind>("curve.kind", MEMBER(curve.kind),
                                               {{"emanuel_wind", CurveKind::emanuel_wind},
                                                {"step", CurveKind::step},
                                                {"table", CurveKind::table}},
                                               "Vulnerability curve turning intensity into damage.")
                  .when("kind", {"hazard_events", "storm_track"}));
  k.push_back(number_key<LayerSpec>("curve.v_thresh_m_s", MEMBER(curve.v_thresh_m_s), "m/s",
                                    at_least(0), "Emanuel (2011): wind speed where damage starts.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("curve.kind", {"emanuel_wind"}));
  k.push_back(number_key<LayerSpec>("curve.v_half_m_s", MEMBER(curve.v_half_m_s), "m/s", above(0),
                                    "Emanuel (2011): wind speed of 50% damage.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("curve.kind", {"emanuel_wind"}));
  k.push_back(number_key<LayerSpec>("curve.threshold", MEMBER(curve.step_threshold), "hazard units",
                                    any_value(), "Step curve: intensity at which `damage` applies.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("curve.kind", {"step"}));
  auto curve_damage = curve_damage_key("curve.damage", MEMBER(curve));
  k.push_back(curve_damage.when("kind", {"hazard_events", "storm_track"})
                  .when("curve.kind", {"step", "table"}));
  k.push_back(optional_number_key<LayerSpec>(
                  "warning_intensity", MEMBER(warning_intensity), "hazard units", any_value(),
                  "Status-quo warnings: households at home where a forecast event reaches this "
                  "intensity are warned (behaviour.evacuation.coverage x compliance evacuate). "
                  "Unset: no status-quo warnings for this hazard.")
                  .when("kind", {"hazard_events", "storm_track"}));
  k.push_back(choice_key<LayerSpec, CurveKind>(
                  "services_curve.kind", MEMBER(services_curve.kind),
                  {{"emanuel_wind", CurveKind::emanuel_wind}, {"step", CurveKind::step}},
                  "Curve giving the share of households that lose services (power, water, "
                  "schools) by intensity. Unset: no loss of services.")
                  .when("kind", {"hazard_events", "storm_track"}));
  k.push_back(number_key<LayerSpec>("services_curve.v_thresh_m_s",
                                    MEMBER(services_curve.v_thresh_m_s), "m/s", at_least(0),
                                    "Wind speed where the loss of services starts.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("services_curve.kind", {"emanuel_wind"}));
  k.push_back(number_key<LayerSpec>("services_curve.v_half_m_s", MEMBER(services_curve.v_half_m_s),
                                    "m/s", above(0),
                                    "Wind speed where half of the households lose services.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("services_curve.kind", {"emanuel_wind"}));
  k.push_back(number_key<LayerSpec>("services_curve.threshold",
                                    MEMBER(services_curve.step_threshold), "hazard units",
                                    any_value(), "Step: intensity from which `damage` applies.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("services_curve.kind", {"step"}));
  k.push_back(number_key<LayerSpec>("services_curve.damage", MEMBER(services_curve.step_damage),
                                    "fraction", between(0, 1),
                                    "Step: share of households without services at or above "
                                    "`threshold`.")
                  .when("kind", {"hazard_events", "storm_track"})
                  .when("services_curve.kind", {"step"}));
  auto intensity = curve_intensity_key("curve.intensity", MEMBER(curve));
  k.push_back(intensity.when("kind", {"hazard_events", "storm_track"})
                  .when("curve.kind", {"table"})
                  .require());
  k.push_back(object_list_key<LayerSpec, EventSpec>(
                  "events", MEMBER(events), &event_table,
                  "Dated events, one per band (see `layers.<name>.events[]`).")
                  .when("kind", {"hazard_events"}));
  k.push_back(number_key<LayerSpec>("sampling.events_per_year", MEMBER(sampling.events_per_year),
                                    "events/year", at_least(0),
                                    "Draw events at random at this yearly rate (0 = only the "
                                    "dated events).")
                  .when("kind", {"hazard_events"}));
  k.push_back(integer_key<LayerSpec>("sampling.first_year", MEMBER(sampling.first_year), "year",
                                     any_value(), "First year of random events.")
                  .when("kind", {"hazard_events"}));
  k.push_back(integer_key<LayerSpec>("sampling.last_year", MEMBER(sampling.last_year), "year",
                                     any_value(), "Last year of random events (inclusive).")
                  .when("kind", {"hazard_events"}));

  const std::vector<std::string> storm{"storm_track"};
  k.push_back(text_list_key<LayerSpec>("storms", MEMBER(storms),
                                       "Storms of the track file `path` (IBTrACS NetCDF or CSV, "
                                       "HURDAT2): IBTrACS ids (2017260N12310), ATCF ids "
                                       "(AL152017) or name and season (\"MARIA 2017\"). Each "
                                       "strikes in the step when its wind on the grid peaks.")
                  .when("kind", storm)
                  .require());
  k.push_back(number_key<LayerSpec>("resolution_deg", MEMBER(storm_resolution_deg), "degrees",
                                    between(0.001, 0.25),
                                    "Wind and rain are computed on cells at least this fine "
                                    "inside each grid cell (sub-grid exposure keeps their "
                                    "population-weighted quantiles).")
                  .when("kind", storm));
  k.push_back(number_key<LayerSpec>("time_step_minutes", MEMBER(storm_time_step_minutes), "minutes",
                                    between(1, 60),
                                    "Fixes are interpolated to this step along the track.")
                  .when("kind", storm));
  k.push_back(number_key<LayerSpec>("radius_of_influence_km", MEMBER(storm_radius_km), "km",
                                    between(50, 2000),
                                    "No wind or rain farther than this from the centre.")
                  .when("kind", storm));
  k.push_back(number_key<LayerSpec>("wind_conversion", MEMBER(wind_conversion), "factor",
                                    between(0.5, 2),
                                    "Multiplies the 1-min sustained 10 m wind into the measure "
                                    "the wind curve expects (1 = sustained; about 1.2-1.3 for "
                                    "3-s gusts).")
                  .when("kind", storm));
  k.push_back(boolean_key<LayerSpec>("rain.enabled", MEMBER(rain),
                                     "Compute the storm-total rain (R-CLIPER) as a hazard "
                                     "`rain` (mm) of its own.")
                  .when("kind", storm));
  k.push_back(choice_key<LayerSpec, CurveKind>(
                  "rain.curve.kind", MEMBER(rain_curve.kind),
                  {{"step", CurveKind::step}, {"table", CurveKind::table}},
                  "Curve turning storm-total rain (mm) into damage to dwellings (flooded homes). "
                  "Unset: rain damages no dwelling.")
                  .when("kind", storm));
  k.push_back(number_key<LayerSpec>("rain.curve.threshold", MEMBER(rain_curve.step_threshold), "mm",
                                    any_value(),
                                    "Step: storm-total rain at which `damage` applies.")
                  .when("kind", storm)
                  .when("rain.curve.kind", {"step"}));
  k.push_back(curve_damage_key("rain.curve.damage", MEMBER(rain_curve))
                  .with_default("0 (step)")
                  .when("kind", storm)
                  .when("rain.curve.kind", {"step", "table"}));
  k.push_back(curve_intensity_key("rain.curve.intensity", MEMBER(rain_curve))
                  .when("kind", storm)
                  .when("rain.curve.kind", {"table"})
                  .require());
  k.push_back(optional_number_key<LayerSpec>(
                  "rain.warning_intensity", MEMBER(rain_warning_intensity), "mm", at_least(0),
                  "Status-quo warnings from this storm-total rain (unset: none for rain).")
                  .when("kind", storm));
  k.push_back(choice_key<LayerSpec, CurveKind>(
                  "rain.services_curve.kind", MEMBER(rain_services_curve.kind),
                  {{"step", CurveKind::step}},
                  "Share of households that lose services by storm-total rain. Unset: none.")
                  .when("kind", storm));
  k.push_back(number_key<LayerSpec>("rain.services_curve.threshold",
                                    MEMBER(rain_services_curve.step_threshold), "mm", any_value(),
                                    "Step: rain from which `damage` applies.")
                  .when("kind", storm)
                  .when("rain.services_curve.kind", {"step"}));
  k.push_back(number_key<LayerSpec>("rain.services_curve.damage",
                                    MEMBER(rain_services_curve.step_damage), "fraction",
                                    between(0, 1),
                                    "Step: share of households without services at or above "
                                    "`threshold`.")
                  .when("kind", storm)
                  .when("rain.services_curve.kind", {"step"}));

  k.push_back(choice_key<LayerSpec, std::string>("driver", MEMBER(driver), {{"heat", "heat"}},
                                                 "What the series drives.")
                  .when("kind", {"climate_series"}));
  Key<LayerSpec> dates;
  dates.path = "dates";
  dates.type = "list of dates";
  dates.help = "Date of each band (empty: the file's time axis).";
  dates.read = [](LayerSpec& layer, const Node& node, const std::string& path, Problems& problems) {
    const auto* items = read_list(node, path, problems);
    if (items == nullptr) return;
    layer.dates.clear();
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (const auto date = read_date((*items)[i], join_path(path, std::to_string(i)), problems)) {
        layer.dates.push_back(*date);
      }
    }
  };
  dates.write = [](const LayerSpec& layer) -> std::optional<Node> {
    if (layer.dates.empty()) return std::nullopt;
    std::vector<Node> items;
    for (const auto& date : layer.dates)
      items.push_back(scalar_node(format_civil_date(date)));
    return sequence_node(std::move(items));
  };
  k.push_back(dates.when("kind", {"climate_series"}));
  auto files = object_list_key<LayerSpec, DatedFile>(
      "files", MEMBER(files), &dated_file_table,
      "One file per date instead of `path` (see `layers.<name>.files[]`).");
  files.write = [](const LayerSpec& layer) -> std::optional<Node> {
    if (layer.files.empty()) return std::nullopt;
    std::vector<Node> items;
    for (const auto& file : layer.files)
      items.push_back(write_object(dated_file_table(), file));
    return sequence_node(std::move(items));
  };
  k.push_back(files.when("kind", {"climate_series"}));
  Key<LayerSpec> baseline;
  baseline.path = "baseline";
  baseline.type = "[first_year, last_year]";
  baseline.unit = "years";
  baseline.allowed = "first_year <= last_year";
  baseline.help = "Anomaly baseline period (inclusive); [0, 0] = the first value.";
  baseline.read = [](LayerSpec& layer, const Node& node, const std::string& path,
                     Problems& problems) {
    const auto* items = read_list(node, path, problems);
    if (items == nullptr) return;
    if (items->size() != 2) {
      problems.add(node.origin, path, "expected [first_year, last_year]");
      return;
    }
    const auto first = read_integer((*items)[0], join_path(path, "0"), any_value(), problems);
    const auto last = read_integer((*items)[1], join_path(path, "1"), any_value(), problems);
    if (!first || !last) return;
    layer.baseline_first_year = static_cast<int>(*first);
    layer.baseline_last_year = static_cast<int>(*last);
    if (*last < *first) {
      problems.add(node.origin, path, "baseline ends before it starts");
    }
  };
  baseline.write = [](const LayerSpec& layer) -> std::optional<Node> {
    return sequence_node({scalar_node(std::to_string(layer.baseline_first_year)),
                          scalar_node(std::to_string(layer.baseline_last_year))});
  };
  k.push_back(baseline.when("kind", {"climate_series"}));
  k.push_back(choice_key<LayerSpec, TimeInterpolation>(
                  "interpolation", MEMBER(interpolation),
                  {{"hold", TimeInterpolation::hold}, {"linear", TimeInterpolation::linear}},
                  "Between dated values: hold the previous one, or interpolate linearly.")
                  .when("kind", {"climate_series"}));

  k.push_back(text_key<LayerSpec>("code_field", MEMBER(code_field),
                                  "Vector admin: attribute holding the region code.")
                  .when("kind", {"admin"}));
  k.push_back(text_key<LayerSpec>("name_field", MEMBER(name_field),
                                  "Vector admin: attribute holding the region name.")
                  .when("kind", {"admin"}));
  Key<LayerSpec> names;
  names.path = "names";
  names.type = "map code -> name";
  names.help = "Raster admin: region name of each cell code.";
  names.read = [](LayerSpec& layer, const Node& node, const std::string& path, Problems& problems) {
    if (node.kind != Node::Kind::map) {
      problems.add(
          node.origin, path,
          "expected a map from code to name, found a " + std::string(kind_name(node.kind)));
      return;
    }
    layer.code_names.clear();
    for (const auto& entry : node.entries) {
      if (auto name = read_text(entry.value, join_path(path, entry.key), problems)) {
        layer.code_names.emplace_back(entry.key, std::move(*name));
      }
    }
  };
  names.write = [](const LayerSpec& layer) -> std::optional<Node> {
    if (layer.code_names.empty()) return std::nullopt;
    Node out = map_node();
    for (const auto& [code, name] : layer.code_names) {
      out.entries.push_back(Entry{code, {}, scalar_node(name)});
    }
    return out;
  };
  k.push_back(names.when("kind", {"admin"}));
  Key<LayerSpec> level;
  level.path = "level";
  level.type = "integer";
  level.allowed = "0 to 9";
  level.help =
      "Admin level (0 country, 1 province, 2 municipality, as DTM's admin 0/1/2): the run also "
      "records displaced people by unit of origin and current unit at this level (group "
      "admin_<level>). Needed on every admin layer when there are several; the first admin layer "
      "declared stays the regions.";
  level.read = [](LayerSpec& layer, const Node& node, const std::string& path, Problems& problems) {
    if (const auto value = read_integer(node, path, between(0, 9), problems)) {
      layer.admin_level = static_cast<int>(*value);
    }
  };
  level.write = [](const LayerSpec& layer) -> std::optional<Node> {
    if (!layer.admin_level) return std::nullopt;
    return scalar_node(std::to_string(*layer.admin_level));
  };
  k.push_back(level.when("kind", {"admin"}));
  t.check = check_layer;
  return finish_table(std::move(t));
}

Table<EventSpec> build_event_table() {
  Table<EventSpec> t;
  t.title = "layers.<name>.events[]";
  t.intro = "One dated band of a hazard_events layer: the intensity field of one storm or flood.";
  t.keys.push_back(integer_key<EventSpec>("band", MEMBER(band), "", at_least(1),
                                          "Band holding the event's intensity."));
  t.keys.push_back(text_key<EventSpec>("id", MEMBER(id), "Event id (e.g. IBTrACS id)."));
  t.keys.push_back(text_key<EventSpec>("name", MEMBER(name), "Event name (e.g. Maria)."));
  t.keys.push_back(date_key<EventSpec>("date", MEMBER(date), "Date the event strikes.").require());
  return finish_table(std::move(t));
}

Table<DatedFile> build_dated_file_table() {
  Table<DatedFile> t;
  t.title = "layers.<name>.files[]";
  t.intro = "One file of a climate_series given file by file.";
  t.keys.push_back(path_key<DatedFile>("path", MEMBER(path), true, "The file.").require());
  t.keys.push_back(
      date_key<DatedFile>("date", MEMBER(date), "Date its values hold for.").require());
  return finish_table(std::move(t));
}

Table<engine::ExternalDestination> build_external_table() {
  using E = engine::ExternalDestination;
  Table<E> t;
  t.title = "external_destinations[]";
  t.intro = "A destination outside the grid (\"US mainland\", \"abroad\").";
  t.keys.push_back(text_key<E>("name", MEMBER(name), "Unique name.").require());
  t.keys.push_back(number_key<E>("distance_km", MEMBER(distance_km), "km", at_least(0),
                                 "Great-circle distance, for the record (the journey's cost is "
                                 "`travel_cost_usd`; air or sea routes do not decay per km)."));
  t.keys.push_back(number_key<E>("travel_cost_usd", MEMBER(travel_cost_usd), "USD", at_least(0),
                                 "Cost of the journey per household (fares, moving); added to the "
                                 "move cost and weighed by `coef_journey_cost_per_1000usd`."));
  t.keys.push_back(number_key<E>("diaspora_people", MEMBER(diaspora_people), "people", at_least(0),
                                 "People of the origin community living there: the pull, on the "
                                 "same scale as a cell's population."));
  t.keys.push_back(number_key<E>("entry_share", MEMBER(entry_share), "fraction", between(0, 1),
                                 "Share of households with the right to enter (visas); households "
                                 "of `free_entry_regions` always may."));
  t.keys.push_back(text_list_key<E>("free_entry_regions", MEMBER(free_entry_regions),
                                    "Admin codes whose households enter freely (e.g. citizens)."));
  t.keys.push_back(number_key<E>("kin_share", MEMBER(kin_share), "fraction", between(0, 1),
                                 "Probability a household has kin there."));
  t.keys.push_back(number_key<E>("capacity_households", MEMBER(capacity_households), "households",
                                 any_value(),
                                 "Real households it can absorb in total; < 0 = unlimited."));
  return finish_table(std::move(t));
}

Table<engine::HousingStock> build_housing_stock_table() {
  using H = engine::HousingStock;
  Table<H> t;
  t.title = "housing_stocks[]";
  t.intro =
      "The housing stock of some admin regions, when it differs from the default "
      "(`households.fragility_mean`): e.g. a territory built to a stricter code, or one with much "
      "informal construction. Each region may be in one stock at most.";
  t.keys.push_back(
      text_list_key<H>("regions", MEMBER(regions), "Admin region codes (of the regions layer).")
          .require());
  t.keys.push_back(number_key<H>("fragility_mean", MEMBER(fragility_mean), "ratio",
                                 engine::kFragilityMeanRange,
                                 "Mean dwelling fragility of these regions, relative to the damage "
                                 "curve's reference stock (as `households.fragility_mean`).")
                       .require());
  return finish_table(std::move(t));
}

Table<SweepParameter> build_sweep_table() {
  Table<SweepParameter> t;
  t.title = "ensemble.sweep.parameters[]";
  t.intro =
      "One swept key. Numeric keys under `households.` and `behaviour.`, and numeric keys of a "
      "policy (`policies.N.coverage`, `policies.N.amount_usd`, ...) and of a housing stock "
      "(`housing_stocks.N.fragility_mean`) can be swept, and of a hazard layer the numbers of its "
      "curves (`curve.*`, `services_curve.*`, `rain.curve.*`, `rain.services_curve.*`) and its "
      "`warning_intensity` and `rain.warning_intensity` (`layers.wind.curve.v_half_m_s`): they "
      "change what the layer's intensities do, not the intensities. Other layer keys, grid and "
      "time keys cannot (the layers are loaded once for all members).";
  t.keys.push_back(
      text_key<SweepParameter>("key", MEMBER(key),
                               "Key path, e.g. behaviour.recovery.return_rate_per_year.")
          .require());
  t.keys.push_back(text_list_key<SweepParameter>("values", MEMBER(values),
                                                 "grid: the values to run (numbers)."));
  t.keys.push_back(optional_number_key<SweepParameter>("min", MEMBER(min), "", any_value(),
                                                       "latin_hypercube: lower end of the range."));
  t.keys.push_back(optional_number_key<SweepParameter>("max", MEMBER(max), "", any_value(),
                                                       "latin_hypercube: upper end of the range."));
  return finish_table(std::move(t));
}

Table<ShelterSpec> build_shelter_table() {
  Table<ShelterSpec> t;
  t.title = "shelters[]";
  t.intro = "A shelter site (collective centre) located in the grid's CRS.";
  t.keys.push_back(text_key<ShelterSpec>("name", MEMBER(name), "Unique name.").require());
  t.keys.push_back(
      number_key<ShelterSpec>("x", MEMBER(x), "CRS units", any_value(), "Easting / longitude.")
          .require());
  t.keys.push_back(
      number_key<ShelterSpec>("y", MEMBER(y), "CRS units", any_value(), "Northing / latitude.")
          .require());
  t.keys.push_back(number_key<ShelterSpec>("capacity_households", MEMBER(capacity_households),
                                           "households", above(0), "Real households it holds.")
                       .require());
  return finish_table(std::move(t));
}

// ---- policies[] --------------------------------------------------------------------------------

Table<PolicySpec> build_policy_table() {
  Table<PolicySpec> t;
  t.title = "policies[]";
  t.intro =
      "A policy with a time window and a target (admin codes or a mask layer; neither = "
      "everywhere). Each kind takes only its own parameter keys.";
  auto& k = t.keys;
  k.push_back(
      choice_key<PolicySpec, PolicyKind>("kind", MEMBER(policy.kind),
                                         {{"early_warning", PolicyKind::early_warning},
                                          {"cash_transfer", PolicyKind::cash_transfer},
                                          {"adaptation_subsidy", PolicyKind::adaptation_subsidy},
                                          {"planned_relocation", PolicyKind::planned_relocation},
                                          {"migration_pathway", PolicyKind::migration_pathway},
                                          {"return_support", PolicyKind::return_support},
                                          {"shelter", PolicyKind::shelter}},
                                         "What the policy does.")
          .require());
  k.push_back(text_key<PolicySpec>("name", MEMBER(policy.name), "Unique name.").require());
  k.push_back(date_key<PolicySpec>("start", MEMBER(start), "First day the policy acts.")
                  .with_default("time.start"));
  k.push_back(optional_date_key<PolicySpec>(
      "end", MEMBER(end), "Last day the policy acts (inclusive); absent = to the end of the run."));
  k.push_back(text_list_key<PolicySpec>("target.admin", MEMBER(target_admin_codes),
                                        "Admin region codes it covers (needs an admin layer)."));
  k.push_back(text_key<PolicySpec>("target.mask", MEMBER(target_mask_layer),
                                   "Name of a `mask` layer whose non-zero cells it covers."));

  k.push_back(number_key<PolicySpec>("coverage", MEMBER(policy.coverage), "fraction", between(0, 1),
                                     "Share of households the warning reaches.")
                  .when("kind", {"early_warning"}));
  k.push_back(number_key<PolicySpec>("compliance", MEMBER(policy.compliance), "fraction",
                                     between(0, 1), "Share of those reached who evacuate.")
                  .when("kind", {"early_warning"}));
  k.push_back(number_key<PolicySpec>("amount_usd", MEMBER(policy.amount_usd), "USD", at_least(0),
                                     "One-off transfer per real household at its first eligible "
                                     "step.")
                  .when("kind", {"cash_transfer"}));
  k.push_back(number_key<PolicySpec>("eligible_wealth_quantile",
                                     MEMBER(policy.eligible_wealth_quantile), "quantile",
                                     between(0, 1),
                                     "Households below this quantile of initial wealth are "
                                     "eligible.")
                  .when("kind", {"cash_transfer"}));
  k.push_back(number_key<PolicySpec>("efficacy", MEMBER(policy.efficacy), "fraction", between(0, 1),
                                     "Damage is reduced by this fraction for adapted households.")
                  .when("kind", {"adaptation_subsidy"}));
  k.push_back(number_key<PolicySpec>("uptake", MEMBER(policy.uptake), "fraction", between(0, 1),
                                     "Share of targeted households that adapt (drawn once).")
                  .when("kind", {"adaptation_subsidy"}));

  Key<PolicySpec> site;
  site.path = "site";
  site.type = "string or [x, y]";
  site.help =
      "Where households relocate: an external destination or shelter name, or a point "
      "in the grid's CRS.";
  site.read = [](PolicySpec& p, const Node& node, const std::string& path, Problems& problems) {
    if (node.kind == Node::Kind::sequence) {
      if (const auto xy = read_numbers(node, path, 2, problems)) {
        p.site_xy = std::make_pair((*xy)[0], (*xy)[1]);
      }
      return;
    }
    if (auto name = read_text(node, path, problems)) p.site_name = std::move(*name);
  };
  site.write = [](const PolicySpec& p) -> std::optional<Node> {
    if (p.site_xy) {
      return sequence_node({scalar_node(format_number(p.site_xy->first)),
                            scalar_node(format_number(p.site_xy->second))});
    }
    if (p.site_name.empty()) return std::nullopt;
    return scalar_node(p.site_name);
  };
  k.push_back(site.when("kind", {"planned_relocation"}).require());
  k.push_back(number_key<PolicySpec>("uptake_per_step", MEMBER(policy.uptake_per_step),
                                     "fraction/step", between(0, 1),
                                     "Share of eligible households that move each step.")
                  .when("kind", {"planned_relocation"}));
  k.push_back(number_key<PolicySpec>("capacity_households", MEMBER(policy.capacity_households),
                                     "households", any_value(),
                                     "Real households the site takes; < 0 = unlimited.")
                  .when("kind", {"planned_relocation"}));
  k.push_back(text_key<PolicySpec>("destination", MEMBER(destination_name),
                                   "Name of the external destination the pathway opens.")
                  .when("kind", {"migration_pathway"})
                  .require());
  k.push_back(number_key<PolicySpec>("cost_reduction", MEMBER(policy.cost_reduction), "fraction",
                                     between(0, 1), "Fraction of the move cost removed.")
                  .when("kind", {"migration_pathway"}));
  k.push_back(number_key<PolicySpec>("quota_per_step_households",
                                     MEMBER(policy.quota_per_step_households), "households/step",
                                     any_value(), "Real households per step; < 0 = unlimited.")
                  .when("kind", {"migration_pathway"}));
  k.push_back(number_key<PolicySpec>("recovery_multiplier", MEMBER(policy.recovery_multiplier),
                                     "ratio", at_least(0), "Recovery rate is multiplied by this.")
                  .when("kind", {"return_support"}));
  k.push_back(number_key<PolicySpec>("return_incentive", MEMBER(policy.return_incentive),
                                     "log-odds", any_value(), "Added to the log-odds of returning.")
                  .when("kind", {"return_support"}));
  k.push_back(text_list_key<PolicySpec>("shelters", MEMBER(shelter_names),
                                        "Names of the `shelters` it opens.")
                  .when("kind", {"shelter"})
                  .require());
  t.check = check_policy;
  return finish_table(std::move(t));
}

}  // namespace

const Table<Scenario>& scenario_table() {
  static const Table<Scenario> table = build_scenario_table();
  return table;
}
const Table<LayerSpec>& layer_table() {
  static const Table<LayerSpec> table = build_layer_table();
  return table;
}
const Table<EventSpec>& event_table() {
  static const Table<EventSpec> table = build_event_table();
  return table;
}
const Table<DatedFile>& dated_file_table() {
  static const Table<DatedFile> table = build_dated_file_table();
  return table;
}
const Table<engine::ExternalDestination>& external_table() {
  static const Table<engine::ExternalDestination> table = build_external_table();
  return table;
}
const Table<ShelterSpec>& shelter_table() {
  static const Table<ShelterSpec> table = build_shelter_table();
  return table;
}
const Table<engine::HousingStock>& housing_stock_table() {
  static const Table<engine::HousingStock> table = build_housing_stock_table();
  return table;
}
const Table<SweepParameter>& sweep_table() {
  static const Table<SweepParameter> table = build_sweep_table();
  return table;
}
const Table<PolicySpec>& policy_table() {
  static const Table<PolicySpec> table = build_policy_table();
  return table;
}

std::string reference_text() {
  std::string text =
      "# Scenario reference\n\n"
      "<!-- Generated by `displace_scenario_reference` from scenarios/src/scenario_schema.cpp; "
      "do not edit by hand. -->\n\n"
      "Every key a scenario file may contain. Defaults are the engine's own defaults. Unknown "
      "keys, wrong types, values out of range and keys of another kind are errors, reported as "
      "`file:line:column: key.path: message`.\n\n"
      "Composition: `extends: base.yaml` (relative to the file that names it) merges the base "
      "first, then this file on top: maps are merged key by key, lists and scalars are replaced, "
      "and a key set to null (`key: ~`) goes back to its default. `--set key.path=value` (value in "
      "YAML syntax; list items by index, e.g. `policies.0.compliance=0.9`) replaces one value "
      "after the merge. Relative paths resolve against the directory of the file that wrote them "
      "(the current directory for `--set`). Dates are `YYYY-MM-DD` (also `YYYY-MM`, `YYYY`); "
      "numbers use a decimal point whatever the locale.\n\n";
  text += markdown_section(scenario_table());
  text += markdown_section(layer_table());
  text += markdown_section(event_table());
  text += markdown_section(dated_file_table());
  text += markdown_section(external_table());
  text += markdown_section(shelter_table());
  text += markdown_section(policy_table());
  text += markdown_section(housing_stock_table());
  text += markdown_section(sweep_table());
  text.pop_back();  // one newline at the end of the file
  return text;
}

}  // namespace displace::scenario::detail

#undef MEMBER
