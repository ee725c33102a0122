// Checks that involve more than one key: they run after every key of an object has been read.
#include <algorithm>
#include <map>

#include "scenario_schema.hpp"

namespace displace::scenario::detail {

namespace {

/// Limits on time: dates are written YYYY-MM-DD, and a run's arrays are sized by its steps.
constexpr int kFirstYear = 1;
constexpr int kLastYear = 9999;
constexpr int kMaxSteps = 100'000;

/// Walks a dotted path (list items by index) as far as it leads; `complete` says whether it
/// reached the end.
const Node& walk(const Node& root, std::string_view path, bool& complete) {
  const Node* current = &root;
  complete = true;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string_view segment = path.substr(0, dot);
    const Node* next = nullptr;
    if (current->kind == Node::Kind::map) {
      next = current->find(segment);
    } else if (current->kind == Node::Kind::sequence) {
      const auto index = parse_integer(segment);
      if (index && *index >= 0 && static_cast<std::size_t>(*index) < current->items.size()) {
        next = &current->items[static_cast<std::size_t>(*index)];
      }
    }
    if (next == nullptr) {
      complete = false;
      return *current;
    }
    current = next;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return *current;
}

/// The node at a dotted path, or the deepest node on the way (for an error's position).
const Node& locate(const Node& root, std::string_view path) {
  bool complete = false;
  return walk(root, path, complete);
}

/// Whether a non-null value sits at the dotted path.
bool present(const Node& root, std::string_view path) {
  bool complete = false;
  const Node& node = walk(root, path, complete);
  return complete && node.kind != Node::Kind::null;
}

/// Reports the second and later uses of each name.
template <class Item, class NameOf>
void check_unique_names(const std::vector<Item>& items, NameOf name_of, const Node& root,
                        const std::string& list_path, std::string_view what, Problems& problems) {
  std::map<std::string, std::size_t> first_index;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& name = name_of(items[i]);
    if (name.empty()) continue;
    const auto [it, inserted] = first_index.emplace(name, i);
    if (inserted) continue;
    const std::string path = list_path + "." + std::to_string(i) + ".name";
    const std::string first = list_path + "." + std::to_string(it->second) + ".name";
    problems.add(locate(root, path).origin, path,
                 "duplicate " + std::string(what) + " name '" + name + "' (first at " +
                     format_origin(locate(root, first).origin) + ")");
  }
}

std::vector<std::string> names_of_layers(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& layer : scenario.layers)
    names.push_back(layer.name);
  return names;
}

std::string unknown_name_message(std::string_view what, const std::string& name,
                                 const std::vector<std::string>& known) {
  std::string message = "unknown " + std::string(what) + " '" + name + "'";
  const std::string suggestion = closest_match(name, known);
  if (!suggestion.empty()) {
    message += "; did you mean '" + suggestion + "'?";
  } else if (known.empty()) {
    message += " (none is defined)";
  } else {
    message += " (known: " + join_words(known) + ")";
  }
  return message;
}

int count_steps(const TimeSpec& time, const CivilDate& end) {
  const auto start_days = days_since_epoch(time.start);
  const auto end_days = days_since_epoch(end);
  switch (time.step_length) {
    case StepLength::day:
      return static_cast<int>(end_days - start_days);
    case StepLength::week:
      return static_cast<int>((end_days - start_days + 6) / 7);
    case StepLength::month:
    case StepLength::year: {
      const int months = time.step_length == StepLength::month ? 1 : 12;
      int steps = 0;
      while (add_months(time.start, steps * months) < end)
        ++steps;
      return steps;
    }
  }
  return 0;
}

/// The year the run ends in (the start of the step after the last), computed without overflow
/// for any step count up to kMaxSteps.
std::int64_t end_year(const TimeSpec& time) {
  const auto steps = static_cast<std::int64_t>(time.step_count);
  switch (time.step_length) {
    case StepLength::day:
    case StepLength::week: {
      const std::int64_t days = steps * (time.step_length == StepLength::day ? 1 : 7);
      return time.start.year + (days + 366) / 365;  // an upper bound is enough for the check
    }
    case StepLength::month:
    case StepLength::year: {
      const std::int64_t months = steps * (time.step_length == StepLength::month ? 1 : 12);
      return time.start.year + (time.start.month - 1 + months) / 12;
    }
  }
  return time.start.year;
}

