// Storms from their tracks (#26) end to end: a HURDAT2 track written here drives a run through a
// storm_track layer. Its wind and rain are computed on cells of at most 0.02 degree inside each
// grid cell, so the same storm on 0.01- and 0.25-degree simulation grids displaces nearly the same
// number of households; a storm that never comes near the grid strikes nobody and is named in a
// warning; a storm outside the run is refused by name.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"
#include "displace/inputs/storm_inputs.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

using testing::cli;
using testing::CliResult;

/// The category-4 TEST storm across the world and the weak FAR one to the north
/// (app_fixture.hpp), in one HURDAT2 file.
std::string tracks_text() {
  return std::string(testing::kTestStormHurdat2) + testing::kFarStormHurdat2;
}

void write_world(const testing::World& world) {
  world.write("tracks.txt", tracks_text());
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 17.0, -65.0, 18.0, 0.01, 0.01);
  const std::vector<float> people(static_cast<std::size_t>(grid.cell_count()), 20.0f);
  geo::write_geotiff((world.dir() / "people.tif").string(), grid, people, "people");
}

std::string scenario_text(double resolution_deg, const std::string& storms, const std::string& out,
                          bool rain = true,
                          const std::string& wind_curve = "v_thresh_m_s: 30, v_half_m_s: 60") {
  return "name: storm-track\nseed: 5\ntime: {start: 2020-01-01, step: month, steps: 2}\n"
         "grid: {crs: EPSG:4326, bounds: [-66, 17, -65, 18], resolution: " +
         std::to_string(resolution_deg) +
         "}\n"
         "layers:\n"
         "  people: {kind: population, path: people.tif, quantity: count}\n"
         "  storms:\n"
         "    kind: storm_track\n    path: tracks.txt\n    storms: " +
         storms +
         "\n"
         "    curve: {kind: emanuel_wind, " +
         wind_curve +
         "}\n"
         "    rain:\n"
         "      enabled: " +
         std::string(rain ? "true" : "false") +
         "\n"
         "      curve: {kind: table, intensity: [110, 140], damage: [0, 0.7]}\n"
         "households: {mean_household_size_people: 3, households_per_agent: 1, "
         "fragility_sigma_log: 0}\n"
         "outputs: {path: out/" +
         out + ".h5, map_every_steps: 0}\n";
}

struct Outcome {
  CliResult result;
  double displaced = 0.0;  ///< households displaced at the end of the storm's step
  double by_wind = 0.0;    ///< people out of homes made uninhabitable, wind
  double by_rain = 0.0;    ///< the same, rain
  std::vector<std::string> hazards;
};

Outcome run(const testing::World& world, double resolution_deg, const std::string& storms,
            const std::string& name, bool rain = true,
            const std::string& wind_curve = "v_thresh_m_s: 30, v_half_m_s: 60") {
  const auto scenario =
      world.write(name + ".yaml", scenario_text(resolution_deg, storms, name, rain, wind_curve));
  Outcome outcome;
  outcome.result = cli({"run", scenario.string()});
  if (outcome.result.exit_code != kExitOk) return outcome;
  const output::RunReader file(world.dir() / "out" / (name + ".h5"));
  const auto households = file.read("households");  // (time, region, status, breakdown)
  for (std::size_t r = 0; r < households.shape[1]; ++r) {
    outcome.displaced += households.values[households.index_of({0, r, 2, 0})];
  }
  const auto by_hazard = file.read("uninhabitable_people_by_hazard");  // (time, region, hazard)
  for (std::size_t r = 0; r < by_hazard.shape[1]; ++r) {
    outcome.by_wind += by_hazard.values[by_hazard.index_of({0, r, 0})];
    if (by_hazard.shape[2] > 1) outcome.by_rain += by_hazard.values[by_hazard.index_of({0, r, 1})];
  }
  outcome.hazards = file.layout().hazard_names;
  return outcome;
}

TEST(StormTrackLayer, RefinementMakesCellsOfAtMostTheResolution) {
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 17.0, -65.0, 18.0, 0.25, 0.25);
  EXPECT_EQ(inputs::storm_refinement(grid, 0.02), 13);  // 0.25 / 13 = 0.0192 degree
  EXPECT_EQ(inputs::storm_refinement(grid, 0.25), 1);
  const auto fine = geo::grid_from_bounds("EPSG:4326", -66.0, 17.0, -65.0, 18.0, 0.01, 0.01);
  EXPECT_EQ(inputs::storm_refinement(fine, 0.02), 1);
}

