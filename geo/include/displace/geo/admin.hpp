#pragma once
// Categorical admin layers: cells -> region index, from a vector file rasterised through GDAL or
// from a raster of codes.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"

namespace displace::geo {

struct AdminLayer {
  std::vector<std::int32_t> region_of_cell;  ///< per cell; -1 = no region
  std::vector<std::string> codes;            ///< per region index, unique
  std::vector<std::string> names;            ///< per region index
};

/// Rasterises the polygons of a vector file (any OGR driver) onto the grid; a cell belongs to the
/// polygon covering its centre or, when no polygon covers its centre, to the last polygon (in file
/// order) that touches it, so coastal cells keep their country. Only regions that cover at least
/// one cell are kept, in code order.
/// Throws InputError if the file, or either field, is missing.
AdminLayer rasterize_admin(const std::string& layer_name, const std::string& path,
                           const std::string& code_field, const std::string& name_field,
                           const GridDefinition& grid);

/// Fraction (0..1) of each cell's area covered by any polygon of the vector file (the land, for a
/// layer of countries or districts): the polygons are rasterised `supersample` times finer and
/// averaged onto the grid by GDAL's warper. Throws InputError as rasterize_admin does.
std::vector<double> land_fraction(const std::string& layer_name, const std::string& path,
                                  const GridDefinition& grid, int supersample = 10);

/// Admin codes from a raster band (aligned with mode resampling); names from `code_names`
/// (code -> name) where given, else the code.
AdminLayer admin_from_raster(const RasterSource& source, int band, const GridDefinition& grid,
                             const std::vector<std::pair<std::string, std::string>>& code_names);

}  // namespace displace::geo
