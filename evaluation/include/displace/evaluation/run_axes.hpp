#pragma once
// What a target needs to know about a run's axes: its regions, its places and the calendar of
// its steps (each step's start date and the end of the last step).
#include <string>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/engine/records.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::evaluation {

struct RunAxes {
  std::vector<std::string> region_codes;
  std::vector<std::string> place_ids;      ///< region codes, then external destination names
  std::vector<std::string> shelter_names;  ///< shelter sites (the `shelter` axis); may be empty
  /// Start date of each step, then the end of the last step (size = steps + 1).
  std::vector<CivilDate> step_bounds;

  int step_count() const { return static_cast<int>(step_bounds.size()) - 1; }
  int region_count() const { return static_cast<int>(region_codes.size()); }
  int place_count() const { return static_cast<int>(place_ids.size()); }
};

/// Axes of a run file. The end of the last step follows from the recorded step length (a day, a
/// week, a month or a year from the first step's start); throws InputError naming the file when
/// the step length is none of these or a step date is malformed.
RunAxes axes_of(const output::RunReader& run);

/// Axes of a run in memory: the layout's regions, externals and shelter sites, and the step bounds
/// the caller's timeline gives (each step's start, then the run's end; size layout.step_count + 1).
RunAxes axes_of(const engine::RunLayout& layout, std::vector<CivilDate> step_bounds);

}  // namespace displace::evaluation
