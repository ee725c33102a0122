#include "displace/scenario/facts.hpp"

#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>

#include "displace/scenario/load.hpp"
#include "scalars.hpp"
#include "yaml_tree.hpp"

namespace displace::scenario {
namespace {

using detail::Node;
using detail::Problems;

/// Reads the facts of one document, adding a problem for each piece of the wrong shape.
class FactReader {
 public:
  explicit FactReader(Problems& problems) : problems_(problems) {}

  /// The map under `key` of `node` (nullptr when absent or null); a problem when not a map.
  const Node* map(const Node& node, const std::string& path, std::string_view key) {
    return child(node, path, key, Node::Kind::map, "a map");
  }
  /// The list under `key` (nullptr when absent or null); a problem when not a list.
  const Node* list(const Node& node, const std::string& path, std::string_view key) {
    return child(node, path, key, Node::Kind::sequence, "a list");
  }
  /// The text under `key` ("" when absent or null); a problem when not a scalar.
  std::string text(const Node& node, const std::string& path, std::string_view key) {
    const Node* value = child(node, path, key, Node::Kind::scalar, "a text");
    return value == nullptr ? "" : value->scalar;
  }
  /// The number under `key` (`fallback` when absent or null); a problem when not a number.
  double number(const Node& node, const std::string& path, std::string_view key, double fallback) {
    const Node* value = child(node, path, key, Node::Kind::scalar, "a number");
    if (value == nullptr) return fallback;
    const auto parsed = detail::parse_number(value->scalar);
    if (!parsed) {
      problems_.add(value->origin, join(path, key),
                    "expected a number, found '" + value->scalar + "'");
      return fallback;
    }
    return *parsed;
  }
  /// The whole number under `key` (`fallback` when absent or null); a problem when not one.
  int integer(const Node& node, const std::string& path, std::string_view key, int fallback) {
    const Node* value = child(node, path, key, Node::Kind::scalar, "a whole number");
    if (value == nullptr) return fallback;
    const auto parsed = detail::parse_integer(value->scalar);
    if (!parsed || *parsed < std::numeric_limits<int>::min() ||
        *parsed > std::numeric_limits<int>::max()) {
      problems_.add(value->origin, join(path, key),
                    "expected a whole number, found '" + value->scalar + "'");
      return fallback;
    }
    return static_cast<int>(*parsed);
  }
  /// An item of a list that must be a map (nullptr and a problem otherwise).
  const Node* item_map(const Node& item, const std::string& path) {
    if (item.kind == Node::Kind::map) return &item;
    problems_.add(item.origin, path,
                  "expected a map, found a " + std::string(detail::kind_name(item.kind)));
    return nullptr;
  }

