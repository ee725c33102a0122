#pragma once
// `displace export`: a map at one date as a georeferenced GeoTIFF (through geo/), or a
// time-by-region variable as a long-format CSV table for spreadsheets and GIS joins.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "displace/output/run_reader.hpp"

namespace displace::output {

/// Names of the gridded variables (dimensions map_time, y, x) of a run.
std::vector<std::string> gridded_variable_names(const RunReader& run);

/// Writes gridded `variable` at the map whose date is exactly `iso_date` ("YYYY-MM-DD") as a
/// Float32 GeoTIFF on the run's grid and CRS. Throws InputError naming the run file when the
/// variable is not gridded (listing those that are) or no map has that date (listing the dates).
void export_map_geotiff(const RunReader& run, std::string_view variable, std::string_view iso_date,
                        const std::filesystem::path& geotiff_path);

/// What a variable's values count, for people reading an export: "people" or "households" for a
/// count (CF units "1") named after them, else the variable's own units.
std::string counted_units(std::string_view variable, const std::string& units);

/// Names of the variables export_table_csv accepts (all but the gridded ones and coordinates).
std::vector<std::string> table_variable_names(const RunReader& run);

/// Writes the DTM-style table of an admin level: displaced or evacuated households and people by
/// admin unit of origin and current admin unit (or external destination), one row per step, pair
/// and count (units: households, people) with one column per breakdown; pairs with nobody are left
/// out. Columns: date, admin_level, origin_code, origin_name, current_code, current_name, units,
/// then the breakdowns (all, female_headed, ...).
void export_admin_level_csv(const RunReader& run, const AdminLevelAxes& level, std::ostream& csv);

/// Writes `variable` as long-format CSV, one row per value. An admin level's group name
/// ("admin_2") writes its DTM table (export_admin_level_csv). Columns follow the variable's
/// dimensions: time -> date (ISO); region -> region_code, region_name; place / origin /
/// destination -> <dim>_code, <dim>_name; label dimensions (status, breakdown, flow_kind) -> their
/// label; duration -> duration (steps); then units (what is counted, see counted_units) and value.
/// Throws InputError naming the run file for a gridded, coordinate or missing variable.
void export_table_csv(const RunReader& run, std::string_view variable, std::ostream& csv);
/// Same, into a file (InputError if it cannot be created).
void export_table_csv(const RunReader& run, std::string_view variable,
                      const std::filesystem::path& csv_path);

}  // namespace displace::output
