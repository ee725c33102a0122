#include "displace/engine/simulation.hpp"

#include <omp.h>

#include <chrono>

#include "displace/engine/phases.hpp"

namespace displace::engine {

struct Simulation::State {
  RunState run;
  StepRecord record;  // reused every step (no per-step reallocation once sized)
  MapRecord map;
  int next_step = 0;
};

Simulation::Simulation(std::shared_ptr<const Landscape> landscape, ModelParameters parameters,
                       std::vector<Policy> policies, RunOptions options)
    : state_(std::make_unique<State>()) {
  state_->run = make_run_state(std::move(landscape), parameters, std::move(policies), options);
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::run(Recorder& recorder) {
  const auto start = std::chrono::steady_clock::now();
  State& s = *state_;
  RunState& run = s.run;
  prepare_threads(run);
  recorder.begin(run_layout(run));
  const int steps = run.options.step_count;
  const int every = run.options.map_every_steps;
  for (; s.next_step < steps; ++s.next_step) {
    const int step = s.next_step;
    prepare_step(run, step);  // 1 hazard, climate, policy parameters
    decide_households(run);   // 2..7 damage, warning, displacement, migration, destination, return
    apply_decisions(run);     // 8 apply (lottery for capacity)
    const bool map = every > 0 && ((step + 1) % every == 0 || step == steps - 1);
    record_step(run, s.record, map ? &s.map : nullptr);  // 9 record
    recorder.record_step(s.record);
    if (map) recorder.record_map(s.map);
  }
  RunSummary summary;
  summary.displacement_duration_households = displacement_durations(run);
  summary.threads = omp_get_max_threads();
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  recorder.end(summary);
}

std::int64_t Simulation::household_count() const {
  return state_->run.households.size();
}

int Simulation::current_step() const {
  return state_->next_step;
}

}  // namespace displace::engine
