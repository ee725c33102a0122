#pragma once
// Simulation: synthesises households from a Landscape and steps them through the ordered phases of
// the model. Copies the parameters; shares the (immutable) landscape. Reproducibility contract:
// same landscape + parameters + policies + seed => bit-identical records for any thread count.
#include <functional>
#include <memory>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/engine/records.hpp"
#include "displace/engine/snapshot.hpp"

namespace displace::engine {

class Simulation {
 public:
  /// Throws displace::InputError when the landscape or parameters are inconsistent (sizes,
  /// out-of-range indices, negative population).
  Simulation(std::shared_ptr<const Landscape> landscape, ModelParameters parameters,
             std::vector<Policy> policies, RunOptions options);
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  /// Runs every remaining step, calling recorder.begin, record_step (and record_map) per step,
  /// and end.
  void run(Recorder& recorder);

  /// Called after each step is recorded with the number of steps done; returning false stops
  /// the run there without calling recorder.end (the run can go on from a snapshot).
  using StepHook = std::function<bool(int steps_done)>;
  /// As run(recorder), calling `after_step` after every step. Returns true if every step ran.
  bool run(Recorder& recorder, const StepHook& after_step);

  /// The state between two steps (households, the steps done, cumulative counters).
  Snapshot snapshot() const;
  /// Continues from a snapshot of a run of the same landscape, parameters, policies and options.
  /// Throws InputError if it does not fit (seed, household count, a column's name, type or size).
  void restore(const Snapshot& snapshot);

  /// Number of simulated households (agents).
  std::int64_t household_count() const;
  /// Next step to run (0 before the first).
  int current_step() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace displace::engine
