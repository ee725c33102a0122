// `displace run`, `compare` and `export` end to end on a small synthetic world (issues 2, 5, 6).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

double sum_where(const output::VariableData& v, std::size_t axis, std::size_t index) {
  // Sum of the entries whose position on `axis` is `index`.
  std::size_t inner = 1;
  for (std::size_t a = axis + 1; a < v.shape.size(); ++a)
    inner *= v.shape[a];
  double total = 0.0;
  for (std::size_t i = 0; i < v.values.size(); ++i) {
    if ((i / inner) % v.shape[axis] == index) total += v.values[i];
  }
  return total;
}

TEST(RunCommand, WritesACompleteRunWithProvenance) {
  const testing::World world;
  const auto r = cli({"run", world.scenario().string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto path = world.dir() / "out" / "storm.h5";
  EXPECT_NE(r.out.find(path.string()), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));

  const output::RunReader run(path);
  EXPECT_EQ(run.provenance().seed, 7u);
  EXPECT_NE(run.provenance().scenario_yaml.find("storm-test"), std::string::npos);
  EXPECT_EQ(run.provenance().input_sha256.size(), 2u);
  EXPECT_EQ(run.layout().step_dates.size(), 12u);
  EXPECT_EQ(run.layout().step_dates.front(), "2020-01-01");
  EXPECT_EQ(run.layout().grid.width, 10);
  EXPECT_EQ(run.layout().grid.height, 10);
}

TEST(RunCommand, StormDisplacesOnlyWhereItStrikes) {
  const testing::World world;
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet"}).exit_code, kExitOk);
  const output::RunReader run(world.dir() / "out" / "storm.h5");

  const auto flows = run.read("flows");  // (time, flow_kind, origin, destination)
  EXPECT_GT(sum_where(flows, 1, 1), 0.0) << "no displacement flow after a 70 m/s storm";

  const auto displaced_from = run.read("displaced_from_people_map");  // (map_time, y, x)
  const std::size_t maps = displaced_from.shape[0];
  const std::size_t height = displaced_from.shape[1];
  const std::size_t width = displaced_from.shape[2];
  double west = 0.0;
  double east = 0.0;
  for (std::size_t m = 0; m < maps; ++m) {
    for (std::size_t y = 0; y < height; ++y) {
      for (std::size_t x = 0; x < width; ++x) {
        const double v = displaced_from.values[(m * height + y) * width + x];
        (x < width / 2 ? west : east) += v;
      }
    }
  }
  EXPECT_GT(west, 0.0);
  EXPECT_EQ(east, 0.0) << "people displaced from cells the storm never reached";
}

TEST(RunCommand, OutputsAreBitIdenticalWhateverTheThreadCount) {
  const testing::World world;
  const auto one = world.dir() / "out" / "one.h5";
  const auto two = world.dir() / "out" / "two.h5";
  ASSERT_EQ(
      cli({"run", world.scenario().string(), "--quiet", "--threads", "1", "--out", one.string()})
          .exit_code,
      kExitOk);
  ASSERT_EQ(
      cli({"run", world.scenario().string(), "--quiet", "--threads", "3", "--out", two.string()})
          .exit_code,
      kExitOk);
  const output::RunReader a(one);
  const output::RunReader b(two);
  EXPECT_EQ(a.provenance().threads, 1);
  EXPECT_EQ(b.provenance().threads, 3);
  for (const char* name : {"households", "people", "flows", "trapped_households",
                           "present_people_map", "displacement_duration_households"}) {
    EXPECT_EQ(a.read(name).values, b.read(name).values) << name;
  }
}

TEST(RunCommand, ADifferentSeedGivesADifferentRun) {
  const testing::World world;
  const auto a_path = world.dir() / "out" / "a.h5";
  const auto b_path = world.dir() / "out" / "b.h5";
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet", "--out", a_path.string()}).exit_code,
            kExitOk);
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet", "--set", "seed=8", "--out",
                 b_path.string()})
                .exit_code,
            kExitOk);
  EXPECT_NE(output::RunReader(a_path).read("flows").values,
            output::RunReader(b_path).read("flows").values);
}

