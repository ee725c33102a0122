#pragma once
// Test support for geo/: a temporary folder, and small rasters and vectors written with GDAL.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_folder.hpp"

namespace displace::geo::testing {

/// A north-up raster to write: `bands` are row-major, width*height values each.
struct RasterSpec {
  std::string crs = "EPSG:4326";  ///< empty = no CRS in the file
  std::array<double, 6> geotransform{-70.0, 1.0, 0.0, 20.0, 0.0, -1.0};
  int width = 4;
  int height = 3;
  std::vector<std::vector<float>> bands;
  std::string type = "Float32";  ///< GDAL data type name (Float32, Int16, Byte, Int32)
  std::optional<double> nodata;
  std::optional<double> scale;
  std::optional<double> offset;
};

/// Per-test temporary folder (test_support::TempFolder), removed afterwards.
class GeoTest : public ::testing::Test {
 protected:
  void SetUp() override;
  std::filesystem::path path(const std::string& name) const { return folder_ / name; }

  /// Writes a GeoTIFF (or, with `driver`, any GDAL raster format via CreateCopy).
  std::string write_raster(const std::string& name, const RasterSpec& spec,
                           const std::string& driver = "GTiff") const;
  /// A NetCDF file with a `time` dimension: one band per time value ("days since 2000-01-01" on
  /// `calendar`), each band filled with its index + 1.
  std::string write_time_series(const std::string& name, const std::string& calendar,
                                const std::vector<double>& days) const;
  /// A CF NetCDF file written with GDAL's multidimensional API: dimensions time x lat x lon over
  /// 3 x 4 one-degree cells (-70..-66 E, 17..20 N), latitudes stored south first when `south_up`
  /// (as most climate models do). Two variables: `tas` = 100 * (t + 1) + k and `pr` = -k, where
  /// k = 1..12 numbers the cells row-major from the north-west corner. `time` carries `units` and,
  /// when not empty, `calendar`.
  std::string write_cf_netcdf(const std::string& name, const std::string& units,
                              const std::string& calendar, const std::vector<double>& times,
                              bool south_up) const;
  /// A GeoPackage of rectangles (xmin, ymin, xmax, ymax) in EPSG:4326 with fields code and name.
  std::string write_polygons(const std::string& name,
                             const std::vector<std::array<double, 4>>& boxes,
                             const std::vector<std::string>& codes,
                             const std::vector<std::string>& names,
                             const std::string& driver = "GPKG") const;

 private:
  test_support::TempFolder folder_{"geo"};
};

/// Expects `action` to throw displace::InputError whose message contains every fragment.
void expect_input_error(const std::function<void()>& action,
                        std::initializer_list<std::string> fragments);

}  // namespace displace::geo::testing
#include "support/temp_folder.hpp"
