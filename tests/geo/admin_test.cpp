// Admin regions from polygons (rasterised through GDAL) and from a raster of codes.
#include <cmath>

#include "displace/geo/admin.hpp"
#include "displace/geo/grid.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;

class AdminRegions : public testing::GeoTest {};

TEST_F(AdminRegions, PolygonsBecomeRegionsInCodeOrder) {
  // East half first in the file with code B; west half code A; a tiny island between cells.
  const auto file = write_polygons(
      "regions.gpkg", {{-68, 17, -66, 20}, {-70, 17, -68, 20}, {-67.99, 17.01, -67.98, 17.02}},
      {"B", "A", "C"}, {"East", "West", "Islet"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto admin = rasterize_admin("districts", file, "code", "name", grid);
  EXPECT_EQ(admin.codes, (std::vector<std::string>{"A", "B"}));  // C covers no cell
  EXPECT_EQ(admin.names, (std::vector<std::string>{"West", "East"}));
  ASSERT_EQ(admin.region_of_cell.size(), 12u);
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 4; ++col) {
      EXPECT_EQ(admin.region_of_cell[static_cast<std::size_t>(row * 4 + col)], col < 2 ? 0 : 1);
    }
  }
}

TEST_F(AdminRegions, TwoLevelsGiveEachCellAUnitPerLevelThatNest) {
  // Level 1: two provinces (west, east halves); level 2: six municipalities, three per province
  // (a column of the west, rows of the east), given in a shapefile. Grid: 4 x 3 one-degree cells.
  const auto provinces = write_polygons("provinces.gpkg", {{-70, 17, -68, 20}, {-68, 17, -66, 20}},
                                        {"P1", "P2"}, {"West", "East"});
  const auto municipalities =
      write_polygons("municipalities.shp",
                     {{-70, 17, -69, 20},
                      {-69, 17, -68, 20},
                      {-68, 19, -66, 20},
                      {-68, 18, -66, 19},
                      {-68, 17, -66, 18}},
                     {"P1-A", "P1-B", "P2-N", "P2-M", "P2-S"},
                     {"A", "B", "North", "Middle", "South"}, "ESRI Shapefile");
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto level1 = rasterize_admin("provinces", provinces, "code", "name", grid);
  const auto level2 = rasterize_admin("municipalities", municipalities, "code", "name", grid);
  ASSERT_EQ(level2.codes, (std::vector<std::string>{"P1-A", "P1-B", "P2-M", "P2-N", "P2-S"}));
  const std::vector<std::string> expected = {"P1-A", "P1-B", "P2-N", "P2-N",   // row 0 (north)
                                             "P1-A", "P1-B", "P2-M", "P2-M",   // row 1
                                             "P1-A", "P1-B", "P2-S", "P2-S"};  // row 2 (south)
  for (std::size_t cell = 0; cell < expected.size(); ++cell) {
    const auto unit = level2.region_of_cell[cell];
    ASSERT_GE(unit, 0) << "cell " << cell;
    EXPECT_EQ(level2.codes[static_cast<std::size_t>(unit)], expected[cell]) << "cell " << cell;
    // Each municipality lies in the province its code starts with.
    const auto province = level1.region_of_cell[cell];
    ASSERT_GE(province, 0);
    EXPECT_EQ(expected[cell].substr(0, 2), level1.codes[static_cast<std::size_t>(province)]);
  }
}

