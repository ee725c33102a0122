#include "displace/geo/admin.hpp"

#include <cpl_string.h>
#include <gdal_alg.h>
#include <ogr_api.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "align.hpp"
#include "displace/common/error.hpp"
#include "displace/common/file_checks.hpp"
#include "gdal_support.hpp"

namespace displace::geo {
namespace {

using detail::handle;

struct GeometryDestroyer {
  void operator()(void* geometry) const {
    OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(geometry));
  }
};
using GeometryPtr = std::unique_ptr<void, GeometryDestroyer>;

struct FeatureDestroyer {
  void operator()(void* feature) const { OGR_F_Destroy(static_cast<OGRFeatureH>(feature)); }
};
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;

/// Keeps the regions that own at least one cell, ordered by `less`, and renumbers the cells.
template <typename Less>
AdminLayer compact(const std::vector<std::int32_t>& key_of_cell, std::vector<std::string> codes,
                   std::vector<std::string> names, Less less) {
  std::vector<bool> present(codes.size(), false);
  for (const auto key : key_of_cell) {
    if (key >= 0) present[static_cast<std::size_t>(key)] = true;
  }
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < codes.size(); ++k) {
    if (present[k]) kept.push_back(k);
  }
  std::sort(kept.begin(), kept.end(),
            [&](std::size_t a, std::size_t b) { return less(codes[a], codes[b]); });
  std::vector<std::int32_t> new_index(codes.size(), -1);
  AdminLayer layer;
  for (std::size_t r = 0; r < kept.size(); ++r) {
    new_index[kept[r]] = static_cast<std::int32_t>(r);
    layer.codes.push_back(codes[kept[r]]);
    layer.names.push_back(names[kept[r]]);
  }
  layer.region_of_cell.resize(key_of_cell.size());
  for (std::size_t i = 0; i < key_of_cell.size(); ++i) {
    layer.region_of_cell[i] =
        key_of_cell[i] >= 0 ? new_index[static_cast<std::size_t>(key_of_cell[i])] : -1;
  }
  return layer;
}

struct Polygons {
  std::vector<std::string> codes;  ///< per distinct code, in file order
  std::vector<std::string> names;
  std::vector<GeometryPtr> geometries;  ///< in the grid CRS
  std::vector<double> burn_values;      ///< per geometry: index into codes
};

Polygons load_polygons(const std::string& where, const std::string& path,
                       const std::string& code_field, const std::string& name_field,
                       const GridDefinition& grid) {
  detail::ensure_gdal_registered();
  // A folder is a valid vector source (a folder of shapefiles); FIFOs and devices are not.
  if (path.rfind("/vsi", 0) != 0) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) throw InputError(where + ": file not found");
    const auto problem = special_file_problem(path);
    if (problem && !std::filesystem::is_directory(path, error)) {
      throw InputError(where + ": " + *problem);
    }
  }
  detail::GdalErrorCapture errors;
  const detail::DatasetPtr dataset(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!dataset || GDALDatasetGetLayerCount(handle(dataset)) < 1) {
    throw InputError(where + ": cannot open as a vector file: " +
                     (errors.messages().empty() ? "no layer" : errors.messages()) +
                     detail::archive_hint(path));
  }
  OGRLayerH layer = GDALDatasetGetLayer(handle(dataset), 0);
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  const auto field_index = [&](const std::string& field, const char* key) {
    if (field.empty()) return -1;
    const int index = OGR_FD_GetFieldIndex(definition, field.c_str());
    if (index < 0) {
      std::string available;
      for (int f = 0; f < OGR_FD_GetFieldCount(definition); ++f) {
        available += (f > 0 ? ", " : "") +
                     std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, f)));
      }
      throw InputError(where + ": no field '" + field + "' (set by `" + key +
                       "`); the file has: " + available);
    }
    return index;
  };
  const int code_index = field_index(code_field, "code_field");
  const int name_index = name_field.empty() ? code_index : field_index(name_field, "name_field");

  OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef(layer);
  if (layer_srs == nullptr) {
    throw InputError(where + ": no CRS in the file (for a shapefile, the .prj is missing)");
  }
  const auto grid_srs = detail::spatial_reference(grid.crs_wkt, "grid");
  const auto source_srs = detail::spatial_reference(detail::to_wkt(layer_srs), where);
  struct TransformDestroyer {
    void operator()(void* t) const {
      OCTDestroyCoordinateTransformation(static_cast<OGRCoordinateTransformationH>(t));
    }
  };
  std::unique_ptr<void, TransformDestroyer> transform;
  if (OSRIsSame(handle(source_srs), handle(grid_srs)) == 0) {
    transform.reset(OCTNewCoordinateTransformation(handle(source_srs), handle(grid_srs)));
    if (!transform) {
      throw InputError(where + ": cannot transform to the grid CRS: " + errors.messages());
    }
  }

  Polygons polygons;
  std::map<std::string, std::int32_t> key_of_code;
  OGR_L_ResetReading(layer);
  while (true) {
    FeaturePtr feature(OGR_L_GetNextFeature(layer));
    if (!feature) break;
    auto f = static_cast<OGRFeatureH>(feature.get());
    OGRGeometryH geometry = OGR_F_GetGeometryRef(f);
    if (geometry == nullptr) continue;
    const std::string code = code_index >= 0 ? OGR_F_GetFieldAsString(f, code_index) : "";
    auto [it, inserted] =
        key_of_code.emplace(code, static_cast<std::int32_t>(polygons.codes.size()));
    if (inserted) {
      polygons.codes.push_back(code);
      polygons.names.emplace_back(name_index >= 0 ? OGR_F_GetFieldAsString(f, name_index) : "");
    }
    GeometryPtr copy(OGR_G_Clone(geometry));
    if (transform && OGR_G_Transform(static_cast<OGRGeometryH>(copy.get()),
                                     static_cast<OGRCoordinateTransformationH>(transform.get())) !=
                         OGRERR_NONE) {
      throw InputError(where + ": feature with code '" + code +
                       "' cannot be transformed to the grid CRS");
    }
    polygons.geometries.push_back(std::move(copy));
    polygons.burn_values.push_back(static_cast<double>(it->second));
  }
  if (polygons.geometries.empty()) throw InputError(where + ": no polygon features");
  return polygons;
}