TEST(RunCommand, UninhabitableHomesAreSplitByHazardLayer) {
  // A second layer of the same hazard (the same wind, a step curve of damage 0.9 from 60 m/s)
  // makes every struck home uninhabitable: each departure is counted under the layer that
  // damaged the home most, and the two labels differ.
  const testing::World world;
  const auto scenario = world.write("two.yaml", R"(extends: storm.yaml
name: two-hazards
layers:
  gusts:
    kind: hazard_events
    path: wind.tif
    hazard: wind
    units: m s-1
    curve: {kind: step, threshold: 60, damage: 0.9}
    events: [{band: 1, id: G1, name: Gusts, date: 2020-02-10}]
outputs: {path: out/two.h5}
)");
  ASSERT_EQ(cli({"run", scenario.string(), "--quiet"}).exit_code, kExitOk);
  const output::RunReader run(world.dir() / "out" / "two.h5");
  EXPECT_EQ(run.layout().hazard_names, (std::vector<std::string>{"wind", "wind (gusts)"}));
  const auto split = run.read("uninhabitable_people_by_hazard");  // (time, region, hazard)
  const auto causes = run.read("displacements_people");           // (time, region, cause)
  ASSERT_EQ(split.shape.size(), 3u);
  double by_layer[2] = {0.0, 0.0};
  double uninhabitable = 0.0;
  for (std::size_t t = 0; t < split.shape[0]; ++t) {
    for (std::size_t r = 0; r < split.shape[1]; ++r) {
      by_layer[0] += split.values[split.index_of({t, r, 0})];
      by_layer[1] += split.values[split.index_of({t, r, 1})];
      uninhabitable += causes.values[causes.index_of({t, r, 1})];
    }
  }
  EXPECT_GT(uninhabitable, 0.0);
  EXPECT_DOUBLE_EQ(by_layer[0] + by_layer[1], uninhabitable);
  // 70 m/s: the Emanuel curve gives 0.42 (the step 0.9), so the gusts layer did the most.
  EXPECT_EQ(by_layer[0], 0.0);
  EXPECT_GT(by_layer[1], 0.0);
}

TEST(RunCommand, RefusesToOverwriteWithoutTheFlag) {
  const testing::World world;
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet"}).exit_code, kExitOk);
  const auto again = cli({"run", world.scenario().string(), "--quiet"});
  EXPECT_EQ(again.exit_code, kExitUsage);
  EXPECT_NE(again.err.find("--overwrite"), std::string::npos) << again.err;
  EXPECT_EQ(cli({"run", world.scenario().string(), "--quiet", "--overwrite"}).exit_code, kExitOk);
}

TEST(RunCommand, OutputFolderThatCannotBeMadeIsNamed) {
  // A missing folder is made (Traps.MissingOutputFolderIsCreatedAndValidateSaysSo); one under a
  // file cannot be.
  const testing::World world;
  const auto r = cli({"run", world.scenario().string(), "--quiet", "--out",
                      (world.dir() / "population.tif" / "nowhere" / "run.h5").string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;
}

TEST(RunCommand, CorruptLayerIsNamedAndLeavesNoRunFile) {
  const testing::World world;
  world.write("population.tif", "garbage, not a raster");
  const auto r = cli({"run", world.scenario().string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("population"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("population.tif"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(world.dir() / "out")) << "a failed run left a file behind";
}

TEST(RunCommand, LayerWithoutCrsNeedsTheOverride) {
  const testing::World world;
  // An ASCII grid has no CRS unless a .prj sits beside it.
  world.write(
      "wind.asc",
      "ncols 10\nnrows 10\nxllcorner -66\nyllcorner 18\ncellsize 0.1\nNODATA_value -9999\n" + [] {
        std::string rows;
        for (int i = 0; i < 10; ++i)
          rows += "70 70 70 70 70 0 0 0 0 0\n";
        return rows;
      }());
  std::string text = testing::kStormScenario;
  text.replace(text.find("path: wind.tif"), 14, "path: wind.asc");
  const auto file = world.write("asc.yaml", text);
  const auto r = cli({"run", file.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("wind.asc"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("crs"), std::string::npos) << r.err;
  EXPECT_EQ(cli({"run", file.string(), "--quiet", "--set", "layers.wind.crs=EPSG:4326"}).exit_code,
            kExitOk);
}

TEST(CompareCommand, ARunComparedWithItselfHasNoDifference) {
  const testing::World world;
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet"}).exit_code, kExitOk);
  const auto run = (world.dir() / "out" / "storm.h5").string();
  const auto r = cli({"compare", run, run, "--csv"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("peak_displaced_households"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TOTAL"), std::string::npos) << r.out;
}

TEST(ExportCommand, WritesAGeoTiffMapAndACsvTable) {
  const testing::World world;
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet"}).exit_code, kExitOk);
  const auto run = (world.dir() / "out" / "storm.h5").string();
  const output::RunReader reader(run);
  const auto date = reader.layout().map_dates.back();
  const auto tif = world.dir() / "present.tif";
  const auto map =
      cli({"export", run, "--map", "present_people_map", "--date", date, "--to", tif.string()});
  ASSERT_EQ(map.exit_code, kExitOk) << map.err;
  const auto inspected = cli({"inspect", tif.string()});
  EXPECT_EQ(inspected.exit_code, kExitOk);
  EXPECT_NE(inspected.out.find("10 x 10"), std::string::npos) << inspected.out;

  const auto csv = world.dir() / "trapped.csv";
  const auto table = cli({"export", run, "--table", "trapped_households", "--to", csv.string()});
  ASSERT_EQ(table.exit_code, kExitOk) << table.err;
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_NE(header.find("region"), std::string::npos) << header;
}

}  // namespace
}  // namespace displace::app
