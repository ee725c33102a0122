// Micro-benchmarks of the engine's phases (Google Benchmark): synthesis, per-step preparation,
// each household phase alone (single thread, all households), the fused parallel decision pass,
// apply and record. Items are households, so items_per_second is household-phases per second.
// Not a test: run it by hand (see README.md); CI only smoke-runs it with a tiny size.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "detail/phases.hpp"
#include "workload.hpp"

namespace {

using namespace displace::engine;

constexpr int kSteps = 4;

RunOptions bench_options() {
  RunOptions options;
  options.seed = 42;
  options.step_count = kSteps;
  options.step_length_years = 1.0 / 12.0;
  options.map_every_steps = 0;
  return options;
}

/// A synthesised run state for (workload, households), built once and reused by every benchmark.
RunState& shared_state(const std::string& workload, long long households) {
  static std::map<std::pair<std::string, long long>, std::unique_ptr<RunState>> states;
  auto& slot = states[{workload, households}];
  if (!slot) {
    auto landscape = displace::bench::make_landscape(workload, households, kSteps);
    slot = std::make_unique<RunState>(
        make_run_state(landscape, ModelParameters{}, {}, bench_options()));
    prepare_threads(*slot);
    prepare_step(*slot, 0);
  }
  return *slot;
}

const char* workload_of(const benchmark::State& state) {
  return state.range(1) == 0 ? "calm" : "storm";
}

void clear_intents(RunState& run) {
  std::fill(run.households.intent.begin(), run.households.intent.end(), std::uint8_t{0});
}

void BM_Synthesis(benchmark::State& state) {
  auto landscape = displace::bench::make_landscape(workload_of(state), state.range(0), kSteps);
  std::int64_t households = 0;
  for (auto _ : state) {
    RunState run = make_run_state(landscape, ModelParameters{}, {}, bench_options());
    households = run.households.size();
    benchmark::DoNotOptimize(run.households.status.data());
  }
  state.SetItemsProcessed(state.iterations() * households);
}

void BM_PrepareStep(benchmark::State& state) {
  RunState& run = shared_state(workload_of(state), state.range(0));
  for (auto _ : state)
    prepare_step(run, 0);
  state.SetItemsProcessed(state.iterations() * run.households.size());
}

/// One household phase over all households on one thread; intents cleared (untimed) first so
/// the gated phases do their full work every iteration.
template <class Phase>
void run_phase(benchmark::State& state, Phase phase) {
  RunState& run = shared_state(workload_of(state), state.range(0));
  const std::int64_t n = run.households.size();
  for (auto _ : state) {
    state.PauseTiming();
    clear_intents(run);
    state.ResumeTiming();
    phase(run, n);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_Damage(benchmark::State& state) {
  run_phase(state, [](RunState& run, std::int64_t n) { phase_damage(run, 0, n); });
}
void BM_Warning(benchmark::State& state) {
  run_phase(state, [](RunState& run, std::int64_t n) { phase_warning(run, 0, n); });
}
void BM_Displacement(benchmark::State& state) {
  run_phase(state, [](RunState& run, std::int64_t n) {
    phase_displacement(run, 0, n, run.scratch.front());
  });
}
void BM_MigrationDecision(benchmark::State& state) {
  run_phase(state, [](RunState& run, std::int64_t n) { phase_migration_decision(run, 0, n); });
}
void BM_DestinationChoice(benchmark::State& state) {
  // Destination choice only has work for households that decided to move: the earlier phases
  // run first, untimed.
  RunState& run = shared_state(workload_of(state), state.range(0));
  const std::int64_t n = run.households.size();
  std::int64_t movers = 0;
  for (auto _ : state) {
    state.PauseTiming();
    clear_intents(run);
    phase_damage(run, 0, n);
    phase_displacement(run, 0, n, run.scratch.front());
    phase_migration_decision(run, 0, n);
    movers = std::count_if(run.households.intent.begin(), run.households.intent.end(),
                           [](std::uint8_t i) { return i != 0; });
    state.ResumeTiming();
    phase_destination(run, 0, n, run.scratch.front());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["movers"] = static_cast<double>(movers);
}
void BM_ReturnRecovery(benchmark::State& state) {
  run_phase(state, [](RunState& run, std::int64_t n) { phase_return_recovery(run, 0, n); });
}

void BM_DecideHouseholdsParallel(benchmark::State& state) {
  RunState& run = shared_state(workload_of(state), state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    clear_intents(run);
    state.ResumeTiming();
    decide_households(run);
  }
  state.SetItemsProcessed(state.iterations() * run.households.size());
}

void BM_Apply(benchmark::State& state) {
  // Applying changes the households, so each iteration works on a fresh copy of the state.
  const RunState& original = shared_state(workload_of(state), state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    RunState run = original;
    clear_intents(run);
    decide_households(run);
    state.ResumeTiming();
    apply_decisions(run);
    benchmark::ClobberMemory();
    state.PauseTiming();
    { RunState discard = std::move(run); }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * original.households.size());
}

void BM_Record(benchmark::State& state) {
  RunState& run = shared_state(workload_of(state), state.range(0));
  StepRecord record;
  for (auto _ : state) {
    record_step(run, record, nullptr);
    benchmark::DoNotOptimize(record.households.data());
  }
  state.SetItemsProcessed(state.iterations() * run.households.size());
}

// Arguments: {households, workload (0 calm, 1 storm)}.
void sizes(benchmark::internal::Benchmark* b) {
  for (const long long households : {100'000LL, 1'000'000LL}) {
    b->Args({households, 0});
    b->Args({households, 1});
  }
  b->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_Synthesis)->Apply(sizes);
BENCHMARK(BM_PrepareStep)->Apply(sizes);
BENCHMARK(BM_Damage)->Apply(sizes);
BENCHMARK(BM_Warning)->Apply(sizes);
BENCHMARK(BM_Displacement)->Apply(sizes);
BENCHMARK(BM_MigrationDecision)->Apply(sizes);
BENCHMARK(BM_DestinationChoice)->Apply(sizes);
BENCHMARK(BM_ReturnRecovery)->Apply(sizes);
BENCHMARK(BM_DecideHouseholdsParallel)->Apply(sizes);
BENCHMARK(BM_Apply)->Apply(sizes);
BENCHMARK(BM_Record)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
