#pragma once
// What leaves the engine: plain records handed to a Recorder, never references into live state.
// All counts are in REAL households and people (simulated x households_per_agent).
#include <cstdint>
#include <string>
#include <vector>

#include "displace/engine/status.hpp"
#include "displace/engine/step_outputs.hpp"

namespace displace::engine {

/// One admin level's axes in the records: its units, then (for the current location) the externals.
struct AdminLevelLayout {
  std::string layer;  ///< scenario layer name
  int level = 0;
  std::vector<std::string> unit_codes;
  std::vector<std::string> unit_names;

  int unit_count() const { return static_cast<int>(unit_codes.size()); }
};

/// The shape of a run's records, given once before the first step.
struct RunLayout {
  int step_count = 0;
  double step_length_years = 0.0;
  int width = 0;
  int height = 0;
  int region_count = 0;    ///< R
  int external_count = 0;  ///< E; "places" are regions 0..R-1 then externals R..R+E-1
  std::vector<std::string> region_codes;
  std::vector<std::string> region_names;
  std::vector<std::string> external_names;
  std::int64_t households_simulated = 0;
  double households_per_agent = 1.0;
  int map_every_steps = 0;
  int duration_bins = 0;  ///< displacement-duration histogram bins (steps 1..bins-1, last open)
  /// Shelter sites (collective centres), in the landscape's order: names and capacities in real
  /// households. Empty when the scenario has none.
  std::vector<std::string> shelter_names;
  std::vector<double> shelter_capacity_households;
  std::vector<AdminLevelLayout> admin_levels;  ///< further admin levels recorded (may be empty)
  /// Hazard kinds, in the landscape's order (the `hazard` axis of the uninhabitable split).
  std::vector<std::string> hazard_names;

  int place_count() const { return region_count + external_count; }
};

/// One admin level's aggregates of one step (DTM-style tables).
struct AdminLevelRecord {
  /// [unit][status][breakdown] by HOME unit (the unit of origin); layout of StepRecord::households.
  std::vector<double> households;
  std::vector<double> people;
  /// [origin unit][current][breakdown]: displaced or evacuated households (people) by the unit of
  /// their home and the place they are in now: current = a unit 0..U-1, or U + e for external e.
  std::vector<double> displaced_households;
  std::vector<double> displaced_people;

  static std::size_t displaced_index(int origin, int current, int breakdown, int current_count) {
    return (static_cast<std::size_t>(origin) * static_cast<std::size_t>(current_count) +
            static_cast<std::size_t>(current)) *
               kBreakdownCount +
           static_cast<std::size_t>(breakdown);
  }
};

/// Aggregates of one step (after the apply phase).
struct StepRecord {
  int step = 0;
  /// One std::vector<double> per entry of DISPLACE_STEP_OUTPUTS (step_outputs.hpp), in that
  /// order, laid out on its axes (row-major): households / people [region][status][breakdown] by
  /// HOME region, index status_index(); flows / flows_people [kind][origin place][destination
  /// place], index flow_index(); displacements_people [region][cause]; and so on. Outputs the
  /// engine records only under a condition (flows, hazards, shelter sites) may be empty.
#define DISPLACE_DECLARE_STEP_OUTPUT(name, axes, creation, condition, tally, units, long_name) \
  std::vector<double> name;
  DISPLACE_STEP_OUTPUTS(DISPLACE_DECLARE_STEP_OUTPUT)
#undef DISPLACE_DECLARE_STEP_OUTPUT
  /// One per RunLayout::admin_levels entry (empty when the run records no admin levels).
  std::vector<AdminLevelRecord> admin_levels;

  static std::size_t status_index(int region, int status, int breakdown) {
    return (static_cast<std::size_t>(region) * kStatusCount + static_cast<std::size_t>(status)) *
               kBreakdownCount +
           static_cast<std::size_t>(breakdown);
  }
  static std::size_t flow_index(int kind, int origin, int destination, int place_count) {
    return (static_cast<std::size_t>(kind) * static_cast<std::size_t>(place_count) +
            static_cast<std::size_t>(origin)) *
               static_cast<std::size_t>(place_count) +
           static_cast<std::size_t>(destination);
  }
};

/// Calls visit(output, values) for every step output of `record` (a StepRecord, const or not):
/// its DISPLACE_STEP_OUTPUTS entry and its values, in table order.
template <class Record, class Visit>
void for_each_step_output(Record& record, Visit&& visit) {
#define DISPLACE_VISIT_STEP_OUTPUT(name, axes, creation, condition, tally, units, long_name) \
  visit(step_output(StepOutputId::name), record.name);
  DISPLACE_STEP_OUTPUTS(DISPLACE_VISIT_STEP_OUTPUT)
#undef DISPLACE_VISIT_STEP_OUTPUT
}

/// Gridded stocks (people), every map_every_steps steps and at the last step.
struct MapRecord {
  int step = 0;
  std::vector<float> present_people;  ///< per cell: people located here now
  std::vector<float>
      displaced_from_people;           ///< per cell: displaced/evacuated people whose home is here
  std::vector<float> arrivals_people;  ///< per cell: people here whose home is elsewhere
};

/// End-of-run figures.
struct RunSummary {
  /// Real households by displacement-episode length in steps: bin d (1..bins-2) = episodes of d
  /// steps, last bin = that many or more; bin 0 unused. Completed and ongoing episodes.
  std::vector<double> displacement_duration_households;
  double wall_seconds = 0.0;
  int threads = 1;
};

/// Receives records as the run goes. Called once per step (virtual dispatch per step, never per
/// household). Implementations: the HDF5 writer, in-memory recorders for tests.
class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void begin(const RunLayout& layout) = 0;
  virtual void record_step(const StepRecord& record) = 0;
  virtual void record_map(const MapRecord& record) = 0;
  virtual void end(const RunSummary& summary) = 0;
};

}  // namespace displace::engine
