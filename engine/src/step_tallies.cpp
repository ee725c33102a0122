// The step outputs' integer tallies (StepTallies), driven by DISPLACE_STEP_OUTPUTS: sized from the
// landscape by their axes, zeroed and summed over threads by tally kind, scaled into StepRecord.
#include <algorithm>

#include "detail/phases.hpp"

namespace displace::engine {

namespace {

std::size_t axis_size(StepAxis axis, const Landscape& landscape) {
  switch (axis) {
    case StepAxis::region:
      return landscape.regions.size();
    case StepAxis::status:
      return kStatusCount;
    case StepAxis::breakdown:
      return kBreakdownCount;
    case StepAxis::place:
    case StepAxis::origin:
    case StepAxis::destination:
      return landscape.regions.size() + landscape.externals.size();
    case StepAxis::flow_kind:
      return kFlowKindCount;
    case StepAxis::displacement_cause:
      return kDisplacementCauseCount;
    case StepAxis::hazard:
      return landscape.hazard_kinds.size();
    case StepAxis::shelter:
      return landscape.shelters.size();
  }
  return 0;
}

}  // namespace

void size_step_tallies(StepTallies& tallies, const Landscape& landscape, bool per_thread) {
  for_each_step_tally(tallies, [&](const StepOutput& output, std::vector<std::int64_t>& tally) {
    const bool sized =
        !per_thread || output.tally == StepTally::decided || output.tally == StepTally::recorded;
    std::size_t size = sized ? 1 : 0;
    for (std::size_t a = 0; a < output.axis_count; ++a)
      size *= axis_size(output.axes[a], landscape);
    tally.assign(size, 0);
  });
}

void zero_step_tallies(StepTallies& tallies, StepTally kind) {
  for_each_step_tally(tallies, [&](const StepOutput& output, std::vector<std::int64_t>& tally) {
    if (output.tally == kind) std::fill(tally.begin(), tally.end(), 0);
  });
}

void add_step_tallies(StepTallies& into, const StepTallies& from, StepTally kind) {
  for_each_step_tally_pair(into, from,
                           [&](const StepOutput& output, std::vector<std::int64_t>& tally,
                               const std::vector<std::int64_t>& add) {
                             if (output.tally != kind) return;
                             for (std::size_t j = 0; j < tally.size(); ++j)
                               tally[j] += add[j];
                           });
}

void fill_step_record(StepRecord& record, const StepTallies& tallies, double households_per_agent) {
  for_each_step_tally_pair(record, tallies,
                           [&](const StepOutput& output, std::vector<double>& values,
                               const std::vector<std::int64_t>& tally) {
                             values.resize(tally.size());
                             for (std::size_t j = 0; j < tally.size(); ++j) {
                               values[j] =
                                   output.tally == StepTally::flag
                                       ? (tally[j] != 0 ? 1.0 : 0.0)
                                       : static_cast<double>(tally[j]) * households_per_agent;
                             }
                           });
}

}  // namespace displace::engine
