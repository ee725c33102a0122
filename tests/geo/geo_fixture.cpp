#include "geo_fixture.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <stdexcept>

#include "displace/common/error.hpp"

namespace displace::geo::testing {
namespace {

std::string wkt_of(const std::string& crs) {
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRSetFromUserInput(srs, crs.c_str());
  char* wkt = nullptr;
  OSRExportToWkt(srs, &wkt);
  std::string text = wkt;
  CPLFree(wkt);
  OSRDestroySpatialReference(srs);
  return text;
}

}  // namespace

void GeoTest::SetUp() {
  GDALAllRegister();
}

std::string GeoTest::write_raster(const std::string& name, const RasterSpec& spec,
                                  const std::string& driver) const {
  const std::string file = path(name).string();
  const auto bands = static_cast<int>(spec.bands.size());
  GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", spec.width, spec.height, bands,
                                GDALGetDataTypeByName(spec.type.c_str()), nullptr);
  auto gt = spec.geotransform;
  GDALSetGeoTransform(mem, gt.data());
  if (!spec.crs.empty()) GDALSetProjection(mem, wkt_of(spec.crs).c_str());
  for (int b = 0; b < bands; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(mem, b + 1);
    auto values = spec.bands[static_cast<std::size_t>(b)];
    if (GDALRasterIO(band, GF_Write, 0, 0, spec.width, spec.height, values.data(), spec.width,
                     spec.height, GDT_Float32, 0, 0) != CE_None) {
      throw std::runtime_error("fixture: cannot fill " + file);
    }
    if (spec.nodata) GDALSetRasterNoDataValue(band, *spec.nodata);
    if (spec.scale) GDALSetRasterScale(band, *spec.scale);
    if (spec.offset) GDALSetRasterOffset(band, *spec.offset);
  }
  GDALDatasetH out = GDALCreateCopy(GDALGetDriverByName(driver.c_str()), file.c_str(), mem, FALSE,
                                    nullptr, nullptr, nullptr);
  if (out == nullptr) throw std::runtime_error("fixture: cannot write " + file);
  GDALClose(out);
  GDALClose(mem);
  return file;
}

std::string GeoTest::write_time_series(const std::string& name, const std::string& calendar,
                                       const std::vector<double>& days) const {
  const std::string file = path(name).string();
  const int bands = static_cast<int>(days.size());
  GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", 4, 3, bands, GDT_Float32, nullptr);
  double gt[6] = {-70.0, 1.0, 0.0, 20.0, 0.0, -1.0};
  GDALSetGeoTransform(mem, gt);
  GDALSetProjection(mem, wkt_of("EPSG:4326").c_str());
  std::string values = "{";
  for (int b = 0; b < bands; ++b) {
    GDALFillRaster(GDALGetRasterBand(mem, b + 1), b + 1.0, 0.0);
    if (b > 0) values.append(",");
    values.append(std::to_string(days[static_cast<std::size_t>(b)]));
  }
  values += "}";
  GDALSetMetadataItem(mem, "NETCDF_DIM_EXTRA", "{time}", nullptr);
  std::string definition = "{";
  definition.append(std::to_string(bands)).append(",6}");
  GDALSetMetadataItem(mem, "NETCDF_DIM_time_DEF", definition.c_str(), nullptr);
  GDALSetMetadataItem(mem, "NETCDF_DIM_time_VALUES", values.c_str(), nullptr);
  GDALSetMetadataItem(mem, "time#units", "days since 2000-01-01", nullptr);
  GDALSetMetadataItem(mem, "time#calendar", calendar.c_str(), nullptr);
  GDALDatasetH out = GDALCreateCopy(GDALGetDriverByName("netCDF"), file.c_str(), mem, FALSE,
                                    nullptr, nullptr, nullptr);
  if (out == nullptr) throw std::runtime_error("fixture: cannot write " + file);
  GDALClose(out);
  GDALClose(mem);
  return file;
}

