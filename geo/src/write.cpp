#include "displace/geo/write.hpp"

#include <cpl_string.h>
#include <gdal.h>

#include <cmath>
#include <filesystem>
#include <system_error>

#include "displace/common/error.hpp"
#include "gdal_support.hpp"

namespace displace::geo {

void write_geotiff(const std::string& path, const GridDefinition& grid,
                   const std::vector<float>& values, const std::string& band_description,
                   const std::string& units) {
  detail::ensure_gdal_registered();
  if (values.size() != static_cast<std::size_t>(grid.cell_count())) {
    throw Error("write_geotiff: " + std::to_string(values.size()) + " values for a grid of " +
                std::to_string(grid.cell_count()) + " cells");
  }
  const std::filesystem::path target(path);
  const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(folder)) {
    throw InputError("GeoTIFF '" + path + "': folder '" + folder.string() + "' does not exist");
  }
  // Written under a temporary name and renamed when complete: an interrupted export never leaves
  // a file that looks finished.
  const std::string partial = path + ".partial";
  // GDAL follows a symbolic link planted at either name and would replace a device node.
  for (const std::string& name : {path, partial}) {
    std::error_code status_error;
    const auto status = std::filesystem::symlink_status(name, status_error);
    if (std::filesystem::is_symlink(status) && name == partial) {
      throw InputError("GeoTIFF '" + partial +
                       "': is a symbolic link; refusing to write an output through it");
    }
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(name, status_error)) {
      throw InputError("GeoTIFF '" + name +
                       "': exists and is not a regular file; refusing to "
                       "replace it");
    }
  }
  detail::GdalErrorCapture errors;
  {
    char** options = nullptr;
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    options = CSLSetNameValue(options, "PREDICTOR", "3");
    options =
        CSLSetNameValue(options, "TILED", grid.width >= 256 && grid.height >= 256 ? "YES" : "NO");
    detail::DatasetPtr dataset(GDALCreate(GDALGetDriverByName("GTiff"), partial.c_str(), grid.width,
                                          grid.height, 1, GDT_Float32, options));
    CSLDestroy(options);
    if (!dataset) {
      throw InputError("GeoTIFF '" + path + "': cannot create: " + errors.messages());
    }
    auto geotransform = grid.geotransform;
    GDALSetGeoTransform(detail::handle(dataset), geotransform.data());
    GDALSetProjection(detail::handle(dataset), grid.crs_wkt.c_str());
    GDALRasterBandH band = GDALGetRasterBand(detail::handle(dataset), 1);
    GDALSetRasterNoDataValue(band, std::nan(""));
    GDALSetDescription(band, band_description.c_str());
    if (!units.empty()) GDALSetRasterUnitType(band, units.c_str());
    auto* data = const_cast<float*>(values.data());  // GF_Write does not modify the buffer
    if (GDALRasterIO(band, GF_Write, 0, 0, grid.width, grid.height, data, grid.width, grid.height,
                     GDT_Float32, 0, 0) != CE_None) {
      throw InputError("GeoTIFF '" + path + "': cannot write: " + errors.messages());
    }
  }  // closing flushes
  if (!errors.failures.empty()) {
    std::filesystem::remove(partial);
    throw InputError("GeoTIFF '" + path + "': " + errors.messages());
  }
  std::error_code error;
  std::filesystem::rename(partial, target, error);
  if (error)
    throw InputError("GeoTIFF '" + path + "': cannot rename into place: " + error.message());
}

}  // namespace displace::geo
