#pragma once
// What leaves the engine: plain records handed to a Recorder, never references into live state.
// All counts are in REAL households and people (simulated x households_per_agent).
#include <cstdint>
#include <string>
#include <vector>

#include "displace/engine/status.hpp"

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
  /// [region][status][breakdown], region = HOME region. Index
  /// ((r*kStatusCount)+s)*kBreakdownCount+b
  std::vector<double> households;
  std::vector<double> people;
  /// [place] real households currently located in each place (regions then externals).
  std::vector<double> present_households;
  std::vector<double> present_people;
  /// [region] by home region
  std::vector<double> trapped_households;
  std::vector<double> trapped_people;
  std::vector<double> protracted_households;  ///< displaced for longer than protracted_after
  std::vector<double>
      damaged_home_households;  ///< at home in a dwelling >= uninhabitable (this step)
  /// [kind][origin place][destination place] real households that moved this step.
  std::vector<double> flows;
  /// [kind][origin place][destination place] real PEOPLE that moved this step (layout of flows).
  std::vector<double> flows_people;
  /// [region][cause] real people who left a home in the region this step, by DisplacementCause
  /// (index region * kDisplacementCauseCount + cause). Empty when the engine does not fill it.
  std::vector<double> displacements_people;
  /// [region][hazard kind] the uninhabitable_home column of displacements_people split by the
  /// hazard kind whose event damaged the dwelling most (index region * kinds + kind; the kinds of
  /// RunLayout::hazard_names). Empty without hazard kinds or when the engine does not fill it.
  std::vector<double> uninhabitable_people_by_hazard;
  /// [shelter site] real households / people staying at the site at the end of the step, and 1
  /// where a `shelter` policy opens it this step (0 otherwise). Empty without shelter sites.
  std::vector<double> shelter_households;
  std::vector<double> shelter_people;
  std::vector<double> shelter_open;
  /// [region] by home region: evacuated households / people whose home proved uninhabitable
  /// (damage >= uninhabitable_damage) in the event they evacuated ahead of or while they were
  /// away; each evacuation counted once, at the step of that event (docs/model.md, "Protected by
  /// early warning"). Empty when the engine does not fill it.
  std::vector<double> protected_households;
  std::vector<double> protected_people;
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
