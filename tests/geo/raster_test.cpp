// Reading rasters through GDAL and aligning them onto the grid: values, nodata, scale/offset,
// CRS overrides, reprojection, 0-360 longitudes, and every failure as a clear InputError.
#include <cpl_vsi.h>
#include <cmath>

#include <fstream>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;
using testing::RasterSpec;

class RasterReading : public testing::GeoTest {
 protected:
  /// 4 x 3 cells of 1 degree over -70..-66, 17..20, values 1..12.
  static RasterSpec counting() {
    RasterSpec spec;
    std::vector<float> values(12);
    for (int i = 0; i < 12; ++i)
      values[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
    spec.bands = {values};
    return spec;
  }
  static GridDefinition same_grid() {
    return grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  }
  static RasterSource source(const std::string& name, const std::string& file) {
    return RasterSource{name, file, "", "", std::nullopt};
  }
};

TEST_F(RasterReading, SameGridRoundTripsValues) {
  const auto file = write_raster("a.tif", counting());
  const auto values = read_aligned(source("a", file), 1, same_grid(), Resampling::nearest);
  ASSERT_EQ(values.size(), 12u);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(values[static_cast<std::size_t>(i)], static_cast<float>(i + 1));
  EXPECT_EQ(band_count(source("a", file)), 1);
  const auto grid = grid_of(source("a", file));
  EXPECT_EQ(grid.width, 4);
  EXPECT_EQ(grid.height, 3);
  EXPECT_TRUE(grid.geographic);
}

TEST_F(RasterReading, NodataAndNanBecomeNan) {
  auto spec = counting();
  spec.nodata = 3.0;
  spec.bands[0][5] = std::nanf("");
  const auto file = write_raster("a.tif", spec);
  const auto values = read_aligned(source("a", file), 1, same_grid(), Resampling::nearest);
  EXPECT_TRUE(std::isnan(values[2]));
  EXPECT_TRUE(std::isnan(values[5]));
  EXPECT_EQ(values[0], 1.0f);
  // A user's nodata replaces the file's.
  RasterSource overridden = source("a", file);
  overridden.nodata_override = 1.0;
  const auto again = read_aligned(overridden, 1, same_grid(), Resampling::nearest);
  EXPECT_TRUE(std::isnan(again[0]));
  EXPECT_EQ(again[2], 3.0f);
}

TEST_F(RasterReading, ScaleAndOffsetAreApplied) {
  auto spec = counting();
  spec.type = "Int16";
  spec.scale = 0.5;
  spec.offset = 10.0;
  spec.nodata = -32768;
  spec.bands[0][0] = -32768;
  const auto file = write_raster("packed.tif", spec);
  const auto values = read_aligned(source("packed", file), 1, same_grid(), Resampling::nearest);
  EXPECT_TRUE(std::isnan(values[0]));
  EXPECT_FLOAT_EQ(values[1], 2 * 0.5f + 10.0f);
  EXPECT_FLOAT_EQ(values[11], 12 * 0.5f + 10.0f);
}

TEST_F(RasterReading, FileWithoutCrsNeedsTheScenariosCrs) {
  auto spec = counting();
  spec.crs = "";
  const auto file = write_raster("nocrs.asc", spec, "AAIGrid");
  expect_input_error(
      [&] { read_aligned(source("wind", file), 1, same_grid(), Resampling::nearest); },
      {"layer 'wind'", file, "no CRS", "crs:"});
  RasterSource with_crs = source("wind", file);
  with_crs.crs_override = "EPSG:4326";
  const auto values = read_aligned(with_crs, 1, same_grid(), Resampling::nearest);
  EXPECT_EQ(values[6], 7.0f);
}

TEST_F(RasterReading, BrokenInputsAreInputErrorsNamingLayerAndFile) {
  const auto grid = same_grid();
  const std::string missing = path("missing.tif").string();
  expect_input_error([&] { read_aligned(source("pop", missing), 1, grid, Resampling::nearest); },
                     {"layer 'pop'", missing, "not found"});
  const std::string garbage = path("garbage.tif").string();
  std::ofstream(garbage) << "this is not a GeoTIFF at all, just some bytes";
  expect_input_error([&] { read_aligned(source("pop", garbage), 1, grid, Resampling::nearest); },
                     {"layer 'pop'", garbage, "cannot open"});
  const auto file = write_raster("a.tif", counting());
  expect_input_error([&] { read_aligned(source("pop", file), 2, grid, Resampling::nearest); },
                     {"layer 'pop'", file, "band 2 out of range", "1 band"});
  const auto far = grid_from_bounds("EPSG:4326", 10, 10, 12, 12, 1, 1);
  expect_input_error([&] { read_aligned(source("pop", file), 1, far, Resampling::nearest); },
                     {"layer 'pop'", file, "does not overlap"});
  auto empty = counting();
  empty.nodata = -1.0;
  std::fill(empty.bands[0].begin(), empty.bands[0].end(), -1.0f);
  const auto nodata_file = write_raster("empty.tif", empty);
  expect_input_error(
      [&] { read_aligned(source("pop", nodata_file), 1, grid, Resampling::nearest); },
      {"layer 'pop'", nodata_file, "no valid value"});
}

TEST_F(RasterReading, AveragesOntoACoarserGrid) {
  const auto file = write_raster("a.tif", counting());
  const auto coarse = grid_from_bounds("EPSG:4326", -70, 18, -66, 20, 2, 2);  // top two rows
  const auto values = read_aligned(source("a", file), 1, coarse, Resampling::average);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_FLOAT_EQ(values[0], (1 + 2 + 5 + 6) / 4.0f);
  EXPECT_FLOAT_EQ(values[1], (3 + 4 + 7 + 8) / 4.0f);
}

TEST_F(RasterReading, BandsComeBackInTheOrderAsked) {
  auto spec = counting();
  spec.bands = {std::vector<float>(12, 1.0f), std::vector<float>(12, 2.0f),
                std::vector<float>(12, 3.0f)};
  const auto file = write_raster("three.tif", spec);
  const auto bands =
      read_aligned_bands(source("s", file), {3, 1}, same_grid(), Resampling::nearest);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0][0], 3.0f);
  EXPECT_EQ(bands[1][0], 1.0f);
}

