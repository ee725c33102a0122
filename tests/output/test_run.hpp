#pragma once
// A small hand-made run (2 regions + 1 external place, 3 monthly steps, a 4x3 lon/lat grid, maps
// at steps 0 and 2) whose every value follows a formula that check_schema.py recomputes.
#include <filesystem>
#include <string>
#include <vector>

#include "displace/engine/records.hpp"
#include "displace/output/run_writer.hpp"
#include "support/temp_folder.hpp"

namespace displace::output::testing {

/// WKT of EPSG:4326 (what GDAL writes for it).
extern const char* const kWgs84Wkt;

/// `text` split at its newlines (what a table export or a summary printed, line by line).
std::vector<std::string> lines_of(const std::string& text);

RunGrid test_grid();
std::vector<std::string> test_step_dates();
engine::RunLayout test_layout();
Provenance test_provenance(const std::string& scenario_name);
/// Step `step` with every count multiplied by `scale`. People flows are 2.5 x the household flows;
/// displacements_people[r][c] = scale * (100 t + 10 r + c + 1).
engine::StepRecord test_step(int step, double scale = 1.0);
engine::MapRecord test_map(int step);
engine::RunSummary test_summary();

/// Admin level 2 of the test run: units MZ01-A, MZ01-B, MZ02-A (current: those, then abroad).
engine::AdminLevelLayout test_admin_level();
/// Its step: displaced_people[o][c][b] = scale * (t + 1) * (10 o + c + 1) / (b + 1) for o != c,
/// 0 for o == c; displaced_households = people / 3; households/people by unit: 100 u + s + b.
engine::AdminLevelRecord test_admin_level_step(int step, double scale = 1.0);

/// Writes the whole test run to `path` (steps 0..2, maps at 0 and 2) and returns the path;
/// `admin_level`: with test_admin_level() recorded.
std::filesystem::path write_test_run(const std::filesystem::path& path, double scale = 1.0,
                                     const std::string& scenario_name = "baseline",
                                     RunWriterOptions options = {}, bool admin_level = false);

/// The test run with two shelter sites, "school" (capacity 60) and "stadium, east" (5000):
/// occupancy (10 t, 20 t + 1) households, 3 people each; the stadium opens from step 1; protected
/// (t, 2 t) households and 4 people each, per region.
std::filesystem::path write_test_run_with_shelters(const std::filesystem::path& path);

using test_support::TempFolder;

}  // namespace displace::output::testing
