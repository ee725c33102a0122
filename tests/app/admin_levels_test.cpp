// Admin levels (issue "Planners", item 3): further admin layers with a `level`, recorded per level
// by unit of origin and current unit, exported as DTM-style tables, validated like the regions.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/engine/status.hpp"
#include "displace/output/export.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

/// A GeoJSON rectangle feature (EPSG:4326) with a code and a name.
std::string box(const std::string& code, const std::string& name, double xmin, double ymin,
                double xmax, double ymax) {
  std::ostringstream out;
  out << R"({"type":"Feature","properties":{"code":")" << code << R"(","name":")" << name
      << R"("},"geometry":{"type":"Polygon","coordinates":[[[)" << xmin << ',' << ymin << "],["
      << xmax << ',' << ymin << "],[" << xmax << ',' << ymax << "],[" << xmin << ',' << ymax
      << "],[" << xmin << ',' << ymin << "]]]}}";
  return out.str();
}

std::string collection(const std::vector<std::string>& features) {
  std::string text = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i)
    text += (i ? "," : "") + features[i];
  return text + "]}";
}

/// The World (10 x 10 cells over -66..-65 E, 18..19 N, the storm on the western half) with two
/// provinces (W, E: the halves) and four municipalities (the quadrants, codes W1 W2 E1 E2).
struct TwoLevelWorld {
  testing::World world;
  TwoLevelWorld() {
    world.write("provinces.geojson", collection({box("W", "West", -66.0, 18.0, -65.5, 19.0),
                                                 box("E", "East", -65.5, 18.0, -65.0, 19.0)}));
    world.write("municipalities.geojson",
                collection({box("W1", "West north", -66.0, 18.5, -65.5, 19.0),
                            box("W2", "West south", -66.0, 18.0, -65.5, 18.5),
                            box("E1", "East north", -65.5, 18.5, -65.0, 19.0),
                            box("E2", "East south", -65.5, 18.0, -65.0, 18.5)}));
  }
  /// The storm scenario with `layers` appended under `layers:` and the output at out/<out>.
  fs::path scenario(const std::string& name, const std::string& layers, const std::string& out,
                    const std::string& extra = "") const {
    std::string text = testing::kStormScenario;
    const std::string anchor = "layers:\n";
    text.insert(text.find(anchor) + anchor.size(), layers);
    const std::string old_out = "out/storm.h5";
    text.replace(text.find(old_out), old_out.size(), "out/" + out);
    return world.write(name, text + extra);
  }
  fs::path out(const std::string& name) const { return world.dir() / "out" / name; }
};

const char* const kProvinces =
    "  provinces: {kind: admin, path: provinces.geojson, code_field: code, name_field: name}\n";
const char* const kTwoLevels =
    "  provinces: {kind: admin, path: provinces.geojson, code_field: code, name_field: name,\n"
    "              level: 1}\n"
    "  municipalities: {kind: admin, path: municipalities.geojson, code_field: code,\n"
    "                   name_field: name, level: 2}\n";

/// Sums `v` (time, unit, a, b) over the units of `units` into (time, a, b).
std::vector<double> sum_units(const output::VariableData& v,
                              const std::vector<std::size_t>& units) {
  const std::size_t steps = v.shape[0];
  const std::size_t inner = v.shape[2] * v.shape[3];
  std::vector<double> total(steps * inner, 0.0);
  for (std::size_t t = 0; t < steps; ++t) {
    for (const std::size_t u : units) {
      for (std::size_t j = 0; j < inner; ++j)
        total[t * inner + j] += v.values[(t * v.shape[1] + u) * inner + j];
    }
  }
  return total;
}

/// Index of `code` in `codes` (fails the test when absent).
std::size_t index_of(const std::vector<std::string>& codes, const std::string& code) {
  const auto found = std::find(codes.begin(), codes.end(), code);
  EXPECT_NE(found, codes.end()) << code;
  return static_cast<std::size_t>(found - codes.begin());
}

class AdminLevelRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new TwoLevelWorld();
    one_ = cli({"run", world_->scenario("one.yaml", kProvinces, "one.h5").string(), "--quiet"});
    two_ = cli({"run", world_->scenario("two.yaml", kTwoLevels, "two.h5").string(), "--quiet"});
  }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }
  static TwoLevelWorld* world_;
  static testing::CliResult one_;
  static testing::CliResult two_;
};
TwoLevelWorld* AdminLevelRun::world_ = nullptr;
testing::CliResult AdminLevelRun::one_;
testing::CliResult AdminLevelRun::two_;