void check_time(Scenario& scenario, const Node& root, Problems& problems) {
  if (present(root, "time.steps") && present(root, "time.end")) {
    problems.add(locate(root, "time.end").origin, "time.end",
                 "give either time.steps or time.end, not both");
    return;
  }
  const std::string key = scenario.time.end ? "time.end" : "time.steps";
  if (scenario.time.end) {
    if (*scenario.time.end <= scenario.time.start) {
      problems.add(locate(root, "time.end").origin, "time.end",
                   "end " + format_civil_date(*scenario.time.end) + " is not after start " +
                       format_civil_date(scenario.time.start));
      return;
    }
    if (scenario.time.step_length == StepLength::day &&
        days_since_epoch(*scenario.time.end) - days_since_epoch(scenario.time.start) > kMaxSteps) {
      problems.add(locate(root, key).origin, key,
                   "more than " + std::to_string(kMaxSteps) + " daily steps; use a longer step");
      return;
    }
    scenario.time.step_count = count_steps(scenario.time, *scenario.time.end);
  }
  if (scenario.time.step_count > kMaxSteps) {
    problems.add(locate(root, key).origin, key,
                 std::to_string(scenario.time.step_count) + " steps; at most " +
                     std::to_string(kMaxSteps) + " (use a longer step)");
    return;
  }
  if (end_year(scenario.time) > kLastYear) {
    problems.add(locate(root, key).origin, key,
                 "the run would end after the year " + std::to_string(kLastYear) +
                     " (dates are written as YYYY-MM-DD)");
  }
}

void check_grid(const Scenario& scenario, const Node& root, Problems& problems) {
  const bool reference = present(root, "grid.reference");
  const bool explicit_grid =
      present(root, "grid.crs") || present(root, "grid.bounds") || present(root, "grid.resolution");
  if (reference && explicit_grid) {
    problems.add(
        locate(root, "grid").origin, "grid",
        "give either grid.reference or grid.crs + grid.bounds + grid.resolution, not both");
    return;
  }
  if (reference) {
    const auto names = names_of_layers(scenario);
    if (std::find(names.begin(), names.end(), scenario.grid.reference_layer) == names.end()) {
      problems.add(locate(root, "grid.reference").origin, "grid.reference",
                   unknown_name_message("layer", scenario.grid.reference_layer, names));
    }
    for (const auto& layer : scenario.layers) {
      if (layer.name == scenario.grid.reference_layer && layer.kind == LayerKind::storm_track) {
        problems.add(locate(root, "grid.reference").origin, "grid.reference",
                     "layer '" + layer.name +
                         "' is a storm track, not a raster; give a raster layer or grid.crs + "
                         "grid.bounds + grid.resolution");
      }
    }
    return;
  }
  if (!explicit_grid) {
    problems.add(locate(root, "grid").origin, "grid",
                 "missing grid: give grid.reference (a layer name) or grid.crs + grid.bounds + "
                 "grid.resolution");
    return;
  }
  for (const char* key : {"grid.crs", "grid.bounds", "grid.resolution"}) {
    if (!present(root, key)) {
      problems.add(locate(root, "grid").origin, key,
                   "missing required key (an explicit grid needs crs, bounds and resolution)");
    }
  }
}

void check_layer_kinds(const Scenario& scenario, const Node& root, Problems& problems) {
  struct Rule {
    LayerKind kind;
    const char* name;
    int min_count;
    int max_count;
  };
  const Rule rules[] = {{LayerKind::population, "population", 1, 1},
                        {LayerKind::admin, "admin", 0, 10},
                        {LayerKind::attractiveness, "attractiveness", 0, 1}};
  for (const auto& rule : rules) {
    int count = 0;
    for (const auto& layer : scenario.layers) {
      if (layer.kind != rule.kind) continue;
      ++count;
      if (count > rule.max_count) {
        const std::string path = "layers." + layer.name + ".kind";
        problems.add(locate(root, path).origin, path,
                     "a scenario has at most " + std::to_string(rule.max_count) + " " + rule.name +
                         " layer");
      }
    }
    if (count < rule.min_count) {
      problems.add(locate(root, "layers").origin, "layers",
                   std::string("a scenario needs a ") + rule.name + " layer");
    }
  }
}

