#pragma once
// Writing georeferenced rasters (GeoTIFF through GDAL) for GIS exports.
#include <string>
#include <vector>

#include "displace/geo/grid.hpp"

namespace displace::geo {

/// Writes one Float32 band (NaN = nodata) as a compressed, georeferenced GeoTIFF, with the band's
/// unit (GDAL unit type, e.g. "people") when given. Throws InputError if the file cannot be
/// created (folder missing, unwritable).
void write_geotiff(const std::string& path, const GridDefinition& grid,
                   const std::vector<float>& values, const std::string& band_description,
                   const std::string& units = "");

}  // namespace displace::geo