/// Burns `values` (one per geometry) into band 1 of `raster`; `all_touched` claims every cell a
/// polygon touches, otherwise only cells whose centre it covers.
void burn(GDALDatasetH raster, const Polygons& polygons, const std::vector<double>& values,
          bool all_touched, const std::string& where) {
  std::vector<OGRGeometryH> raw;
  raw.reserve(polygons.geometries.size());
  for (const auto& g : polygons.geometries)
    raw.push_back(static_cast<OGRGeometryH>(g.get()));
  int band_list[] = {1};
  char** options = all_touched ? CSLSetNameValue(nullptr, "ALL_TOUCHED", "TRUE") : nullptr;
  detail::GdalErrorCapture errors;
  const CPLErr status =
      GDALRasterizeGeometries(raster, 1, band_list, static_cast<int>(raw.size()), raw.data(),
                              nullptr, nullptr, values.data(), options, nullptr, nullptr);
  CSLDestroy(options);
  if (status != CE_None) throw InputError(where + ": cannot rasterise: " + errors.messages());
}

}  // namespace

AdminLayer rasterize_admin(const std::string& layer_name, const std::string& path,
                           const std::string& code_field, const std::string& name_field,
                           const GridDefinition& grid) {
  const std::string where = "admin layer '" + layer_name + "' (" + path + ")";
  Polygons polygons = load_polygons(where, path, code_field, name_field, grid);
  detail::DatasetPtr raster(
      GDALCreate(GDALGetDriverByName("MEM"), "", grid.width, grid.height, 1, GDT_Int32, nullptr));
  auto geotransform = grid.geotransform;
  GDALSetGeoTransform(handle(raster), geotransform.data());
  GDALSetProjection(handle(raster), grid.crs_wkt.c_str());
  GDALRasterBandH band = GDALGetRasterBand(handle(raster), 1);
  GDALFillRaster(band, -1.0, 0.0);
  // Two passes: every cell a polygon touches (coastal cells whose centre is at sea, which on
  // coarse grids hold much of the population), then the centre rule, which wins where it applies.
  burn(handle(raster), polygons, polygons.burn_values, true, where);
  burn(handle(raster), polygons, polygons.burn_values, false, where);
  std::vector<std::int32_t> key_of_cell(static_cast<std::size_t>(grid.cell_count()));
  detail::GdalErrorCapture errors;
  if (GDALRasterIO(band, GF_Read, 0, 0, grid.width, grid.height, key_of_cell.data(), grid.width,
                   grid.height, GDT_Int32, 0, 0) != CE_None) {
    throw InputError(where + ": cannot read the rasterised regions: " + errors.messages());
  }
  auto admin = compact(key_of_cell, std::move(polygons.codes), std::move(polygons.names),
                       [](const std::string& a, const std::string& b) { return a < b; });
  if (admin.codes.empty()) throw InputError(where + ": no region covers any cell of the grid");
  return admin;
}

