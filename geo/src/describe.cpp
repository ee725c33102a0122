// `displace inspect FILE`: what GDAL sees in a raster, in the terms a scenario needs.
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "displace/common/error.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/time_axis.hpp"
#include "gdal_support.hpp"

namespace displace::geo {
namespace {

std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string crs_summary(const char* wkt) {
  if (wkt == nullptr || *wkt == '\0') return "none (set `crs:` for this layer in the scenario)";
  detail::GdalErrorCapture errors;
  const auto srs = detail::spatial_reference(wkt, "raster");
  OGRSpatialReferenceH h = detail::handle(srs);
  OSRAutoIdentifyEPSG(h);
  const char* authority = OSRGetAuthorityName(h, nullptr);
  const char* code = OSRGetAuthorityCode(h, nullptr);
  std::string name = OSRGetName(h) != nullptr ? OSRGetName(h) : "unnamed";
  if (authority != nullptr && code != nullptr)
    return std::string(authority) + ":" + code + " (" + name + ")";
  return name;
}

/// Layers of a vector file (an admin layer's candidates): geometry, features, CRS and fields, so
/// that `code_field` and `name_field` can be chosen.
std::string describe_vector(const std::string& path, GDALDatasetH ds) {
  std::ostringstream out;
  const int layers = GDALDatasetGetLayerCount(ds);
  out << "file:      " << path << "\n";
  out << "driver:    " << GDALGetDriverShortName(GDALGetDatasetDriver(ds)) << " ("
      << GDALGetDriverLongName(GDALGetDatasetDriver(ds)) << "), vector\n";
  out << "layers:    " << layers << (layers == 1 ? "" : " (admin layers read the first)") << "\n";
  for (int l = 0; l < layers; ++l) {
    OGRLayerH layer = GDALDatasetGetLayer(ds, l);
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    char* wkt = nullptr;
    if (OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer); srs != nullptr) {
      OSRExportToWkt(srs, &wkt);
    }
    out << "layer " << l + 1 << ":   " << OGR_L_GetName(layer) << ", "
        << OGRGeometryTypeToName(OGR_FD_GetGeomType(definition)) << ", "
        << OGR_L_GetFeatureCount(layer, 1) << " features\n";
    out << "  crs:     " << crs_summary(wkt) << "\n";
    CPLFree(wkt);
    const int fields = OGR_FD_GetFieldCount(definition);
    out << "  fields:  " << fields << " (use one as code_field, one as name_field)\n";
    // The first feature's values show which field holds codes and which names.
    OGR_L_ResetReading(layer);
    OGRFeatureH first = OGR_L_GetNextFeature(layer);
    for (int f = 0; f < fields; ++f) {
      OGRFieldDefnH field = OGR_FD_GetFieldDefn(definition, f);
      out << "    " << OGR_Fld_GetNameRef(field) << " ("
          << OGR_GetFieldTypeName(OGR_Fld_GetType(field)) << ")";
      if (first != nullptr && OGR_F_IsFieldSetAndNotNull(first, f)) {
        out << ", e.g. '" << OGR_F_GetFieldAsString(first, f) << "'";
      }
      out << "\n";
    }
    if (first != nullptr) OGR_F_Destroy(first);
  }
  return out.str();
}

}  // namespace

std::string band_labels(const RasterSource& source, int band) {
  const auto dataset = detail::open_raster(source);
  GDALDatasetH ds = detail::handle(dataset);
  std::string labels;
  auto add = [&](const char* text) {
    if (text != nullptr && *text != '\0')
      labels += (labels.empty() ? "" : "; ") + std::string(text);
  };
  auto add_items = [&](char** items) {
    for (int i = 0; items != nullptr && items[i] != nullptr && i < 200; ++i)
      add(items[i]);
  };
  add_items(GDALGetMetadata(ds, nullptr));
  if (band >= 1 && band <= GDALGetRasterCount(ds)) {
    GDALRasterBandH b = GDALGetRasterBand(ds, band);
    add(GDALGetDescription(b));
    add(GDALGetRasterUnitType(b));
    add_items(GDALGetMetadata(b, nullptr));
  }
  return labels;
}

