// The calibration file: its keys declared once (schema.hpp tables, as scenario keys are), the
// checks across keys, and the checks against the scenarios it names.
#include "displace/scenario/calibration.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "compose.hpp"
#include "displace/scenario/load.hpp"
#include "scenario_schema.hpp"

// A generic accessor for a (nested) member, usable on const and non-const objects.
#define MEMBER(expression) ([](auto& object) -> auto& { return object.expression; })

namespace displace::scenario {
namespace detail {
namespace {

/// Most parameter sets of one wave (design.initial, design.per_wave): a maximin Latin hypercube
/// of n sets compares n^2/2 pairs, and every set is run design.seeds times on every scenario.
constexpr int kMaxDesignSets = 10000;

/// A list of strings that remembers where each item was written.
template <class T, class Access>
Key<T> located_list_key(std::string path, Access access, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "list of strings";
  key.help = std::move(help);
  key.read = [access](T& object, const Node& node, const std::string& yaml_path,
                      Problems& problems) {
    const auto* items = read_list(node, yaml_path, problems);
    if (items == nullptr) return;
    access(object).clear();
    for (std::size_t i = 0; i < items->size(); ++i) {
      const Node& item = (*items)[i];
      if (auto text = read_text(item, join_path(yaml_path, std::to_string(i)), problems)) {
        access(object).push_back(Located{std::move(*text), format_origin(item.origin)});
      }
    }
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    if (access(object).empty()) return std::nullopt;
    std::vector<Node> items;
    for (const auto& item : access(object))
      items.push_back(scalar_node(item.value));
    return sequence_node(std::move(items));
  };
  return key;
}

const Node& node_at(const Node& root, const std::string& path) {
  const Node* current = &root;
  std::string_view rest = path;
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    const std::string segment(rest.substr(0, dot));
    const Node* next = nullptr;
    if (current->kind == Node::Kind::map) {
      next = current->find(segment);
    } else if (current->kind == Node::Kind::sequence) {
      const auto index = parse_integer(segment);
      if (index && *index >= 0 && static_cast<std::size_t>(*index) < current->items.size()) {
        next = &current->items[static_cast<std::size_t>(*index)];
      }
    }
    if (next == nullptr) return *current;
    current = next;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return *current;
}

void check_parameter(CalibrationParameter& parameter, const Node& map, const std::string& prefix,
                     Problems& problems) {
  if (map.find("min") == nullptr || map.find("max") == nullptr) return;  // reported as missing
  if (!(parameter.min < parameter.max)) {
    problems.add(node_at(map, "max").origin, join_path(prefix, "max"),
                 "max (" + format_number(parameter.max) + ") must be greater than min (" +
                     format_number(parameter.min) + ")");
  } else if (parameter.scale == ParameterScale::log && !(parameter.min > 0.0)) {
    problems.add(node_at(map, "min").origin, join_path(prefix, "min"),
                 "a log-scale parameter needs min > 0 (found " + format_number(parameter.min) +
                     "); use scale: linear or a positive min");
  }
}

Table<CalibrationScenario> build_scenario_item_table() {
  Table<CalibrationScenario> t;
  t.title = "scenarios[]";
  t.intro =
      "One scenario the calibration runs (normally one per event: each storm its own short run) "
      "and the events whose targets it is scored on.";
  t.keys.push_back(path_key<CalibrationScenario>("path", MEMBER(path), true,
                                                 "The scenario file (relative to this file).")
                       .require());
  t.keys.push_back(located_list_key<CalibrationScenario>(
      "events", MEMBER(events),
      "Event ids (the observation CSV's `event` column) whose targets this scenario is scored "
      "on; absent = every target of the observations."));
  t.keys.push_back(located_list_key<CalibrationScenario>(
      "groups", MEMBER(groups),
      "Names of groups this scenario belongs to, for parameters fitted to a group only "
      "(`parameters[].group`): for example the countries of one civil-protection regime."));
  return finish_table(std::move(t));
}

const Table<CalibrationScenario>& scenario_item_table() {
  static const Table<CalibrationScenario> table = build_scenario_item_table();
  return table;
}

Table<CalibrationParameter> build_parameter_table() {
  Table<CalibrationParameter> t;
  t.title = "parameters[]";
  t.intro =
      "One fitted key and its prior range. Any key an ensemble can sweep: numeric `households.*` "
      "and `behaviour.*` keys, numeric keys of a policy (`policies.N.coverage`) and a housing "
      "stock's `housing_stocks.N.fragility_mean`, and the numbers of a hazard layer's curves and "
      "its warning intensities (`layers.storm.rain.curve.threshold`, "
      "`layers.wind.warning_intensity`), which the loaded layer takes for each set; not integer "
      "keys. Every scenario of the calibration must accept both ends of the range.";
  t.keys.push_back(text_key<CalibrationParameter>("key", MEMBER(key),
                                                  "Key path, e.g. behaviour.aspiration.intercept.")
                       .require());
  t.keys.push_back(number_key<CalibrationParameter>("min", MEMBER(min), "", any_value(),
                                                    "Lower end of the prior range.")
                       .require());
  t.keys.push_back(number_key<CalibrationParameter>("max", MEMBER(max), "", any_value(),
                                                    "Upper end of the prior range.")
                       .require());
  t.keys.push_back(choice_key<CalibrationParameter, ParameterScale>(
      "scale", MEMBER(scale), {{"linear", ParameterScale::linear}, {"log", ParameterScale::log}},
      "Sampled uniformly on this scale (log: uniform in log10, for rates spanning decades)."));
  t.keys.push_back(text_key<CalibrationParameter>(
      "group", MEMBER(group),
      "Fit this key only for the scenarios that list this group in `scenarios[].groups`; there "
      "its value replaces that of the same key fitted without a group (which then applies to "
      "every other scenario). Absent: every scenario."));
  t.check = check_parameter;
  return finish_table(std::move(t));
}

const Table<CalibrationParameter>& parameter_table() {
  static const Table<CalibrationParameter> table = build_parameter_table();
  return table;
}

void check_calibration(CalibrationSpec& spec, const Node& root, const std::string& /*prefix*/,
                       Problems& problems) {
  std::map<std::pair<std::string, std::string>, std::size_t> first;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto [it, inserted] =
        first.emplace(std::make_pair(spec.parameters[i].key, spec.parameters[i].group), i);
    if (inserted) continue;
    const std::string path = "parameters." + std::to_string(i) + ".key";
    problems.add(
        node_at(root, path).origin, path,
        "'" + parameter_label(spec.parameters[i]) + "' is fitted twice (first at " +
            format_origin(
                node_at(root, "parameters." + std::to_string(it->second) + ".key").origin) +
            ")");
  }
  if (root.find("parameters") != nullptr && spec.parameters.empty()) {
    problems.add(node_at(root, "parameters").origin, "parameters", "no parameter to fit");
  }
  if (root.find("scenarios") != nullptr && spec.scenarios.empty()) {
    problems.add(node_at(root, "scenarios").origin, "scenarios", "no scenario to run");
  }
  // Two outputs naming one file: one of them would be lost (the last written wins).
  {
    const auto same = [](const std::filesystem::path& a, const std::filesystem::path& b) {
      std::error_code error;
      if (std::filesystem::exists(a, error) && std::filesystem::exists(b, error)) {
        const bool equivalent = std::filesystem::equivalent(a, b, error);
        if (!error) return equivalent;
      }
      const auto canonical = [](const std::filesystem::path& p) {
        std::error_code e;
        auto c = std::filesystem::weakly_canonical(p, e);
        return e ? p.lexically_normal() : c;
      };
      return canonical(a) == canonical(b);
    };
    std::vector<std::pair<std::string, const std::filesystem::path*>> outputs = {
        {"outputs.path", &spec.outputs.path}};
    // With several scenarios outputs.scenario is a name pattern (checked by `calibrate`).
    if (spec.scenarios.size() <= 1)
      outputs.emplace_back("outputs.scenario", &spec.outputs.scenario);
    outputs.emplace_back("outputs.report", &spec.outputs.report);
    for (std::size_t a = 0; a < outputs.size(); ++a) {
      for (std::size_t b = a + 1; b < outputs.size(); ++b) {
        if (outputs[a].second->empty() || outputs[b].second->empty()) continue;
        if (!same(*outputs[a].second, *outputs[b].second)) continue;
        problems.add(node_at(root, outputs[b].first).origin, outputs[b].first,
                     "names the same file as " + outputs[a].first + " (at " +
                         format_origin(node_at(root, outputs[a].first).origin) + "): '" +
                         outputs[b].second->string() +
                         "'; one would be lost: give each output its own file");
      }
    }
  }
  std::map<std::string, std::string> events_seen;
  for (std::size_t s = 0; s < spec.scenarios.size(); ++s) {
    for (std::size_t e = 0; e < spec.scenarios[s].events.size(); ++e) {
      const Located& event = spec.scenarios[s].events[e];
      const auto [it, inserted] = events_seen.emplace(event.value, event.where);
      if (inserted) continue;
      const std::string path = "scenarios." + std::to_string(s) + ".events." + std::to_string(e);
      problems.add(node_at(root, path).origin, path,
                   "event '" + event.value + "' is already scored on another scenario (at " +
                       it->second + "); each event belongs to one scenario");
    }
  }
  // Groups: a parameter's group must be listed by some scenario, and no scenario may be in two
  // groups that fit the same key (which value would it take?).
  std::map<std::string, std::vector<std::size_t>> members;  // group -> scenarios
  for (std::size_t s = 0; s < spec.scenarios.size(); ++s) {
    for (const Located& g : spec.scenarios[s].groups)
      members[g.value].push_back(s);
  }
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const CalibrationParameter& parameter = spec.parameters[i];
    if (parameter.group.empty()) continue;
    const std::string path = "parameters." + std::to_string(i) + ".group";
    if (members.find(parameter.group) == members.end()) {
      problems.add(node_at(root, path).origin, path,
                   "no scenario lists group '" + parameter.group +
                       "' in its `groups`; the parameter would never be used");
      continue;
    }
    for (std::size_t j = i + 1; j < spec.parameters.size(); ++j) {
      const CalibrationParameter& other = spec.parameters[j];
      if (other.group.empty() || other.group == parameter.group || other.key != parameter.key)
        continue;
      for (const std::size_t s : members[parameter.group]) {
        const auto& groups = spec.scenarios[s].groups;
        if (std::none_of(groups.begin(), groups.end(),
                         [&](const Located& g) { return g.value == other.group; }))
          continue;
        const std::string other_path = "parameters." + std::to_string(j) + ".group";
        problems.add(node_at(root, other_path).origin, other_path,
                     "scenario " + spec.scenarios[s].path.filename().string() + " is in groups '" +
                         parameter.group + "' and '" + other.group + "', which both fit '" +
                         parameter.key + "'; which value would it take?");
        break;
      }
    }
  }
}

Table<CalibrationSpec> build_calibration_table() {
  Table<CalibrationSpec> t;
  t.title = "";
  t.intro =
      "The calibration file of `displace calibrate` (docs/calibration.md). A target of the "
      "observations validates when its `set` column says `validation`, when its event is in "
      "`validation.events` or its id in `validation.ids`; every other target a scenario is scored "
      "on calibrates.";
  auto& k = t.keys;
  k.push_back(
      text_key<CalibrationSpec>("name", MEMBER(name), "Name of the calibration.").require());
  k.push_back(text_key<CalibrationSpec>("description", MEMBER(description), "Free text."));
  k.push_back(object_list_key<CalibrationSpec, CalibrationScenario>(
                  "scenarios", MEMBER(scenarios), &scenario_item_table,
                  "The scenarios run for every parameter set (see `scenarios[]`).")
                  .require());
  k.push_back(path_key<CalibrationSpec>("observations", MEMBER(observations), true,
                                        "The observation CSV (docs/observations.md).")
                  .require());
  k.push_back(located_list_key<CalibrationSpec>(
      "validation.events", MEMBER(validation_events),
      "Events whose targets are held out: scored, never used to accept a parameter set."));
  k.push_back(located_list_key<CalibrationSpec>("validation.ids", MEMBER(validation_ids),
                                                "Target ids held out the same way."));
  k.push_back(object_list_key<CalibrationSpec, CalibrationParameter>(
                  "parameters", MEMBER(parameters), &parameter_table,
                  "The fitted keys and their prior ranges (see `parameters[]`).")
                  .require());
  k.push_back(integer_key<CalibrationSpec>(
      "design.initial", MEMBER(design.initial), "parameter sets", between(2, kMaxDesignSets),
      "Parameter sets of the first wave: a maximin Latin hypercube over the prior box. At most "
      "10000: the maximin search compares every pair of sets (seconds at the limit, hours at a "
      "million), and each set is run `seeds` times per scenario."));
  k.push_back(integer_key<CalibrationSpec>(
      "design.waves", MEMBER(design.waves), "waves", between(0, 100),
      "Refocusing waves after the first: each samples around the parameter sets not ruled out "
      "so far."));
  k.push_back(integer_key<CalibrationSpec>("design.per_wave", MEMBER(design.per_wave),
                                           "parameter sets", between(1, kMaxDesignSets),
                                           "Parameter sets of each refocusing wave (at most "
                                           "10000, as `initial`)."));
  k.push_back(integer_key<CalibrationSpec>(
      "design.seeds", MEMBER(design.seeds), "runs", between(1, 1000),
      "Runs per parameter set and scenario, with the member seeds of an ensemble (the same "
      "seeds for every parameter set)."));
  k.push_back(number_key<CalibrationSpec>(
      "design.cutoff", MEMBER(design.cutoff), "", above(0),
      "Implausibility cut-off: a parameter set is ruled out when its measure exceeds it (3 = "
      "Pukelsheim's three-sigma rule)."));
  k.push_back(choice_key<CalibrationSpec, ImplausibilityMeasure>(
      "design.measure", MEMBER(design.measure),
      {{"max", ImplausibilityMeasure::max}, {"second_max", ImplausibilityMeasure::second_max}},
      "What is held against the cut-off: the largest implausibility over the calibration "
      "targets, or the second largest (tolerates one target the model cannot meet)."));
  k.push_back(number_key<CalibrationSpec>(
      "design.discrepancy", MEMBER(design.discrepancy_log10), "log10", at_least(0),
      "Model discrepancy: standard deviation, in log10 units, of the model's structural error."));
  k.push_back(integer_key<CalibrationSpec>("design.seed", MEMBER(design.seed), "", at_least(0),
                                           "Seed of the design's random numbers."));
  k.push_back(boolean_key<CalibrationSpec>(
      "design.emulator", MEMBER(design.emulator),
      "Emulator-based waves: before each refocusing wave, fit a Gaussian-process emulator of "
      "every calibration target to the sets run so far, rule out candidate sets on the emulated "
      "implausibility and run only sets the emulators keep (docs/calibration.md). Off: the "
      "waves sample around the sets not ruled out."));
  k.push_back(path_key<CalibrationSpec>("outputs.path", MEMBER(outputs.path), false,
                                        "The HDF5 results file.")
                  .require());
  k.push_back(path_key<CalibrationSpec>("outputs.scenario", MEMBER(outputs.scenario), false,
                                        "The calibrated scenario (one scenario), or the name "
                                        "pattern of one file per scenario (several)."));
  k.push_back(path_key<CalibrationSpec>("outputs.report", MEMBER(outputs.report), false,
                                        "The fit report (markdown)."));
  t.check = check_calibration;
  return finish_table(std::move(t));
}

const Table<CalibrationSpec>& calibration_table() {
  static const Table<CalibrationSpec> table = build_calibration_table();
  return table;
}

/// The part of a ScenarioError's problem after "<key>: " (the message without the --set origin).
std::string without_origin(const std::string& problem, const std::string& key) {
  const auto at = problem.find(key + ": ");
  return at == std::string::npos ? problem : problem.substr(at + key.size() + 2);
}

std::string yaml_number(double value) {
  return format_number(value);
}

void check_against_scenarios(const CalibrationSpec& spec, const Node& root, Problems& problems) {
  const auto& keys = scenario_table().keys;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const CalibrationParameter& parameter = spec.parameters[i];
    const std::string item = "parameters." + std::to_string(i);
    bool key_ok = true;
    for (std::size_t si = 0; si < spec.scenarios.size(); ++si) {
      if (!parameter_applies(spec, i, si)) continue;
      const CalibrationScenario& s = spec.scenarios[si];
      std::string why = sweep_key_problem(s.scenario, parameter.key);
      if (why.empty()) {
        const auto found = std::find_if(keys.begin(), keys.end(),
                                        [&](const auto& k) { return k.path == parameter.key; });
        if (found != keys.end() && found->type == "integer") {
          why = "'" + parameter.key + "' is an integer key; only numbers can be calibrated";
        }
      }
      if (!why.empty()) {
        if (spec.scenarios.size() > 1) why += " (in scenario " + s.path.filename().string() + ")";
        problems.add(node_at(root, item + ".key").origin, item + ".key", why);
        key_ok = false;
        break;
      }
    }
    if (!key_ok) continue;
    for (const auto& [end, value] : {std::pair<std::string, double>{"min", parameter.min},
                                     std::pair<std::string, double>{"max", parameter.max}}) {
      for (std::size_t si = 0; si < spec.scenarios.size(); ++si) {
        if (!parameter_applies(spec, i, si)) continue;
        const CalibrationScenario& s = spec.scenarios[si];
        try {
          (void)load_scenario(s.path, {parameter.key + "=" + yaml_number(value)});
        } catch (const ScenarioError& error) {
          problems.add(node_at(root, item + "." + end).origin, item + "." + end,
                       "scenario " + s.path.filename().string() + " does not accept " +
                           parameter.key + " = " + yaml_number(value) + ": " +
                           without_origin(error.problems().front(), parameter.key));
          break;
        }
      }
    }
  }
}

}  // namespace
}  // namespace detail

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  using namespace detail;
  const auto top = std::filesystem::absolute(file).lexically_normal();
  Problems problems;
  // With the scenario file's checks and limit: a FIFO does not block, /dev/zero is not read
  // without end, a folder is not an empty file.
  std::string text;
  try {
    text = read_regular_file(top, kMaxScenarioFileBytes);
  } catch (const InputError& error) {
    std::string reason = error.what();
    const std::string prefix = top.string() + ": ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    throw ScenarioError({top.string() + ": calibration file " + reason});
  }
  auto source = std::make_shared<const Source>(Source{top.string(), top.parent_path()});
  auto parsed = parse_yaml(text, source, problems);
  if (!problems.empty()) throw ScenarioError(problems.list());
  Node root = parsed ? std::move(*parsed) : map_node();
  if (root.kind == Node::Kind::null) {
    root = map_node();
    root.origin = Origin{source, 1, 1};
  }
  CalibrationSpec spec{};
  read_object(calibration_table(), root, "", spec, problems);
  if (!problems.empty()) throw ScenarioError(problems.list());
  spec.source_file = top;
  spec.text = text;

  // The scenarios themselves: their own problems, located in their own files.
  std::vector<std::string> scenario_problems;
  for (std::size_t s = 0; s < spec.scenarios.size(); ++s) {
    try {
      spec.scenarios[s].scenario = load_scenario(spec.scenarios[s].path);
    } catch (const ScenarioError& error) {
      const std::string path = "scenarios." + std::to_string(s) + ".path";
      problems.add(node_at(root, path).origin, path,
                   "scenario '" + spec.scenarios[s].path.string() + "' is not valid:");
      for (const auto& problem : error.problems())
        scenario_problems.push_back("  " + problem);
    }
  }
  if (!problems.empty()) {
    auto all = problems.list();
    all.insert(all.end(), scenario_problems.begin(), scenario_problems.end());
    throw ScenarioError(all);
  }
  check_against_scenarios(spec, root, problems);
  if (!problems.empty()) throw ScenarioError(problems.list());
  return spec;
}

