#include "displace/app/calibrate.hpp"

#include <omp.h>

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

#include "displace/app/cli.hpp"
#include "displace/app/progress.hpp"
#include "displace/app/ranks.hpp"
#include "displace/app/run.hpp"
#include "displace/common/error.hpp"
#include "displace/common/mix64.hpp"
#include "displace/common/version.hpp"
#include "displace/engine/simulation.hpp"
#include "displace/evaluation/fit_report.hpp"
#include "displace/evaluation/gp_emulator.hpp"
#include "displace/evaluation/history_matching.hpp"
#include "displace/evaluation/observations.hpp"
#include "displace/evaluation/score.hpp"
#include "displace/evaluation/target_accumulator.hpp"
#include "displace/evaluation/target_recorder.hpp"
#include "displace/output/calibration_file.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/pipeline/output_paths.hpp"
#include "displace/pipeline/path_safety.hpp"
#include "displace/pipeline/prepared_run.hpp"
#include "displace/pipeline/run_plan.hpp"
#include "displace/scenario/ensemble_design.hpp"
#include "displace/scenario/load.hpp"
#include "term_signal.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using evaluation::Target;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// ---- SIGTERM: finish the member runs under way, write nothing, exit 3
// ----------------------------

using detail::FaultInjection;
using detail::TermSignalGuard;

/// Test aid: DISPLACE_FAULT_AFTER_MEMBERS="K:TERM" (or "K:KILL") raises that signal once K
/// member runs are done, so tests can stop a calibration at a known point.
FaultInjection fault_injection() {
  return detail::fault_injection("DISPLACE_FAULT_AFTER_MEMBERS");
}

// ---- the calibration's pieces
// --------------------------------------------------------------------

/// One scenario with its layers loaded once, and the targets it is scored on.
struct ScenarioRun {
  const scenario::CalibrationScenario* spec = nullptr;
  std::string label;                              ///< the file name
  std::optional<pipeline::PreparedRun> prepared;  ///< loaded once all targets are known
  evaluation::RunAxes axes;
  std::vector<Target> targets;    ///< the targets of its rows, in row order
  std::vector<std::size_t> rows;  ///< the global row of each
  std::vector<evaluation::TargetAccumulator::Plan> plans;
  bool calibrates = false;  ///< has a calibration row (run in every wave)
};

/// A target scored on one scenario.
struct Row {
  std::size_t target = 0;
  std::size_t scenario = 0;
  std::size_t local = 0;  ///< index into the scenario's targets
  bool validation = false;
};

struct ParameterSet {
  int wave = 0;
  std::vector<double> unit;    ///< coordinates in [0, 1]^d
  std::vector<double> values;  ///< on the parameters' scales
};

double value_of(const scenario::CalibrationParameter& p, double unit) {
  if (p.scale == scenario::ParameterScale::log) {
    const double low = std::log10(p.min);
    const double high = std::log10(p.max);
    return std::min(p.max, std::max(p.min, std::pow(10.0, low + unit * (high - low))));
  }
  return p.min + unit * (p.max - p.min);
}

std::string format_value(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

/// Through a locked `.partial` (never a symbolic link, never another process's), synced, renamed.
void write_text_file(const fs::path& path, const std::string& text) {
  output::write_text_file_atomically(path, [&](std::ostream& out) { out << text; });
}

/// Refuses an output of the calibration that would overwrite one of its inputs: the calibration
/// file, the observations, a scenario or one of its layer files.
void refuse_calibration_input_as_output(const fs::path& output, const std::string& what,
                                        const scenario::CalibrationSpec& spec) {
  for (const auto& [input, role] : {std::pair{spec.source_file, "the calibration file"},
                                    std::pair{spec.observations, "the observations file"}}) {
    if (!input.empty() && pipeline::same_file(output, input)) {
      throw InputError(output.string() + ": the " + what + " would overwrite " + role + " '" +
                       input.string() + "'; choose another path");
    }
  }
  for (const auto& s : spec.scenarios)
    pipeline::refuse_input_as_output(output, what, s.scenario);
}

/// Checks the located names of the calibration file against the observations.
void check_names(const scenario::CalibrationSpec& spec, const std::vector<Target>& targets) {
  std::set<std::string> events;
  std::set<std::string> ids;
  for (const Target& t : targets) {
    if (!t.event.empty()) events.insert(t.event);
    ids.insert(t.id);
  }
  const std::string file = spec.observations.filename().string();
  const std::string known_events =
      events.empty() ? "none" : join(std::vector<std::string>(events.begin(), events.end()));
  std::vector<std::string> problems;
  for (std::size_t s = 0; s < spec.scenarios.size(); ++s) {
    for (std::size_t e = 0; e < spec.scenarios[s].events.size(); ++e) {
      const auto& event = spec.scenarios[s].events[e];
      if (events.count(event.value) == 0) {
        problems.push_back(event.where + ": scenarios." + std::to_string(s) + ".events." +
                           std::to_string(e) + ": no target of event '" + event.value + "' in " +
                           file + " (events: " + known_events + ")");
      }
    }
  }
  for (std::size_t e = 0; e < spec.validation_events.size(); ++e) {
    const auto& event = spec.validation_events[e];
    if (events.count(event.value) == 0) {
      problems.push_back(event.where + ": validation.events." + std::to_string(e) +
                         ": no target of event '" + event.value + "' in " + file +
                         " (events: " + known_events + ")");
    }
  }
  for (std::size_t i = 0; i < spec.validation_ids.size(); ++i) {
    const auto& id = spec.validation_ids[i];
    if (ids.count(id.value) == 0) {
      std::string message = id.where + ": validation.ids." + std::to_string(i) +
                            ": no target with id '" + id.value + "' in " + file;
      problems.push_back(message);
    }
  }
  if (!problems.empty()) throw scenario::ScenarioError(problems);
}

bool is_validation(const scenario::CalibrationSpec& spec, const Target& t) {
  if (t.set == "validation") return true;
  const auto named = [](const std::vector<scenario::Located>& list, const std::string& value) {
    return std::any_of(list.begin(), list.end(),
                       [&](const scenario::Located& l) { return l.value == value; });
  };
  return (!t.event.empty() && named(spec.validation_events, t.event)) ||
         named(spec.validation_ids, t.id);
}

std::vector<fs::path> calibrated_scenario_paths(const scenario::CalibrationSpec& spec) {
  std::vector<fs::path> paths;
  if (spec.outputs.scenario.empty()) return paths;
  if (spec.scenarios.size() == 1) return {spec.outputs.scenario};
  const fs::path& pattern = spec.outputs.scenario;
  for (const auto& s : spec.scenarios) {
    paths.push_back(
        pattern.parent_path() /
        (pattern.stem().string() + "-" + s.path.stem().string() + pattern.extension().string()));
  }
  return paths;
}

// ---- design.emulator: helpers
// -------------------------------------------------------------------

constexpr std::uint64_t kEmulatorStream = 0x656d756c61746f72ULL;  // "emulator"
constexpr int kEmulatorFitPoints = 200;  ///< points for the hyperparameters (then all conditioned)
/// Candidates per prediction: fixed, so that no rounding depends on the thread count.
constexpr Eigen::Index kPredictChunk = 512;

Eigen::MatrixXd unit_matrix(const std::vector<std::vector<double>>& units, std::size_t d) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(units.size()), static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < units.size(); ++i)
    for (std::size_t j = 0; j < d; ++j)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = units[i][j];
  return x;
}

