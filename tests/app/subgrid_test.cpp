// Sub-grid exposure (#18): a flood finer than the simulation grid is not averaged away. The same
// generated 0.01-degree flood and population, run on grids of 0.01 to 0.25 degrees, displace
// nearly the same number of households; with one exposure slot (the cell mean) the coarse grid
// displaces nobody, which is the failure this guards against.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/subgrid.hpp"
#include "displace/geo/write.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

using testing::cli;

/// A 1 x 1 degree world at 0.01 degree: a river band 0.05 degree wide (x in [-65.60, -65.55))
/// flooded 2 m deep; 40 people per fine cell along the river, 8 elsewhere.
void write_fine_world(const testing::World& world) {
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 17.0, -65.0, 18.0, 0.01, 0.01);
  std::vector<float> depth(static_cast<std::size_t>(grid.cell_count()), 0.0f);
  std::vector<float> people(depth.size(), 8.0f);
  for (int row = 0; row < grid.height; ++row) {
    for (int col = 0; col < grid.width; ++col) {
      const double x = grid.cell_center_x(col);
      if (x >= -65.60 && x < -65.55) {
        const auto c = static_cast<std::size_t>(row * grid.width + col);
        depth[c] = 2.0f;
        people[c] = 40.0f;
      }
    }
  }
  geo::write_geotiff((world.dir() / "flood.tif").string(), grid, depth, "flood depth (m)");
  geo::write_geotiff((world.dir() / "people.tif").string(), grid, people, "people");
}

std::string scenario_text(double resolution_deg, int slots, const std::string& out) {
  return "name: subgrid\nseed: 3\ntime: {start: 2020-01-01, step: month, steps: 2}\n"
         "grid: {crs: EPSG:4326, bounds: [-66, 17, -65, 18], resolution: " +
         std::to_string(resolution_deg) + ", exposure_slots: " + std::to_string(slots) +
         "}\n"
         "layers:\n"
         "  people: {kind: population, path: people.tif, quantity: count}\n"
         "  flood:\n"
         "    kind: hazard_events\n    path: flood.tif\n    hazard: flood\n    units: m\n"
         "    curve: {kind: step, threshold: 1.0, damage: 0.8}\n"
         "    events: [{band: 1, id: river, name: river, date: 2020-01-15}]\n"
         "households: {mean_household_size_people: 3, households_per_agent: 1, "
         "fragility_sigma_log: 0}\n"
         "outputs: {path: out/" +
         out + ".h5, map_every_steps: 0}\n";
}

/// Households displaced at the end of the storm's step (status displaced, all regions).
double displaced_households(const testing::World& world, double resolution_deg, int slots) {
  std::string name = "r";  // (built by appending: GCC 12 warns falsely on "r" + std::string)
  name += std::to_string(std::lround(resolution_deg * 1000));
  name += "s";
  name += std::to_string(slots);
  const auto scenario = world.write(name + ".yaml", scenario_text(resolution_deg, slots, name));
  const auto result = cli({"run", scenario.string(), "--quiet"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  const output::RunReader run(world.dir() / "out" / (name + ".h5"));
  const auto households = run.read("households");  // (time, region, status, breakdown)
  const std::size_t regions = households.shape[1];
  double displaced = 0.0;
  for (std::size_t r = 0; r < regions; ++r) {
    displaced += households.values[households.index_of({0, r, 2, 0})];
  }
  return displaced;
}

TEST(SubgridExposure, WeightedQuantilesFollowThePeople) {
  // Four fine cells, one flooded (depth 2) holding 70% of the weight.
  const auto q = geo::weighted_quantiles({{2.0f, 7.0}, {0.0f, 1.0}, {0.0f, 1.0}, {0.0f, 1.0}}, 10);
  EXPECT_EQ(std::count(q.begin(), q.end(), 2.0f), 7);
  // No weight anywhere: uniform.
  const auto u = geo::weighted_quantiles({{2.0f, 0.0}, {0.0f, 0.0}, {0.0f, 0.0}, {0.0f, 0.0}}, 4);
  EXPECT_EQ(std::count(u.begin(), u.end(), 2.0f), 1);
}

TEST(SubgridExposure, DisplacedChangesLittleFromFineToCoarseGrids) {
  const testing::World world;
  write_fine_world(world);
  const double fine = displaced_households(world, 0.01, 8);
  ASSERT_GT(fine, 1000.0) << "the generated flood must displace people on its own grid";
  for (const double resolution : {0.05, 0.1, 0.25}) {
    const double coarse = displaced_households(world, resolution, 8);
    std::printf("displaced households: %g at 0.01 deg, %g at %g deg\n", fine, coarse, resolution);
    EXPECT_LT(std::abs(coarse - fine) / fine, 0.15)
        << "grid " << resolution << " deg: " << coarse << " displaced against " << fine
        << " at 0.01 deg";
  }
  // The cell mean (one slot) erases the flood at 0.25 degree: the structural failure of #18.
  EXPECT_EQ(displaced_households(world, 0.25, 1), 0.0);
}

}  // namespace
}  // namespace displace::app
