#pragma once
// The `displace` command line: parses arguments, calls the stages, turns errors into one clear
// line and an exit code. Kept thin: every decision lives in a library.
#include <iosfwd>
#include <string>
#include <vector>

namespace displace::app {

/// Exit codes of the CLI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      ///< internal error
inline constexpr int kExitUsage = 2;        ///< bad arguments or bad input (scenario, raster, file)
inline constexpr int kExitInterrupted = 3;  ///< SIGTERM: checkpoint written, run can be resumed

/// Runs the CLI with `args` (without the program name). Writes results to `out` and errors and
/// progress to `err`. Returns the exit code.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace displace::app