/// The emulator's predictions at every row of `points`, in fixed chunks.
std::vector<evaluation::GpPrediction> predictions_at(const evaluation::GpEmulator& emulator,
                                                     const Eigen::MatrixXd& points) {
  std::vector<evaluation::GpPrediction> all;
  all.reserve(static_cast<std::size_t>(points.rows()));
  for (Eigen::Index first = 0; first < points.rows(); first += kPredictChunk) {
    const Eigen::Index rows = std::min(kPredictChunk, points.rows() - first);
    const Eigen::MatrixXd chunk = points.middleRows(first, rows);
    for (const auto& p : evaluation::predict_many(emulator, chunk))
      all.push_back(p);
  }
  return all;
}

/// Calls `work(i)` for every i in [0, count) on `threads` threads; an exception of a call is
/// rethrown after the loop (the first by index), never let out of the OpenMP region.
template <class Work>
void for_each_target(std::size_t count, int threads, const Work& work) {
  std::vector<std::exception_ptr> failures(count);
  const auto n = static_cast<long>(count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (long t = 0; t < n; ++t) {
    try {
      work(static_cast<std::size_t>(t));
    } catch (...) {
      failures[static_cast<std::size_t>(t)] = std::current_exception();
    }
  }
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

/// (simulated - emulated) / sd of a new simulator output; where the sd is 0 (a constant
/// emulator), 0 for the same value (to 1e-12, relative: the constant's own tolerance), else +-inf.
double standardised_error(double simulated, const evaluation::GpPrediction& p) {
  const double difference = simulated - p.mean;
  const double sd = std::sqrt(p.output_variance);
  if (sd > 0.0) return difference / sd;
  if (std::abs(difference) <= 1e-12 * std::max(1.0, std::abs(p.mean))) return 0.0;
  return difference > 0.0 ? std::numeric_limits<double>::infinity()
                          : -std::numeric_limits<double>::infinity();
}

double share_within_3(const std::vector<double>& errors) {
  if (errors.empty()) return kNaN;
  const auto within =
      std::count_if(errors.begin(), errors.end(), [](double e) { return std::abs(e) <= 3.0; });
  return static_cast<double>(within) / static_cast<double>(errors.size());
}

double median_abs(const std::vector<double>& errors) {
  if (errors.empty()) return kNaN;
  std::vector<double> a;
  a.reserve(errors.size());
  for (const double e : errors)
    a.push_back(std::abs(e));
  std::sort(a.begin(), a.end());
  const std::size_t mid = a.size() / 2;
  return a.size() % 2 == 1 ? a[mid] : 0.5 * (a[mid - 1] + a[mid]);
}

/// `count` of the candidates `pool` (rows of x), spread out: `start` first, then repeatedly the
/// one farthest from the sets already run (`existing`) and those picked (ties: lowest index).
std::vector<std::size_t> spread_pick(const Eigen::MatrixXd& x, const std::vector<std::size_t>& pool,
                                     std::size_t count, const Eigen::MatrixXd& existing,
                                     std::size_t start) {
  std::vector<double> nearest(pool.size(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const auto row = x.row(static_cast<Eigen::Index>(pool[i]));
    for (Eigen::Index e = 0; e < existing.rows(); ++e)
      nearest[i] = std::min(nearest[i], (row - existing.row(e)).squaredNorm());
  }
  std::vector<std::size_t> picked;
  std::size_t next = start;
  while (picked.size() < count) {
    picked.push_back(pool[next]);
    const auto row = x.row(static_cast<Eigen::Index>(pool[next]));
    std::size_t best = 0;
    double best_distance = -1.0;
    for (std::size_t i = 0; i < pool.size(); ++i) {
      nearest[i] =
          std::min(nearest[i], (x.row(static_cast<Eigen::Index>(pool[i])) - row).squaredNorm());
      if (nearest[i] > best_distance) {
        best_distance = nearest[i];
        best = i;
      }
    }
    next = best;
  }
  return picked;
}

/// The calibration itself: the state shared by the waves.
class Calibration {
 public:
  Calibration(const scenario::CalibrationSpec& spec, const CalibrationRequest& request,
              std::ostream& log)
      : spec_(spec), request_(request), log_(log), fault_(fault_injection()) {}

  CalibrationOutcome run();

 private:
  void load();
  void add_sets(const std::vector<std::vector<double>>& units, int wave);
  /// Runs sets [first, last) on the scenarios `which`; fills modelled_ and implausibility_.
  void evaluate(std::size_t first, std::size_t last, const std::vector<std::size_t>& which);
  void score_set(std::size_t set);
  std::vector<std::vector<double>> centres(int wave);
  /// design.emulator: fits the emulators to every set run so far and picks `count` new sets
  /// among the candidates they do not rule out.
  std::vector<std::vector<double>> emulated_sets(int wave, int count);
  /// design.emulator: the last emulators against the simulator on sets [first, sets_.size()).
  void check_emulators(std::size_t first);
  double mean_log10(std::size_t set, std::size_t row) const;
  std::size_t best_set() const;
  evaluation::ScoreTable table(const std::vector<std::size_t>& sets, bool validation) const;
  output::CalibrationResults results() const;
  evaluation::FitReport fit_report(std::size_t best) const;
  void write_outputs(const output::CalibrationResults& r, std::size_t best,
                     const std::vector<std::filesystem::path>& scenario_paths);
  double& modelled(std::size_t set, int seed, std::size_t row) {
    return modelled_[(set * seeds_ + static_cast<std::size_t>(seed)) * rows_.size() + row];
  }
  double modelled(std::size_t set, int seed, std::size_t row) const {
    return modelled_[(set * seeds_ + static_cast<std::size_t>(seed)) * rows_.size() + row];
  }

  const scenario::CalibrationSpec& spec_;
  const CalibrationRequest& request_;
  std::ostream& log_;
  FaultInjection fault_;
  Ranks mpi_;
  int threads_ = 1;
  std::size_t seeds_ = 1;
  bool policy_keys_ = false;
  bool curve_keys_ = false;  ///< a fitted key is a layer's curve: the landscape differs per set

  std::vector<Target> targets_;
  std::vector<ScenarioRun> scenarios_;
  std::vector<Row> rows_;
  std::vector<std::string> unused_;
  std::vector<ParameterSet> sets_;
  std::vector<double> modelled_;        ///< set x seed x row
  std::vector<double> implausibility_;  ///< set x row
  std::vector<double> measure_;
  std::vector<double> squared_error_;
  std::atomic<long long> members_done_{0};
  CalibrationOutcome outcome_;
  // design.emulator: the calibration rows emulated, the last wave's emulators and the checks.
  std::vector<std::size_t> emulated_rows_;
  std::vector<evaluation::GpEmulator> emulators_;
  std::vector<evaluation::EmulatorWave> emulator_waves_;
};

void Calibration::load() {
  const auto start = Clock::now();
  targets_ = evaluation::read_targets(spec_.observations);
  check_names(spec_, targets_);
  std::vector<bool> used(targets_.size(), false);
  for (std::size_t s = 0; s < spec_.scenarios.size(); ++s) {
    const auto& cs = spec_.scenarios[s];
    ScenarioRun run;
    run.spec = &cs;
    run.label = cs.path.filename().string();
    for (std::size_t t = 0; t < targets_.size(); ++t) {
      const bool scored = cs.events.empty() || std::any_of(cs.events.begin(), cs.events.end(),
                                                           [&](const scenario::Located& e) {
                                                             return e.value == targets_[t].event;
                                                           });
      if (!scored) continue;
      used[t] = true;
      Row row;
      row.target = t;
      row.scenario = s;
      row.local = run.targets.size();
      row.validation = is_validation(spec_, targets_[t]);
      run.calibrates = run.calibrates || !row.validation;
      run.rows.push_back(rows_.size());
      run.targets.push_back(targets_[t]);
      rows_.push_back(row);
    }
    scenarios_.push_back(std::move(run));
  }
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    if (!used[t]) {
      unused_.push_back(targets_[t].id +
                        (targets_[t].event.empty() ? "" : " (" + targets_[t].event + ")"));
    }
  }
  for (const Row& row : rows_)
    (row.validation ? outcome_.validation_rows : outcome_.calibration_rows)++;
  if (outcome_.calibration_rows == 0) {
    throw InputError(spec_.source_file.string() +
                     ": no calibration target: every target the scenarios are scored on is a "
                     "validation target (or none is scored)");
  }
  for (ScenarioRun& run : scenarios_) {
    if (run.targets.empty()) {
      throw InputError(spec_.source_file.string() + ": scenario " + run.label +
                       " is scored on no target of " + spec_.observations.filename().string());
    }
    run.prepared.emplace(pipeline::prepare_run(run.spec->scenario));
    const inputs::Timeline& timeline = run.prepared->timeline;
    const inputs::SimulationInputs& loaded = run.prepared->inputs;
    if (mpi_.rank == 0) {
      for (const auto& note : loaded.notes)
        log_ << "note: " << run.label << ": " << note << "\n";
    }
    engine::RunLayout layout;
    layout.step_count = timeline.step_count();
    for (const auto& region : loaded.landscape->regions)
      layout.region_codes.push_back(region.code);
    for (const auto& external : loaded.landscape->externals)
      layout.external_names.push_back(external.name);
    for (const auto& site : loaded.landscape->shelters)
      layout.shelter_names.push_back(site.name);
    layout.region_count = static_cast<int>(layout.region_codes.size());
    layout.external_count = static_cast<int>(layout.external_names.size());
    std::vector<CivilDate> bounds;
    for (int k = 0; k <= timeline.step_count(); ++k)
      bounds.push_back(timeline.step_start(k));
    run.axes = evaluation::axes_of(layout, bounds);
    const evaluation::TargetAccumulator accumulator(run.axes, run.targets);
    run.plans = accumulator.plans();
    for (std::size_t i = 0; i < run.targets.size(); ++i) {
      if (!run.plans[i].reason.empty()) {
        const Target& t = run.targets[i];
        throw InputError(t.location.file + ":" + std::to_string(t.location.line) + ": target '" +
                         t.id + "' cannot be computed from scenario " + run.label + ": " +
                         run.plans[i].reason);
      }
    }
  }
  outcome_.load_seconds = seconds_since(start);
}

void Calibration::add_sets(const std::vector<std::vector<double>>& units, int wave) {
  for (const auto& unit : units) {
    ParameterSet set;
    set.wave = wave;
    set.unit = unit;
    for (std::size_t j = 0; j < spec_.parameters.size(); ++j)
      set.values.push_back(value_of(spec_.parameters[j], unit[j]));
    sets_.push_back(std::move(set));
  }
  modelled_.resize(sets_.size() * seeds_ * rows_.size(), kNaN);
  implausibility_.resize(sets_.size() * rows_.size(), kNaN);
  measure_.resize(sets_.size(), kNaN);
  squared_error_.resize(sets_.size(), kNaN);
}

void Calibration::evaluate(std::size_t first, std::size_t last,
                           const std::vector<std::size_t>& which) {
  struct Job {
    std::size_t set;
    std::size_t scenario;
  };
  std::vector<Job> jobs;
  for (std::size_t set = first; set < last; ++set)
    for (const std::size_t s : which)
      jobs.push_back({set, s});
  if (jobs.empty()) return;
  // Each rank runs jobs r, r + R, ...; its results go into `buffer` (zeros elsewhere), summed
  // over the ranks afterwards. Layout: job x seed x local target.
  std::size_t width = 0;
  for (const std::size_t s : which)
    width = std::max(width, scenarios_[s].targets.size());
  std::vector<double> buffer(jobs.size() * seeds_ * width, 0.0);
  std::vector<std::size_t> mine;
  for (std::size_t j = 0; j < jobs.size(); ++j)
    if (static_cast<int>(j % static_cast<std::size_t>(mpi_.size)) == mpi_.rank) mine.push_back(j);

  const bool concurrent = request_.parallelism == MemberParallelism::members ||
                          (request_.parallelism == MemberParallelism::automatic &&
                           mine.size() >= 2 * static_cast<std::size_t>(threads_));
  std::vector<std::string> errors(mine.size());
  std::vector<char> input_error(mine.size(), 0);
  std::atomic<bool> failed{false};
  double variant_seconds = 0.0;
  double engine_seconds = 0.0;
  const auto count = static_cast<long>(mine.size());
  const auto start = Clock::now();
#pragma omp parallel for schedule(dynamic, 1) num_threads(concurrent ? threads_ : 1) \
    reduction(+ : variant_seconds, engine_seconds)
  for (long m = 0; m < count; ++m) {
    if (failed.load() || detail::term_requested()) continue;
    if (concurrent) omp_set_num_threads(1);
    const std::size_t j = mine[static_cast<std::size_t>(m)];
    const Job job = jobs[j];
    const ScenarioRun& run = scenarios_[job.scenario];
    try {
      const auto variant_start = Clock::now();
      std::vector<std::string> overrides;
      const auto index = static_cast<std::size_t>(run.spec - spec_.scenarios.data());
      for (std::size_t p = 0; p < spec_.parameters.size(); ++p) {
        if (!scenario::parameter_applies(spec_, p, index)) continue;
        overrides.push_back(spec_.parameters[p].key + "=" + format_value(sets_[job.set].values[p]));
      }
      const scenario::Scenario variant = scenario::load_scenario(run.spec->path, overrides);
      const inputs::SimulationInputs& loaded = run.prepared->inputs;
      const std::vector<engine::Policy> policies =
          policy_keys_ ? inputs::resolve_policies(variant, run.prepared->timeline,
                                                  *loaded.landscape, loaded.grid, loaded.masks)
                       : loaded.policies;
      const auto landscape =
          curve_keys_ ? inputs::with_hazard_curves(loaded.landscape, variant) : loaded.landscape;
      variant_seconds += seconds_since(variant_start);
      evaluation::TargetAccumulator accumulator(run.axes, run.targets);
      evaluation::TargetRecorder recorder(accumulator);
      for (std::size_t k = 0; k < seeds_; ++k) {
        const auto engine_start = Clock::now();
        pipeline::RunPlan plan;  // scored in memory: no maps, no run file
        plan.seed = scenario::member_seed(run.spec->scenario.seed, static_cast<int>(k));
        plan.map_every_steps = 0;
        engine::Simulation simulation(landscape, variant.model, policies,
                                      pipeline::run_options(run.prepared->timeline, plan));
        simulation.run(recorder);
        const auto values = accumulator.values();
        engine_seconds += seconds_since(engine_start);
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (!values[i].computed) {
            const Target& t = run.targets[i];
            throw InputError(t.location.file + ":" + std::to_string(t.location.line) +
                             ": target '" + t.id + "' cannot be computed from scenario " +
                             run.label + ": " + values[i].reason);
          }
          buffer[(j * seeds_ + k) * width + i] = values[i].value;
        }
        const long long done = ++members_done_;
        if (done == fault_.after) std::raise(fault_.signal);
      }
    } catch (const InputError& e) {
      errors[static_cast<std::size_t>(m)] = e.what();
      input_error[static_cast<std::size_t>(m)] = 1;
      failed = true;
    } catch (const std::exception& e) {
      errors[static_cast<std::size_t>(m)] = e.what();
      failed = true;
    }
  }
  outcome_.run_seconds += seconds_since(start);
  outcome_.variant_seconds += variant_seconds;
  outcome_.engine_seconds += engine_seconds;
  outcome_.member_runs += static_cast<long long>(jobs.size() * seeds_);
  if (failed) {
    for (std::size_t m = 0; m < mine.size(); ++m) {
      if (errors[m].empty()) continue;
      if (mpi_.size > 1) {  // the other ranks would wait for this one forever
        log_ << "displace: error on rank " << mpi_.rank << ": " << errors[m] << "\n";
        abort_all_ranks(input_error[m] != 0 ? kExitUsage : kExitFailure);
      }
      if (input_error[m] != 0) throw InputError(errors[m]);
      throw Error(errors[m]);
    }
  }
  const bool stop = !all_ranks_ok(!detail::term_requested());
  if (stop) {
    throw RunInterrupted("calibration stopped by SIGTERM after " +
                         std::to_string(members_done_.load()) +
                         " member runs; nothing was written (" + spec_.outputs.path.string() +
                         " does not exist); run it again to start over");
  }
  sum_over_ranks(buffer);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const ScenarioRun& run = scenarios_[jobs[j].scenario];
    for (std::size_t k = 0; k < seeds_; ++k)
      for (std::size_t i = 0; i < run.targets.size(); ++i)
        modelled(jobs[j].set, static_cast<int>(k), run.rows[i]) =
            buffer[(j * seeds_ + k) * width + i];
  }
  const auto score_start = Clock::now();
  for (std::size_t set = first; set < last; ++set)
    score_set(set);
  outcome_.score_seconds += seconds_since(score_start);
}