TEST_F(AdminLevelRun, ExtraLevelsLeaveTheRunItselfUnchanged) {
  ASSERT_EQ(one_.exit_code, kExitOk) << one_.err;
  ASSERT_EQ(two_.exit_code, kExitOk) << two_.err;
  const output::RunReader one(world_->out("one.h5"));
  const output::RunReader two(world_->out("two.h5"));
  EXPECT_TRUE(one.layout().admin_levels.empty());
  ASSERT_EQ(two.layout().admin_levels.size(), 2u);
  EXPECT_EQ(two.layout().region_codes, (std::vector<std::string>{"E", "W"}));
  EXPECT_EQ(one.layout().region_codes, two.layout().region_codes);
  // Every data variable of the run without levels is in the other, value for value: the levels
  // only add records (an existing scenario's results stay bit-identical).
  std::vector<std::string> compared = output::table_variable_names(one);
  for (const std::string& map : output::gridded_variable_names(one))
    compared.push_back(map);
  ASSERT_GE(compared.size(), 10u);
  for (const std::string& name : compared) {
    ASSERT_TRUE(two.has_variable(name)) << name;
    const auto a = one.read(name);
    const auto b = two.read(name);
    EXPECT_EQ(a.shape, b.shape) << name;
    EXPECT_TRUE(a.values == b.values) << name << " differs once admin levels are recorded";
  }
  const auto displaced = one.read("people");
  EXPECT_GT(displaced.values.size(), 0u);
}

TEST_F(AdminLevelRun, UnitsSumToTheRegionsAndTheLevelAbove) {
  ASSERT_EQ(two_.exit_code, kExitOk) << two_.err;
  const output::RunReader run(world_->out("two.h5"));
  const auto& levels = run.layout().admin_levels;
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0].group, "admin_1");
  EXPECT_EQ(levels[0].layer, "provinces");
  EXPECT_EQ(levels[1].group, "admin_2");
  EXPECT_EQ(levels[1].unit_codes, (std::vector<std::string>{"E1", "E2", "W1", "W2"}));
  EXPECT_EQ(levels[1].unit_names[2], "West north");
  EXPECT_EQ(levels[1].current_ids, (std::vector<std::string>{"E1", "E2", "W1", "W2", "Abroad"}));

  const auto regions = run.read("people");  // (time, region, status, breakdown)
  const auto provinces = run.read("admin_1/people");
  const auto municipalities = run.read("admin_2/people");
  EXPECT_EQ(provinces.dimensions,
            (std::vector<std::string>{"time", "unit", "status", "breakdown"}));
  // Level 1 is the regions' own layer: the same table.
  EXPECT_TRUE(provinces.values == regions.values);
  // Each province is the sum of its two municipalities, exactly (integer tallies).
  const auto& codes = levels[1].unit_codes;
  for (const std::string province : {"E", "W"}) {
    const std::size_t r = index_of(run.layout().region_codes, province);
    const auto by_region = sum_units(regions, {r});
    const auto by_units = sum_units(
        municipalities, {index_of(codes, province + "1"), index_of(codes, province + "2")});
    EXPECT_TRUE(by_region == by_units) << province;
  }

  // The displaced table sums, over current places, to the displaced + evacuated of each origin.
  const auto table = run.read("admin_2/displaced_people");  // (time, unit, current, breakdown)
  EXPECT_EQ(table.dimensions, (std::vector<std::string>{"time", "unit", "current", "breakdown"}));
  const std::size_t steps = table.shape[0];
  const std::size_t units = table.shape[1];
  const std::size_t currents = table.shape[2];
  const std::size_t breakdowns = table.shape[3];
  double total = 0.0;
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t u = 0; u < units; ++u) {
      for (std::size_t b = 0; b < breakdowns; ++b) {
        double away = 0.0;
        for (std::size_t c = 0; c < currents; ++c)
          away += table.values[((t * units + u) * currents + c) * breakdowns + b];
        const auto status = [&](engine::Status s) {
          return municipalities
              .values[municipalities.index_of({t, u, static_cast<std::size_t>(s), b})];
        };
        EXPECT_EQ(away, status(engine::Status::displaced) + status(engine::Status::evacuated))
            << "step " << t << " unit " << codes[u] << " breakdown " << b;
        total += away;
      }
    }
  }
  EXPECT_GT(total, 0.0) << "the storm displaced nobody";
  // The storm strikes the west only: nobody from the east is displaced.
  for (std::size_t t = 0; t < steps; ++t) {
    for (const std::string east : {"E1", "E2"}) {
      for (std::size_t c = 0; c < currents; ++c) {
        EXPECT_EQ(table.values[table.index_of({t, index_of(codes, east), c, 0})], 0.0);
      }
    }
  }
}

