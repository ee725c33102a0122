#include "displace/engine/simulation.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <type_traits>

#include "detail/phases.hpp"
#include "displace/common/error.hpp"
#include "exchange.hpp"
#include "snapshot_checks.hpp"

namespace displace::engine {

struct Simulation::State {
  RunState run;
  StepRecord record;  // reused every step (no per-step reallocation once sized)
  MapRecord map;
  int next_step = 0;
};

Simulation::Simulation(std::shared_ptr<const Landscape> landscape, ModelParameters parameters,
                       std::vector<Policy> policies, RunOptions options,
                       std::shared_ptr<RankExchange> exchange)
    : state_(std::make_unique<State>()) {
  state_->run = make_run_state(std::move(landscape), parameters, std::move(policies), options,
                               std::move(exchange));
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::run(Recorder& recorder) {
  run(recorder, StepHook{});
}

bool Simulation::run(Recorder& recorder, const StepHook& after_step) {
  const auto start = std::chrono::steady_clock::now();
  State& s = *state_;
  RunState& run = s.run;
  prepare_threads(run);
  recorder.begin(run_layout(run));
  const int steps = run.options.step_count;
  const int every = run.options.map_every_steps;
  while (s.next_step < steps) {
    const int step = s.next_step;
    prepare_step(run, step);  // 1 hazard, climate, policy parameters
    decide_households(run);   // 2..7 damage, warning, displacement, migration, destination, return
    apply_decisions(run);     // 8 apply (lottery for capacity)
    const bool map = every > 0 && ((step + 1) % every == 0 || step == steps - 1);
    record_step(run, s.record, map ? &s.map : nullptr);  // 9 record
    recorder.record_step(s.record);
    if (map) recorder.record_map(s.map);
    ++s.next_step;  // before the hook, so a snapshot taken there resumes after this step
    if (after_step && !after_step(s.next_step)) return false;
  }
  RunSummary summary;
  summary.displacement_duration_households = displacement_durations(run);
  summary.threads = omp_get_max_threads();
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  recorder.end(summary);
  return true;
}

namespace {

/// Every column of the household table that persists between steps, with its name.
template <class Table, class Visit>
void for_each_persistent_column(Table& h, Visit visit) {
  for_each_household_column(h, [&](const char* name, auto& column, ColumnLifetime lifetime) {
    if (lifetime == ColumnLifetime::state) visit(name, column);
  });
}

}  // namespace

Snapshot Simulation::snapshot() const {
  const RunState& run = state_->run;
  Snapshot snapshot;
  snapshot.next_step = state_->next_step;
  snapshot.seed = run.options.seed;
  snapshot.households = run.households.total();
  for (const CellRange& range : run.households.ranges) {
    snapshot.household_ranges.emplace_back(range.first_household, range.last_household);
  }
  for_each_persistent_column(run.households, [&](const char* name, const auto& column) {
    snapshot.columns.emplace_back(name, SnapshotColumn(column));
  });
  // relocation_used is the same on every rank; duration_counts are this rank's: summed.
  std::vector<std::int64_t> durations = run.duration_counts;
  sum_over_ranks(run, durations);
  snapshot.columns.emplace_back("run.relocation_used", SnapshotColumn(run.relocation_used));
  snapshot.columns.emplace_back("run.duration_counts", SnapshotColumn(std::move(durations)));
  return snapshot;
}

void Simulation::restore(const Snapshot& snapshot) {
  RunState& run = state_->run;
  if (snapshot.seed != run.options.seed) {
    throw InputError("checkpoint: written with seed " + std::to_string(snapshot.seed) +
                     ", this run has seed " + std::to_string(run.options.seed));
  }
  HouseholdTable& h = run.households;
  if (snapshot.households != h.total()) {
    throw InputError("checkpoint: " + std::to_string(snapshot.households) +
                     " households, this run synthesises " + std::to_string(h.total()));
  }
  if (snapshot.next_step < 0 || snapshot.next_step > run.options.step_count) {
    throw InputError("checkpoint: step " + std::to_string(snapshot.next_step) +
                     " is outside this run's " + std::to_string(run.options.step_count) + " steps");
  }
  auto find = [&](const std::string& name) -> const SnapshotColumn& {
    for (const auto& [column_name, column] : snapshot.columns) {
      if (column_name == name) return column;
    }
    throw InputError("checkpoint: no column '" + name + "'");
  };
  // Household columns: the rows of this process's households, found by id in the snapshot's.
  struct RowCopy {
    std::int64_t from = 0;  ///< snapshot row
    std::int64_t to = 0;    ///< this table's row
    std::int64_t count = 0;
  };
  std::vector<RowCopy> copies;
  for (std::size_t k = 0; k < h.ranges.size(); ++k) {
    std::int64_t id = h.ranges[k].first_household;
    const std::int64_t end = h.ranges[k].last_household;
    std::int64_t snapshot_row = 0;
    for (const auto& [first, last] : snapshot.household_ranges) {
      if (id < end && id >= first && id < last) {
        const std::int64_t count = std::min(end, last) - id;
        copies.push_back({snapshot_row + id - first,
                          h.range_first_row[k] + id - h.ranges[k].first_household, count});
        id += count;
      }
      snapshot_row += last - first;
    }
    if (id < end) {
      throw InputError("checkpoint: holds no state for households " + std::to_string(id) + ".." +
                       std::to_string(end - 1) +
                       " of this process (it was written by another "
                       "share of the run)");
    }
  }
  std::int64_t snapshot_rows = 0;
  for (const auto& [first, last] : snapshot.household_ranges)
    snapshot_rows += last - first;
  auto take_rows = [&](const std::string& name, auto& target) {
    using Vector = std::remove_reference_t<decltype(target)>;
    const auto* values = std::get_if<Vector>(&find(name));
    if (values == nullptr || static_cast<std::int64_t>(values->size()) != snapshot_rows) {
      throw InputError("checkpoint: column '" + name + "' has another type or size");
    }
    for (const RowCopy& copy : copies) {
      std::copy_n(values->begin() + copy.from, copy.count, target.begin() + copy.to);
    }
  };
  auto take = [&](const std::string& name, auto& target) {
    using Vector = std::remove_reference_t<decltype(target)>;
    const auto* values = std::get_if<Vector>(&find(name));
    if (values == nullptr || values->size() != target.size()) {
      throw InputError("checkpoint: column '" + name + "' has another type or size");
    }
    target = *values;
  };
  for_each_persistent_column(h, [&](const char* name, auto& column) { take_rows(name, column); });
  take("run.relocation_used", run.relocation_used);
  take("run.duration_counts", run.duration_counts);
  // The whole run's episode counts: kept by rank 0 only, as they are summed over the ranks.
  if (shared_run(run) && run.exchange->rank() != 0) {
    std::fill(run.duration_counts.begin(), run.duration_counts.end(), 0);
  }
  check_restored_state(run);
  state_->next_step = snapshot.next_step;
  census(run);
}

std::int64_t Simulation::household_count() const {
  return state_->run.households.total();
}

std::int64_t Simulation::local_household_count() const {
  return state_->run.households.size();
}

int Simulation::current_step() const {
  return state_->next_step;
}

}  // namespace displace::engine