/// Several admin layers are admin levels: each needs its own `level`.
void check_admin_levels(const Scenario& scenario, const Node& root, Problems& problems) {
  std::vector<const LayerSpec*> admins;
  for (const auto& layer : scenario.layers) {
    if (layer.kind == LayerKind::admin) admins.push_back(&layer);
  }
  if (admins.size() < 2) return;
  for (std::size_t i = 0; i < admins.size(); ++i) {
    const LayerSpec& layer = *admins[i];
    if (!layer.admin_level) {
      const std::string path = "layers." + layer.name;
      problems.add(locate(root, path).origin, path,
                   "admin layer '" + layer.name + "' needs a `level` (there are " +
                       std::to_string(admins.size()) +
                       " admin layers; each is one admin level, e.g. 1 = province)");
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (admins[j]->admin_level == layer.admin_level) {
        const std::string path = "layers." + layer.name + ".level";
        problems.add(locate(root, path).origin, path,
                     "admin level " + std::to_string(*layer.admin_level) +
                         " is also the level of layer '" + admins[j]->name +
                         "'; each admin layer needs its own level");
      }
    }
  }
}

const LayerSpec* find_layer(const Scenario& scenario, std::string_view name) {
  for (const auto& layer : scenario.layers) {
    if (layer.name == name) return &layer;
  }
  return nullptr;
}

void check_policy_references(Scenario& scenario, const Node& root, Problems& problems) {
  std::vector<std::string> external_names;
  for (const auto& external : scenario.externals)
    external_names.push_back(external.name);
  std::vector<std::string> shelter_names;
  for (const auto& shelter : scenario.shelters)
    shelter_names.push_back(shelter.name);
  const auto contains = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (std::size_t i = 0; i < scenario.policies.size(); ++i) {
    auto& policy = scenario.policies[i];
    const std::string prefix = "policies." + std::to_string(i);
    if (!present(root, prefix + ".start")) policy.start = scenario.time.start;
    if (policy.end && *policy.end < policy.start) {
      problems.add(locate(root, prefix + ".end").origin, prefix + ".end",
                   "end " + format_civil_date(*policy.end) + " is before start " +
                       format_civil_date(policy.start));
    }
    if (!policy.target_mask_layer.empty()) {
      const std::string path = prefix + ".target.mask";
      const LayerSpec* layer = find_layer(scenario, policy.target_mask_layer);
      if (layer == nullptr) {
        problems.add(
            locate(root, path).origin, path,
            unknown_name_message("layer", policy.target_mask_layer, names_of_layers(scenario)));
      } else if (layer->kind != LayerKind::mask) {
        problems.add(locate(root, path).origin, path,
                     "layer '" + layer->name + "' is not of kind mask");
      }
    }
    if (!policy.target_admin_codes.empty() &&
        std::none_of(scenario.layers.begin(), scenario.layers.end(),
                     [](const LayerSpec& layer) { return layer.kind == LayerKind::admin; })) {
      const std::string path = prefix + ".target.admin";
      problems.add(locate(root, path).origin, path,
                   "targeting admin codes needs a layer of kind admin");
    }
    if (!policy.site_name.empty()) {
      const std::string path = prefix + ".site";
      const bool external = contains(external_names, policy.site_name);
      const bool shelter = contains(shelter_names, policy.site_name);
      if (external && shelter) {
        problems.add(locate(root, path).origin, path,
                     "'" + policy.site_name + "' names both an external destination and a shelter");
      } else if (!external && !shelter) {
        auto known = external_names;
        known.insert(known.end(), shelter_names.begin(), shelter_names.end());
        problems.add(locate(root, path).origin, path,
                     unknown_name_message("site", policy.site_name, known));
      }
    }
    if (!policy.destination_name.empty() && !contains(external_names, policy.destination_name)) {
      const std::string path = prefix + ".destination";
      problems.add(
          locate(root, path).origin, path,
          unknown_name_message("external destination", policy.destination_name, external_names));
    }
    for (std::size_t j = 0; j < policy.shelter_names.size(); ++j) {
      if (contains(shelter_names, policy.shelter_names[j])) continue;
      const std::string path = prefix + ".shelters." + std::to_string(j);
      problems.add(locate(root, path).origin, path,
                   unknown_name_message("shelter", policy.shelter_names[j], shelter_names));
    }
  }
}