void Calibration::score_set(std::size_t set) {
  std::vector<double> calibration;
  double squared = 0.0;
  int counted = 0;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    if (std::isnan(modelled(set, 0, r))) continue;
    std::vector<double> values;
    for (std::size_t k = 0; k < seeds_; ++k)
      values.push_back(modelled(set, static_cast<int>(k), r));
    const auto result = evaluation::implausibility(targets_[rows_[r].target], values,
                                                   spec_.design.discrepancy_log10);
    implausibility_[set * rows_.size() + r] = result.implausibility;
    if (rows_[r].validation) continue;
    calibration.push_back(result.implausibility);
    squared += result.squared_error;
    ++counted;
  }
  const int rank = spec_.design.measure == scenario::ImplausibilityMeasure::second_max ? 2 : 1;
  measure_[set] = evaluation::kth_largest(calibration, rank);
  squared_error_[set] = counted > 0 ? squared / counted : kNaN;
}

std::vector<std::vector<double>> Calibration::centres(int wave) {
  std::vector<std::vector<double>> chosen;
  for (std::size_t s = 0; s < sets_.size(); ++s)
    if (measure_[s] <= spec_.design.cutoff) chosen.push_back(sets_[s].unit);
  if (!chosen.empty()) return chosen;
  // Nothing accepted yet: refocus on the least implausible tenth (at least d + 1 sets), ties
  // in the measure (a target no set reaches) broken by the squared error over all targets, so
  // that a wave moves towards the sets that fit the rest best rather than the first ones drawn.
  const std::size_t keep =
      std::min(sets_.size(), std::max(spec_.parameters.size() + 1, sets_.size() / 10));
  for (const std::size_t s : evaluation::least_implausible(measure_, squared_error_, keep))
    chosen.push_back(sets_[s].unit);
  if (request_.progress && mpi_.rank == 0) {
    log_ << "  wave " << wave << ": no set meets the cut-off yet; refocusing on the " << keep
         << " least implausible\n";
  }
  return chosen;
}