std::vector<double> land_fraction(const std::string& layer_name, const std::string& path,
                                  const GridDefinition& grid, int supersample) {
  const std::string where = "admin layer '" + layer_name + "' (" + path + ")";
  const Polygons polygons = load_polygons(where, path, "", "", grid);
  // Keep the staging raster under ~40 million cells (160 MB) on large grids.
  while (supersample > 1 && grid.cell_count() * supersample * supersample > 40'000'000) {
    --supersample;
  }
  GridDefinition fine = grid;
  fine.width = grid.width * supersample;
  fine.height = grid.height * supersample;
  fine.geotransform[1] /= supersample;
  fine.geotransform[5] /= supersample;
  const auto covered = detail::create_memory_dataset(fine, 1);
  GDALFillRaster(GDALGetRasterBand(handle(covered), 1), 0.0, 0.0);
  burn(handle(covered), polygons, std::vector<double>(polygons.geometries.size(), 1.0), false,
       where);
  // The fine grid nests exactly in the grid, so each cell's fraction is the plain mean of its
  // supersample x supersample block: GDAL's averaging RasterIO (the overview code path; the
  // warper's "average" misplaces values on destinations under four cells wide in GDAL 3.6).
  std::vector<float> fraction(static_cast<std::size_t>(grid.cell_count()));
  GDALRasterIOExtraArg extra;
  INIT_RASTERIO_EXTRA_ARG(extra);
  extra.eResampleAlg = GRIORA_Average;
  detail::GdalErrorCapture errors;
  if (GDALRasterIOEx(GDALGetRasterBand(handle(covered), 1), GF_Read, 0, 0, fine.width, fine.height,
                     fraction.data(), grid.width, grid.height, GDT_Float32, 0, 0,
                     &extra) != CE_None) {
    throw InputError(where + ": cannot compute the land fraction: " + errors.messages());
  }
  std::vector<double> result(fraction.size());
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    result[i] = std::isnan(fraction[i]) ? 0.0 : static_cast<double>(fraction[i]);
  }
  return result;
}

namespace {
/// Largest region code of an admin raster (float32 holds every whole number up to 2^24 exactly).
constexpr double kMaxAdminCode = 16777216.0;
}  // namespace

AdminLayer admin_from_raster(const RasterSource& source, int band, const GridDefinition& grid,
                             const std::vector<std::pair<std::string, std::string>>& code_names) {
  const auto values = read_aligned(source, band, grid, Resampling::mode);
  std::map<long long, std::int32_t> key_of_code;
  std::vector<std::string> codes;
  std::vector<std::string> names;
  std::vector<std::int32_t> key_of_cell(values.size(), -1);
  const std::string where = detail::describe_source(source);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    // Region codes are whole numbers; a fraction means a continuous field (temperatures, a
    // density) given as the admin layer, a negative number a missing-value marker (-9999) that the
    // file does not declare.
    const double value = static_cast<double>(values[i]);
    if (value != std::floor(value) || std::abs(value) > kMaxAdminCode) {
      throw InputError(where + ": value " + std::to_string(value) +
                       " is not a region code (codes are whole numbers up to " +
                       std::to_string(static_cast<long long>(kMaxAdminCode)) +
                       "); is this a continuous field rather than admin regions?");
    }
    if (value < 0.0) {
      throw InputError(where + ": negative region code " + std::to_string(std::llround(value)) +
                       " (a missing-value marker? declare it with `nodata: " +
                       std::to_string(std::llround(value)) + "` in the layer)");
    }
    const auto code = std::llround(value);
    auto [it, inserted] = key_of_code.emplace(code, static_cast<std::int32_t>(codes.size()));
    if (inserted) {
      codes.push_back(std::to_string(code));
      std::string name = codes.back();
      for (const auto& [c, n] : code_names) {
        if (c == codes.back()) name = n;
      }
      names.push_back(name);
    }
    key_of_cell[i] = it->second;
  }
  return compact(
      key_of_cell, std::move(codes), std::move(names),
      [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
}

}  // namespace displace::geo
