// Silent traps a new user fell into (issue 31, item 6) and values that are no data (item 5): each
// input that is probably not what the user meant gets a warning that `run` (also under --quiet) and
// `validate` print, or a refusal. See docs/reliability.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::CliResult;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The World's 10 x 10 grid of 0.1 degree.
geo::GridDefinition world_grid() {
  return geo::grid_from_bounds("EPSG:4326", -66.0, 18.0, -65.0, 19.0, 0.1, 0.1);
}

/// `validate` then `run --quiet` with the same overrides; both must succeed.
std::pair<CliResult, CliResult> validate_and_run(const testing::World& world,
                                                 const std::vector<std::string>& sets) {
  std::vector<std::string> args = {"validate", world.scenario().string()};
  for (const auto& set : sets)
    args.insert(args.end(), {"--set", set});
  const auto validated = cli(args);
  args[0] = "run";
  args.push_back("--quiet");
  const auto ran = cli(args);
  return {validated, ran};
}

TEST(Traps, PopulationDensityReadAsCountsIsWarnedByItsLabels) {
  const testing::World world;
  geo::write_geotiff((world.dir() / "density.tif").string(), world_grid(),
                     std::vector<float>(100, 1000.0F), "population density, persons per km2");
  const auto [validated, ran] =
      validate_and_run(world, {"layers.population.path=" + (world.dir() / "density.tif").string()});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_TRUE(contains(validated.err, "warning: layer 'population'")) << validated.err;
  EXPECT_TRUE(contains(validated.err, "labels say density")) << validated.err;
  EXPECT_TRUE(contains(validated.out, "1 warning(s)")) << validated.out;
  EXPECT_EQ(ran.exit_code, kExitOk) << ran.err;
  EXPECT_TRUE(contains(ran.err, "warning: layer 'population'")) << ran.err;
}

TEST(Traps, PopulationDensityReadAsCountsIsWarnedByItsMagnitude) {
  const testing::World world;
  // 50 "people" per cell of 0.25 degree (about 730 km2): 0.07 per km2, a density read as counts.
  const auto coarse = geo::grid_from_bounds("EPSG:4326", -66.0, 18.0, -65.0, 19.0, 0.25, 0.25);
  geo::write_geotiff((world.dir() / "gpw.tif").string(), coarse, std::vector<float>(16, 50.0F),
                     "people");
  const auto [validated, ran] =
      validate_and_run(world, {"layers.population.path=" + (world.dir() / "gpw.tif").string()});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_TRUE(contains(validated.err, "per km2 of populated cells")) << validated.err;
  EXPECT_TRUE(contains(validated.err, "read as people per km2 it would give")) << validated.err;
  EXPECT_TRUE(contains(ran.err, "warning: layer 'population'")) << ran.err;
  // Said explicitly as a density: no warning.
  const auto density =
      validate_and_run(world, {"layers.population.path=" + (world.dir() / "gpw.tif").string(),
                               "layers.population.quantity=density_per_km2"});
  EXPECT_FALSE(contains(density.first.err, "warning")) << density.first.err;
}

TEST(Traps, RealCountsAreNotWarned) {
  const testing::World world;  // 1000 people per cell of 0.1 degree: 8.6 per km2
  const auto [validated, ran] = validate_and_run(world, {});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_FALSE(contains(validated.err, "warning")) << validated.err;
  EXPECT_FALSE(contains(ran.err, "warning")) << ran.err;
}

TEST(Traps, ClimateLayerCoveringPartOfThePopulatedGridIsWarned) {
  const testing::World world;
  // A series over the southern 4 rows only (as HadCM3 stopping at a latitude).
  const auto south = geo::grid_from_bounds("EPSG:4326", -66.0, 18.0, -65.0, 18.4, 0.1, 0.1);
  geo::write_geotiff((world.dir() / "heat.tif").string(), south, std::vector<float>(40, 300.0F),
                     "K");
  const std::string heat = (world.dir() / "heat.tif").string();
  const auto [validated, ran] = validate_and_run(
      world, {"layers.heat={kind: climate_series, units: K, files: [{date: 2019-01-01, path: " +
              heat + "}, {date: 2022-01-01, path: " + heat + "}]}"});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_TRUE(contains(validated.err, "warning: layer 'heat'")) << validated.err;
  EXPECT_TRUE(contains(validated.err,
                       "no value at 60 of the 100 populated cells (60% of the "
                       "people), which get no change of climate; regions: "))
      << validated.err;
  EXPECT_TRUE(contains(ran.err, "no change of climate")) << ran.err;
}

TEST(Traps, HazardFarBeyondItsCurveIsWarned) {
  const testing::World world;  // wind of 70 m/s
  // A step curve at 1 (a flood depth in m) saturates at 1: 70 is 70 times beyond (depth in cm?).
  const auto [validated, ran] =
      validate_and_run(world, {"layers.wind.curve={kind: step, threshold: 1, damage: 0.6}"});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_TRUE(contains(validated.err, "warning: layer 'wind'")) << validated.err;
  EXPECT_TRUE(contains(validated.err, "largest intensity 70")) << validated.err;
  EXPECT_TRUE(contains(validated.err, "saturates (1)")) << validated.err;
  EXPECT_TRUE(contains(ran.err, "saturates")) << ran.err;
  // Within range (the default wind curve saturates near 250 m/s): no warning.
  const auto plain = validate_and_run(world, {});
  EXPECT_FALSE(contains(plain.first.err, "saturates")) << plain.first.err;
}

