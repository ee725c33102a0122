#pragma once
// Private to app/: SIGTERM handling shared by `run` (checkpoint and stop after the step) and
// `calibrate` (finish the member runs under way, write nothing), and the test aid that raises a
// signal at a known point of either.
#include <csignal>

namespace displace::app::detail {

/// Has SIGTERM arrived since the last TermSignalGuard was made?
bool term_requested();

/// While alive, SIGTERM (what a batch scheduler sends before the wall-time limit) only sets the
/// flag term_requested() reads, instead of killing the process.
class TermSignalGuard {
 public:
  TermSignalGuard();
  ~TermSignalGuard();
  TermSignalGuard(const TermSignalGuard&) = delete;
  TermSignalGuard& operator=(const TermSignalGuard&) = delete;

 private:
  void (*previous_)(int);
};

/// Test aid: the environment variable `variable` = "K:TERM" (or "K:KILL") asks for that signal
/// once K units of work (steps, member runs) are done; `after` is -1 when unset or malformed.
struct FaultInjection {
  long long after = -1;
  int signal = 0;
};
FaultInjection fault_injection(const char* variable);

}  // namespace displace::app::detail
