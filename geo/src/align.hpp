#pragma once
// Private to geo/: a source prepared for GDAL's warper (CRS and nodata overrides applied, 0-360
// longitudes shifted onto the target's range, only the wanted bands) and the warp itself.
#include <vector>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "gdal_support.hpp"

namespace displace::geo::detail {

struct PreparedSource {
  DatasetPtr file;             ///< the opened file (the VRT reads through it; declared first so it
                               ///< outlives `vrt`)
  DatasetPtr vrt;              ///< the wanted bands, with the overrides, as an in-memory VRT
  std::vector<double> scale;   ///< per wanted band
  std::vector<double> offset;  ///< per wanted band
  GridDefinition grid;         ///< the source's own grid after overrides and longitude shift
};

/// Opens `source` and prepares `bands` (1-based) for warping onto `target`. Throws InputError
/// (naming the layer and file) for a missing/corrupt file, a band out of range, no CRS, no
/// georeferencing, or a layer that does not overlap `target`.
PreparedSource prepare_source(const RasterSource& source, const std::vector<int>& bands,
                              const GridDefinition& target);

/// A Float32 in-memory dataset on `grid` with `band_count` bands whose nodata is NaN.
DatasetPtr create_memory_dataset(const GridDefinition& grid, int band_count);

/// Warps every band of `from` into `onto` with GDAL's warper (destination starts as nodata).
void warp(GDALDatasetH from, GDALDatasetH onto, Resampling resampling, const RasterSource& source);

/// Band `band` (1-based) of a Float32 dataset, as width*height floats.
std::vector<float> read_band(GDALDatasetH dataset, int band);

}  // namespace displace::geo::detail
