#pragma once
// Private to geo/: RAII around GDAL handles and GDAL's error reporting.
#include <gdal.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>
#include <vector>

#include "displace/geo/raster.hpp"

namespace displace::geo::detail {

/// Registers GDAL's drivers once (thread-safe).
void ensure_gdal_registered();

/// While alive, GDAL's error messages on this thread are collected instead of printed to stderr.
class GdalErrorCapture {
 public:
  GdalErrorCapture();
  ~GdalErrorCapture();
  GdalErrorCapture(const GdalErrorCapture&) = delete;
  GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

  /// The collected failure messages joined with "; " (empty if none).
  std::string messages() const;

  std::vector<std::string> failures;
};

struct DatasetCloser {
  void operator()(void* dataset) const { GDALClose(static_cast<GDALDatasetH>(dataset)); }
};
/// Owns a GDALDatasetH.
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

struct SpatialReferenceReleaser {
  void operator()(void* srs) const {
    OSRDestroySpatialReference(static_cast<OGRSpatialReferenceH>(srs));
  }
};
/// Owns an OGRSpatialReferenceH.
using SpatialReferencePtr = std::unique_ptr<void, SpatialReferenceReleaser>;

inline GDALDatasetH handle(const DatasetPtr& dataset) {
  return static_cast<GDALDatasetH>(dataset.get());
}
inline OGRSpatialReferenceH handle(const SpatialReferencePtr& srs) {
  return static_cast<OGRSpatialReferenceH>(srs.get());
}

/// For a path to a compressed file or archive GDAL cannot open directly (.gz, .zip, .tar, .tgz):
/// " (GDAL reads ... through /vsigzip/...: write ...)"; "" otherwise.
std::string archive_hint(const std::string& path);

/// "layer 'name' (path)" for messages.
std::string describe_source(const RasterSource& source);

/// The GDAL dataset name of a source (`NETCDF:"path":variable` when a variable is set).
std::string dataset_name(const RasterSource& source);

/// While alive, whatever a GDAL driver prints on standard output (some GRIB decoder messages
/// are printf'd) goes to standard error instead: stdout carries displace's results only.
class StdoutToStderr {
 public:
  StdoutToStderr();
  ~StdoutToStderr();
  StdoutToStderr(const StdoutToStderr&) = delete;
  StdoutToStderr& operator=(const StdoutToStderr&) = delete;

 private:
  int saved_ = -1;
};

/// Refuses (InputError starting with `where`) a local path that does not exist or is not a
/// regular file (a folder, FIFO, device or socket), before GDAL opens it. GDAL virtual files and
/// connection strings pass.
void check_local_file(const std::string& path, const std::string& where);

/// Opens a raster read-only; throws InputError naming the layer and file (with GDAL's reason).
DatasetPtr open_raster(const RasterSource& source);

/// A spatial reference from any user input GDAL understands (EPSG:n, WKT, PROJ), with traditional
/// GIS axis order (x = longitude). Throws InputError with `what` in the message when unknown.
SpatialReferencePtr spatial_reference(const std::string& definition, const std::string& what);

/// Whether the netCDF driver shows CF latitude and longitude axes ("<var>#units" of
/// degrees_north and degrees_east): such files are read as WGS84 when they have no CRS.
bool has_cf_lonlat_axes(GDALDatasetH dataset);

/// WKT of a spatial reference.
std::string to_wkt(OGRSpatialReferenceH srs);

}  // namespace displace::geo::detail
