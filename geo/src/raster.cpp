#include "displace/geo/raster.hpp"

#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "align.hpp"
#include "displace/common/error.hpp"

namespace displace::geo {
namespace detail {
namespace {

/// Options for GDAL's C utilities, built from strings (argv style, NULL-terminated).
class Arguments {
 public:
  explicit Arguments(std::vector<std::string> args) : storage_(std::move(args)) {
    for (auto& arg : storage_)
      pointers_.push_back(arg.data());
    pointers_.push_back(nullptr);
  }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
};

const char* gdal_method(Resampling resampling) {
  switch (resampling) {
    case Resampling::nearest:
      return "near";
    case Resampling::mode:
      return "mode";
    case Resampling::bilinear:
      return "bilinear";
    case Resampling::average:
      return "average";
    case Resampling::sum:
      return "sum";
  }
  return "near";
}

struct Bounds {
  double xmin, ymin, xmax, ymax;
};

Bounds bounds_of(const GridDefinition& grid) {
  const auto& gt = grid.geotransform;
  const double x0 = gt[0];
  const double x1 = gt[0] + gt[1] * grid.width + gt[2] * grid.height;
  const double y0 = gt[3];
  const double y1 = gt[3] + gt[4] * grid.width + gt[5] * grid.height;
  return {std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)};
}

std::string format_bounds(const Bounds& b) {
  char text[160];
  std::snprintf(text, sizeof text, "x %.6g..%.6g, y %.6g..%.6g", b.xmin, b.xmax, b.ymin, b.ymax);
  return text;
}

const std::string& kWgs84Wkt() {
  static const std::string wkt = to_wkt(handle(spatial_reference("EPSG:4326", "WGS84")));
  return wkt;
}

/// The source's grid (CRS from the override or the file) without opening it twice.
GridDefinition grid_of_dataset(GDALDatasetH dataset, const RasterSource& source) {
  std::string wkt;
  if (!source.crs_override.empty()) {
    wkt = to_wkt(handle(spatial_reference(source.crs_override, describe_source(source))));
  } else {
    const char* file_wkt = GDALGetProjectionRef(dataset);
    if ((file_wkt == nullptr || *file_wkt == '\0') && has_cf_lonlat_axes(dataset)) {
      // CF files on plain lat/lon coordinates (most climate-model output) carry no grid_mapping;
      // CF's degrees_north/degrees_east axes are geographic, taken as WGS84.
      file_wkt = kWgs84Wkt().c_str();
    }
    if (file_wkt == nullptr || *file_wkt == '\0') {
      throw InputError(describe_source(source) +
                       ": no CRS in the file; set `crs:` in the scenario (e.g. crs: EPSG:4326)");
    }
    wkt = file_wkt;
  }
  GridDefinition grid;
  if (GDALGetGeoTransform(dataset, grid.geotransform.data()) != CE_None) {
    throw InputError(describe_source(source) +
                     ": no georeferencing (geotransform) in the file; the raster cannot be placed");
  }
  grid.crs_wkt = wkt;
  grid.width = GDALGetRasterXSize(dataset);
  grid.height = GDALGetRasterYSize(dataset);
  grid.geographic = OSRIsGeographic(handle(spatial_reference(wkt, describe_source(source)))) != 0;
  check_latitudes(grid, describe_source(source));
  return grid;
}

/// -360, 0 or +360: the longitude shift that makes a geographic source overlap the target most
/// (climate models write longitudes 0..360; simulation grids usually use -180..180).
double longitude_shift(const GridDefinition& source, const GridDefinition& target) {
  if (!source.geographic || !target.geographic || source.geotransform[2] != 0.0) return 0.0;
  const Bounds s = bounds_of(source);
  const Bounds t = bounds_of(target);
  double best_shift = 0.0;
  double best_overlap = std::max(0.0, std::min(s.xmax, t.xmax) - std::max(s.xmin, t.xmin));
  for (const double shift : {-360.0, 360.0}) {
    const double overlap =
        std::max(0.0, std::min(s.xmax + shift, t.xmax) - std::max(s.xmin + shift, t.xmin));
    if (overlap > best_overlap) {
      best_overlap = overlap;
      best_shift = shift;
    }
  }
  return best_shift;
}

void require_overlap(const GridDefinition& source_grid, const GridDefinition& target,
                     const RasterSource& source) {
  const auto from = spatial_reference(source_grid.crs_wkt, describe_source(source));
  const auto to = spatial_reference(target.crs_wkt, "grid");
  const Bounds s = bounds_of(source_grid);
  Bounds in_target = s;
  if (OSRIsSame(handle(from), handle(to)) == 0) {
    GdalErrorCapture errors;  // a failed transform only skips this early check
    OGRCoordinateTransformationH transform =
        OCTNewCoordinateTransformation(handle(from), handle(to));
    if (transform == nullptr) return;
    const int ok = OCTTransformBounds(transform, s.xmin, s.ymin, s.xmax, s.ymax, &in_target.xmin,
                                      &in_target.ymin, &in_target.xmax, &in_target.ymax, 21);
    OCTDestroyCoordinateTransformation(transform);
    if (ok == 0) return;
  }
  const Bounds t = bounds_of(target);
  if (in_target.xmax <= t.xmin || in_target.xmin >= t.xmax || in_target.ymax <= t.ymin ||
      in_target.ymin >= t.ymax) {
    throw InputError(
        describe_source(source) + ": does not overlap the simulation grid (layer covers " +
        format_bounds(in_target) + "; grid covers " + format_bounds(t) + ", in the grid's CRS)");
  }
}

}  // namespace

PreparedSource prepare_source(const RasterSource& source, const std::vector<int>& bands,
                              const GridDefinition& target) {
  PreparedSource prepared;
  prepared.file = open_raster(source);
  GDALDatasetH file = handle(prepared.file);
  const int count = GDALGetRasterCount(file);
  if (bands.empty()) throw InputError(describe_source(source) + ": no band requested");
  for (const int band : bands) {
    if (band < 1 || band > count) {
      throw InputError(describe_source(source) + ": band " + std::to_string(band) +
                       " out of range (the file has " + std::to_string(count) + " band" +
                       (count == 1 ? "" : "s") + ")");
    }
  }
  prepared.grid = grid_of_dataset(file, source);
  const double shift = longitude_shift(prepared.grid, target);
  prepared.grid.geotransform[0] += shift;
  require_overlap(prepared.grid, target, source);

  std::vector<std::string> args = {"-of", "VRT"};
  for (const int band : bands) {
    args.insert(args.end(), {"-b", std::to_string(band)});
  }
  Arguments argv(std::move(args));
  GdalErrorCapture errors;
  GDALTranslateOptions* options = GDALTranslateOptionsNew(argv.argv(), nullptr);
  int usage_error = 0;
  prepared.vrt.reset(GDALTranslate("", file, options, &usage_error));
  GDALTranslateOptionsFree(options);
  if (!prepared.vrt) {
    throw InputError(describe_source(source) + ": cannot read: " + errors.messages());
  }
  GDALDatasetH vrt = handle(prepared.vrt);
  GDALSetProjection(vrt, prepared.grid.crs_wkt.c_str());
  GDALSetGeoTransform(vrt, prepared.grid.geotransform.data());
  for (std::size_t i = 0; i < bands.size(); ++i) {
    GDALRasterBandH file_band = GDALGetRasterBand(file, bands[i]);
    GDALRasterBandH vrt_band = GDALGetRasterBand(vrt, static_cast<int>(i) + 1);
    int has_scale = 0;
    int has_offset = 0;
    const double scale = GDALGetRasterScale(file_band, &has_scale);
    const double offset = GDALGetRasterOffset(file_band, &has_offset);
    prepared.scale.push_back(has_scale != 0 ? scale : 1.0);
    prepared.offset.push_back(has_offset != 0 ? offset : 0.0);
    int has_nodata = 0;
    GDALGetRasterNoDataValue(file_band, &has_nodata);
    if (source.nodata_override) {
      GDALSetRasterNoDataValue(vrt_band, *source.nodata_override);
    } else if (has_nodata == 0 && GDALDataTypeIsFloating(GDALGetRasterDataType(file_band)) != 0) {
      GDALSetRasterNoDataValue(vrt_band, std::nan(""));  // NaN marks missing values in floats
    }
  }
  return prepared;
}

DatasetPtr create_memory_dataset(const GridDefinition& grid, int band_count) {
  ensure_gdal_registered();
  GdalErrorCapture errors;
  DatasetPtr dataset(GDALCreate(GDALGetDriverByName("MEM"), "", grid.width, grid.height, band_count,
                                GDT_Float32, nullptr));
  if (!dataset) throw Error("geo: cannot allocate the grid in memory: " + errors.messages());
  GDALSetProjection(handle(dataset), grid.crs_wkt.c_str());
  auto geotransform = grid.geotransform;
  GDALSetGeoTransform(handle(dataset), geotransform.data());
  for (int b = 1; b <= band_count; ++b) {
    GDALSetRasterNoDataValue(GDALGetRasterBand(handle(dataset), b), std::nan(""));
  }
  return dataset;
}

void warp(GDALDatasetH from, GDALDatasetH onto, Resampling resampling, const RasterSource& source) {
  Arguments argv({"-r", gdal_method(resampling), "-wo", "INIT_DEST=NO_DATA", "-q"});
  GdalErrorCapture errors;
  GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.argv(), nullptr);
  int usage_error = 0;
  GDALDatasetH sources[] = {from};
  GDALDatasetH result = GDALWarp(nullptr, onto, 1, sources, options, &usage_error);
  GDALWarpAppOptionsFree(options);
  if (result == nullptr || !errors.failures.empty()) {
    throw InputError(describe_source(source) +
                     ": cannot align onto the simulation grid: " + errors.messages());
  }
}