/// A vulnerability curve at `key` ("curve", "rain.curve") of a layer: Emanuel's half-damage speed
/// above its threshold; a table's lists of the same length, at least two strictly increasing
/// intensities.
void check_curve(const engine::VulnerabilityCurve& curve, const Node& map,
                 const std::string& prefix, const std::string& key, Problems& problems) {
  const std::string curve_path = join_path(prefix, key);
  if (curve.kind == engine::CurveKind::emanuel_wind && !(curve.v_half_m_s > curve.v_thresh_m_s)) {
    problems.add(locate(map, key).origin, curve_path,
                 "v_half_m_s must be greater than v_thresh_m_s");
  }
  if (curve.kind != engine::CurveKind::table) return;
  const std::string damage = key + ".damage";
  const std::string intensity = key + ".intensity";
  if (!present(map, damage)) {
    problems.add(locate(map, key).origin, join_path(curve_path, "damage"),
                 "missing required key (a table curve needs intensity and damage lists)");
  } else if (curve.table_damage.size() != curve.table_intensity.size()) {
    problems.add(locate(map, damage).origin, join_path(curve_path, "damage"),
                 "has " + std::to_string(curve.table_damage.size()) + " values but intensity has " +
                     std::to_string(curve.table_intensity.size()));
  }
  if (present(map, intensity)) {
    if (curve.table_intensity.size() < 2) {
      problems.add(locate(map, intensity).origin, join_path(curve_path, "intensity"),
                   "a table curve needs at least 2 points");
    }
    if (std::adjacent_find(curve.table_intensity.begin(), curve.table_intensity.end(),
                           [](double a, double b) { return !(a < b); }) !=
        curve.table_intensity.end()) {
      problems.add(locate(map, intensity).origin, join_path(curve_path, "intensity"),
                   "intensities must be strictly increasing");
    }
  }
}

}  // namespace

void check_layer(LayerSpec& layer, const Node& map, const std::string& prefix, Problems& problems) {
  const bool has_path = present(map, "path");
  const bool has_files = present(map, "files");
  if (layer.kind == LayerKind::climate_series && has_files) {
    if (has_path) {
      problems.add(locate(map, "files").origin, join_path(prefix, "files"),
                   "give either path or files, not both");
    }
    if (present(map, "dates")) {
      problems.add(locate(map, "dates").origin, join_path(prefix, "dates"),
                   "dates come from files[].date when files are given");
    }
  } else if (!has_path) {
    problems.add(map.origin, join_path(prefix, "path"), "missing required key");
  }
  if (layer.kind == LayerKind::hazard_events || layer.kind == LayerKind::storm_track) {
    check_curve(layer.curve, map, prefix, "curve", problems);
  }
  if (layer.kind == LayerKind::storm_track) {
    check_curve(layer.rain_curve, map, prefix, "rain.curve", problems);
  }
  if (layer.kind == LayerKind::hazard_events) {
    if (layer.sampling.events_per_year > 0) {
      for (const char* key : {"sampling.first_year", "sampling.last_year"}) {
        if (!present(map, key)) {
          problems.add(locate(map, "sampling").origin, join_path(prefix, key),
                       "missing required key (needed when events_per_year > 0)");
        }
      }
      for (const auto& [key, year] :
           {std::pair<const char*, int>{"sampling.first_year", layer.sampling.first_year},
            std::pair<const char*, int>{"sampling.last_year", layer.sampling.last_year}}) {
        if (present(map, key) && (year < kFirstYear || year > kLastYear)) {
          problems.add(locate(map, key).origin, join_path(prefix, key),
                       "year " + std::to_string(year) + " is outside " +
                           std::to_string(kFirstYear) + ".." + std::to_string(kLastYear));
        }
      }
      if (layer.sampling.last_year < layer.sampling.first_year) {
        problems.add(locate(map, "sampling.last_year").origin,
                     join_path(prefix, "sampling.last_year"),
                     "last_year " + std::to_string(layer.sampling.last_year) +
                         " is before first_year " + std::to_string(layer.sampling.first_year));
      }
    }
    std::map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < layer.events.size(); ++i) {
      if (layer.events[i].id.empty()) continue;
      const auto [it, inserted] = ids.emplace(layer.events[i].id, i);
      if (inserted) continue;
      const std::string relative = "events." + std::to_string(i) + ".id";
      problems.add(locate(map, relative).origin, join_path(prefix, relative),
                   "duplicate event id '" + layer.events[i].id + "' (also events." +
                       std::to_string(it->second) + ")");
    }
  }
}

