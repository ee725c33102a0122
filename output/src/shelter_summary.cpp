#include "displace/output/shelter_summary.hpp"

#include <algorithm>

#include "displace/output/compare.hpp"
#include "displace/output/schema.hpp"

namespace displace::output {

namespace {

std::string padded(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  const std::string pad(width - text.size(), ' ');
  return right ? pad + text : text + pad;
}

}  // namespace

ShelterProtectionSummary summarise_shelters_and_protection(const RunReader& run) {
  ShelterProtectionSummary summary;
  // An ensemble file holds its first member's variables under the plain names: not the ensemble.
  if (run.has_variable("member_design")) return summary;
  const RunFileLayout& layout = run.layout();
  if (layout.has_protected) {
    const VariableData households = run.read(schema::kProtectedHouseholds);
    const VariableData people = run.read(schema::kProtectedPeople);
    ProtectionFigures& p = summary.protection;
    p.recorded = true;
    const std::size_t regions = people.shape.at(1);
    p.people_by_region.assign(regions, 0.0);
    for (std::size_t t = 0; t < people.shape.at(0); ++t) {
      for (std::size_t r = 0; r < regions; ++r) {
        p.households += households.values[households.index_of({t, r})];
        p.people += people.values[people.index_of({t, r})];
        p.people_by_region[r] += people.values[people.index_of({t, r})];
      }
    }
  }
  if (!layout.shelter_names.empty()) {
    const VariableData households = run.read(schema::kShelterHouseholds);
    const VariableData people = run.read(schema::kShelterPeople);
    const VariableData open = run.read(schema::kShelterOpen);
    const std::size_t steps = households.shape.at(0);
    for (std::size_t s = 0; s < layout.shelter_names.size(); ++s) {
      ShelterFigures site;
      site.name = layout.shelter_names[s];
      site.capacity_households = layout.shelter_capacity_households.at(s);
      for (std::size_t t = 0; t < steps; ++t) {
        const double here = households.values[households.index_of({t, s})];
        site.households.push_back(here);
        if (here > site.peak_households) {
          site.peak_households = here;
          site.peak_people = people.values[people.index_of({t, s})];
          site.peak_step = static_cast<int>(t);
        }
        if (open.values[open.index_of({t, s})] != 0.0) ++site.open_steps;
      }
      summary.shelters.push_back(std::move(site));
    }
  }
  return summary;
}

std::string format_shelters_and_protection_text(const ShelterProtectionSummary& summary,
                                                const RunFileLayout& layout) {
  std::string text;
  if (summary.protection.recorded) {
    text += "\nearly warning moved ";
    text += format_count_text(summary.protection.people);
    text += " people (" + format_count_text(summary.protection.households) +
            " households) out of homes that were then uninhabitable\n";
  }
  if (summary.shelters.empty()) return text;
  std::size_t width = 7;  // "shelter"
  for (const ShelterFigures& site : summary.shelters)
    width = std::max(width, site.name.size());
  text += '\n';
  text += padded("shelter", width, false);
  text += "  capacity  open steps  peak households  peak date   people at peak  at the end\n";
  for (const ShelterFigures& site : summary.shelters) {
    const bool occupied = site.peak_step >= 0;
    const std::string date =
        occupied ? layout.step_dates.at(static_cast<std::size_t>(site.peak_step)) : "-";
    text += padded(site.name, width, false) + "  " +
            padded(format_count_text(site.capacity_households), 8, true) + "  " +
            padded(std::to_string(site.open_steps), 10, true) + "  " +
            padded(format_count_text(site.peak_households), 15, true) + "  " +
            padded(date, 10, false) + "  " + padded(format_count_text(site.peak_people), 15, true) +
            "  " +
            padded(format_count_text(site.households.empty() ? 0.0 : site.households.back()), 10,
                   true) +
            "\n";
  }
  return text;
}

}  // namespace displace::output