double Calibration::mean_log10(std::size_t set, std::size_t row) const {
  double sum = 0.0;
  for (std::size_t k = 0; k < seeds_; ++k)
    sum += evaluation::log10_scale(modelled(set, static_cast<int>(k), row));
  return sum / static_cast<double>(seeds_);
}

std::vector<std::vector<double>> Calibration::emulated_sets(int wave, int count) {
  const auto start = Clock::now();
  const std::size_t d = spec_.parameters.size();
  const std::size_t n = sets_.size();
  if (emulated_rows_.empty()) {
    for (std::size_t r = 0; r < rows_.size(); ++r)
      if (!rows_[r].validation) emulated_rows_.push_back(r);
  }
  const std::size_t targets = emulated_rows_.size();
  std::vector<std::vector<double>> inputs;
  for (const ParameterSet& set : sets_)
    inputs.push_back(set.unit);
  // One emulator per calibration target, of the mean over the seeds of log10(1 + modelled); the
  // seeds' own variance (pooled over the sets) is added to the emulator's in the implausibility.
  emulators_.assign(targets, {});
  std::vector<double> ensemble_variance(targets, 0.0);
  std::vector<std::vector<double>> loo(targets);
  std::vector<std::string> errors(targets);
  const auto target_count = static_cast<long>(targets);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads_)
  for (long t = 0; t < target_count; ++t) {
    const auto i = static_cast<std::size_t>(t);
    const std::size_t row = emulated_rows_[i];
    try {
      std::vector<double> y(n);
      double variance_sum = 0.0;
      for (std::size_t set = 0; set < n; ++set) {
        y[set] = mean_log10(set, row);
        if (seeds_ < 2) continue;
        double squares = 0.0;
        for (std::size_t k = 0; k < seeds_; ++k) {
          const double e =
              evaluation::log10_scale(modelled(set, static_cast<int>(k), row)) - y[set];
          squares += e * e;
        }
        variance_sum += squares / static_cast<double>(seeds_ - 1);
      }
      ensemble_variance[i] = variance_sum / static_cast<double>(n);
      emulators_[i] = evaluation::fit_gp_emulator(inputs, y, kEmulatorFitPoints);
      loo[i] = evaluation::leave_one_out_errors(emulators_[i]);
    } catch (const std::exception& e) {
      errors[i] = e.what();
    }
  }
  for (std::size_t i = 0; i < targets; ++i) {
    if (!errors[i].empty()) {
      throw Error("calibration: wave " + std::to_string(wave) + ": the emulator of target '" +
                  targets_[rows_[emulated_rows_[i]].target].id + "': " + errors[i]);
    }
  }
  evaluation::EmulatorWave check;
  check.wave = wave;
  check.training_sets = static_cast<int>(n);
  check.targets = static_cast<int>(targets);
  std::vector<double> loo_all;
  for (std::size_t i = 0; i < targets; ++i) {
    if (emulators_[i].constant) ++check.constant_targets;
    loo_all.insert(loo_all.end(), loo[i].begin(), loo[i].end());
  }
  check.loo_within_3 = share_within_3(loo_all);
  check.loo_median_abs = median_abs(loo_all);

  // Candidates: half around the sets not ruled out (the kernel of the plain waves), half over the
  // whole box, so that the emulators can also find a region the earlier waves missed.
  const int pool_size = std::clamp(20 * count, 1000, 20000);
  auto candidates = evaluation::refocus(centres(wave), pool_size / 2, spec_.design.seed,
                                        kEmulatorStream + static_cast<std::uint64_t>(wave));
  for (auto& unit : evaluation::maximin_latin_hypercube(
           pool_size - pool_size / 2, static_cast<int>(d),
           spec_.design.seed ^ mix64(kEmulatorStream + static_cast<std::uint64_t>(wave))))
    candidates.push_back(std::move(unit));
  const Eigen::MatrixXd x = unit_matrix(candidates, d);
  const auto pool = static_cast<std::size_t>(x.rows());
  std::vector<double> implausibility(targets * pool);
  for_each_target(targets, threads_, [&](std::size_t i) {
    const Target& target = targets_[rows_[emulated_rows_[i]].target];
    const auto predictions = predictions_at(emulators_[i], x);
    for (std::size_t c = 0; c < pool; ++c) {
      implausibility[i * pool + c] = evaluation::implausibility_of_mean(
          target, predictions[c].mean, predictions[c].variance + ensemble_variance[i],
          spec_.design.discrepancy_log10);
    }
  });
  const int rank = spec_.design.measure == scenario::ImplausibilityMeasure::second_max ? 2 : 1;
  std::vector<double> measure(pool);
  std::vector<double> mean_square(pool);
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < pool; ++c) {
    std::vector<double> values(targets);
    double squares = 0.0;
    for (std::size_t i = 0; i < targets; ++i) {
      values[i] = implausibility[i * pool + c];
      squares += values[i] * values[i];
    }
    measure[c] = evaluation::kth_largest(values, rank);
    mean_square[c] = squares / static_cast<double>(targets);
    if (measure[c] <= spec_.design.cutoff) kept.push_back(c);
  }
  check.candidates = static_cast<int>(pool);
  check.candidates_kept = static_cast<int>(kept.size());
  emulator_waves_.push_back(check);

  const auto want = static_cast<std::size_t>(count);
  std::vector<std::size_t> chosen;
  if (kept.size() >= want) {
    std::size_t first = 0;  // the least implausible kept candidate opens the spread
    for (std::size_t k = 1; k < kept.size(); ++k) {
      const auto key = [&](std::size_t c) { return std::make_pair(measure[c], mean_square[c]); };
      if (key(kept[k]) < key(kept[first])) first = k;
    }
    chosen = spread_pick(x, kept, want, unit_matrix(inputs, d), first);
  } else {
    chosen = evaluation::least_implausible(measure, mean_square, want);
  }
  const bool speak = request_.progress && mpi_.rank == 0;
  if (speak) {
    log_ << "  wave " << wave << ": emulators of " << targets << " calibration target(s) ("
         << check.constant_targets << " constant) on " << n << " sets; leave-one-out "
         << std::lround(100.0 * check.loo_within_3) << "% within +-3 sd (median |error| "
         << check.loo_median_abs << "); " << kept.size() << " of " << pool
         << " candidates not ruled out by the emulators";
    if (kept.size() < want) {
      log_ << ": fewer than " << want << ", so the wave also runs the least implausible ("
           << "by the emulators) of the rest";
    }
    log_ << "; " << seconds_since(start) << " s\n";
  }
  std::vector<std::vector<double>> units;
  for (const std::size_t c : chosen)
    units.push_back(candidates[c]);
  return units;
}