std::vector<float> read_band(GDALDatasetH dataset, int band) {
  const int width = GDALGetRasterXSize(dataset);
  const int height = GDALGetRasterYSize(dataset);
  std::vector<float> values(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  GdalErrorCapture errors;
  if (GDALRasterIO(GDALGetRasterBand(dataset, band), GF_Read, 0, 0, width, height, values.data(),
                   width, height, GDT_Float32, 0, 0) != CE_None) {
    throw Error("geo: cannot read an aligned band: " + errors.messages());
  }
  return values;
}

}  // namespace detail

GridDefinition grid_of(const RasterSource& source) {
  const auto dataset = detail::open_raster(source);
  return detail::grid_of_dataset(detail::handle(dataset), source);
}

void check_layer(const RasterSource& source, const std::vector<int>& bands,
                 const GridDefinition& grid) {
  const detail::StdoutToStderr driver_chatter;
  detail::prepare_source(source, bands, grid);  // a VRT over the file: metadata only
}

int band_count(const RasterSource& source) {
  return GDALGetRasterCount(detail::handle(detail::open_raster(source)));
}

std::vector<float> read_aligned(const RasterSource& source, int band, const GridDefinition& grid,
                                Resampling resampling) {
  auto bands = read_aligned_bands(source, {band}, grid, resampling);
  return std::move(bands.front());
}

