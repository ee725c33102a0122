// The simulation grid: bounds, true cell areas, cell centres, and GeoTIFF writing.
#include <cmath>
#include <numeric>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/write.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;
using testing::GeoTest;

TEST(Grid, FromBoundsCoversTheBoundsWithWholeCells) {
  const auto grid = grid_from_bounds("EPSG:4326", -68.8, 16.4, -63.8, 20.1, 0.1, 0.1);
  EXPECT_EQ(grid.width, 50);
  EXPECT_EQ(grid.height, 37);
  EXPECT_TRUE(grid.geographic);
  EXPECT_DOUBLE_EQ(grid.geotransform[0], -68.8);
  EXPECT_DOUBLE_EQ(grid.geotransform[3], 20.1);
  EXPECT_DOUBLE_EQ(grid.geotransform[5], -0.1);
  EXPECT_FALSE(grid_from_bounds("EPSG:32619", 0, 0, 1000, 500, 100, 100).geographic);
}

TEST(Grid, BadDefinitionsAreInputErrors) {
  expect_input_error([] { grid_from_bounds("EPSG:999999", 0, 0, 1, 1, 0.1, 0.1); },
                     {"unknown coordinate reference system", "EPSG:999999"});
  expect_input_error([] { grid_from_bounds("EPSG:4326", 0, 0, 1, 1, 0.0, 0.1); },
                     {"resolution must be positive"});
  expect_input_error([] { grid_from_bounds("EPSG:4326", 1, 0, 0, 1, 0.1, 0.1); }, {"empty bounds"});
}

TEST(Grid, GeographicCellAreasAreEllipsoidal) {
  const auto equator = grid_from_bounds("EPSG:4326", 0, 0, 1, 1, 1, 1);
  const double at_equator = cell_area_km2(equator).front();
  EXPECT_NEAR(at_equator, 12308.0, 12308.0 * 0.005);  // 1 x 1 degree on WGS84
  const auto north = grid_from_bounds("EPSG:4326", 0, 60, 1, 61, 1, 1);
  const double ratio = cell_area_km2(north).front() / at_equator;
  EXPECT_NEAR(ratio, std::cos(60.5 * M_PI / 180.0), 0.01);
  // Areas of all cells of a band sum to the band's area whatever the resolution.
  const auto fine = grid_from_bounds("EPSG:4326", 0, 0, 1, 1, 0.1, 0.1);
  const auto areas = cell_area_km2(fine);
  EXPECT_NEAR(std::accumulate(areas.begin(), areas.end(), 0.0), at_equator, 1e-6 * at_equator);
}

TEST(Grid, ProjectedCellAreaIsDxTimesDy) {
  const auto utm = grid_from_bounds("EPSG:32619", 700000, 2000000, 702000, 2001000, 500, 250);
  for (const double a : cell_area_km2(utm))
    EXPECT_DOUBLE_EQ(a, 0.125);
}

TEST(Grid, CellCentresOfAUtmGridAreInLonLat) {
  const auto utm = grid_from_bounds("EPSG:32619", 500000, 2000000, 502000, 2002000, 1000, 1000);
  std::vector<double> lon;
  std::vector<double> lat;
  cell_centers_lonlat(utm, lon, lat);
  ASSERT_EQ(lon.size(), 4u);
  EXPECT_NEAR(lon[0], -69.0, 0.01);  // UTM zone 19 central meridian
  EXPECT_NEAR(lat[0], 18.09, 0.02);
  EXPECT_GT(lat[0], lat[2]);  // rows go south
}

TEST(Grid, CellIndexOfAPoint) {
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  EXPECT_EQ(cell_index_of(grid, -69.5, 19.5), 0);
  EXPECT_EQ(cell_index_of(grid, -66.5, 17.5), 11);
  EXPECT_EQ(cell_index_of(grid, -71.0, 19.0), -1);
  EXPECT_EQ(cell_index_of(grid, -68.0, 16.9), -1);
}