TEST_F(AdminRegions, CellsOutsideEveryPolygonHaveNoRegion) {
  const auto file = write_polygons("one.gpkg", {{-70, 17, -69, 18}}, {"X"}, {"Corner"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto admin = rasterize_admin("districts", file, "code", "name", grid);
  EXPECT_EQ(admin.region_of_cell[8], 0);   // south-west cell
  EXPECT_EQ(admin.region_of_cell[0], -1);  // north-west cell
  const auto land = land_fraction("districts", file, grid);
  EXPECT_NEAR(land[8], 1.0, 1e-6);
  EXPECT_NEAR(land[0], 0.0, 1e-6);
}

TEST_F(AdminRegions, LandFractionOfAHalfCoveredCell) {
  // (Two cells: GDAL 3.6's warper leaves a one-cell destination empty.)
  const auto file = write_polygons("half.gpkg", {{-70, 17, -69.75, 17.5}}, {"X"}, {"Half"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -69, 17.5, 0.5, 0.5);
  const auto land = land_fraction("land", file, grid);
  EXPECT_NEAR(land[0], 0.5, 1e-6);
  EXPECT_NEAR(land[1], 0.0, 1e-6);
}

TEST_F(AdminRegions, MissingFieldsAndFilesAreInputErrors) {
  const auto file = write_polygons("r.gpkg", {{-70, 17, -66, 20}}, {"A"}, {"All"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  expect_input_error([&] { rasterize_admin("districts", file, "ISO", "name", grid); },
                     {"admin layer 'districts'", file, "no field 'ISO'", "code, name"});
  const std::string missing = path("gone.gpkg").string();
  expect_input_error([&] { rasterize_admin("districts", missing, "code", "name", grid); },
                     {"admin layer 'districts'", missing, "not found"});
}

TEST_F(AdminRegions, CodesFromARasterUseTheMostCommonCode) {
  testing::RasterSpec spec;
  spec.type = "Int32";
  spec.nodata = 0;
  spec.width = 4;
  spec.height = 2;
  spec.geotransform = {-70, 0.5, 0, 20, 0, -0.5};
  spec.bands = {{7, 7, 3, 3, 7, 9, 3, 0}};
  const auto file = write_raster("codes.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -70, 19, -68, 20, 1, 1);
  const auto admin = admin_from_raster(RasterSource{"codes", file, "", "", std::nullopt}, 1, grid,
                                       {{"3", "Three"}});
  EXPECT_EQ(admin.codes, (std::vector<std::string>{"3", "7"}));
  EXPECT_EQ(admin.names, (std::vector<std::string>{"Three", "7"}));
  EXPECT_EQ(admin.region_of_cell, (std::vector<std::int32_t>{1, 0}));
}

TEST_F(AdminRegions, CoastalCellWithoutACoveredCentreKeepsTheTouchingPolygon) {
  // A small island in the south-west cell: it covers no cell centre, but no other polygon does
  // either, so the cell is the island's.
  const auto file = write_polygons("island.gpkg", {{-70, 17, -69.7, 17.3}, {-67, 19, -66, 20}},
                                   {"I", "M"}, {"Island", "Mainland"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto admin = rasterize_admin("districts", file, "code", "name", grid);
  EXPECT_EQ(admin.codes, (std::vector<std::string>{"I", "M"}));
  EXPECT_EQ(admin.region_of_cell[8], 0);  // south-west: the island
  EXPECT_EQ(admin.region_of_cell[3], 1);  // north-east: the mainland
  EXPECT_EQ(admin.region_of_cell[9], -1);
  const auto land = land_fraction("districts", file, grid);
  EXPECT_NEAR(land[8], 0.09, 0.01);  // 0.3 x 0.3 of the cell
}

TEST_F(AdminRegions, FeaturesSharingACodeAreOneRegion) {
  // A district in two parts (west column and east column), another in between.
  const auto file =
      write_polygons("parts.gpkg", {{-70, 17, -69, 20}, {-69, 17, -67, 20}, {-67, 17, -66, 20}},
                     {"D1", "D2", "D1"}, {"Split", "Middle", "Split"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto admin = rasterize_admin("districts", file, "code", "name", grid);
  ASSERT_EQ(admin.codes, (std::vector<std::string>{"D1", "D2"}));
  EXPECT_EQ(admin.names, (std::vector<std::string>{"Split", "Middle"}));
  EXPECT_EQ(admin.region_of_cell[0], 0);
  EXPECT_EQ(admin.region_of_cell[1], 1);
  EXPECT_EQ(admin.region_of_cell[2], 1);
  EXPECT_EQ(admin.region_of_cell[3], 0);
}

TEST_F(AdminRegions, ShapefilePolygonsOntoAUtmGrid) {
  // Polygons in lon/lat (EPSG:4326 .prj) rasterised onto a UTM 19N grid: west and east of -69.
  const auto file = write_polygons("regions.shp", {{-70, 17, -69, 19}, {-69, 17, -68, 19}},
                                   {"W", "E"}, {"West", "East"}, "ESRI Shapefile");
  const auto grid = grid_from_bounds("EPSG:32619", 480000, 1950000, 520000, 1970000, 10000, 10000);
  const auto admin = rasterize_admin("districts", file, "code", "name", grid);
  ASSERT_EQ(admin.codes, (std::vector<std::string>{"E", "W"}));
  // Easting 500 km is the central meridian -69: columns 0-1 west, 2-3 east.
  for (int row = 0; row < 2; ++row) {
    for (int col = 0; col < 4; ++col) {
      EXPECT_EQ(admin.region_of_cell[static_cast<std::size_t>(row * 4 + col)], col < 2 ? 1 : 0)
          << "row " << row << " col " << col;
    }
  }
}

TEST_F(AdminRegions, MissingNameFieldAndEmptyOverlapAreInputErrors) {
  const auto file = write_polygons("r.gpkg", {{-70, 17, -66, 20}}, {"A"}, {"All"});
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  expect_input_error([&] { rasterize_admin("districts", file, "code", "NAME_1", grid); },
                     {"admin layer 'districts'", file, "no field 'NAME_1'"});
  const auto far = grid_from_bounds("EPSG:4326", 10, 10, 12, 12, 1, 1);
  expect_input_error([&] { rasterize_admin("districts", file, "code", "name", far); },
                     {"admin layer 'districts'", file});
}

TEST_F(AdminRegions, RasterCodesAreInNumericOrderAndNodataCellsHaveNoRegion) {
  testing::RasterSpec spec;
  spec.type = "Int32";
  spec.nodata = -1;
  spec.bands = {{10, 10, 9, 9, 10, 10, 9, 9, -1, -1, -1, -1}};
  const auto file = write_raster("codes.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto admin = admin_from_raster(RasterSource{"codes", file, "", "", std::nullopt}, 1, grid,
                                       {{"10", "Ten"}, {"9", "Nine"}});
  EXPECT_EQ(admin.codes, (std::vector<std::string>{"9", "10"}));
  EXPECT_EQ(admin.names, (std::vector<std::string>{"Nine", "Ten"}));
  EXPECT_EQ(admin.region_of_cell,
            (std::vector<std::int32_t>{1, 1, 0, 0, 1, 1, 0, 0, -1, -1, -1, -1}));
}

TEST_F(AdminRegions, ShapefileWithoutPrjIsAnInputError) {
  const auto file =
      write_polygons("noprj.shp", {{-70, 17, -66, 20}}, {"A"}, {"All"}, "ESRI Shapefile");
  std::filesystem::remove(path("noprj.prj"));
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  expect_input_error([&] { rasterize_admin("districts", file, "code", "name", grid); },
                     {"admin layer 'districts'", file, ".prj"});
}

}  // namespace
}  // namespace displace::geo