std::vector<std::vector<float>> read_aligned_bands(const RasterSource& source,
                                                   const std::vector<int>& bands,
                                                   const GridDefinition& grid,
                                                   Resampling resampling) {
  const detail::StdoutToStderr driver_chatter;  // decoding happens while warping
  const auto prepared = detail::prepare_source(source, bands, grid);
  const auto aligned = detail::create_memory_dataset(grid, static_cast<int>(bands.size()));
  detail::warp(detail::handle(prepared.vrt), detail::handle(aligned), resampling, source);
  std::vector<std::vector<float>> result;
  result.reserve(bands.size());
  for (std::size_t i = 0; i < bands.size(); ++i) {
    auto values = detail::read_band(detail::handle(aligned), static_cast<int>(i) + 1);
    const double scale = prepared.scale[i];
    const double offset = prepared.offset[i];
    bool any_valid = false;
    for (auto& value : values) {
      if (std::isnan(value)) continue;
      any_valid = true;
      if (scale != 1.0 || offset != 0.0) {
        value = static_cast<float>(static_cast<double>(value) * scale + offset);
      }
    }
    if (!any_valid) {
      throw InputError(detail::describe_source(source) + ": band " + std::to_string(bands[i]) +
                       " has no valid value on the simulation grid (every aligned cell is "
                       "nodata or NaN)");
    }
    result.push_back(std::move(values));
  }
  return result;
}

}  // namespace displace::geo
