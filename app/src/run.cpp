#include "displace/app/run.hpp"

#include <omp.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>

#include "displace/app/cli.hpp"
#include "displace/app/progress.hpp"
#include "displace/app/ranks.hpp"
#include "displace/common/error.hpp"
#include "displace/engine/simulation.hpp"
#include "displace/inputs/size_check.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/checkpoint.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/run_writer.hpp"
#include "displace/pipeline/output_paths.hpp"
#include "displace/pipeline/path_safety.hpp"
#include "displace/pipeline/prepared_run.hpp"
#include "displace/pipeline/provenance.hpp"
#include "displace/pipeline/run_plan.hpp"
#include "term_signal.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;

/// Forwards every record to the writer and shows "step k/N date households/s ETA": rewritten in
/// place on a terminal; elsewhere (a log file) one line per tenth of the run or per minute.
class ProgressRecorder final : public engine::Recorder {
 public:
  ProgressRecorder(engine::Recorder& inner, std::vector<std::string> dates, std::ostream& log,
                   bool show, bool terminal)
      : inner_(inner),
        dates_(std::move(dates)),
        log_(log),
        show_(show),
        terminal_(terminal),
        schedule_(static_cast<int>(dates_.size())) {}

  void begin(const engine::RunLayout& layout) override {
    households_ = layout.households_simulated;
    steps_ = layout.step_count;
    schedule_ = ProgressSchedule(steps_);
    start_ = std::chrono::steady_clock::now();
    inner_.begin(layout);
  }
  void record_step(const engine::StepRecord& record) override {
    inner_.record_step(record);
    if (!show_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const int done = record.step + 1;
    if (!terminal_ && !schedule_.due(done, elapsed)) return;
    const double rate = elapsed > 0 ? static_cast<double>(households_) * done / elapsed : 0.0;
    const double eta = done > 0 ? elapsed / done * (steps_ - done) : 0.0;
    log_ << (terminal_ ? "\r" : "") << "  step " << done << "/" << steps_ << "  "
         << dates_[static_cast<std::size_t>(record.step)] << "  " << std::fixed
         << std::setprecision(2) << rate / 1e6 << " M household-steps/s  ETA "
         << std::setprecision(1) << eta << " s" << (terminal_ ? "   " : "\n") << std::flush;
  }
  void record_map(const engine::MapRecord& record) override { inner_.record_map(record); }
  void end(const engine::RunSummary& summary) override {
    if (show_ && terminal_) log_ << "\n";
    inner_.end(summary);
  }

 private:
  engine::Recorder& inner_;
  std::vector<std::string> dates_;
  std::ostream& log_;
  bool show_;
  bool terminal_;
  ProgressSchedule schedule_;
  std::int64_t households_ = 0;
  int steps_ = 0;
  std::chrono::steady_clock::time_point start_;
};

using detail::FaultInjection;
using detail::term_requested;
using detail::TermSignalGuard;

FaultInjection fault_injection() {
  return detail::fault_injection("DISPLACE_FAULT_AFTER_STEP");
}

/// Ranks other than 0 of a shared run: every rank gets the records, rank 0 writes them.
class NullRecorder final : public engine::Recorder {
 public:
  void begin(const engine::RunLayout& /*layout*/) override {}
  void record_step(const engine::StepRecord& /*record*/) override {}
  void record_map(const engine::MapRecord& /*record*/) override {}
  void end(const engine::RunSummary& /*summary*/) override {}
};

/// A run shared by R ranks checkpoints into one file per rank: rank 0 into `path`, rank r into
/// `path.rank-r`.
fs::path rank_checkpoint_path(const fs::path& path, const Ranks& here) {
  return here.rank == 0 ? path : fs::path(path.string() + ".rank-" + std::to_string(here.rank));
}

/// Throws on every rank when `ok` is false on any of them: `message` on the ranks where it is
/// false, a pointer to those elsewhere.
void require_on_all_ranks(bool ok, const std::string& message) {
  if (all_ranks_ok(ok)) return;
  throw InputError(ok ? "another MPI rank stopped (see its message)" : message);
}

/// Every rank's `value`, on every rank.
std::vector<std::int64_t> gather_values(engine::RankExchange& exchange, std::int64_t value) {
  const auto bytes = exchange.gather(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(&value), sizeof value));
  std::vector<std::int64_t> values(bytes.size() / sizeof value);
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof value);
  return values;
}

}  // namespace

