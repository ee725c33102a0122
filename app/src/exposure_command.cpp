#include "displace/app/exposure_command.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <system_error>

#include "displace/app/cli.hpp"
#include "displace/common/error.hpp"
#include "displace/engine/exposure.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/csv.hpp"
#include "displace/pipeline/prepared_run.hpp"
#include "displace/scenario/load.hpp"

namespace displace::app {
namespace {

/// A hazard kind of wind: a storm_track layer's ("wind", or "wind (LAYER)" when another kind is
/// already called wind) or a hazard_events layer whose hazard (or name) is wind.
bool is_wind(const engine::HazardKind& kind) {
  return kind.name == "wind" || kind.name.rfind("wind (", 0) == 0;
}

bool in_m_s(const std::string& units) {
  return units.empty() || units == "m s-1" || units == "m/s" || units == "m s^-1";
}

/// The shortest text that reads back as the same double.
std::string number(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

/// A count for the text table: whole people with thousands separators.
std::string whole(double value) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  const std::string plain = digits;
  const std::size_t lead = plain[0] == '-' ? 1 : 0;
  std::string text;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    if (i > lead && (plain.size() - i) % 3 == 0) text += ',';
    text += plain[i];
  }
  return text;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::vector<double> parse_thresholds(const std::string& text) {
  const std::string expected =
      "--thresholds: expected wind speeds in m/s, > 0 and increasing, separated by commas "
      "(18,25,33), got '" +
      text + "'";
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    const std::string item = text.substr(start, comma - start);
    double value = 0.0;
    const auto* end = item.data() + item.size();
    const auto result = std::from_chars(item.data(), end, value);
    if (item.empty() || result.ec != std::errc() || result.ptr != end) {
      throw InputError(expected + ": '" + item + "' is not a number");
    }
    if (!std::isfinite(value) || !(value > 0.0)) {
      throw InputError(expected + ": " + item + " is not a finite number > 0");
    }
    if (!values.empty() && !(value > values.back())) {
      throw InputError(expected + ": " + item + " does not exceed the threshold before it");
    }
    values.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return values;
}

int cmd_exposure(const ExposureRequest& request, std::ostream& out, std::ostream& err) {
  const auto thresholds = parse_thresholds(request.thresholds);
  // As `run` loads them: the scenario with its overrides, the calendar, every layer (the same
  // checks and messages), and its notes and warnings printed the same way.
  const pipeline::PreparedRun prepared =
      pipeline::prepare_run(scenario::load_scenario(request.scenario, request.overrides));
  const scenario::Scenario& scenario = prepared.scenario;
  const inputs::Timeline& timeline = prepared.timeline;
  inputs::print_notes(prepared.inputs.notes, err, err);
  const engine::Landscape& land = *prepared.inputs.landscape;
  const double household_size = scenario.model.synthesis.mean_household_size_people;

  if (request.csv) {
    out << "event,region,threshold_m_s,people_exposed,households_exposed,people_total\n";
  } else {
    out << "scenario  " << scenario.name << " (" << request.scenario << ")\n"
        << "measure   the peak wind the damage curve sees, m/s (a storm_track layer: the 1-min "
           "sustained 10 m wind x wind_conversion)\n"
        << "places    " << land.cell_count() << " cells x " << land.exposure_slots
        << " exposure slot(s); households = people / " << number(household_size) << "\n";
  }
  int wind_events = 0;
  for (const engine::HazardEvent& event : land.events) {
    const engine::HazardKind& kind = land.hazard_kinds[static_cast<std::size_t>(event.hazard_kind)];
    if (!is_wind(kind)) continue;
    ++wind_events;
    if (!in_m_s(kind.units)) {
      err << "warning: event " << event.id << " (" << kind.name << ") is in '" << kind.units
          << "', not m s-1: the thresholds are compared with its values as they are\n";
    }
    const auto exposure = engine::event_exposure(land, event, thresholds, household_size);
    if (!request.csv) {
      out << "\nevent     " << event.id << " " << event.name << " (" << kind.name << "), step "
          << event.step << " from " << format_civil_date(timeline.step_start(event.step)) << ", "
          << event.slots << " slot(s) per cell\n"
          << pad("region", 8, false) << pad("threshold", 11, true)
          << pad("people exposed", 16, true) << pad("households", 13, true)
          << pad("people in region", 18, true) << "\n";
    }
    for (std::size_t r = 0; r < land.regions.size(); ++r) {
      for (std::size_t k = 0; k < thresholds.size(); ++k) {
        const double people = exposure.people_exposed[r][k];
        const double households = exposure.households_exposed[r][k];
        if (request.csv) {
          out << output::csv_field(event.id) << ',' << output::csv_field(land.regions[r].code)
              << ',' << number(thresholds[k]) << ',' << number(people) << ',' << number(households)
              << ',' << number(exposure.people_total[r]) << '\n';
        } else {
          out << pad(land.regions[r].code, 8, false)
              << pad(std::string(">= ").append(number(thresholds[k])), 11, true)
              << pad(whole(people), 16, true) << pad(whole(households), 13, true)
              << pad(whole(exposure.people_total[r]), 18, true) << "\n";
        }
      }
    }
  }
  if (wind_events == 0) {
    err << "note: " << request.scenario
        << " has no wind event (no storm_track layer, no hazard_events layer of hazard wind)\n";
  }
  return kExitOk;
}

}  // namespace displace::app
