#pragma once
// Exposure to one hazard event: the people (and households) of each region whose place reaches an
// intensity. A place is a cell and, with sub-grid exposure, one of its slots: the intensity the
// engine applies to the households living there (docs/model.md, "Sub-grid exposure"). The input
// of the threshold baseline of the hindcast (docs/validation.md); no simulation.
#include <vector>

#include "displace/engine/landscape.hpp"

namespace displace::engine {

/// Exposure of the regions to one event at several thresholds.
struct EventExposure {
  std::vector<double> thresholds;  ///< intensities, in the event's units, increasing
  /// people_exposed[r][k]: people of region r (index into Landscape::regions) whose place has an
  /// intensity >= thresholds[k]. A cell's people are shared equally among its slots, as the
  /// engine draws each household's slot uniformly from its id.
  std::vector<std::vector<double>> people_exposed;
  /// households_exposed[r][k]: the same people in real households, people_exposed /
  /// mean_household_size_people (the mean the synthesis draws sizes around; the expected count,
  /// not one run's draw).
  std::vector<std::vector<double>> households_exposed;
  std::vector<double> people_total;  ///< per region: every person of the region's cells
};

/// Counts the exposure of every region to `event` (an event of `landscape`: its intensity holds
/// event.slots values per cell). `thresholds` must be finite and strictly increasing, and
/// `mean_household_size_people` >= 1; throws std::invalid_argument otherwise.
EventExposure event_exposure(const Landscape& landscape, const HazardEvent& event,
                             const std::vector<double>& thresholds,
                             double mean_household_size_people);

}  // namespace displace::engine