TEST(Traps, SentinelValuesAreRefusedInHazardsAndMasks) {
  const testing::World world;
  std::vector<float> values(100, 10.0F);
  values[7] = -9999.0F;
  geo::write_geotiff((world.dir() / "sentinel.tif").string(), world_grid(), values, "no nodata");
  for (const std::string& set :
       {"layers.wind.path=" + (world.dir() / "sentinel.tif").string(),
        "layers.coast={kind: mask, path: " + (world.dir() / "sentinel.tif").string() + "}"}) {
    const auto validated = cli({"validate", world.scenario().string(), "--set", set});
    EXPECT_EQ(validated.exit_code, kExitUsage) << set;
    EXPECT_TRUE(contains(validated.err, "-9999")) << validated.err;
    EXPECT_TRUE(contains(validated.err, "not declared nodata")) << validated.err;
    const auto ran = cli({"run", world.scenario().string(), "--set", set, "--quiet"});
    EXPECT_EQ(ran.exit_code, kExitUsage) << set;
    EXPECT_TRUE(contains(ran.err, "nodata: -9999")) << ran.err;
  }
  // Declared nodata: accepted.
  const auto declared = cli({"validate", world.scenario().string(), "--set",
                             "layers.wind.path=" + (world.dir() / "sentinel.tif").string(), "--set",
                             "layers.wind.nodata=-9999"});
  EXPECT_EQ(declared.exit_code, kExitOk) << declared.err;
}

TEST(Traps, EventOutsideTheRunIsAWarningShownUnderQuietAndByValidate) {
  const testing::World world;
  const auto [validated, ran] = validate_and_run(world, {"layers.wind.events.0.date=2030-02-10"});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_TRUE(contains(validated.err,
                       "warning: layer 'wind': event Storm (2030-02-10) is outside "
                       "the run"))
      << validated.err;
  EXPECT_EQ(ran.exit_code, kExitOk) << ran.err;
  EXPECT_TRUE(contains(ran.err, "is outside the run")) << ran.err;
}

TEST(Traps, MissingOutputFolderIsCreatedAndValidateSaysSo) {
  const testing::World world;
  const fs::path out = world.dir() / "new" / "deeper" / "storm.h5";
  const auto [validated, ran] = validate_and_run(world, {"outputs.path=" + out.string()});
  EXPECT_EQ(validated.exit_code, kExitOk) << validated.err;
  EXPECT_TRUE(contains(validated.err, "run will create it")) << validated.err;
  EXPECT_EQ(ran.exit_code, kExitOk) << ran.err;
  EXPECT_TRUE(fs::is_regular_file(out));
  // Under a file: no folder can be made there.
  const auto under_file =
      cli({"validate", world.scenario().string(), "--set",
           "outputs.path=" + (world.dir() / "wind.tif" / "x" / "storm.h5").string()});
  EXPECT_EQ(under_file.exit_code, kExitUsage);
  EXPECT_TRUE(contains(under_file.err, "is not a folder")) << under_file.err;
}

// Issue 31, item 5: `--checkpoint` into a folder that cannot take it failed only at the first
// checkpoint (or at SIGTERM), hours into a run. Now refused before the layers load.
TEST(Traps, CheckpointFolderThatCannotTakeItIsRefusedBeforeTheRun) {
  const testing::World world;
  const auto under_file =
      cli({"run", world.scenario().string(), "--quiet", "--checkpoint-every", "1", "--checkpoint",
           (world.dir() / "wind.tif" / "sub" / "run.checkpoint").string()});
  EXPECT_EQ(under_file.exit_code, kExitUsage) << under_file.err;
  EXPECT_TRUE(contains(under_file.err, "checkpoint: output folder")) << under_file.err;
  EXPECT_TRUE(contains(under_file.err, "is not a folder")) << under_file.err;
  EXPECT_FALSE(fs::exists(world.dir() / "out" / "storm.h5"));
  // A read-only folder (a user's permission; root writes anywhere, so it is checked only then).
  if (::geteuid() != 0) {
    fs::create_directories(world.dir() / "ro");
    fs::permissions(world.dir() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    const auto read_only = cli({"run", world.scenario().string(), "--quiet", "--checkpoint",
                                (world.dir() / "ro" / "run.checkpoint").string()});
    fs::permissions(world.dir() / "ro", fs::perms::owner_all);
    EXPECT_EQ(read_only.exit_code, kExitUsage) << read_only.err;
    EXPECT_TRUE(contains(read_only.err, "is not writable")) << read_only.err;
  }
  // A missing folder is made, as for the run file.
  const auto made = cli({"run", world.scenario().string(), "--quiet", "--checkpoint-every", "4",
                         "--checkpoint", (world.dir() / "cp" / "run.checkpoint").string()});
  EXPECT_EQ(made.exit_code, kExitOk) << made.err;
  EXPECT_TRUE(fs::is_directory(world.dir() / "cp"));
}

}  // namespace
}  // namespace displace::app