void Calibration::check_emulators(std::size_t first) {
  if (emulators_.empty() || emulator_waves_.empty() || first >= sets_.size()) return;
  evaluation::EmulatorWave& check = emulator_waves_.back();
  const std::size_t d = spec_.parameters.size();
  std::vector<std::vector<double>> units;
  for (std::size_t s = first; s < sets_.size(); ++s)
    units.push_back(sets_[s].unit);
  const Eigen::MatrixXd x = unit_matrix(units, d);
  const std::size_t targets = emulators_.size();
  std::vector<std::vector<double>> errors(targets);
  for_each_target(targets, threads_, [&](std::size_t i) {
    const auto predictions = predictions_at(emulators_[i], x);
    for (std::size_t s = 0; s < units.size(); ++s) {
      errors[i].push_back(
          standardised_error(mean_log10(first + s, emulated_rows_[i]), predictions[s]));
    }
  });
  std::vector<double> all;
  check.worst_within_3 = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < targets; ++i) {
    all.insert(all.end(), errors[i].begin(), errors[i].end());
    const double share = share_within_3(errors[i]);
    if (share < check.worst_within_3) {
      check.worst_within_3 = share;
      check.worst_target = targets_[rows_[emulated_rows_[i]].target].id;
    }
  }
  check.new_sets = static_cast<int>(units.size());
  check.new_within_3 = share_within_3(all);
  check.new_median_abs = median_abs(all);
  if (request_.progress && mpi_.rank == 0) {
    log_ << "  wave " << check.wave << ": the emulators against the simulator on its "
         << units.size() << " sets: " << std::lround(100.0 * check.new_within_3)
         << "% within +-3 sd (median |error| " << check.new_median_abs << "); worst target "
         << check.worst_target << " (" << std::lround(100.0 * check.worst_within_3) << "%)\n";
  }
}