std::string describe_raster(const std::string& path) {
  RasterSource source;
  source.layer_name = path;
  source.path = path;
  detail::ensure_gdal_registered();
  detail::check_local_file(path, path);
  std::ostringstream out;
  detail::DatasetPtr dataset;
  {
    detail::GdalErrorCapture errors;
    const detail::StdoutToStderr driver_chatter;
    dataset.reset(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
      // Admin layers are vectors: describe those too.
      const detail::DatasetPtr vector(
          GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
      if (vector) return describe_vector(path, detail::handle(vector));
      throw InputError(path + ": cannot open: " +
                       (errors.messages().empty() ? "not a raster or vector file GDAL can read"
                                                  : errors.messages()) +
                       detail::archive_hint(path));
    }
  }
  GDALDatasetH ds = detail::handle(dataset);
  const int width = GDALGetRasterXSize(ds);
  const int height = GDALGetRasterYSize(ds);
  const int bands = GDALGetRasterCount(ds);
  out << "file:      " << path << "\n";
  out << "driver:    " << GDALGetDriverShortName(GDALGetDatasetDriver(ds)) << " ("
      << GDALGetDriverLongName(GDALGetDatasetDriver(ds)) << ")\n";
  out << "size:      " << width << " x " << height << " cells, " << bands << " band"
      << (bands == 1 ? "" : "s") << "\n";
  const char* file_wkt = GDALGetProjectionRef(ds);
  if ((file_wkt == nullptr || *file_wkt == '\0') && detail::has_cf_lonlat_axes(ds)) {
    out << "crs:       none in the file; CF latitude/longitude axes, read as EPSG:4326 (WGS 84)\n";
  } else {
    out << "crs:       " << crs_summary(file_wkt) << "\n";
  }
  double gt[6];
  if (GDALGetGeoTransform(ds, gt) == CE_None) {
    out << "origin:    x " << number(gt[0]) << ", y " << number(gt[3]) << "\n";
    out << "cell size: " << number(gt[1]) << " x " << number(-gt[5]) << "\n";
    out << "extent:    x " << number(gt[0]) << " .. " << number(gt[0] + gt[1] * width) << ", y "
        << number(gt[3] + gt[5] * height) << " .. " << number(gt[3]) << "\n";
  } else {
    out << "origin:    none (no georeferencing)\n";
  }
  char** subdatasets = GDALGetMetadata(ds, "SUBDATASETS");
  if (subdatasets != nullptr) {
    out << "subdatasets (use `variable:` in the scenario):\n";
    for (int i = 0; subdatasets[i] != nullptr; ++i) {
      const std::string item = subdatasets[i];
      if (item.find("_NAME=") != std::string::npos)
        out << "  " << item.substr(item.find('=') + 1) << "\n";
    }
  }
  const bool exact_statistics = static_cast<double>(width) * height <= 5e7;
  const int bands_shown = std::min(bands, 50);
  for (int b = 1; b <= bands_shown; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds, b);
    out << "band " << b << ": " << GDALGetDataTypeName(GDALGetRasterDataType(band));
    const char* description = GDALGetDescription(band);
    if (description != nullptr && *description != '\0') out << ", \"" << description << "\"";
    const char* units = GDALGetRasterUnitType(band);
    if (units != nullptr && *units != '\0') out << ", units " << units;
    int has = 0;
    const double nodata = GDALGetRasterNoDataValue(band, &has);
    if (has != 0) out << ", nodata " << number(nodata);
    const double scale = GDALGetRasterScale(band, &has);
    if (has != 0 && scale != 1.0) out << ", scale " << number(scale);
    const double offset = GDALGetRasterOffset(band, &has);
    if (has != 0 && offset != 0.0) out << ", offset " << number(offset);
    double min_max[2] = {0.0, 0.0};
    detail::GdalErrorCapture errors;  // an all-nodata band has no min/max; say so
    if (GDALComputeRasterMinMax(band, exact_statistics ? FALSE : TRUE, min_max) == CE_None &&
        errors.failures.empty()) {
      out << ", " << (exact_statistics ? "" : "approx. ") << "min " << number(min_max[0]) << " max "
          << number(min_max[1]) << " (stored values)";
    } else {
      out << ", no valid value";
    }
    out << "\n";
  }
  if (bands > bands_shown) out << "... " << (bands - bands_shown) << " more bands\n";
  if (bands > 0) {
    try {
      const auto axis = read_time_axis(source);
      if (axis && !axis->dates.empty()) {
        static const char* const kCalendars[] = {"standard", "proleptic_gregorian", "noleap",
                                                 "all_leap", "360_day"};
        out << "time:      " << axis->dates.size() << " steps, "
            << format_civil_date(axis->dates.front()) << " .. "
            << format_civil_date(axis->dates.back()) << " (calendar "
            << kCalendars[static_cast<int>(axis->calendar)] << ", as civil dates)\n";
      }
    } catch (const InputError& error) {
      out << "time:      unreadable: " << error.what() << "\n";
    }
  }
  return out.str();
}

}  // namespace displace::geo