  /// An item of a list that must be a text ("" and a problem otherwise).
  std::string item_text(const Node& item, const std::string& path) {
    if (item.kind == Node::Kind::scalar) return item.scalar;
    problems_.add(item.origin, path,
                  "expected a text, found a " + std::string(detail::kind_name(item.kind)));
    return "";
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

 private:
  const Node* child(const Node& node, const std::string& path, std::string_view key,
                    Node::Kind kind, const char* expected) {
    const Node* value = node.find(key);
    if (value == nullptr || value->kind == Node::Kind::null) return nullptr;
    if (value->kind != kind) {
      problems_.add(value->origin, join(path, key),
                    std::string("expected ") + expected + ", found a " +
                        std::string(detail::kind_name(value->kind)));
      return nullptr;
    }
    return value;
  }

  Problems& problems_;
};

void read_layers(FactReader& read, const Node& layers, ScenarioFacts& facts) {
  for (const detail::Entry& entry : layers.entries) {
    const std::string path = "layers." + entry.key;
    const Node* layer = read.item_map(entry.value, path);
    if (layer == nullptr) continue;
    const std::string kind = read.text(*layer, path, "kind");
    if (kind == "hazard_events") {
      HazardFact hazard;
      hazard.hazard = read.text(*layer, path, "hazard");
      if (const Node* events = read.list(*layer, path, "events")) {
        for (std::size_t i = 0; i < events->items.size(); ++i) {
          const std::string event_path = path + ".events." + std::to_string(i);
          const Node* event = read.item_map(events->items[i], event_path);
          if (event == nullptr) continue;
          std::string name = read.text(*event, event_path, "name");
          if (name.empty()) name = read.text(*event, event_path, "id");
          hazard.events.emplace_back(name, read.text(*event, event_path, "date"));
        }
      }
      if (const Node* sampling = read.map(*layer, path, "sampling")) {
        const std::string sampling_path = path + ".sampling";
        hazard.events_per_year = read.number(*sampling, sampling_path, "events_per_year", 0.0);
        hazard.first_year = read.integer(*sampling, sampling_path, "first_year", 0);
        hazard.last_year = read.integer(*sampling, sampling_path, "last_year", 0);
      }
      facts.hazards.push_back(std::move(hazard));
    } else if (kind == "storm_track") {
      // Storms from their tracks: the layer adds the hazards `wind` and, with rain enabled,
      // `rain` (docs/model.md); its events are the storms it names (ids or "NAME SEASON").
      HazardFact hazard;
      hazard.hazard = "wind";
      if (const Node* rain = read.map(*layer, path, "rain")) {
        if (read.text(*rain, path + ".rain", "enabled") == "true") hazard.hazard += ", rain";
      }
      hazard.hazard += " (storm_track)";
      if (const Node* storms = read.list(*layer, path, "storms")) {
        for (std::size_t i = 0; i < storms->items.size(); ++i) {
          const std::string storm =
              read.item_text(storms->items[i], path + ".storms." + std::to_string(i));
          if (!storm.empty()) hazard.events.emplace_back(storm, "");
        }
      }
      facts.hazards.push_back(std::move(hazard));
    } else if (kind == "climate_series") {
      const std::string driver = read.text(*layer, path, "driver");
      facts.climate_drivers.push_back(driver.empty() ? "heat" : driver);
    }
  }
}

}  // namespace

ScenarioFacts scenario_facts(const std::string& scenario_yaml, const std::string& origin) {
  ScenarioFacts facts;
  Problems problems;
  const auto source = std::make_shared<const detail::Source>(detail::Source{origin, {}});
  const std::optional<Node> parsed = detail::parse_yaml(scenario_yaml, source, problems);
  if (!parsed) {
    if (problems.empty()) problems.add({source, 0, 0}, "", "the scenario text is too large");
    throw ScenarioError(problems.list());
  }
  const Node& root = *parsed;
  if (root.kind == Node::Kind::null) {
    if (!problems.empty()) throw ScenarioError(problems.list());
    return facts;  // no scenario recorded
  }
  if (root.kind != Node::Kind::map) {
    problems.add(
        root.origin, "",
        "expected the scenario as a map, found a " + std::string(detail::kind_name(root.kind)));
    throw ScenarioError(problems.list());
  }
  FactReader read(problems);
  facts.name = read.text(root, "", "name");
  facts.description = read.text(root, "", "description");
  if (const Node* time = read.map(root, "", "time")) {
    facts.start = read.text(*time, "time", "start");
    facts.end = read.text(*time, "time", "end");
    facts.step = read.text(*time, "time", "step");
  }
  if (const Node* layers = read.map(root, "", "layers")) read_layers(read, *layers, facts);
  if (const Node* policies = read.list(root, "", "policies")) {
    for (std::size_t i = 0; i < policies->items.size(); ++i) {
      const std::string path = "policies." + std::to_string(i);
      const Node* policy = read.item_map(policies->items[i], path);
      if (policy == nullptr) continue;
      facts.policies.push_back({read.text(*policy, path, "kind"), read.text(*policy, path, "name"),
                                read.text(*policy, path, "start"),
                                read.text(*policy, path, "end")});
    }
  }
  if (const Node* destinations = read.list(root, "", "external_destinations")) {
    for (std::size_t i = 0; i < destinations->items.size(); ++i) {
      const std::string path = "external_destinations." + std::to_string(i);
      if (const Node* destination = read.item_map(destinations->items[i], path)) {
        facts.destinations.push_back(read.text(*destination, path, "name"));
      }
    }
  }
  if (const Node* ensemble = read.map(root, "", "ensemble")) {
    if (const Node* pair = read.map(*ensemble, "ensemble", "pair")) {
      // The resolved text holds an absolute path; the file name is what a reader recognises.
      facts.counterfactual =
          std::filesystem::path(read.text(*pair, "ensemble.pair", "counterfactual"))
              .filename()
              .string();
    }
    if (const Node* sweep = read.map(*ensemble, "ensemble", "sweep")) {
      if (const Node* parameters = read.list(*sweep, "ensemble.sweep", "parameters")) {
        for (std::size_t i = 0; i < parameters->items.size(); ++i) {
          const std::string path = "ensemble.sweep.parameters." + std::to_string(i);
          if (const Node* parameter = read.item_map(parameters->items[i], path)) {
            facts.swept_keys.push_back(read.text(*parameter, path, "key"));
          }
        }
      }
    }
  }
  if (!problems.empty()) throw ScenarioError(problems.list());
  return facts;
}

}  // namespace displace::scenario
