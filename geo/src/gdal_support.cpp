#include "gdal_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "displace/common/error.hpp"
#include "displace/common/file_checks.hpp"

namespace displace::geo::detail {
namespace {

void CPL_STDCALL collect_error(CPLErr level, CPLErrorNum /*number*/, const char* message) {
  auto* capture = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
  if (capture != nullptr && (level == CE_Failure || level == CE_Fatal) && message != nullptr) {
    capture->failures.emplace_back(message);
  }
}

/// Whether `path` names a file on disk rather than a GDAL virtual file (/vsi...) or connection
/// string ("NETCDF:...", "PG:..."): a prefix of letters, digits and underscores before a colon.
bool looks_like_local_file(const std::string& path) {
  if (path.rfind("/vsi", 0) == 0) return false;
  const auto colon = path.find(':');
  if (colon == std::string::npos || colon == 0) return true;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = path[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return true;
  }
  return false;
}

}  // namespace

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

GdalErrorCapture::GdalErrorCapture() {
  CPLPushErrorHandlerEx(collect_error, this);
}
GdalErrorCapture::~GdalErrorCapture() {
  CPLPopErrorHandler();
}

std::string GdalErrorCapture::messages() const {
  std::string joined;
  for (const auto& message : failures) {
    if (!joined.empty()) joined += "; ";
    joined += message;
  }
  return joined;
}

std::string archive_hint(const std::string& path) {
  if (path.rfind("/vsi", 0) == 0) return "";
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), path.rbegin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  if (ends_with(".tar.gz") || ends_with(".tgz") || ends_with(".tar")) {
    return " (an archive: GDAL reads a file inside it as /vsitar/" + path +
           "/FILE; write that path in the scenario)";
  }
  if (ends_with(".gz")) {
    return " (a gzip-compressed file: GDAL reads it as /vsigzip/" + path +
           "; write that path in the scenario)";
  }
  if (ends_with(".zip")) {
    return " (a zip archive: GDAL reads a file inside it as /vsizip/" + path +
           "/FILE; write that path in the scenario)";
  }
  return "";
}

std::string describe_source(const RasterSource& source) {
  std::string text = "layer '" + source.layer_name + "' (" + source.path;
  if (!source.variable.empty()) text += ", variable '" + source.variable + "'";
  return text + ")";
}

std::string dataset_name(const RasterSource& source) {
  if (source.variable.empty()) return source.path;
  return "NETCDF:\"" + source.path + "\":" + source.variable;
}

StdoutToStderr::StdoutToStderr() {
  std::fflush(stdout);
  saved_ = ::dup(STDOUT_FILENO);
  if (saved_ >= 0 && ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    ::close(saved_);
    saved_ = -1;
  }
}

StdoutToStderr::~StdoutToStderr() {
  if (saved_ < 0) return;
  std::fflush(stdout);
  ::dup2(saved_, STDOUT_FILENO);
  ::close(saved_);
}

void check_local_file(const std::string& path, const std::string& where) {
  if (!looks_like_local_file(path)) return;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw InputError(where + ": file not found");
  // GDAL would block on a FIFO and read a device or /dev/zero without end.
  if (const auto problem = special_file_problem(path)) throw InputError(where + ": " + *problem);
}

DatasetPtr open_raster(const RasterSource& source) {
  ensure_gdal_registered();
  check_local_file(source.path, describe_source(source));
  GdalErrorCapture errors;
  const StdoutToStderr driver_chatter;
  DatasetPtr dataset(GDALOpenEx(dataset_name(source).c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY,
                                nullptr, nullptr, nullptr));
  if (!dataset) {
    std::string reason = errors.messages();
    if (reason.empty()) reason = "not a raster format GDAL can read";
    throw InputError(describe_source(source) + ": cannot open: " + reason +
                     archive_hint(source.path));
  }
  if (GDALGetRasterCount(handle(dataset)) == 0) {
    throw InputError(describe_source(source) +
                     ": has no raster bands (for a NetCDF file with several variables, set "
                     "`variable:` in the scenario)");
  }
  return dataset;
}

SpatialReferencePtr spatial_reference(const std::string& definition, const std::string& what) {
  ensure_gdal_registered();
  SpatialReferencePtr srs(OSRNewSpatialReference(nullptr));
  GdalErrorCapture errors;
  if (definition.empty() || OSRSetFromUserInput(handle(srs), definition.c_str()) != OGRERR_NONE) {
    throw InputError(what + ": unknown coordinate reference system '" + definition + "'" +
                     (errors.messages().empty() ? "" : " (" + errors.messages() + ")"));
  }
  OSRSetAxisMappingStrategy(handle(srs), OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

/// Whether the netCDF driver shows CF latitude and longitude axes ("<var>#units" of
/// degrees_north and degrees_east).
bool has_cf_lonlat_axes(GDALDatasetH dataset) {
  bool north = false;
  bool east = false;
  char** items = GDALGetMetadata(dataset, nullptr);
  for (int i = 0; items != nullptr && items[i] != nullptr; ++i) {
    const std::string item = items[i];
    const auto units = item.find("#units=");
    if (units == std::string::npos) continue;
    const std::string value = item.substr(units + 7);
    north = north || value == "degrees_north" || value == "degree_north" || value == "degrees_N";
    east = east || value == "degrees_east" || value == "degree_east" || value == "degrees_E";
  }
  return north && east;
}

std::string to_wkt(OGRSpatialReferenceH srs) {
  char* wkt = nullptr;
  OSRExportToWkt(srs, &wkt);
  std::string text = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return text;
}

}  // namespace displace::geo::detail