TEST(Grid, CellIndexOfAPointOnAUtmGrid) {
  const auto utm = grid_from_bounds("EPSG:32619", 500000, 2000000, 503000, 2002000, 1000, 1000);
  EXPECT_EQ(cell_index_of(utm, 500500, 2001500), 0);
  EXPECT_EQ(cell_index_of(utm, 502999, 2000001), 5);
  EXPECT_EQ(cell_index_of(utm, 503001, 2001000), -1);
}

TEST(Grid, CrsGivenAsProjStringOrWkt) {
  const auto proj = grid_from_bounds("+proj=longlat +datum=WGS84 +no_defs", -70, 17, -66, 20, 1, 1);
  EXPECT_TRUE(proj.geographic);
  EXPECT_EQ(proj.width, 4);
  const auto wkt = grid_from_bounds(proj.crs_wkt, -70, 17, -66, 20, 0.5, 0.5);
  EXPECT_TRUE(wkt.geographic);
  EXPECT_EQ(wkt.cell_count(), 48);
  const auto areas = cell_area_km2(wkt);
  EXPECT_LT(areas.front(), areas.back());  // northern cells (row 0) are smaller
}

TEST(Grid, CellCentresOfALonLatGridAreTheCellCentres) {
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  std::vector<double> lon;
  std::vector<double> lat;
  cell_centers_lonlat(grid, lon, lat);
  ASSERT_EQ(lon.size(), 12u);
  ASSERT_EQ(lat.size(), 12u);
  EXPECT_NEAR(lon[0], -69.5, 1e-9);
  EXPECT_NEAR(lat[0], 19.5, 1e-9);
  EXPECT_NEAR(lon[11], -66.5, 1e-9);
  EXPECT_NEAR(lat[11], 17.5, 1e-9);
}

class GeoTiffWriting : public GeoTest {};

TEST_F(GeoTiffWriting, WrittenValuesComeBackWithTheirGrid) {
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  std::vector<float> values(12);
  std::iota(values.begin(), values.end(), 1.0f);
  values[5] = std::nanf("");
  const std::string file = path("map.tif").string();
  write_geotiff(file, grid, values, "people");
  EXPECT_FALSE(std::filesystem::exists(file + ".partial"));
  const RasterSource source{"map", file, "", "", std::nullopt};
  const auto back = read_aligned(source, 1, grid, Resampling::nearest);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i == 5) {
      EXPECT_TRUE(std::isnan(back[i]));
    } else {
      EXPECT_EQ(back[i], values[i]);
    }
  }
  EXPECT_NE(describe_raster(file).find("people"), std::string::npos);
}

TEST_F(GeoTiffWriting, WrittenFileCarriesTheGridAndNodata) {
  const auto grid = grid_from_bounds("EPSG:32619", 500000, 2000000, 503000, 2002000, 1000, 1000);
  std::vector<float> values(6, 2.5f);
  values[0] = std::nanf("");
  const std::string file = path("utm.tif").string();
  write_geotiff(file, grid, values, "flood_depth_m");
  const RasterSource source{"utm", file, "", "", std::nullopt};
  const auto back = grid_of(source);
  EXPECT_EQ(back.width, 3);
  EXPECT_EQ(back.height, 2);
  EXPECT_FALSE(back.geographic);
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_DOUBLE_EQ(back.geotransform[i], grid.geotransform[i]);
  EXPECT_EQ(band_count(source), 1);
  const auto text = describe_raster(file);
  EXPECT_NE(text.find("32619"), std::string::npos) << text;
  EXPECT_NE(text.find("flood_depth_m"), std::string::npos) << text;
}

TEST_F(GeoTiffWriting, WrongValueCountIsRefused) {
  const auto grid = grid_from_bounds("EPSG:4326", 0, 0, 2, 2, 1, 1);
  const std::string file = path("short.tif").string();
  EXPECT_ANY_THROW(write_geotiff(file, grid, {1.0f, 2.0f}, "x"));
}

TEST_F(GeoTiffWriting, MissingFolderIsAnInputError) {
  const auto grid = grid_from_bounds("EPSG:4326", 0, 0, 1, 1, 1, 1);
  const std::string file = path("nowhere/map.tif").string();
  expect_input_error([&] { write_geotiff(file, grid, {1.0f}, "x"); }, {file, "does not exist"});
}

}  // namespace
}  // namespace displace::geo
