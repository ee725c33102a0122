#pragma once
// Stage 3: run a validated scenario end to end — load inputs, simulate, write the HDF5 run file.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::app {

struct RunRequest {
  std::filesystem::path output_path;  ///< empty = the scenario's outputs.path
  int threads = 0;                    ///< 0 = the scenario's run.threads, else OpenMP's default
  bool overwrite = false;
  bool progress =
      true;         ///< progress on stderr: a line in place on a terminal, else one per 10%/min
  int members = 0;  ///< ensemble members per design point; 0 = the scenario's
  std::vector<std::string> overrides;  ///< the `--set` overrides the scenario was loaded with
  int checkpoint_every = 0;            ///< write a checkpoint every K steps (0 = only on SIGTERM)
  std::filesystem::path checkpoint_path;  ///< empty = `<output>.checkpoint`
  std::filesystem::path resume_from;      ///< continue from this checkpoint
  /// Where the inputs' warnings go, also under --quiet; nullptr = the log.
  std::ostream* warnings = nullptr;
};

/// Thrown when SIGTERM stopped a run after writing a checkpoint (exit code kExitInterrupted).
class RunInterrupted : public Error {
 public:
  explicit RunInterrupted(const std::string& message) : Error(message) {}
};

struct RunOutcome {
  std::filesystem::path output_path;
  std::int64_t households_simulated = 0;
  int steps = 0;
  int threads = 0;
  int ranks = 1;  ///< MPI ranks that shared the run
  double wall_seconds = 0.0;
};

/// Runs the scenario; `log` receives notes (events outside the run, ...) and the progress line.
/// Throws InputError/Error; never leaves a file under the final name unless the run completed.
RunOutcome run_scenario(const scenario::Scenario& scenario, const RunRequest& request,
                        std::ostream& log);

}  // namespace displace::app