void check_policy(PolicySpec& policy, const Node& map, const std::string& prefix,
                  Problems& problems) {
  (void)policy;
  if (present(map, "target.admin") && present(map, "target.mask")) {
    problems.add(locate(map, "target").origin, join_path(prefix, "target"),
                 "give either target.admin or target.mask, not both");
  }
}

namespace {

/// `<list>.N.<key>` of a list of objects (policies, housing stocks): "" when item N exists and
/// <key> is one of its numeric keys, else why not.
template <class Item>
std::string list_item_key_problem(const std::string& key, std::string_view list,
                                  std::string_view item_word, std::size_t items,
                                  const Table<Item>& table) {
  const std::string rest = key.substr(list.size() + 1);
  const auto dot = rest.find('.');
  const auto index = parse_integer(rest.substr(0, dot));
  if (dot == std::string::npos || !index || *index < 0 ||
      static_cast<std::size_t>(*index) >= items) {
    return "'" + key + "': no such " + std::string(item_word) + " (the scenario has " +
           std::to_string(items) + ")";
  }
  const std::string item_key = rest.substr(dot + 1);
  const auto found = std::find_if(table.keys.begin(), table.keys.end(),
                                  [&](const auto& k) { return k.path == item_key; });
  if (found == table.keys.end() || (found->type != "number" && found->type != "integer")) {
    return "'" + key + "' cannot be swept: '" + item_key + "' is not a numeric " +
           std::string(item_word) + " key";
  }
  return "";
}

/// Whether a layer key only shapes what the layer's intensities do (its damage and services
/// curves, its warning intensities), so that a sweep over it leaves the loaded layer as it is.
bool is_curve_key(const std::string& path) {
  for (const std::string_view prefix :
       {"curve.", "services_curve.", "rain.curve.", "rain.services_curve."}) {
    if (path.starts_with(prefix)) return path != std::string(prefix) + "kind";
  }
  return path == "warning_intensity" || path == "rain.warning_intensity";
}

std::string layer_key_problem(const Scenario& scenario, const std::string& key) {
  const std::string rest = key.substr(std::string_view("layers.").size());
  const auto dot = rest.find('.');
  const std::string name = rest.substr(0, dot);
  const auto layer = std::find_if(scenario.layers.begin(), scenario.layers.end(),
                                  [&](const LayerSpec& l) { return l.name == name; });
  if (layer == scenario.layers.end()) {
    std::vector<std::string> names;
    for (const LayerSpec& l : scenario.layers)
      names.push_back(l.name);
    return unknown_name_message("layer", name, names);
  }
  if (dot == std::string::npos) {
    return "'" + key + "' cannot be swept: name a key of the layer (layers." + name +
           ".curve.v_half_m_s, ...)";
  }
  if (layer->kind != LayerKind::hazard_events && layer->kind != LayerKind::storm_track) {
    return "'" + key + "' cannot be swept: layer '" + name +
           "' is not a hazard (hazard_events or storm_track)";
  }
  const std::string item_key = rest.substr(dot + 1);
  const auto& keys = layer_table().keys;
  const auto found =
      std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.path == item_key; });
  if (found == keys.end() || !found->type.starts_with("number") || !is_curve_key(item_key)) {
    return "'" + key +
           "' cannot be swept: of a layer only the numbers of its curves (curve.*, "
           "services_curve.*, rain.curve.*, rain.services_curve.*) and its warning_intensity "
           "and rain.warning_intensity can, which change what its intensities do and not the "
           "intensities";
  }
  return "";
}

}  // namespace

