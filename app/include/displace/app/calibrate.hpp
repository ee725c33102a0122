#pragma once
// `displace calibrate CALIBRATION.yaml`: history matching of scenario parameters against observed
// targets (docs/calibration.md). Each scenario's layers are loaded once; every parameter set x
// seed x scenario is an engine run in memory whose targets a TargetRecorder computes (no run
// files); the implausibility arithmetic and the designs are in evaluation/history_matching.hpp.
#include <filesystem>
#include <iosfwd>
#include <vector>

#include "displace/scenario/calibration.hpp"

namespace displace::app {

/// How member runs share the cores. Both give bit-identical results (each engine run is the
/// same whatever its thread count).
enum class MemberParallelism {
  automatic,  ///< `members` when a batch has at least two member jobs per thread, else `engine`
  members,    ///< member jobs side by side, one thread each
  engine,     ///< one member job at a time, the engine's loops on every thread
};

struct CalibrationRequest {
  bool overwrite = false;
  bool progress = true;  ///< a line per wave on `log`
  int threads = 0;       ///< 0 = OpenMP's default
  MemberParallelism parallelism = MemberParallelism::automatic;
  /// Skip writing the calibrated scenario and the report (the bench times the runs only).
  bool results_only = false;
};

struct CalibrationOutcome {
  std::filesystem::path results_path;
  std::vector<std::filesystem::path> scenario_paths;  ///< calibrated scenarios written
  std::filesystem::path report_path;
  int sets = 0;
  int accepted = 0;
  int best_set = -1;
  bool best_accepted = false;
  long long member_runs = 0;
  int calibration_rows = 0;
  int validation_rows = 0;
  int misfits = 0;
  int threads = 1;
  int ranks = 1;
  double load_seconds = 0.0;     ///< loading the observations and every scenario's layers
  double variant_seconds = 0.0;  ///< re-validating scenarios with a set's values (thread-seconds)
  double engine_seconds = 0.0;   ///< engine runs incl. the target tallies (thread-seconds)
  double run_seconds = 0.0;      ///< wall time of all member jobs
  double score_seconds = 0.0;    ///< implausibilities, designs, score tables
  double write_seconds = 0.0;    ///< results file, calibrated scenario, report
  double wall_seconds = 0.0;
};

/// Runs the calibration. Throws InputError for bad observations or targets (located), Error on
/// failures, RunInterrupted when SIGTERM stopped it (then no file exists under any output name).
CalibrationOutcome run_calibration(const scenario::CalibrationSpec& spec,
                                   const CalibrationRequest& request, std::ostream& log);

/// Parses --parallel (automatic, members, engine); throws InputError otherwise.
MemberParallelism parse_parallelism(const std::string& text);

}  // namespace displace::app
