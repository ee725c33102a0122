#pragma once
// Simulation: synthesises households from a Landscape and steps them through the ordered phases of
// the model. Copies the parameters; shares the (immutable) landscape. Reproducibility contract:
// same landscape + parameters + policies + seed => bit-identical records for any thread count.
#include <memory>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/engine/records.hpp"

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

  /// Number of simulated households (agents).
  std::int64_t household_count() const;
  /// Next step to run (0 before the first).
  int current_step() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace displace::engine