TEST_F(AdminLevelRun, ExportWritesADtmTablePerLevel) {
  ASSERT_EQ(two_.exit_code, kExitOk) << two_.err;
  const auto csv_path = world_->world.dir() / "admin_2.csv";
  const auto r = cli(
      {"export", world_->out("two.h5").string(), "--table", "admin_2", "--to", csv_path.string()});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  std::ifstream in(csv_path);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header,
            "date,admin_level,origin_code,origin_name,current_code,current_name,units,all,"
            "female_headed,with_children,with_elderly,with_disability");
  const output::RunReader run(world_->out("two.h5"));
  const auto table = run.read("admin_2/displaced_people");
  const auto& level = run.layout().admin_levels[1];
  // Every row matches the run file; the people rows add up to the file's total.
  double csv_people = 0.0;
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');)
      cells.push_back(cell);
    ASSERT_EQ(cells.size(), 12u) << line;
    EXPECT_EQ(cells[1], "2");
    const std::size_t t = index_of(run.layout().step_dates, cells[0]);
    const std::size_t o = index_of(level.unit_codes, cells[2]);
    const std::size_t c = index_of(level.current_ids, cells[4]);
    EXPECT_EQ(cells[3], level.unit_names[o]);
    ASSERT_TRUE(cells[6] == "households" || cells[6] == "people") << line;
    EXPECT_NE(cells[2][0], 'E') << "a row for the east, which the storm spared: " << line;
    if (cells[6] == "people") {
      EXPECT_DOUBLE_EQ(std::stod(cells[7]), table.values[table.index_of({t, o, c, 0})]) << line;
      csv_people += std::stod(cells[7]);
    }
    ++rows;
  }
  double file_people = 0.0;
  for (std::size_t i = 0; i < table.values.size(); i += table.shape[3])
    file_people += table.values[i];
  EXPECT_GT(rows, 0u);
  EXPECT_NEAR(csv_people, file_people, 1e-6 * file_people);
  // The generic long-format export reads a level's variables too.
  const auto long_path = world_->world.dir() / "admin_2_people.csv";
  const auto generic = cli({"export", world_->out("two.h5").string(), "--table", "admin_2/people",
                            "--to", long_path.string()});
  ASSERT_EQ(generic.exit_code, kExitOk) << generic.err;
  std::ifstream long_in(long_path);
  std::getline(long_in, header);
  EXPECT_EQ(header, "date,unit_code,unit_name,status,breakdown,units,value");
}

TEST_F(AdminLevelRun, LevelTablesAreTheSameForAnyThreadCount) {
  ASSERT_EQ(two_.exit_code, kExitOk) << two_.err;
  const auto scenario = world_->scenario("two.yaml", kTwoLevels, "two.h5");
  for (const char* threads : {"1", "3"}) {
    const auto out = world_->out(std::string("threads-") + threads + ".h5");
    const auto r =
        cli({"run", scenario.string(), "--quiet", "--threads", threads, "--out", out.string()});
    ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  }
  const output::RunReader a(world_->out("threads-1.h5"));
  const output::RunReader b(world_->out("threads-3.h5"));
  for (const char* name : {"admin_2/households", "admin_2/people", "admin_2/displaced_households",
                           "admin_2/displaced_people", "admin_1/displaced_people"}) {
    EXPECT_TRUE(a.read(name).values == b.read(name).values) << name;
  }
}

