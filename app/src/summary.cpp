#include "displace/app/summary.hpp"

#include <filesystem>
#include <ostream>

#include "displace/common/error.hpp"
#include "displace/output/compare.hpp"
#include "displace/output/export.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/shelter_summary.hpp"
#include "displace/pipeline/path_safety.hpp"

namespace displace::app {

void print_run_summary(const std::filesystem::path& run, std::ostream& out) {
  out << output::format_comparison_text(output::summarise_runs({run}));
  const output::RunReader reader(run);
  out << output::format_shelters_and_protection_text(
      output::summarise_shelters_and_protection(reader), reader.layout());
}

int cmd_compare(const std::vector<std::string>& runs, bool csv, bool wide, std::ostream& out) {
  std::vector<std::filesystem::path> files(runs.begin(), runs.end());
  const auto table = output::compare_runs(files);
  out << (csv ? output::format_comparison_csv(table) : output::format_comparison_text(table, wide));
  return 0;
}

int cmd_export(const ExportRequest& request, std::ostream& out) {
  const bool map = !request.map_variable.empty();
  const bool table = !request.table_variable.empty();
  if (map == table) {
    throw InputError("displace export: give exactly one of --map VAR (with --date) or --table VAR");
  }
  if (request.to.empty()) throw InputError("displace export: --to PATH is required");
  if (map && request.date.empty()) {
    throw InputError("displace export: --map needs --date YYYY-MM-DD");
  }
  if (table && !request.date.empty()) {
    throw InputError("displace export: --date applies to --map only");
  }
  const std::filesystem::path to = request.to;
  if (pipeline::same_file(to, request.run)) {
    throw InputError(to.string() +
                     ": the export would overwrite the run file it reads; choose "
                     "another path");
  }
  output::require_regular_or_absent(to, "export");
  std::error_code ec;
  if (std::filesystem::exists(to, ec) && !request.overwrite) {
    throw InputError(to.string() + ": exists; pass --overwrite to replace it");
  }
  const output::RunReader run(request.run);
  if (map) {
    output::export_map_geotiff(run, request.map_variable, request.date, to);
  } else {
    output::export_table_csv(run, request.table_variable, to);
  }
  out << "wrote " << to.string() << "\n";
  return 0;
}

}  // namespace displace::app
