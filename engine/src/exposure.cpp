#include "displace/engine/exposure.hpp"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace displace::engine {

EventExposure event_exposure(const Landscape& landscape, const HazardEvent& event,
                             const std::vector<double>& thresholds,
                             double mean_household_size_people) {
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    if (!std::isfinite(thresholds[k]) || (k > 0 && !(thresholds[k] > thresholds[k - 1]))) {
      throw std::invalid_argument("event_exposure: thresholds must be finite and increasing");
    }
  }
  if (!(mean_household_size_people >= 1.0)) {
    throw std::invalid_argument("event_exposure: mean_household_size_people must be >= 1");
  }
  const auto cells = static_cast<std::size_t>(landscape.cell_count());
  const auto slots = static_cast<std::size_t>(event.slots);
  if (slots < 1 || event.intensity.size() != cells * slots ||
      landscape.population_people.size() != cells || landscape.region_of_cell.size() != cells) {
    throw std::invalid_argument("event_exposure: event '" + event.id +
                                "' does not match the landscape's cells");
  }
  const std::size_t regions = landscape.regions.size();
  const std::size_t count = thresholds.size();
  EventExposure exposure;
  exposure.thresholds = thresholds;
  exposure.people_exposed.assign(regions, std::vector<double>(count, 0.0));
  exposure.people_total.assign(regions, 0.0);
  for (std::size_t c = 0; c < cells; ++c) {
    const auto region = static_cast<std::size_t>(landscape.region_of_cell[c]);
    if (region >= regions) {
      throw std::invalid_argument("event_exposure: cell " + std::to_string(c) + " has no region");
    }
    const double people = static_cast<double>(landscape.population_people[c]);
    exposure.people_total[region] += people;
    const double per_slot = people / static_cast<double>(slots);
    auto& exposed = exposure.people_exposed[region];
    for (std::size_t j = 0; j < slots; ++j) {
      const double intensity = static_cast<double>(event.intensity[c * slots + j]);
      // Thresholds increase: the place counts for every threshold up to the first it misses.
      for (std::size_t k = 0; k < count && intensity >= thresholds[k]; ++k) {
        exposed[k] += per_slot;
      }
    }
  }
  exposure.households_exposed = exposure.people_exposed;
  for (auto& row : exposure.households_exposed) {
    for (double& value : row)
      value /= mean_household_size_people;
  }
  return exposure;
}

}  // namespace displace::engine