TEST_F(RasterReading, UtmRasterLandsInTheRightLonLatCells) {
  // 10 x 10 km cells in UTM 19N around (-69 E, 18.1 N); one hot cell at its north-west corner.
  RasterSpec spec;
  spec.crs = "EPSG:32619";
  spec.width = 20;
  spec.height = 20;
  spec.geotransform = {400000, 10000, 0, 2100000, 0, -10000};
  std::vector<float> values(400, 0.0f);
  values[0] = 100.0f;
  spec.bands = {values};
  const auto file = write_raster("utm.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -70.5, 17.0, -67.5, 19.5, 0.05, 0.05);
  const auto aligned = read_aligned(source("utm", file), 1, grid, Resampling::nearest);
  // The hot cell spans x 400-410 km, y 2090-2100 km: lon about -69.95..-69.86, lat 18.9..18.99.
  const auto hot = static_cast<std::size_t>(cell_index_of(grid, -69.9, 18.95));
  EXPECT_EQ(aligned[hot], 100.0f);
  const auto elsewhere = static_cast<std::size_t>(cell_index_of(grid, -68.5, 18.0));
  EXPECT_EQ(aligned[elsewhere], 0.0f);
}

TEST_F(RasterReading, LongitudesFrom0To360AreShiftedOntoTheGrid) {
  RasterSpec spec;
  spec.geotransform = {290.0, 1.0, 0.0, 20.0, 0.0, -1.0};  // 290..294 E = -70..-66
  spec.width = 4;
  spec.height = 3;
  spec.bands = counting().bands;
  const auto file = write_raster("hadcm3.tif", spec);
  const auto values = read_aligned(source("heat", file), 1, same_grid(), Resampling::nearest);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(values[static_cast<std::size_t>(i)], static_cast<float>(i + 1));
}

TEST_F(RasterReading, DescribeRasterSaysWhatGdalSees) {
  auto spec = counting();
  spec.nodata = -9;
  const auto file = write_raster("a.tif", spec);
  const auto text = describe_raster(file);
  for (const char* fragment : {"GTiff", "4 x 3", "4326", "band 1", "nodata -9", "min 1 max 12"}) {
    EXPECT_NE(text.find(fragment), std::string::npos) << fragment << " missing in\n" << text;
  }
  expect_input_error([&] { describe_raster(path("nope.tif").string()); }, {"nope.tif"});
}

TEST_F(RasterReading, Int16WithScaleOneTenthAndOffsetFive) {
  auto spec = counting();
  spec.type = "Int16";
  spec.scale = 0.1;
  spec.offset = 5.0;
  spec.bands[0][3] = -200;
  const auto file = write_raster("tenths.tif", spec);
  const auto values = read_aligned(source("tenths", file), 1, same_grid(), Resampling::nearest);
  EXPECT_NEAR(values[0], 5.1f, 1e-5f);
  EXPECT_NEAR(values[3], -15.0f, 1e-5f);
  EXPECT_NEAR(values[11], 6.2f, 1e-5f);
}

TEST_F(RasterReading, BilinearOntoAFinerGridFollowsALinearRamp) {
  // Values rise by 1 per column: a half-cell grid inside the outer cell centres sees the ramp.
  RasterSpec spec;
  spec.bands = {{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}};
  const auto file = write_raster("ramp.tif", spec);
  const auto fine = grid_from_bounds("EPSG:4326", -69.5, 17.5, -66.5, 19.5, 0.5, 0.5);
  const auto values = read_aligned(source("ramp", file), 1, fine, Resampling::bilinear);
  ASSERT_EQ(values.size(), 24u);
  // Fine cell centres at x = -69.25, -68.75, ...: half-way between source centres.
  for (int col = 0; col < 6; ++col) {
    const float expected = 1.25f + 0.5f * static_cast<float>(col);
    EXPECT_NEAR(values[static_cast<std::size_t>(1 * 6 + col)], expected, 1e-4f) << "col " << col;
  }
}

TEST_F(RasterReading, SumOntoACoarserGridKeepsTheTotal) {
  const auto file = write_raster("a.tif", counting());
  const auto coarse = grid_from_bounds("EPSG:4326", -70, 18, -66, 20, 2, 2);
  const auto values = read_aligned(source("a", file), 1, coarse, Resampling::sum);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_FLOAT_EQ(values[0], 1 + 2 + 5 + 6);
  EXPECT_FLOAT_EQ(values[1], 3 + 4 + 7 + 8);
}

TEST_F(RasterReading, CellsOutsideTheSourceAreNan) {
  const auto file = write_raster("a.tif", counting());
  const auto wider = grid_from_bounds("EPSG:4326", -71, 17, -66, 20, 1, 1);  // one column west
  const auto values = read_aligned(source("a", file), 1, wider, Resampling::nearest);
  ASSERT_EQ(values.size(), 15u);
  EXPECT_TRUE(std::isnan(values[0]));
  EXPECT_EQ(values[1], 1.0f);
  EXPECT_TRUE(std::isnan(values[10]));
  EXPECT_EQ(values[14], 12.0f);
}

TEST_F(RasterReading, BandsKeepTheirOwnNodata) {
  auto spec = counting();
  spec.nodata = -9.0;
  spec.bands = {std::vector<float>(12, 1.0f), std::vector<float>(12, 2.0f)};
  spec.bands[0][0] = -9.0f;
  spec.bands[1][11] = -9.0f;
  const auto file = write_raster("two.tif", spec);
  const auto bands =
      read_aligned_bands(source("s", file), {1, 2}, same_grid(), Resampling::nearest);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_TRUE(std::isnan(bands[0][0]));
  EXPECT_EQ(bands[0][11], 1.0f);
  EXPECT_EQ(bands[1][0], 2.0f);
  EXPECT_TRUE(std::isnan(bands[1][11]));
  expect_input_error(
      [&] {
        read_aligned_bands(source("s", file), {1, 3}, same_grid(), Resampling::nearest);
      },
      {"layer 's'", file, "band 3"});
}

TEST_F(RasterReading, GzippedAsciiGridThroughVsigzip) {
  const std::string gz = path("grid.asc.gz").string();
  {
    // An ESRI ASCII grid (no .prj), gzipped through GDAL's virtual file system.
    const std::string text =
        "ncols 4\nnrows 3\nxllcorner -70\nyllcorner 17\ncellsize 1\n"
        "1 2 3 4\n5 6 7 8\n9 10 11 12\n";
    VSILFILE* out = VSIFOpenL(("/vsigzip/" + gz).c_str(), "wb");
    ASSERT_NE(out, nullptr);
    ASSERT_EQ(VSIFWriteL(text.data(), 1, text.size(), out), text.size());
    VSIFCloseL(out);
  }
  RasterSource zipped = source("zipped", "/vsigzip/" + gz);
  zipped.crs_override = "EPSG:4326";
  const auto values = read_aligned(zipped, 1, same_grid(), Resampling::nearest);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(values[static_cast<std::size_t>(i)], static_cast<float>(i + 1));
}

TEST_F(RasterReading, UnknownCrsOverrideIsAnInputError) {
  const auto file = write_raster("a.tif", counting());
  RasterSource bad = source("wind", file);
  bad.crs_override = "EPSG:0";
  expect_input_error([&] { read_aligned(bad, 1, same_grid(), Resampling::nearest); },
                     {"layer 'wind'", file, "EPSG:0"});
}

TEST_F(RasterReading, GlobalLongitudes0To360FillAGridAcrossTheGreenwichMeridian) {
  // A global climate field on 0..360 (36 columns of 10 degrees, value = column + 1) read onto a
  // grid from 20 W to 20 E: the western half comes from columns 34-35 (340..360 E).
  RasterSpec spec;
  spec.width = 36;
  spec.height = 18;
  spec.geotransform = {0.0, 10.0, 0.0, 90.0, 0.0, -10.0};
  std::vector<float> values(36 * 18);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(i % 36 + 1);
  spec.bands = {values};
  const auto file = write_raster("global.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -20, 0, 20, 10, 10, 10);
  const auto aligned = read_aligned(source("tas", file), 1, grid, Resampling::nearest);
  ASSERT_EQ(aligned.size(), 4u);
  EXPECT_EQ(aligned[0], 35.0f);  // -20..-10 = 340..350 E
  EXPECT_EQ(aligned[1], 36.0f);  // -10..0 = 350..360 E
  EXPECT_EQ(aligned[2], 1.0f);   // 0..10 E
  EXPECT_EQ(aligned[3], 2.0f);   // 10..20 E
}

TEST_F(RasterReading, DescribingAGarbageFileIsAnInputError) {
  const std::string garbage = path("garbage.tif").string();
  std::ofstream(garbage) << "II*\0 not really a TIFF";
  expect_input_error([&] { describe_raster(garbage); }, {garbage});
}

}  // namespace
}  // namespace displace::geo
