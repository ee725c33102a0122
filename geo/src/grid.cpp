#include "displace/geo/grid.hpp"

#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "displace/common/error.hpp"
#include "gdal_support.hpp"

namespace displace::geo {
namespace {

using detail::handle;

/// Integral of the authalic latitude function: the area of the zone from the equator to `lat`
/// on an ellipsoid, per radian of longitude, is b^2 * zone_area_factor(lat).
double zone_area_factor(double lat_rad, double eccentricity) {
  const double s = std::sin(lat_rad);
  if (eccentricity < 1e-12) return s;
  const double es = eccentricity * s;
  return s / (2.0 * (1.0 - es * es)) + std::log((1.0 + es) / (1.0 - es)) / (4.0 * eccentricity);
}

}  // namespace

GridDefinition grid_from_bounds(const std::string& crs, double xmin, double ymin, double xmax,
                                double ymax, double resolution_x, double resolution_y) {
  const auto srs = detail::spatial_reference(crs, "grid");
  if (!(resolution_x > 0.0) || !(resolution_y > 0.0)) {
    throw InputError("grid: resolution must be positive (got " + std::to_string(resolution_x) +
                     ", " + std::to_string(resolution_y) + ")");
  }
  if (!(xmax > xmin) || !(ymax > ymin)) {
    throw InputError("grid: empty bounds (need xmin < xmax and ymin < ymax)");
  }
  GridDefinition grid;
  grid.crs_wkt = detail::to_wkt(handle(srs));
  grid.geographic = OSRIsGeographic(handle(srs)) != 0;
  // A last partial column/row is kept (the grid covers the bounds); 1e-9 absorbs rounding.
  const double columns = std::ceil((xmax - xmin) / resolution_x - 1e-9);
  const double rows = std::ceil((ymax - ymin) / resolution_y - 1e-9);
  if (columns * rows > 2e9) throw InputError("grid: more than 2e9 cells; use a coarser resolution");
  grid.width = static_cast<int>(columns);
  grid.height = static_cast<int>(rows);
  grid.geotransform = {xmin, resolution_x, 0.0, ymax, 0.0, -resolution_y};
  check_latitudes(grid, "grid");
  return grid;
}

void check_latitudes(const GridDefinition& grid, const std::string& where) {
  if (!grid.geographic) return;
  const auto& gt = grid.geotransform;
  const double y0 = gt[3];
  const double y1 = gt[3] + gt[4] * grid.width + gt[5] * grid.height;
  // One cell of slack: global grids often put cell centres on the poles.
  const double slack = std::abs(gt[5]) + std::abs(gt[4]) + 1e-9;
  const double south = std::min(y0, y1);
  const double north = std::max(y0, y1);
  if (!std::isfinite(south) || !std::isfinite(north) || south < -90.0 - slack ||
      north > 90.0 + slack) {
    throw InputError(where + ": latitudes " + std::to_string(south) + " to " +
                     std::to_string(north) +
                     " on a geographic (degrees) grid; latitudes lie within -90..90 (wrong CRS, "
                     "or x and y swapped?)");
  }
}

std::vector<double> cell_area_km2(const GridDefinition& grid) {
  std::vector<double> area(static_cast<std::size_t>(grid.cell_count()));
  const auto& gt = grid.geotransform;
  const auto srs = detail::spatial_reference(grid.crs_wkt, "grid");
  if (grid.geographic) {
    const double a = OSRGetSemiMajor(handle(srs), nullptr);
    const double inverse_flattening = OSRGetInvFlattening(handle(srs), nullptr);
    const double flattening = inverse_flattening > 0.0 ? 1.0 / inverse_flattening : 0.0;
    const double b = a * (1.0 - flattening);
    const double eccentricity = std::sqrt(flattening * (2.0 - flattening));
    const double radians_per_unit = OSRGetAngularUnits(handle(srs), nullptr);  // degree: pi/180
    const double dlon_rad = std::abs(gt[1]) * radians_per_unit;
    for (int row = 0; row < grid.height; ++row) {
      const double lat_top = gt[3] + row * gt[5];
      const double lat_bottom = lat_top + gt[5];
      const double zone = std::abs(zone_area_factor(lat_top * radians_per_unit, eccentricity) -
                                   zone_area_factor(lat_bottom * radians_per_unit, eccentricity));
      const double cell_km2 = dlon_rad * b * b * zone / 1e6;
      for (int col = 0; col < grid.width; ++col) {
        area[static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.width) +
             static_cast<std::size_t>(col)] = cell_km2;
      }
    }
  } else {
    const double metres_per_unit = OSRGetLinearUnits(handle(srs), nullptr);
    const double cell_km2 = std::abs(gt[1] * gt[5]) * metres_per_unit * metres_per_unit / 1e6;
    std::fill(area.begin(), area.end(), cell_km2);
  }
  return area;
}

void cell_centers_lonlat(const GridDefinition& grid, std::vector<double>& lon_deg,
                         std::vector<double>& lat_deg) {
  const auto n = static_cast<std::size_t>(grid.cell_count());
  lon_deg.resize(n);
  lat_deg.resize(n);
  for (int row = 0; row < grid.height; ++row) {
    for (int col = 0; col < grid.width; ++col) {
      const auto i = static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.width) +
                     static_cast<std::size_t>(col);
      lon_deg[i] = grid.cell_center_x(col);
      lat_deg[i] = grid.cell_center_y(row);
    }
  }
  const auto source = detail::spatial_reference(grid.crs_wkt, "grid");
  const auto wgs84 = detail::spatial_reference("EPSG:4326", "WGS84");
  if (OSRIsSame(handle(source), handle(wgs84)) != 0) return;
  detail::GdalErrorCapture errors;
  OGRCoordinateTransformationH transform =
      OCTNewCoordinateTransformation(handle(source), handle(wgs84));
  if (transform == nullptr) {
    throw InputError("grid: cannot transform its CRS to WGS84 lon/lat: " + errors.messages());
  }
  std::vector<int> ok(n, 0);
  const int status = OCTTransformEx(transform, static_cast<int>(n), lon_deg.data(), lat_deg.data(),
                                    nullptr, ok.data());
  OCTDestroyCoordinateTransformation(transform);
  if (status == 0) throw InputError("grid: cell centres cannot be transformed to WGS84 lon/lat");
}

std::int64_t cell_index_of(const GridDefinition& grid, double x, double y) {
  const auto& gt = grid.geotransform;
  const double col = std::floor((x - gt[0]) / gt[1]);
  const double row = std::floor((y - gt[3]) / gt[5]);
  if (!(col >= 0.0 && col < grid.width && row >= 0.0 && row < grid.height)) return -1;
  return static_cast<std::int64_t>(row) * grid.width + static_cast<std::int64_t>(col);
}

}  // namespace displace::geo