std::string sweep_key_problem(const Scenario& scenario, const std::string& key) {
  // policies.N.<key>: a numeric key of an existing policy (coverage, amount_usd, ...).
  if (key.starts_with("policies.")) {
    return list_item_key_problem(key, "policies", "policy", scenario.policies.size(),
                                 policy_table());
  }
  // housing_stocks.N.fragility_mean: the mean fragility of an existing housing stock.
  if (key.starts_with("housing_stocks.")) {
    return list_item_key_problem(key, "housing_stocks", "housing stock",
                                 scenario.model.synthesis.housing_stocks.size(),
                                 housing_stock_table());
  }
  // layers.<name>.<curve key>: a hazard layer's curves and warning intensities, which change
  // what its intensities do, never the intensities themselves (so a calibration or ensemble
  // reuses the loaded layers).
  if (key.starts_with("layers.")) return layer_key_problem(scenario, key);
  const auto& keys = scenario_table().keys;
  const auto found =
      std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.path == key; });
  if (found == keys.end()) {
    std::vector<std::string> known;
    for (const auto& k : keys) {
      if (k.path.starts_with("households.") || k.path.starts_with("behaviour.")) {
        known.push_back(k.path);
      }
    }
    return unknown_name_message("scenario key", key, known);
  }
  const bool sweepable = key.starts_with("households.") || key.starts_with("behaviour.");
  if (!sweepable || (found->type != "number" && found->type != "integer")) {
    return "'" + key +
           "' cannot be swept: only numeric households.*, behaviour.*, policies.N.*, "
           "housing_stocks.N.* and layers.<name>.<curve> keys can";
  }
  return "";
}

void check_ensemble(const Scenario& scenario, const Node& root, Problems& problems) {
  const EnsembleSpec& ensemble = scenario.ensemble;
  std::map<std::string, std::size_t> first_index;
  for (std::size_t i = 0; i < ensemble.sweep.size(); ++i) {
    const SweepParameter& parameter = ensemble.sweep[i];
    const std::string item = "ensemble.sweep.parameters." + std::to_string(i);
    const auto problem = [&](const std::string& key, const std::string& message) {
      problems.add(locate(root, item + "." + key).origin, item + "." + key, message);
    };
    if (const std::string why = sweep_key_problem(scenario, parameter.key); !why.empty()) {
      problem("key", why);
      continue;
    }
    const auto [it, inserted] = first_index.emplace(parameter.key, i);
    if (!inserted) {
      problem("key", "'" + parameter.key + "' is swept twice (first at " +
                         format_origin(locate(root, "ensemble.sweep.parameters." +
                                                        std::to_string(it->second) + ".key")
                                           .origin) +
                         ")");
    }
    if (ensemble.method == SweepMethod::grid) {
      if (parameter.values.empty()) {
        problem("values", "a grid sweep needs `values` for every parameter");
      }
      for (const std::string& value : parameter.values) {
        if (!parse_number(value)) {
          problem("values", "value '" + value + "' is not a number");
          break;
        }
      }
    } else {
      if (!parameter.min || !parameter.max) {
        problem("min", "a latin_hypercube sweep needs `min` and `max` for every parameter");
      } else if (!(*parameter.min < *parameter.max)) {
        problem("max", "max must be greater than min");
      }
    }
  }
}

void check_scenario(Scenario& scenario, const Node& root, const std::string& prefix,
                    Problems& problems) {
  (void)prefix;
  check_time(scenario, root, problems);
  check_grid(scenario, root, problems);
  check_layer_kinds(scenario, root, problems);
  check_admin_levels(scenario, root, problems);
  check_unique_names(
      scenario.externals,
      [](const engine::ExternalDestination& e) -> const std::string& { return e.name; }, root,
      "external_destinations", "external destination", problems);
  check_unique_names(
      scenario.shelters, [](const ShelterSpec& s) -> const std::string& { return s.name; }, root,
      "shelters", "shelter", problems);
  check_unique_names(
      scenario.policies, [](const PolicySpec& p) -> const std::string& { return p.policy.name; },
      root, "policies", "policy", problems);
  check_policy_references(scenario, root, problems);
  check_ensemble(scenario, root, problems);
}

}  // namespace displace::scenario::detail
