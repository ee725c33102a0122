#include "displace/app/footprint_command.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "displace/app/cli.hpp"
#include "displace/common/error.hpp"
#include "displace/geo/admin.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"
#include "displace/storms/footprint.hpp"
#include "displace/storms/track.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;

double parse_number(const std::string& text, const std::string& what) {
  double value = 0.0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end) {
    throw InputError(what + ": expected a number, got '" + text + "'");
  }
  return value;
}

std::vector<double> parse_numbers(const std::string& text, const std::string& what) {
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    values.push_back(parse_number(text.substr(start, comma - start), what));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return values;
}

std::string format(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

int cmd_footprint(const FootprintRequest& request, std::ostream& out) {
  if (request.storm.empty()) throw InputError("displace footprint: --storm is required");
  if (request.to.empty()) throw InputError("displace footprint: --to DIR is required");
  const auto bounds = parse_numbers(request.bounds, "--bounds");
  if (bounds.size() != 4 || !(bounds[0] < bounds[2]) || !(bounds[1] < bounds[3]) ||
      bounds[1] < -90 || bounds[3] > 90) {
    throw InputError(
        "--bounds: expected xmin,ymin,xmax,ymax in degrees with xmin < xmax and "
        "-90 <= ymin < ymax <= 90, got '" +
        request.bounds + "'");
  }
  const double resolution = parse_number(request.resolution, "--resolution");
  if (!(resolution >= 0.001 && resolution <= 1.0)) {
    throw InputError("--resolution: " + request.resolution + " degrees is outside 0.001 .. 1");
  }
  storms::FootprintOptions options;
  options.wind_conversion = parse_number(request.wind_conversion, "--wind-conversion");
  if (!(options.wind_conversion >= 0.5 && options.wind_conversion <= 2.0)) {
    throw InputError("--wind-conversion: " + request.wind_conversion + " is outside 0.5 .. 2");
  }
  const auto grid = geo::grid_from_bounds("EPSG:4326", bounds[0], bounds[1], bounds[2], bounds[3],
                                          resolution, resolution);
  if (grid.cell_count() > (std::int64_t{1} << 26)) {
    throw InputError("--bounds/--resolution: " + std::to_string(grid.cell_count()) +
                     " cells; at most 67108864 (a coarser resolution or smaller bounds)");
  }
  const auto all = storms::read_tracks(request.tracks);
  const auto& storm = storms::select_storm(all, request.storm, request.tracks);

  const fs::path folder = fs::absolute(request.to);
  std::error_code error;
  fs::create_directories(folder, error);
  if (error || !fs::is_directory(folder)) {
    throw InputError("--to: cannot create the folder " + folder.string() + ": " + error.message());
  }
  const std::vector<std::pair<std::string, std::string>> files = {
      {"max_wind_m_s", "m s-1"}, {"hours_tropical_storm", "h"}, {"hours_hurricane", "h"},
      {"peak_hours", "h"},       {"rain_total_mm", "mm"},       {"rain_peak_mm_per_h", "mm h-1"}};
  for (const auto& [name, units] : files) {
    const fs::path path = folder / (name + ".tif");
    if (fs::exists(path) && !request.overwrite) {
      throw InputError(path.string() + " exists; give --overwrite to replace it");
    }
    if (fs::exists(path) && !fs::is_regular_file(path)) {
      throw InputError(path.string() + " exists and is not a regular file; not replaced");
    }
  }

  std::vector<double> lon;
  std::vector<double> lat;
  geo::cell_centers_lonlat(grid, lon, lat);
  std::vector<float> land;  // empty: all land (the rougher surface everywhere)
  if (!request.land.empty()) {
    const auto share = geo::land_fraction("--land", request.land, grid, 4);
    land.assign(share.begin(), share.end());
  }
  const auto print = storms::compute_footprint(storm, lon, lat, land, options);
  const std::vector<const std::vector<float>*> fields = {
      &print.max_wind_m_s, &print.hours_tropical_storm, &print.hours_hurricane,
      &print.peak_hours,   &print.rain_total_mm,        &print.rain_peak_mm_per_h};
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path path = folder / (files[i].first + ".tif");
    const fs::path partial = folder / (files[i].first + ".partial.tif");
    geo::write_geotiff(partial.string(), grid, *fields[i],
                       storm.name + " " + std::to_string(storm.season) + ": " + files[i].first,
                       files[i].second);
    fs::rename(partial, path);
  }
  auto largest = [](const std::vector<float>& v) {
    return v.empty() ? 0.0 : static_cast<double>(*std::max_element(v.begin(), v.end()));
  };
  std::string ids = storm.sid;
  if (!storm.atcf_id.empty()) ids += (ids.empty() ? "" : ", ") + storm.atcf_id;
  out << "storm     " << storm.name << " " << storm.season << " (" << ids << "), "
      << storm.fixes.size() << " fixes\n"
      << "grid      " << grid.width << " x " << grid.height << " cells of " << resolution
      << " degrees, " << (land.empty() ? "all land" : "land from " + request.land) << "\n"
      << "closest   " << format(print.closest_approach_km) << " km from the nearest cell\n"
      << "largest   wind " << format(largest(print.max_wind_m_s)) << " m/s, rain "
      << format(largest(print.rain_total_mm)) << " mm, hours above hurricane force "
      << format(largest(print.hours_hurricane)) << "\n";
  if (print.fixes_with_estimated_rmw > 0 || print.fixes_with_estimated_pressure > 0) {
    out << "estimated " << print.fixes_with_estimated_rmw << " radii of maximum wind and "
        << print.fixes_with_estimated_pressure << " central pressures (missing in the track)\n";
  }
  out << "written   " << folder.string() << "/{max_wind_m_s,hours_tropical_storm,hours_hurricane,"
      << "peak_hours,rain_total_mm,rain_peak_mm_per_h}.tif\n";
  return kExitOk;
}

}  // namespace displace::app