TEST(StormTrackLayer, WindAndRainDisplaceAlikeOnFineAndCoarseGrids) {
  const testing::World world;
  write_world(world);
  const Outcome fine = run(world, 0.01, "[TEST 2020]", "fine");
  ASSERT_EQ(fine.result.exit_code, kExitOk) << fine.result.err;
  // 66,667 households live in the world: the rain curve (damage from 110 mm, 70% at 140 mm)
  // leaves homes uninhabitable in a band along the track, not everywhere.
  ASSERT_GT(fine.displaced, 1000.0) << "the storm must displace households on its own grid";
  ASSERT_LT(fine.displaced, 50000.0) << "a band along the track, not the whole world";
  EXPECT_EQ(fine.hazards, (std::vector<std::string>{"wind", "rain"}));
  // The mild wind curve (Emanuel 30/60 m/s) fails no home on its own: the rain does.
  EXPECT_GT(fine.by_rain, 0.0);
  EXPECT_EQ(fine.by_wind, 0.0);
  const Outcome coarse = run(world, 0.25, "[AL092020]", "coarse");
  ASSERT_EQ(coarse.result.exit_code, kExitOk) << coarse.result.err;
  std::printf("displaced households: %g at 0.01 deg, %g at 0.25 deg\n", fine.displaced,
              coarse.displaced);
  EXPECT_LT(std::abs(coarse.displaced - fine.displaced) / fine.displaced, 0.15);
}

TEST(StormTrackLayer, WithoutRainTheWindAloneDamagesAndIsTheOnlyHazard) {
  const testing::World world;
  write_world(world);
  const std::string strong = "v_thresh_m_s: 20, v_half_m_s: 45";
  const Outcome dry = run(world, 0.05, "[TEST 2020]", "dry", false, strong);
  ASSERT_EQ(dry.result.exit_code, kExitOk) << dry.result.err;
  EXPECT_EQ(dry.hazards, (std::vector<std::string>{"wind"}));
  EXPECT_GT(dry.by_wind, 0.0) << "a category-4 core on a fragile curve makes homes uninhabitable";
  EXPECT_EQ(dry.by_rain, 0.0);
  const Outcome wet = run(world, 0.05, "[TEST 2020]", "wet", true, strong);
  ASSERT_EQ(wet.result.exit_code, kExitOk) << wet.result.err;
  EXPECT_GT(wet.displaced, dry.displaced) << "rain adds to the wind's damage";
}

TEST(StormTrackLayer, AStormThatNeverComesNearIsNamedWithItsClosestApproach) {
  const testing::World world;
  write_world(world);
  const Outcome far = run(world, 0.1, "[FAR 2020]", "far");
  ASSERT_EQ(far.result.exit_code, kExitOk) << far.result.err;
  EXPECT_EQ(far.displaced, 0.0);
  EXPECT_NE(far.result.err.find("storm Far 2020 (AL102020) never comes within 500.0 km of the "
                                "grid (closest approach"),
            std::string::npos)
      << far.result.err;
}

TEST(StormTrackLayer, AStormOutsideTheRunIsRefusedByName) {
  const testing::World world;
  write_world(world);
  std::string text = scenario_text(0.1, "[TEST 2020]", "late");
  text.replace(text.find("2020-01-01"), 10, "2020-03-01");
  const auto scenario = world.write("late.yaml", text);
  const auto result = cli({"validate", scenario.string()});
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_NE(result.err.find("storm Test 2020 (AL092020, 2020-01-14 to 2020-01-15) is outside "
                            "the run (2020-03-01 to 2020-05-01)"),
            std::string::npos)
      << result.err;
}

TEST(StormTrackLayer, AnUnknownStormIsRefusedByValidateWithTheFile) {
  const testing::World world;
  write_world(world);
  const auto scenario = world.write("unknown.yaml", scenario_text(0.1, "[TSET 2020]", "u"));
  const auto result = cli({"validate", scenario.string()});
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_NE(result.err.find("tracks.txt"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("TEST"), std::string::npos) << "the nearest name: " << result.err;
}

}  // namespace
}  // namespace displace::app
