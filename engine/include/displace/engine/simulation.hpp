#pragma once
// Simulation: synthesises households from a Landscape and steps them through the ordered phases of
// the model. Copies the parameters; shares the (immutable) landscape. Reproducibility contract:
// same landscape + parameters + policies + seed => bit-identical records for any thread count.
#include <functional>
#include <memory>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/engine/partition.hpp"
#include "displace/engine/records.hpp"
#include "displace/engine/snapshot.hpp"

namespace displace::engine {

class Simulation {
 public:
  /// Throws displace::InputError when the landscape or parameters are inconsistent (sizes,
  /// out-of-range indices, negative population). With an `exchange` of several ranks, this
  /// process simulates its rank's share of the households (partition.hpp) and every rank must
  /// make the same calls (construction, run, snapshot, restore are collective); every rank's
  /// recorder receives the whole run's records.
  Simulation(std::shared_ptr<const Landscape> landscape, ModelParameters parameters,
             std::vector<Policy> policies, RunOptions options,
             std::shared_ptr<RankExchange> exchange = nullptr);
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

  /// The state between two steps (this process's households, the steps done, cumulative
  /// counters of the whole run).
  Snapshot snapshot() const;
  /// Continues from a snapshot of a run of the same landscape, parameters, policies and options
  /// whose household columns include this process's households (a whole-run snapshot, or one
  /// taken by the same rank of a run shared alike). Throws InputError if it does not fit (seed,
  /// household count, households held, a column's name or type).
  void restore(const Snapshot& snapshot);

  /// Number of simulated households (agents) of the whole run.
  std::int64_t household_count() const;
  /// Households this process simulates (household_count() unless the run is shared by ranks).
  std::int64_t local_household_count() const;
  /// Next step to run (0 before the first).
  int current_step() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace displace::engine
