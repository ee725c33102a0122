#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "report_data.hpp"

namespace displace::report {
namespace {

std::string text_of(const YAML::Node& node, const char* key) {
  if (!node.IsMap() || !node[key] || !node[key].IsScalar()) return "";
  return node[key].as<std::string>("");
}

}  // namespace

ScenarioFacts scenario_facts(const std::string& scenario_yaml) {
  ScenarioFacts facts;
  YAML::Node root;
  try {
    root = YAML::Load(scenario_yaml);
  } catch (const YAML::Exception&) {
    return facts;
  }
  if (!root.IsMap()) return facts;
  try {
    facts.name = text_of(root, "name");
    facts.description = text_of(root, "description");
    if (const auto time = root["time"]; time && time.IsMap()) {
      facts.start = text_of(time, "start");
      facts.end = text_of(time, "end");
      facts.step = text_of(time, "step");
    }
    if (const auto layers = root["layers"]; layers && layers.IsMap()) {
      for (const auto& entry : layers) {
        const YAML::Node layer = entry.second;
        const std::string kind = text_of(layer, "kind");
        if (kind == "hazard_events") {
          HazardFact hazard;
          hazard.hazard = text_of(layer, "hazard");
          if (const auto events = layer["events"]; events && events.IsSequence()) {
            for (const auto& event : events) {
              std::string name = text_of(event, "name");
              if (name.empty()) name = text_of(event, "id");
              hazard.events.emplace_back(name, text_of(event, "date"));
            }
          }
          if (const auto sampling = layer["sampling"]; sampling && sampling.IsMap()) {
            hazard.events_per_year = sampling["events_per_year"].as<double>(0.0);
            hazard.first_year = sampling["first_year"].as<int>(0);
            hazard.last_year = sampling["last_year"].as<int>(0);
          }
          facts.hazards.push_back(std::move(hazard));
        } else if (kind == "climate_series") {
          const std::string driver = text_of(layer, "driver");
          facts.climate_drivers.push_back(driver.empty() ? "heat" : driver);
        }
      }
    }
    if (const auto policies = root["policies"]; policies && policies.IsSequence()) {
      for (const auto& policy : policies) {
        facts.policies.push_back({text_of(policy, "kind"), text_of(policy, "name"),
                                  text_of(policy, "start"), text_of(policy, "end")});
      }
    }
    if (const auto destinations = root["external_destinations"];
        destinations && destinations.IsSequence()) {
      for (const auto& destination : destinations)
        facts.destinations.push_back(text_of(destination, "name"));
    }
    if (const auto ensemble = root["ensemble"]; ensemble && ensemble.IsMap()) {
      if (const auto pair = ensemble["pair"]; pair && pair.IsMap()) {
        // The resolved text holds an absolute path; the file name is what a reader recognises.
        facts.counterfactual =
            std::filesystem::path(text_of(pair, "counterfactual")).filename().string();
      }
      if (const auto sweep = ensemble["sweep"]; sweep && sweep.IsMap()) {
        if (const auto parameters = sweep["parameters"]; parameters && parameters.IsSequence()) {
          for (const auto& parameter : parameters)
            facts.swept_keys.push_back(text_of(parameter, "key"));
        }
      }
    }
  } catch (const YAML::Exception&) {
    // Keep what was read.
  }
  return facts;
}

}  // namespace displace::report