TEST_F(AdminLevelRun, AResumedRunHasTheSameLevelTables) {
  ASSERT_EQ(two_.exit_code, kExitOk) << two_.err;
  const auto scenario = world_->scenario("two.yaml", kTwoLevels, "two.h5");
  const auto stopped = world_->out("stopped.h5");
  // SIGTERM after step 4 (the real executable: a signal needs its own process).
  const std::string command = "DISPLACE_FAULT_AFTER_STEP=4:TERM '" +
                              std::string(DISPLACE_EXECUTABLE) + "' run '" + scenario.string() +
                              "' --out '" + stopped.string() + "' >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), kExitInterrupted);
  const auto checkpoint = stopped.string() + ".checkpoint";
  const auto r =
      cli({"run", scenario.string(), "--out", stopped.string(), "--resume", checkpoint, "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const output::RunReader whole(world_->out("two.h5"));
  const output::RunReader resumed(stopped);
  EXPECT_EQ(resumed.layout().admin_levels.size(), 2u);
  for (const char* name : {"admin_1/people", "admin_2/households", "admin_2/displaced_households",
                           "admin_2/displaced_people", "people"}) {
    EXPECT_TRUE(whole.read(name).values == resumed.read(name).values) << name;
  }
}

TEST_F(AdminLevelRun, EnsembleFilesStackTheLevelsOfEveryMember) {
  const auto scenario = world_->scenario("two.yaml", kTwoLevels, "two.h5");
  const auto out = world_->out("ensemble.h5");
  const auto r =
      cli({"run", scenario.string(), "--members", "2", "--out", out.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const output::RunReader ensemble(out);
  ASSERT_EQ(ensemble.layout().admin_levels.size(), 2u);
  const auto stacked = ensemble.read("admin_2/displaced_people_members");
  EXPECT_EQ(stacked.dimensions,
            (std::vector<std::string>{"member", "time", "unit", "current", "breakdown"}));
  ASSERT_EQ(stacked.shape.front(), 2u);
  // Member 0 is the ensemble file's own run.
  const auto own = ensemble.read("admin_2/displaced_people");
  const std::vector<double> first(
      stacked.values.begin(),
      stacked.values.begin() + static_cast<std::ptrdiff_t>(own.values.size()));
  EXPECT_TRUE(first == own.values);
}

TEST_F(AdminLevelRun, PoliciesMayTargetAUnitOfAnyLevel) {
  const std::string policy =
      "policies:\n  - {kind: cash_transfer, name: cash, start: 2020-03-01, "
      "target: {admin: [W1]}, amount_usd: 2000}\n";
  const auto scenario = world_->scenario("targeted.yaml", kTwoLevels, "targeted.h5", policy);
  auto r = cli({"validate", scenario.string()});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err << r.out;
  std::string unknown = policy;
  unknown.replace(unknown.find("[W1]"), 4, "[W9]");
  world_->scenario("targeted.yaml", kTwoLevels, "targeted.h5", unknown);
  r = cli({"validate", scenario.string()});
  EXPECT_NE(r.exit_code, kExitOk);
  EXPECT_NE(r.err.find("admin code 'W9'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("W1"), std::string::npos) << r.err;
}

TEST(AdminLevels, SeveralAdminLayersNeedDistinctLevels) {
  const TwoLevelWorld w;
  const std::string no_level =
      "  provinces: {kind: admin, path: provinces.geojson, code_field: code, level: 1}\n"
      "  municipalities: {kind: admin, path: municipalities.geojson, code_field: code}\n";
  auto r = cli({"validate", w.scenario("no-level.yaml", no_level, "x.h5").string()});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("no-level.yaml:7"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("admin layer 'municipalities' needs a `level`"), std::string::npos) << r.err;

  const std::string same_level =
      "  provinces: {kind: admin, path: provinces.geojson, code_field: code, level: 1}\n"
      "  municipalities: {kind: admin, path: municipalities.geojson, code_field: code,\n"
      "                   level: 1}\n";
  r = cli({"validate", w.scenario("same-level.yaml", same_level, "x.h5").string()});
  EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("same-level.yaml:8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("layers.municipalities.level"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("also the level of layer 'provinces'"), std::string::npos) << r.err;
}

TEST(AdminLevels, ValidateChecksTheFieldsOfEveryLevel) {
  const TwoLevelWorld w;
  const std::string wrong_field =
      "  provinces: {kind: admin, path: provinces.geojson, code_field: code, level: 1}\n"
      "  municipalities: {kind: admin, path: municipalities.geojson, code_field: CODE_2,\n"
      "                   level: 2}\n";
  const auto r = cli({"validate", w.scenario("field.yaml", wrong_field, "x.h5").string()});
  EXPECT_NE(r.exit_code, kExitOk);
  EXPECT_NE(r.err.find("admin layer 'municipalities'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no field 'CODE_2'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace displace::app