bool parameter_applies(const CalibrationSpec& spec, std::size_t p, std::size_t s) {
  const auto in_group = [&](const std::string& group) {
    const auto& groups = spec.scenarios[s].groups;
    return std::any_of(groups.begin(), groups.end(),
                       [&](const Located& g) { return g.value == group; });
  };
  const CalibrationParameter& parameter = spec.parameters[p];
  if (!parameter.group.empty()) return in_group(parameter.group);
  return std::none_of(spec.parameters.begin(), spec.parameters.end(), [&](const auto& other) {
    return !other.group.empty() && other.key == parameter.key && in_group(other.group);
  });
}

std::string parameter_label(const CalibrationParameter& parameter) {
  return parameter.group.empty() ? parameter.key
                                 : parameter.key + " (group " + parameter.group + ")";
}

std::string calibration_reference_markdown() {
  using namespace detail;
  std::string text =
      "# Calibration file reference\n\n"
      "<!-- Generated by `displace_scenario_reference --calibration` from "
      "scenarios/src/calibration.cpp; do not edit by hand. -->\n\n"
      "Every key a calibration file (`displace calibrate CALIBRATION.yaml`, "
      "docs/calibration.md) may contain. Unknown keys, wrong types and values out of range are "
      "errors, reported as `file:line:column: key.path: message`. Relative paths resolve against "
      "the calibration file's folder.\n\n";
  text += markdown_section(calibration_table());
  text += markdown_section(scenario_item_table());
  text += markdown_section(parameter_table());
  text.pop_back();
  return text;
}

