// People per cell: totals conserved across resolutions and projections; densities times the
// true cell area; negative values refused.
#include <cmath>
#include <numeric>

#include "displace/geo/grid.hpp"
#include "displace/geo/population.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;
using testing::RasterSpec;

class Population : public testing::GeoTest {
 protected:
  /// 30 x 30 cells of 0.1 degree over -70..-67, 17..20, uneven counts.
  std::string count_layer() {
    RasterSpec spec;
    spec.width = 30;
    spec.height = 30;
    spec.geotransform = {-70.0, 0.1, 0.0, 20.0, 0.0, -0.1};
    std::vector<float> people(900);
    for (std::size_t i = 0; i < people.size(); ++i) {
      people[i] = static_cast<float>((i * 37) % 101);
    }
    total_ = std::accumulate(people.begin(), people.end(), 0.0);
    spec.bands = {people};
    return write_raster("count.tif", spec);
  }
  static double sum(const std::vector<float>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0);
  }
  double total_ = 0.0;
};

TEST_F(Population, CountTotalIsKeptOnCoarserAndFinerGrids) {
  const RasterSource source{"population", count_layer(), "", "", std::nullopt};
  const auto coarse = grid_from_bounds("EPSG:4326", -70, 17, -67, 20, 0.3, 0.3);
  EXPECT_NEAR(sum(read_population_people(source, 1, coarse, false)), total_, total_ * 1e-3);
  const auto fine = grid_from_bounds("EPSG:4326", -70, 17, -67, 20, 0.05, 0.05);
  const auto people = read_population_people(source, 1, fine, false);
  EXPECT_NEAR(sum(people), total_, total_ * 1e-3);
  // A fine cell gets about a quarter of its source cell (the first source cell holds 0 people,
  // the second 37).
  EXPECT_NEAR(people[2], 37.0f / 4.0f, 37.0f / 4.0f * 0.05f);
}

TEST_F(Population, CountTotalIsKeptOnAThreeTimesFinerGrid) {
  const RasterSource source{"population", count_layer(), "", "", std::nullopt};
  const auto fine = grid_from_bounds("EPSG:4326", -70, 17, -67, 20, 0.1 / 3, 0.1 / 3);
  ASSERT_EQ(fine.width, 90);
  const auto people = read_population_people(source, 1, fine, false);
  EXPECT_NEAR(sum(people), total_, total_ * 1e-3);
  for (const float p : people)
    EXPECT_GE(p, 0.0f);
}

TEST_F(Population, CountTotalIsKeptAcrossReprojection) {
  const RasterSource source{"population", count_layer(), "", "", std::nullopt};
  const auto utm = grid_from_bounds("EPSG:32619", 350000, 1850000, 750000, 2250000, 5000, 5000);
  const auto people = read_population_people(source, 1, utm, false);
  EXPECT_NEAR(sum(people), total_, total_ * 1e-3);  // the UTM grid covers the whole layer
}

TEST_F(Population, PartialOverlapKeepsThePeopleInside) {
  const RasterSource source{"population", count_layer(), "", "", std::nullopt};
  const auto west = grid_from_bounds("EPSG:4326", -70, 17, -68.5, 20, 0.3, 0.3);
  double inside = 0.0;  // source columns 0..14
  for (std::size_t i = 0; i < 900; ++i) {
    if (i % 30 < 15) inside += static_cast<double>((i * 37) % 101);
  }
  EXPECT_NEAR(sum(read_population_people(source, 1, west, false)), inside, inside * 1e-3);
}

TEST_F(Population, DensityIsMultipliedByTheTrueCellArea) {
  RasterSpec spec;
  spec.bands = {std::vector<float>(12, 100.0f)};  // people per km2
  const RasterSource source{"density", write_raster("density.tif", spec), "", "", std::nullopt};
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 0.5, 0.5);
  const auto people = read_population_people(source, 1, grid, true);
  const auto area = cell_area_km2(grid);
  for (std::size_t i = 0; i < people.size(); i += 5) {
    EXPECT_NEAR(people[i], 100.0 * area[i], 1e-4 * 100.0 * area[i]);
  }
}

TEST_F(Population, DensityOnAUtmGridIsDensityTimesCellArea) {
  RasterSpec spec;
  spec.width = 40;
  spec.height = 30;
  spec.geotransform = {-70.0, 0.1, 0.0, 20.0, 0.0, -0.1};
  spec.bands = {std::vector<float>(1200, 100.0f)};
  const RasterSource source{"density", write_raster("density.tif", spec), "", "", std::nullopt};
  const auto utm = grid_from_bounds("EPSG:32619", 450000, 1950000, 550000, 2050000, 10000, 10000);
  const auto people = read_population_people(source, 1, utm, true);
  for (const float p : people)
    EXPECT_NEAR(p, 100.0 * 100.0, 100.0 * 100.0 * 0.01);  // 100 people/km2 x 100 km2
}

TEST_F(Population, CellsBeyondTheLayerHaveNobody) {
  const RasterSource source{"population", count_layer(), "", "", std::nullopt};
  const auto wider = grid_from_bounds("EPSG:4326", -71, 16, -66, 21, 0.5, 0.5);
  const auto people = read_population_people(source, 1, wider, false);
  for (const float p : people) {
    EXPECT_FALSE(std::isnan(p));
    EXPECT_GE(p, 0.0f);
  }
  EXPECT_EQ(people[0], 0.0f);  // north-west corner, outside the layer
  EXPECT_NEAR(sum(people), total_, total_ * 1e-3);
}

TEST_F(Population, NodataIsNobodyAndNegativeCountsAreRefused) {
  RasterSpec spec;
  spec.nodata = -9999;
  spec.bands = {std::vector<float>(12, 10.0f)};
  spec.bands[0][0] = -9999;
  const RasterSource source{"population", write_raster("p.tif", spec), "", "", std::nullopt};
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  const auto people = read_population_people(source, 1, grid, false);
  EXPECT_EQ(people[0], 0.0f);
  EXPECT_NEAR(sum(people), 110.0, 1e-3);

  spec.bands[0][3] = -5.0f;
  const auto bad = write_raster("bad.tif", spec);
  const RasterSource negative{"population", bad, "", "", std::nullopt};
  expect_input_error([&] { read_population_people(negative, 1, grid, false); },
                     {"layer 'population'", bad, "negative"});
}

}  // namespace
}  // namespace displace::geo