std::size_t Calibration::best_set() const {
  std::size_t best = 0;
  bool best_accepted = false;
  for (std::size_t s = 0; s < sets_.size(); ++s) {
    const bool accepted = measure_[s] <= spec_.design.cutoff;
    if (accepted != best_accepted) {
      if (accepted) {
        best = s;
        best_accepted = true;
      }
      continue;
    }
    const auto key = [&](std::size_t i) { return std::make_pair(squared_error_[i], measure_[i]); };
    if (key(s) < key(best)) best = s;
  }
  return best;
}

evaluation::ScoreTable Calibration::table(const std::vector<std::size_t>& sets,
                                          bool validation) const {
  evaluation::ScoreTable combined;
  for (const ScenarioRun& run : scenarios_) {
    std::vector<std::size_t> locals;
    std::vector<Target> targets;
    for (std::size_t i = 0; i < run.targets.size(); ++i) {
      if (rows_[run.rows[i]].validation != validation) continue;
      locals.push_back(i);
      targets.push_back(run.targets[i]);
    }
    if (targets.empty()) continue;
    std::vector<std::vector<evaluation::Modelled>> members;
    for (const std::size_t set : sets) {
      for (std::size_t k = 0; k < seeds_; ++k) {
        std::vector<evaluation::Modelled> member;
        for (const std::size_t i : locals) {
          evaluation::Modelled m;
          const double value = modelled(set, static_cast<int>(k), run.rows[i]);
          m.computed = !std::isnan(value);
          m.value = value;
          if (!m.computed) m.reason = "not run for this parameter set";
          m.first_step = run.plans[i].first_step;
          m.last_step = run.plans[i].last_step;
          member.push_back(std::move(m));
        }
        members.push_back(std::move(member));
      }
    }
    auto part = evaluation::score_members(targets, members, run.axes);
    for (auto& row : part.rows)
      combined.rows.push_back(std::move(row));
  }
  combined.summary = evaluation::summarise(combined.rows);
  return combined;
}

output::CalibrationResults Calibration::results() const {
  output::CalibrationResults r;
  r.name = spec_.name;
  r.calibration_yaml = spec_.text;
  r.engine_version = std::string(engine_version());
  r.git_revision = std::string(git_revision());
  r.created_utc = utc_now();
  r.cutoff = spec_.design.cutoff;
  r.measure =
      spec_.design.measure == scenario::ImplausibilityMeasure::second_max ? "second_max" : "max";
  r.discrepancy_log10 = spec_.design.discrepancy_log10;
  r.ranks = mpi_.size;
  r.threads = threads_;
  for (const auto& p : spec_.parameters) {
    r.parameter_key.push_back(p.key);
    r.parameter_group.push_back(p.group);
    r.parameter_min.push_back(p.min);
    r.parameter_max.push_back(p.max);
    r.parameter_scale.push_back(p.scale == scenario::ParameterScale::log ? "log" : "linear");
  }
  for (std::size_t s = 0; s < sets_.size(); ++s) {
    r.set_wave.push_back(sets_[s].wave);
    r.set_values.insert(r.set_values.end(), sets_[s].values.begin(), sets_[s].values.end());
    r.set_measure.push_back(measure_[s]);
    r.set_squared_error.push_back(squared_error_[s]);
    r.set_accepted.push_back(measure_[s] <= spec_.design.cutoff ? 1 : 0);
  }
  r.best_set = static_cast<std::int32_t>(outcome_.best_set);
  for (std::size_t k = 0; k < seeds_; ++k)
    r.seed_index.push_back(static_cast<std::int32_t>(k));
  for (std::size_t row = 0; row < rows_.size(); ++row) {
    const Target& t = targets_[rows_[row].target];
    r.row_target.push_back(t.id);
    r.row_event.push_back(t.event);
    r.row_scenario.push_back(scenarios_[rows_[row].scenario].label);
    r.row_role.push_back(rows_[row].validation ? "validation" : "calibration");
    r.row_quantity.push_back(
        std::string(evaluation::kQuantityNames[static_cast<std::size_t>(t.quantity)]));
    r.row_bound.push_back(std::string(evaluation::kBoundNames[static_cast<std::size_t>(t.bound)]));
    r.row_observed.push_back(t.value);
    r.row_lower.push_back(t.lower);
    r.row_upper.push_back(t.upper);
    double smallest = std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < sets_.size(); ++s) {
      const double value = implausibility_[s * rows_.size() + row];
      if (!std::isnan(value)) smallest = std::min(smallest, value);
    }
    r.row_min_implausibility.push_back(smallest);
    r.row_structural_misfit.push_back(smallest > spec_.design.cutoff ? 1 : 0);
  }
  r.modelled = modelled_;
  r.implausibility = implausibility_;
  return r;
}

