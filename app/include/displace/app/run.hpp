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

/// Fails before any input is loaded when the run could not be written anyway: no path, a folder
/// that cannot be created or is not writable, a device, FIFO, folder or symbolic link at the path,
/// or an existing file without `overwrite`. A missing output folder is created (with any missing
/// folders above it, as `mkdir -p`) when the nearest existing folder above it is writable.
void check_output_path(const std::filesystem::path& path, bool overwrite);

/// Fails before the run starts when its checkpoint could not be written or would replace what
/// is not a checkpoint: no file name, a folder that cannot be made (a missing one is made as
/// check_output_path does) or is not writable, a device, FIFO, folder or
/// symbolic link at the path, or an existing file that is not a displace checkpoint (without
/// `overwrite`). Inputs are refused apart, whatever the flags (refuse_input_as_output).
void check_checkpoint_path(const std::filesystem::path& path, bool overwrite);

/// Empty when `folder` exists or `check_output_path` would create it; else why it cannot be.
std::string output_folder_problem(const std::filesystem::path& folder);

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
