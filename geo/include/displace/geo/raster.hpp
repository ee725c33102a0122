#pragma once
// Reading any raster GDAL reads (GeoTIFF, NetCDF subdatasets, AAIGrid, /vsigzip/...), with
// scale/offset applied, nodata and NaN as NaN, and alignment onto a GridDefinition with GDAL's
// warper. Errors are displace::InputError naming the layer and the file.
#include <optional>
#include <string>
#include <vector>

#include "displace/geo/grid.hpp"

namespace displace::geo {

/// Where a layer's values come from, plus the user's overrides.
struct RasterSource {
  std::string layer_name;    ///< for messages ("layer 'population'")
  std::string path;          ///< file path or any GDAL dataset name
  std::string variable;      ///< NetCDF variable / subdataset name; empty = the dataset itself
  std::string crs_override;  ///< used when set (needed when the file has no CRS)
  std::optional<double> nodata_override;  ///< replaces the file's nodata value
};

enum class Resampling {
  nearest,   ///< categories (fast)
  mode,      ///< categories (admin codes)
  bilinear,  ///< continuous fields, finer target
  average,   ///< continuous fields, coarser target (GDAL 3.6's warper misplaces averages on
             ///< destinations under four cells wide: GDAL issues 7733, 10892)
  sum,       ///< counts (population): totals preserved
};

/// The grid of a source (its CRS or the override; throws if it has neither).
GridDefinition grid_of(const RasterSource& source);

/// Number of bands of a source.
int band_count(const RasterSource& source);

/// Band `band` (1-based) aligned onto `grid`: width*height floats, row-major, NaN for nodata and
/// for cells outside the source. Throws InputError if the band is out of range, the layer does not
/// overlap the grid, or every aligned value is nodata.
std::vector<float> read_aligned(const RasterSource& source, int band, const GridDefinition& grid,
                                Resampling resampling);

/// Several bands at once (one warp pass), same rules as read_aligned.
std::vector<std::vector<float>> read_aligned_bands(const RasterSource& source,
                                                   const std::vector<int>& bands,
                                                   const GridDefinition& grid,
                                                   Resampling resampling);

/// What `displace inspect FILE` prints: driver, size, CRS, geotransform, bands (with description,
/// units, nodata, scale/offset, min/max), subdatasets, time axis.
std::string describe_raster(const std::string& path);

/// What a file says a band holds, from its metadata only: the band's description and units, and
/// the dataset's and band's metadata items (netCDF `units`, `long_name`, ...), joined by "; ".
/// Checks of units (a population layer that says "density") read it.
std::string band_labels(const RasterSource& source, int band);

/// Checks, from the file's metadata only (no values are read), what reading `bands` of `source`
/// onto `grid` needs: the file opens, has those bands, a CRS and georeferencing, latitudes within
/// ±90, and overlaps the grid. Throws InputError naming the layer and file.
void check_layer(const RasterSource& source, const std::vector<int>& bands,
                 const GridDefinition& grid);

}  // namespace displace::geo
