#pragma once
// The yearly random sampling of a hazard layer's events (`sampling:` of a hazard_events layer):
// which events of the layer's pool strike in each year, and on which day. A pure function of the
// scenario's seed, the layer's name, the year and the event's index in it, drawn with the
// counter-based mixer of engine/rng.hpp, so the event set is the same on every machine, thread
// count and rank count.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::scenario {

/// One event drawn for a year.
struct SampledEvent {
  int year = 0;
  int index = 0;               ///< the event's index within its year (0, 1, ...)
  std::size_t pool_index = 0;  ///< which event of the pool (the layer's listed events or bands)
  CivilDate date;              ///< a day of `year`, uniform over its days
};

/// The events of `sampling` for a pool of `pool_size` events (none when events_per_year is 0 or
/// the pool is empty), year by year from first_year to last_year, each year's in index order.
/// The count of a year is Poisson with mean events_per_year; each event picks a pool entry and a
/// day uniformly. Draws: engine::mix64 over (seed, FNV-1a hash of `layer_name`, year << 8 + k),
/// k = 0 for the count, 2e + 1 for event e's pick and 2e + 2 for its day.
std::vector<SampledEvent> sample_events(const EventSampling& sampling, std::uint64_t seed,
                                        std::string_view layer_name, std::size_t pool_size);

}  // namespace displace::scenario
