#pragma once
// The simulation grid and plain gridded arrays. No GDAL type appears in any geo/ header.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace displace::geo {

/// A north-up raster grid: CRS (WKT) + GDAL-order geotransform + size.
struct GridDefinition {
  std::string crs_wkt;
  std::array<double, 6> geotransform{0, 1, 0, 0, 0, -1};  ///< x0, dx, 0, y0, 0, dy (dy < 0)
  int width = 0;
  int height = 0;
  bool geographic = false;  ///< CRS is lon/lat (degrees)

  std::int64_t cell_count() const { return static_cast<std::int64_t>(width) * height; }
  double cell_center_x(int col) const { return geotransform[0] + (col + 0.5) * geotransform[1]; }
  double cell_center_y(int row) const { return geotransform[3] + (row + 0.5) * geotransform[5]; }
};

/// Grid from a CRS ("EPSG:4326", WKT, PROJ string), bounds and cell size in CRS units.
/// Throws InputError on an unknown CRS, empty bounds or non-positive resolution.
GridDefinition grid_from_bounds(const std::string& crs, double xmin, double ymin, double xmax,
                                double ymax, double resolution_x, double resolution_y);

/// Refuses (InputError starting with `where`) a geographic grid whose latitudes leave -90..90
/// by more than one cell (a projected CRS mislabelled as degrees, x and y swapped).
void check_latitudes(const GridDefinition& grid, const std::string& where);

/// True area of each cell in km^2 (row-major): on the ellipsoid (WGS84 authalic formula) for
/// geographic grids, |dx * dy| for projected grids in metres.
std::vector<double> cell_area_km2(const GridDefinition& grid);

/// Cell-centre longitude/latitude (WGS84 degrees) of every cell, row-major.
void cell_centers_lonlat(const GridDefinition& grid, std::vector<double>& lon_deg,
                         std::vector<double>& lat_deg);

/// Index (row-major) of the cell containing the point (x, y), given in the grid's CRS (shelter and
/// relocation sites), or -1 if the point lies outside the grid.
std::int64_t cell_index_of(const GridDefinition& grid, double x, double y);

}  // namespace displace::geo