evaluation::FitReport Calibration::fit_report(std::size_t best) const {
  evaluation::FitReport report;
  report.name = spec_.name;
  report.calibration_file = spec_.source_file.filename().string();
  report.observations_file = spec_.observations.filename().string();
  for (const auto& s : spec_.scenarios) {
    std::vector<std::string> events;
    for (const auto& e : s.events)
      events.push_back(e.value);
    report.scenarios.push_back("`" + s.path.filename().string() + "` (" +
                               (events.empty() ? "every target" : "events: " + join(events)) + ")");
  }
  {
    std::vector<std::string> rule = {"the observations' `set` column says `validation`"};
    std::vector<std::string> events;
    for (const auto& e : spec_.validation_events)
      events.push_back(e.value);
    std::vector<std::string> ids;
    for (const auto& i : spec_.validation_ids)
      ids.push_back(i.value);
    if (!events.empty()) rule.push_back("events " + join(events));
    if (!ids.empty()) rule.push_back("ids " + join(ids));
    report.validation_rule = join(rule) + " (" + std::to_string(outcome_.validation_rows) +
                             " validation, " + std::to_string(outcome_.calibration_rows) +
                             " calibration targets)";
  }
  report.sets = static_cast<int>(sets_.size());
  report.waves = spec_.design.waves + 1;
  report.seeds = static_cast<int>(seeds_);
  report.member_runs = outcome_.member_runs;
  report.cutoff = spec_.design.cutoff;
  report.measure = spec_.design.measure == scenario::ImplausibilityMeasure::second_max
                       ? "second largest implausibility"
                       : "largest implausibility";
  report.discrepancy_log10 = spec_.design.discrepancy_log10;
  std::vector<std::size_t> accepted;
  for (std::size_t s = 0; s < sets_.size(); ++s)
    if (measure_[s] <= spec_.design.cutoff) accepted.push_back(s);
  report.accepted = static_cast<int>(accepted.size());
  report.best_set = static_cast<int>(best);
  report.best_accepted = measure_[best] <= spec_.design.cutoff;
  for (std::size_t p = 0; p < spec_.parameters.size(); ++p) {
    const auto& parameter = spec_.parameters[p];
    evaluation::FittedParameter f;
    f.key = scenario::parameter_label(parameter);
    f.scale = parameter.scale == scenario::ParameterScale::log ? "log" : "linear";
    f.prior_min = parameter.min;
    f.prior_max = parameter.max;
    f.best = sets_[best].values[p];
    std::vector<double> values;
    for (const std::size_t s : accepted)
      values.push_back(sets_[s].values[p]);
    f.accepted_min = values.empty() ? kNaN : *std::min_element(values.begin(), values.end());
    f.accepted_max = values.empty() ? kNaN : *std::max_element(values.begin(), values.end());
    f.accepted_p05 = output::linear_quantile(values, 0.05);
    f.accepted_median = output::linear_quantile(values, 0.5);
    f.accepted_p95 = output::linear_quantile(values, 0.95);
    report.parameters.push_back(f);
  }
  report.calibration_best = table({best}, false);
  report.validation_best = table({best}, true);
  if (!accepted.empty()) {
    report.calibration_accepted = table(accepted, false);
    report.validation_accepted = table(accepted, true);
  }
  const auto r = results();
  for (std::size_t row = 0; row < rows_.size(); ++row) {
    if (r.row_structural_misfit[row] == 0) continue;
    evaluation::Misfit m;
    m.target = r.row_target[row];
    m.scenario = r.row_scenario[row];
    m.role = r.row_role[row];
    m.min_implausibility = r.row_min_implausibility[row];
    std::vector<double> values;
    for (std::size_t k = 0; k < seeds_; ++k)
      values.push_back(modelled(best, static_cast<int>(k), row));
    const double observed = targets_[rows_[row].target].value;
    const double median = output::linear_quantile(values, 0.5);
    m.best_log10_ratio = observed > 0 ? std::log10(median / observed) : kNaN;
    report.misfits.push_back(m);
  }
  report.unused_targets = unused_;
  report.emulator_waves = emulator_waves_;
  return report;
}

