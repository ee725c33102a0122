#pragma once
// The output-facing subcommands: a run's summary table, `compare` and `export`.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace displace::app {

/// Prints the summary figures of one finished run (regions and total), then those of early
/// warning and shelters when the run has them.
void print_run_summary(const std::filesystem::path& run, std::ostream& out);

/// `displace compare RUN...`: a side-by-side table (or CSV), wrapped to 100 columns unless `wide`.
/// Returns the exit code.
int cmd_compare(const std::vector<std::string>& runs, bool csv, bool wide, std::ostream& out);

struct ExportRequest {
  std::string run;
  std::string map_variable;    ///< --map VAR (with --date)
  std::string date;            ///< --date YYYY-MM-DD
  std::string table_variable;  ///< --table VAR
  std::string to;              ///< --to PATH
  bool overwrite = false;
};

/// `displace export`: validates the combination of options, then exports. Returns the exit code.
int cmd_export(const ExportRequest& request, std::ostream& out);

}  // namespace displace::app
