#pragma once
// When to write a progress line to a log that is not a terminal (a file, a batch job's output):
// one line each time another tenth of the work is done, and at least one a minute, so that a run
// logged to a file is not silent until it ends.
#include <chrono>

namespace displace::app {

/// Seconds of wall clock since `start` (the run, ensemble, calibration and forecast logs' times).
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class ProgressSchedule {
 public:
  /// `total` units of work (steps, member runs); a line at least every `max_quiet_seconds`.
  explicit ProgressSchedule(int total, double max_quiet_seconds = 60.0);

  /// Whether a line is due now that `done` units are finished, `elapsed_seconds` after the start.
  /// Records the line as written when it returns true.
  bool due(int done, double elapsed_seconds);

 private:
  int total_;
  double max_quiet_seconds_;
  int last_tenth_ = 0;
  double last_seconds_ = 0.0;
};

}  // namespace displace::app