std::string calibrated_scenario_yaml(const Scenario& original, const std::filesystem::path& output,
                                     const std::vector<std::pair<std::string, double>>& values,
                                     const std::string& comment) {
  using namespace detail;
  namespace fs = std::filesystem;
  const fs::path folder = fs::absolute(output).parent_path();
  const auto relative_to_folder = [&](const fs::path& target) {
    std::error_code error;
    fs::path relative = fs::relative(target, folder, error);
    return error || relative.empty() ? target : relative;
  };
  Node root = map_node();
  root.entries.push_back(
      Entry{"extends", {}, scalar_node(relative_to_folder(original.source_file).string())});
  root.entries.push_back(Entry{"name", {}, scalar_node(original.name + "-calibrated")});
  // Keys of list items (policies.N.*, housing_stocks.N.*): the whole list is written, as composed
  // from the original with the fitted values (a list replaces its base's when merged).
  constexpr std::array<std::string_view, 2> kLists = {"policies", "housing_stocks"};
  const auto list_of = [&](const std::string& key) -> std::string_view {
    for (const std::string_view list : kLists) {
      if (key.starts_with(std::string(list) + ".")) return list;
    }
    return {};
  };
  std::set<std::string_view> lists;
  for (const auto& [key, value] : values) {
    if (const std::string_view list = list_of(key); !list.empty()) {
      lists.insert(list);
      continue;
    }
    set_path(root, key, scalar_node(format_number(value)));
  }
  if (!lists.empty()) {
    Problems problems;
    Node composed = load_composed(original.source_file, problems);
    for (const auto& [key, value] : values) {
      if (!list_of(key).empty())
        apply_override(composed, key + "=" + format_number(value), problems);
    }
    if (!problems.empty()) throw ScenarioError(problems.list());
    for (const std::string_view list : kLists) {
      if (lists.count(list) == 0) continue;
      if (const Node* items = composed.find(list)) {
        // Relative paths inside the items (none today) would resolve against the new file.
        root.entries.push_back(Entry{std::string(list), {}, *items});
      }
    }
  }
  const fs::path run = original.output.path;
  const fs::path calibrated_run =
      run.parent_path() / (run.stem().string() + "-calibrated" + run.extension().string());
  set_path(root, "outputs.path", scalar_node(relative_to_folder(calibrated_run).string()));
  std::string text;
  std::istringstream lines(comment);
  for (std::string line; std::getline(lines, line);)
    text += line.empty() ? "#\n" : "# " + line + "\n";
  return text + emit_yaml(root);
}

}  // namespace displace::scenario

#undef MEMBER