std::string GeoTest::write_cf_netcdf(const std::string& name, const std::string& units,
                                     const std::string& calendar, const std::vector<double>& times,
                                     bool south_up) const {
  const std::string file = path(name).string();
  GDALDatasetH ds =
      GDALCreateMultiDimensional(GDALGetDriverByName("netCDF"), file.c_str(), nullptr, nullptr);
  if (ds == nullptr) throw std::runtime_error("fixture: cannot create " + file);
  GDALGroupH root = GDALDatasetGetRootGroup(ds);
  GDALExtendedDataTypeH float64 = GDALExtendedDataTypeCreate(GDT_Float64);
  GDALExtendedDataTypeH float32 = GDALExtendedDataTypeCreate(GDT_Float32);
  GDALExtendedDataTypeH text = GDALExtendedDataTypeCreateString(0);
  const auto set_text = [&](GDALMDArrayH array, const char* key, const std::string& value) {
    GDALAttributeH attribute = GDALMDArrayCreateAttribute(array, key, 0, nullptr, text, nullptr);
    if (attribute == nullptr || !GDALAttributeWriteString(attribute, value.c_str())) {
      throw std::runtime_error("fixture: cannot write attribute " + std::string(key));
    }
    GDALAttributeRelease(attribute);
  };
  const auto write_all = [&](GDALMDArrayH array, const std::vector<std::size_t>& count,
                             GDALExtendedDataTypeH type, const void* values) {
    std::vector<GUInt64> start(count.size(), 0);
    if (!GDALMDArrayWrite(array, start.data(), count.data(), nullptr, nullptr, type, values,
                          nullptr, 0)) {
      throw std::runtime_error("fixture: cannot write an array to " + file);
    }
  };
  const std::size_t steps = times.size();
  constexpr std::size_t kRows = 3;
  constexpr std::size_t kCols = 4;
  GDALDimensionH dims[3] = {
      GDALGroupCreateDimension(root, "time", "TEMPORAL", nullptr, steps, nullptr),
      GDALGroupCreateDimension(root, "lat", "HORIZONTAL_Y", nullptr, kRows, nullptr),
      GDALGroupCreateDimension(root, "lon", "HORIZONTAL_X", nullptr, kCols, nullptr)};
  // Coordinate variables.
  GDALMDArrayH time = GDALGroupCreateMDArray(root, "time", 1, &dims[0], float64, nullptr);
  set_text(time, "units", units);
  set_text(time, "standard_name", "time");
  if (!calendar.empty()) set_text(time, "calendar", calendar);
  write_all(time, {steps}, float64, times.data());
  GDALMDArrayH lat = GDALGroupCreateMDArray(root, "lat", 1, &dims[1], float64, nullptr);
  set_text(lat, "units", "degrees_north");
  set_text(lat, "standard_name", "latitude");
  std::vector<double> lat_values(kRows);
  for (std::size_t i = 0; i < kRows; ++i) {
    lat_values[i] = south_up ? 17.5 + static_cast<double>(i) : 19.5 - static_cast<double>(i);
  }
  write_all(lat, {kRows}, float64, lat_values.data());
  GDALMDArrayH lon = GDALGroupCreateMDArray(root, "lon", 1, &dims[2], float64, nullptr);
  set_text(lon, "units", "degrees_east");
  set_text(lon, "standard_name", "longitude");
  const std::vector<double> lon_values = {-69.5, -68.5, -67.5, -66.5};
  write_all(lon, {kCols}, float64, lon_values.data());
  // Data variables, stored in file order (lat index i is north row 2 - i when south_up).
  for (const char* variable : {"tas", "pr"}) {
    GDALMDArrayH array = GDALGroupCreateMDArray(root, variable, 3, dims, float32, nullptr);
    std::vector<float> values(steps * kRows * kCols);
    for (std::size_t t = 0; t < steps; ++t) {
      for (std::size_t i = 0; i < kRows; ++i) {
        const std::size_t north_row = south_up ? kRows - 1 - i : i;
        for (std::size_t j = 0; j < kCols; ++j) {
          const auto k = static_cast<float>(north_row * kCols + j + 1);
          values[(t * kRows + i) * kCols + j] =
              std::string(variable) == "tas" ? 100.0f * static_cast<float>(t + 1) + k : -k;
        }
      }
    }
    write_all(array, {steps, kRows, kCols}, float32, values.data());
    GDALMDArrayRelease(array);
  }
  GDALMDArrayRelease(time);
  GDALMDArrayRelease(lat);
  GDALMDArrayRelease(lon);
  for (GDALDimensionH dim : dims)
    GDALDimensionRelease(dim);
  GDALExtendedDataTypeRelease(float64);
  GDALExtendedDataTypeRelease(float32);
  GDALExtendedDataTypeRelease(text);
  GDALGroupRelease(root);
  GDALClose(ds);
  return file;
}

std::string GeoTest::write_polygons(const std::string& name,
                                    const std::vector<std::array<double, 4>>& boxes,
                                    const std::vector<std::string>& codes,
                                    const std::vector<std::string>& names,
                                    const std::string& driver) const {
  const std::string file = path(name).string();
  GDALDatasetH ds =
      GDALCreate(GDALGetDriverByName(driver.c_str()), file.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (ds == nullptr) throw std::runtime_error("fixture: cannot create " + file);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 4326);
  OGRLayerH layer = GDALDatasetCreateLayer(ds, "regions", srs, wkbPolygon, nullptr);
  OSRDestroySpatialReference(srs);
  for (const char* field : {"code", "name"}) {
    OGRFieldDefnH definition = OGR_Fld_Create(field, OFTString);
    OGR_L_CreateField(layer, definition, TRUE);
    OGR_Fld_Destroy(definition);
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const auto& b = boxes[i];
    OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGR_F_SetFieldString(feature, 0, codes[i].c_str());
    OGR_F_SetFieldString(feature, 1, names[i].c_str());
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    OGR_G_AddPoint_2D(ring, b[0], b[1]);
    OGR_G_AddPoint_2D(ring, b[2], b[1]);
    OGR_G_AddPoint_2D(ring, b[2], b[3]);
    OGR_G_AddPoint_2D(ring, b[0], b[3]);
    OGR_G_AddPoint_2D(ring, b[0], b[1]);
    OGRGeometryH polygon = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(polygon, ring);
    OGR_F_SetGeometryDirectly(feature, polygon);
    if (OGR_L_CreateFeature(layer, feature) != OGRERR_NONE) {
      throw std::runtime_error("fixture: cannot write a feature to " + file);
    }
    OGR_F_Destroy(feature);
  }
  GDALClose(ds);
  return file;
}

void expect_input_error(const std::function<void()>& action,
                        std::initializer_list<std::string> fragments) {
  try {
    action();
    ADD_FAILURE() << "no InputError thrown";
  } catch (const InputError& error) {
    const std::string message = error.what();
    for (const auto& fragment : fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "message lacks '" << fragment << "': " << message;
    }
  } catch (const std::exception& other) {
    ADD_FAILURE() << "not an InputError: " << other.what();
  }
}

}  // namespace displace::geo::testing
