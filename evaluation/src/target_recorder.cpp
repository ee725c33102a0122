#include "displace/evaluation/target_recorder.hpp"

#include "displace/common/error.hpp"

namespace displace::evaluation {

void TargetRecorder::begin(const engine::RunLayout& layout) {
  const RunAxes& axes = accumulator_.axes();
  std::vector<std::string> places = layout.region_codes;
  places.insert(places.end(), layout.external_names.begin(), layout.external_names.end());
  if (layout.region_codes != axes.region_codes || places != axes.place_ids ||
      layout.step_count != axes.step_count()) {
    throw Error(
        "target recorder: the run's regions, places or steps differ from those the "
        "targets were resolved against");
  }
  accumulator_.reset();
}

}  // namespace displace::evaluation