RunOutcome run_scenario(const scenario::Scenario& scenario, const RunRequest& request,
                        std::ostream& log) {
  const auto wall_start = std::chrono::steady_clock::now();
  const int threads = request.threads > 0 ? request.threads : scenario.threads;
  if (threads > 0) omp_set_num_threads(threads);
  // Under mpirun with several ranks the run is shared: each rank simulates the households of its
  // share of the cells, and rank 0 writes the run file (docs/hpc.md).
  const Ranks here = ranks();
  const std::shared_ptr<engine::RankExchange> exchange = world_exchange();
  const bool writes = here.rank == 0;

  RunOutcome outcome;
  outcome.output_path = request.output_path.empty() ? scenario.output.path : request.output_path;
  outcome.threads = omp_get_max_threads();
  outcome.ranks = here.size;
  outcome.steps = scenario.time.step_count;

  // Inputs first, whatever the flags: "exists; pass --overwrite" must never invite replacing one.
  if (!outcome.output_path.empty())
    pipeline::refuse_input_as_output(outcome.output_path, "run file", scenario);
  pipeline::check_output_path(outcome.output_path, request.overwrite);
  const fs::path checkpoint_path = request.checkpoint_path.empty()
                                       ? fs::path(outcome.output_path.string() + ".checkpoint")
                                       : request.checkpoint_path;
  pipeline::refuse_input_as_output(checkpoint_path, "checkpoint", scenario);
  if (pipeline::same_file(checkpoint_path, outcome.output_path)) {
    throw InputError(checkpoint_path.string() +
                     ": the checkpoint would overwrite the run file; choose another path");
  }
  // Checked now, not at the first checkpoint (or at SIGTERM), hours into the run.
  pipeline::check_checkpoint_path(checkpoint_path, request.overwrite);
  // From here on SIGTERM stops the run cleanly (exit 3), also while the layers load.
  const TermSignalGuard term_guard;
  auto stop_if_asked_before_start = [&]() {
    // Collective in a shared run: every rank stops at the same point, or none does.
    const bool stop = exchange ? !all_ranks_ok(!term_requested()) : term_requested();
    if (!stop) return;
    throw RunInterrupted(
        "stopped by SIGTERM before the first step; nothing was written (run "
        "again to start over)");
  };

  const std::string started = pipeline::utc_now_iso();

  const FaultInjection fault = fault_injection();
  const pipeline::PreparedRun prepared = pipeline::prepare_run(scenario);
  const inputs::Timeline& timeline = prepared.timeline;
  if (fault.after == 0) std::raise(fault.signal);  // "0:TERM": while the inputs load
  {
    std::ostringstream quiet;  // ranks other than 0 print nothing
    std::ostream& warnings = request.warnings != nullptr ? *request.warnings : log;
    pipeline::report_and_check_size(prepared, writes ? log : quiet, writes ? warnings : quiet);
  }
  stop_if_asked_before_start();
  output::Provenance provenance =
      pipeline::make_provenance(scenario, outcome.threads, prepared.inputs.input_files);
  provenance.started_utc = started;
  provenance.ranks = here.size;
  pipeline::RunPlan plan = pipeline::plan_of(scenario);
  plan.output_path = outcome.output_path;
  plan.overwrite = request.overwrite;
  output::RunWriterOptions writer_options = pipeline::writer_options(plan);
  const fs::path own_checkpoint_path = rank_checkpoint_path(checkpoint_path, here);
  std::optional<output::Checkpoint> resumed;
  if (!request.resume_from.empty()) {
    const fs::path own_resume_path = rank_checkpoint_path(request.resume_from, here);
    std::string problem;
    try {
      resumed = output::read_checkpoint(own_resume_path);
      if (resumed->ranks != here.size || resumed->rank != here.rank) {
        problem = own_resume_path.string() + ": written by rank " + std::to_string(resumed->rank) +
                  " of " + std::to_string(resumed->ranks) + "; resume with " +
                  (resumed->ranks == 1 ? std::string("a single process")
                                       : "mpirun -np " + std::to_string(resumed->ranks));
      } else if (resumed->scenario_yaml != scenario.resolved_yaml) {
        problem = own_resume_path.string() +
                  ": written by another scenario (its resolved scenario text differs; use the "
                  "same file and --set options)";
      } else if (resumed->snapshot.next_step < 0 ||
                 resumed->snapshot.next_step > timeline.step_count()) {
        problem = own_resume_path.string() + ": step " +
                  std::to_string(resumed->snapshot.next_step) + " is outside this run's " +
                  std::to_string(timeline.step_count()) + " steps (a damaged checkpoint?)";
      } else if (resumed->output_path != outcome.output_path.string()) {
        problem = own_resume_path.string() + ": it was writing '" + resumed->output_path +
                  "', not '" + outcome.output_path.string() + "'";
      }
    } catch (const InputError& e) {
      problem = e.what();
    }
    require_on_all_ranks(problem.empty(), problem);
    if (exchange) {
      const auto steps = gather_values(*exchange, resumed->snapshot.next_step);
      require_on_all_ranks(std::equal(steps.begin() + 1, steps.end(), steps.begin()),
                           request.resume_from.string() +
                               ": the ranks' checkpoint files are of different steps (a set "
                               "written while the run was killed); resume from an older set");
    }
    if (writes) {
      // Under the partial file's lock: never through a symbolic link, never over the partial
      // file of a run still writing it.
      output::restore_partial_file(fs::path(outcome.output_path.string() + ".partial"),
                                   resumed->run_file_bytes);
    }
    writer_options.resume_steps = resumed->snapshot.next_step;
  }
  std::unique_ptr<output::RunWriter> writer;
  NullRecorder no_writer;
  {
    std::string problem;
    try {
      if (writes) {
        writer = std::make_unique<output::RunWriter>(outcome.output_path, prepared.grid,
                                                     timeline.step_dates_iso(), provenance,
                                                     writer_options);
      }
    } catch (const InputError& e) {
      problem = e.what();
    }
    require_on_all_ranks(problem.empty(), problem);
  }

  engine::Simulation simulation(prepared.inputs.landscape, scenario.model, prepared.inputs.policies,
                                pipeline::run_options(timeline, plan), exchange);
  outcome.households_simulated = simulation.household_count();
  if (outcome.households_simulated == 0)
    throw inputs::no_households_error(scenario.model.synthesis);
  stop_if_asked_before_start();
  if (resumed) {
    try {
      simulation.restore(resumed->snapshot);
    } catch (const InputError& error) {
      throw InputError(rank_checkpoint_path(request.resume_from, here).string() + ": " +
                       error.what());
    }
    if (writes) {
      log << "resuming at step " << resumed->snapshot.next_step + 1 << " of "
          << timeline.step_count() << " from " << request.resume_from.string() << "\n";
    }
  }

  const bool show = writes && request.progress;
  engine::Recorder& recorder = writer ? static_cast<engine::Recorder&>(*writer) : no_writer;
  ProgressRecorder progress(recorder, timeline.step_dates_iso(), log, show,
                            isatty(fileno(stderr)) != 0);
  auto save_checkpoint = [&]() {
    output::Checkpoint checkpoint;
    checkpoint.snapshot = simulation.snapshot();
    checkpoint.rank = here.rank;
    checkpoint.ranks = here.size;
    checkpoint.scenario_yaml = scenario.resolved_yaml;
    checkpoint.output_path = outcome.output_path.string();
    if (writer) checkpoint.run_file_bytes = writer->partial_file_bytes();
    output::write_checkpoint(own_checkpoint_path, checkpoint);
    barrier();  // the set is complete once every rank has written its file
  };
  bool finished = false;
  try {
    finished = simulation.run(progress, [&](int steps_done) {
      if (fault.after == steps_done) std::raise(fault.signal);
      const bool last = steps_done == timeline.step_count();
      // Stop when any rank was asked to (the decision is collective in a shared run).
      const bool stop = exchange ? !all_ranks_ok(!term_requested()) : term_requested();
      if (stop && !last) {
        save_checkpoint();
        return false;
      }
      if (request.checkpoint_every > 0 && steps_done % request.checkpoint_every == 0 && !last) {
        save_checkpoint();
      }
      return true;
    });
  } catch (const std::exception& e) {
    if (!exchange) throw;
    // One rank's failure (a full disk, ...) would leave the others waiting in the next step.
    std::cerr << "displace: error on MPI rank " << here.rank << ": " << e.what() << "\n";
    abort_all_ranks(kExitFailure);
  }
  if (!finished) {
    throw RunInterrupted(
        "stopped by SIGTERM after step " + std::to_string(simulation.current_step()) + " of " +
        std::to_string(timeline.step_count()) + "; checkpoint written to " +
        checkpoint_path.string() + "; continue with --resume " + checkpoint_path.string());
  }
  std::error_code ignored;
  if (request.checkpoint_every > 0 || resumed) fs::remove(own_checkpoint_path, ignored);
  if (writer) outcome.output_path = writer->path();
  outcome.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return outcome;
}

}  // namespace displace::app