CalibrationOutcome Calibration::run() {
  const auto wall_start = Clock::now();
  mpi_ = ranks();
  outcome_.ranks = mpi_.size;
  if (request_.threads > 0) omp_set_num_threads(request_.threads);
  threads_ = std::max(1, omp_get_max_threads());
  outcome_.threads = threads_;
  seeds_ = static_cast<std::size_t>(spec_.design.seeds);
  policy_keys_ = std::any_of(spec_.parameters.begin(), spec_.parameters.end(),
                             [](const auto& p) { return p.key.starts_with("policies."); });
  curve_keys_ = std::any_of(spec_.parameters.begin(), spec_.parameters.end(),
                            [](const auto& p) { return p.key.starts_with("layers."); });
  // Fail before any run, and before anything is written, when an output could not be written
  // anyway. Inputs first and whatever the flags: --overwrite never replaces one.
  const auto scenario_paths = calibrated_scenario_paths(spec_);
  struct Output {
    fs::path path;
    std::string key;
    std::string what;
  };
  std::vector<Output> outputs = {{spec_.outputs.path, "outputs.path", "results file"}};
  if (!request_.results_only) {
    for (const auto& path : scenario_paths)
      outputs.push_back({path, "outputs.scenario", "calibrated scenario"});
    if (!spec_.outputs.report.empty())
      outputs.push_back({spec_.outputs.report, "outputs.report", "fit report"});
  }
  for (const Output& o : outputs)
    refuse_calibration_input_as_output(o.path, o.what, spec_);
  for (std::size_t a = 0; a < outputs.size(); ++a) {
    for (std::size_t b = a + 1; b < outputs.size(); ++b) {
      if (!pipeline::same_file(outputs[a].path, outputs[b].path)) continue;
      throw InputError(spec_.source_file.string() + ": " + outputs[a].key + " and " +
                       outputs[b].key + " name the same file '" + outputs[b].path.string() +
                       "' (the " + outputs[a].what + " and the " + outputs[b].what +
                       "); one would be lost: give each output its own file");
    }
  }
  for (const Output& o : outputs)
    pipeline::check_output_path(o.path, request_.overwrite);
  load();
  const bool speak = request_.progress && mpi_.rank == 0;
  if (speak) {
    log_ << "calibration " << spec_.name << ": " << rows_.size() << " targets on "
         << scenarios_.size() << " scenario(s) (" << outcome_.calibration_rows << " calibration, "
         << outcome_.validation_rows << " validation), " << spec_.parameters.size()
         << " parameters, " << seeds_ << " seed(s) per set; " << mpi_.size << " rank(s) x "
         << threads_ << " thread(s); layers loaded in " << outcome_.load_seconds << " s\n";
    if (!unused_.empty()) {
      log_ << "  " << unused_.size() << " target(s) of the observations are scored on no "
           << "scenario (listed in the report)\n";
    }
  }
  std::vector<std::size_t> calibrating;
  std::vector<std::size_t> validating_only;
  for (std::size_t s = 0; s < scenarios_.size(); ++s)
    (scenarios_[s].calibrates ? calibrating : validating_only).push_back(s);

  const TermSignalGuard term_guard;
  const std::size_t d = spec_.parameters.size();
  for (int wave = 0; wave <= spec_.design.waves; ++wave) {
    const auto wave_start = Clock::now();
    const auto score_start = Clock::now();
    const std::size_t first = sets_.size();
    if (wave == 0) {
      add_sets(evaluation::maximin_latin_hypercube(spec_.design.initial, static_cast<int>(d),
                                                   spec_.design.seed),
               0);
    } else {
      // A tenth of each wave is spread over the whole prior box again (a defensive mixture,
      // Hesterberg 1995): a region the earlier waves missed can still be found.
      const int explore = spec_.design.per_wave / 10;
      auto units = spec_.design.emulator
                       ? emulated_sets(wave, spec_.design.per_wave - explore)
                       : evaluation::refocus(centres(wave), spec_.design.per_wave - explore,
                                             spec_.design.seed, static_cast<std::uint64_t>(wave));
      if (explore > 0) {
        for (auto& unit : evaluation::maximin_latin_hypercube(
                 explore, static_cast<int>(d),
                 spec_.design.seed +
                     std::uint64_t{0x9e3779b97f4a7c15} * static_cast<std::uint64_t>(wave)))
          units.push_back(std::move(unit));
      }
      add_sets(units, wave);
    }
    outcome_.score_seconds += seconds_since(score_start);
    evaluate(first, sets_.size(), calibrating);
    if (spec_.design.emulator && wave > 0) {
      const auto check_start = Clock::now();
      check_emulators(first);
      outcome_.score_seconds += seconds_since(check_start);
    }
    if (speak) {
      int accepted = 0;
      for (const double m : measure_)
        if (m <= spec_.design.cutoff) ++accepted;
      log_ << "  wave " << wave << ": " << sets_.size() - first << " sets x " << seeds_
           << " seed(s) x " << calibrating.size() << " scenario(s) in " << seconds_since(wave_start)
           << " s; " << accepted << " of " << sets_.size() << " sets not ruled out\n"
           << std::flush;
    }
  }
  // Scenarios with validation targets only: run for the accepted sets and the best one.
  const std::size_t best = best_set();
  if (!validating_only.empty()) {
    std::vector<std::size_t> chosen;
    for (std::size_t s = 0; s < sets_.size(); ++s)
      if (measure_[s] <= spec_.design.cutoff || s == best) chosen.push_back(s);
    for (const std::size_t s : chosen)
      evaluate(s, s + 1, validating_only);
    if (speak) {
      log_ << "  validation scenarios run for " << chosen.size() << " set(s)\n";
    }
  }
  outcome_.sets = static_cast<int>(sets_.size());
  outcome_.best_set = static_cast<int>(best);
  outcome_.best_accepted = measure_[best] <= spec_.design.cutoff;
  for (const double m : measure_)
    if (m <= spec_.design.cutoff) ++outcome_.accepted;

  const auto write_start = Clock::now();
  const auto r = results();
  for (const auto flag : r.row_structural_misfit)
    outcome_.misfits += flag;
  outcome_.results_path = spec_.outputs.path;
  bool written = true;
  if (mpi_.rank == 0) {
    try {
      write_outputs(r, best, scenario_paths);
    } catch (...) {
      all_ranks_ok(false);  // the other ranks wait below
      throw;
    }
  }
  if (!all_ranks_ok(written)) throw Error("calibration: rank 0 could not write the results");
  outcome_.write_seconds = seconds_since(write_start);
  outcome_.wall_seconds = seconds_since(wall_start);
  return outcome_;
}

void Calibration::write_outputs(const output::CalibrationResults& r, std::size_t best,
                                const std::vector<fs::path>& scenario_paths) {
  const std::size_t d = spec_.parameters.size();
  {
    if (!request_.results_only) {
      std::ostringstream comment;
      comment << "Calibrated by displace calibrate " << spec_.source_file.filename().string()
              << " (" << spec_.name << "), " << r.created_utc << ":\n"
              << "the best of " << sets_.size() << " parameter sets (set " << best << ", "
              << (outcome_.best_accepted ? "not ruled out" : "RULED OUT: no set met the cut-off")
              << "); accepted ranges in " << spec_.outputs.report.filename().string() << ".";
      for (std::size_t i = 0; i < scenario_paths.size(); ++i) {
        std::vector<std::pair<std::string, double>> values;
        for (std::size_t p = 0; p < d; ++p) {
          if (scenario::parameter_applies(spec_, p, i))
            values.emplace_back(spec_.parameters[p].key, sets_[best].values[p]);
        }
        const std::string text = scenario::calibrated_scenario_yaml(
            spec_.scenarios[i].scenario, scenario_paths[i], values, comment.str());
        write_text_file(scenario_paths[i], text);
        outcome_.scenario_paths.push_back(scenario_paths[i]);
      }
      if (!spec_.outputs.report.empty()) {
        std::ostringstream text;
        evaluation::write_fit_report(fit_report(best), text);
        write_text_file(spec_.outputs.report, text.str());
        outcome_.report_path = spec_.outputs.report;
      }
    }
    // Last: the results file is the sign that the calibration completed.
    output::write_calibration_results(spec_.outputs.path, r, request_.overwrite);
  }
}

}  // namespace

CalibrationOutcome run_calibration(const scenario::CalibrationSpec& spec,
                                   const CalibrationRequest& request, std::ostream& log) {
  Calibration calibration(spec, request, log);
  return calibration.run();
}

MemberParallelism parse_parallelism(const std::string& text) {
  if (text == "automatic") return MemberParallelism::automatic;
  if (text == "members") return MemberParallelism::members;
  if (text == "engine") return MemberParallelism::engine;
  throw InputError("--parallel: expected automatic, members or engine, got '" + text + "'");
}

}  // namespace displace::app
