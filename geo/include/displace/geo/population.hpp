#pragma once
// People per simulation cell from a population raster, with totals preserved whatever the
// source's resolution or projection.
#include <vector>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"

namespace displace::geo {

/// People per cell of `grid` (row-major). A count layer (`density_per_km2` false) keeps its total
/// over the overlap with the grid within 0.1% when aligned to coarser or finer grids or across
/// projections: counts are turned into densities on the source's true cell areas, averaged (coarser
/// target) or bilinearly interpolated (finer target) by GDAL's warper, multiplied by the target's
/// true cell areas, and rescaled so the overlap total equals the source total. A density layer
/// (people/km2) is averaged and multiplied by the true (ellipsoidal) cell area. Nodata -> 0 people.
/// Throws InputError naming the layer if any value is negative.
std::vector<float> read_population_people(const RasterSource& source, int band,
                                          const GridDefinition& grid, bool density_per_km2);

}  // namespace displace::geo
