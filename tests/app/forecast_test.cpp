// `displace forecast` end to end (issue #28) on a 1 x 1 degree world of 0.1-degree cells: an
// a-deck written here (a category-4 storm moving west across the world) becomes an ensemble of
// tracks, each a run of a scenario whose storm_track layer names another storm; the ensemble file,
// the summary (5%, median, 95%, exceedance) and the members' tracks are written, the same for the
// same seed; a forecast that never nears the grid, a scenario without a storm_track layer and a
// bad a-deck line are refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

using testing::cli;
using testing::CliResult;

/// OFCL of 2020011412: west along 17.5 N across the world (-66..-65, 17..18), 120 kt, RMW 20 nmi.
std::string adeck(double lat_tenths = 175) {
  std::string text;
  const int lon[] = {630, 645, 660, 675};
  for (int k = 0; k < 4; ++k) {
    text += "AL, 09, 2020011412, 03, OFCL, " + std::to_string(12 * k) + ", " +
            std::to_string(static_cast<int>(lat_tenths)) + "N, " + std::to_string(lon[k]) +
            "W, 120, 935, HU, 0, , 0, 0, 0, 0, 1010, 0, 20, 0, 0, , 0, , 0, 0, TEST,\n";
  }
  return text;
}

constexpr const char* kScenario =
    "name: forecast-test\nseed: 5\ntime: {start: 2020-01-01, step: month, steps: 2}\n"
    "grid: {crs: EPSG:4326, bounds: [-66, 17, -65, 18], resolution: 0.1}\n"
    "layers:\n"
    "  people: {kind: population, path: people.tif, quantity: count}\n"
    "  storms:\n"
    "    kind: storm_track\n    path: tracks.txt\n    storms: [AL102020]\n"
    "    resolution_deg: 0.05\n"
    "    curve: {kind: emanuel_wind, v_thresh_m_s: 20, v_half_m_s: 45}\n"
    "    rain: {enabled: false}\n"
    "households: {mean_household_size_people: 3, households_per_agent: 1, "
    "fragility_sigma_log: 0}\n"
    "outputs: {path: out/plain.h5, map_every_steps: 0}\n";

void write_world(const testing::World& world) {
  world.write("tracks.txt", testing::kFarStormHurdat2);  // replaced by the forecast
  world.write("forecast.dat", adeck());
  world.write("far.dat", adeck(350));
  world.write("base.yaml", kScenario);
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 17.0, -65.0, 18.0, 0.1, 0.1);
  const std::vector<float> people(static_cast<std::size_t>(grid.cell_count()), 300.0f);
  geo::write_geotiff((world.dir() / "people.tif").string(), grid, people, "people");
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ','))
    cells.push_back(cell);
  return cells;
}

/// A table of the forecast report's section: per row's region code ("" for all regions) and
/// data-key, the cell's data-value, data-low and data-date.
struct ReportCell {
  double value = 0.0, low = 0.0;
  std::string date;
};
using ReportTable = std::map<std::string, std::map<std::string, ReportCell>>;

ReportTable report_table(const std::string& html, const std::string& table_class) {
  ReportTable out;
  const auto start = html.find("<table class=\"" + table_class + "\"");
  if (start == std::string::npos) return out;
  const std::string table = html.substr(start, html.find("</table>", start) - start);
  auto attribute = [](const std::string& text, std::size_t from, const std::string& name) {
    const auto at = text.find(name + "=\"", from);
    if (at == std::string::npos || at > text.find('>', from)) return std::string();
    const auto value = at + name.size() + 2;
    return text.substr(value, text.find('"', value) - value);
  };
  for (auto row = table.find("data-region=\""); row != std::string::npos;
       row = table.find("data-region=\"", row + 1)) {
    const std::string code = attribute(table, row, "data-region");
    const std::string cells = table.substr(row, table.find("</tr>", row) - row);
    for (auto key = cells.find("data-key=\""); key != std::string::npos;
         key = cells.find("data-key=\"", key + 1)) {
      ReportCell& cell = out[code][attribute(cells, key, "data-key")];
      cell.value = std::stod(attribute(cells, key, "data-value"));
      const std::string low = attribute(cells, key, "data-low");
      if (!low.empty()) cell.low = std::stod(low);
      cell.date = attribute(cells, key, "data-date");
    }
  }
  return out;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

CliResult forecast(const testing::World& world, const std::string& file, const std::string& to,
                   const std::string& seed = "11") {
  return cli({"forecast", (world.dir() / file).string(), "--scenario",
              (world.dir() / "base.yaml").string(), "--members", "8", "--to",
              (world.dir() / to).string(), "--seed", seed, "--exceed", "100,1000000", "--quiet"});
}

TEST(ForecastCommand, WritesTheEnsembleTheSummaryAndTheTracks) {
  const testing::World world;
  write_world(world);
  const CliResult result = forecast(world, "forecast.dat", "fc");
  ASSERT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_NE(result.out.find("TEST (AL092020), OFCL issued 2020011412, 4 points"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("members   8 (8 reach the grid)"), std::string::npos) << result.out;

  // The ensemble file: 8 members of the people counts (member, time, region, status, breakdown).
  const output::RunReader ensemble(world.dir() / "fc" / "forecast.h5");
  const auto people = ensemble.read("people_members");
  ASSERT_EQ(people.shape[0], 8u);
  const std::size_t regions = people.shape[2];

  // The summary: a header, then steps x regions x 3 quantities.
  std::istringstream summary(read_text(world.dir() / "fc" / "summary.csv"));
  std::string line;
  std::getline(summary, line);
  EXPECT_EQ(line,
            "date,region,region_name,quantity,members,p05,median,p95,mean,p_above_100,"
            "p_above_1000000");
  std::map<std::string, int> rows;
  double displaced_median_step0 = 0.0;
  double uninhabitable_median_step0 = 0.0;
  bool members_differ = false;
  while (std::getline(summary, line)) {
    const auto cells = split(line);
    ASSERT_EQ(cells.size(), 11u) << line;
    ++rows[cells[3]];
    EXPECT_EQ(cells[4], "8");
    const double p05 = std::stod(cells[5]);
    const double median = std::stod(cells[6]);
    const double p95 = std::stod(cells[7]);
    EXPECT_LE(p05, median);
    EXPECT_LE(median, p95);
    EXPECT_EQ(std::stod(cells[10]), 0.0) << "nobody reaches a million";
    if (cells[0] == "2020-01-01" && cells[3] == "displaced_people") {
      displaced_median_step0 += median;
      if (p95 > p05) members_differ = true;
      const double share = std::stod(cells[9]);
      EXPECT_TRUE(share >= 0.0 && share <= 1.0);
    }
    if (cells[0] == "2020-01-01" && cells[3] == "left_home_uninhabitable_home_people") {
      uninhabitable_median_step0 += std::stod(cells[6]);
    }
  }
  for (const char* quantity :
       {"evacuated_people", "displaced_people", "migrated_people", "damaged_home_households",
        "left_home_evacuation_people", "left_home_uninhabitable_home_people",
        "left_home_services_loss_people"}) {
    EXPECT_EQ(rows[quantity], static_cast<int>(2 * regions)) << quantity;
  }
  EXPECT_GT(uninhabitable_median_step0, 0.0) << "the wind makes homes uninhabitable";
  EXPECT_GT(displaced_median_step0, 0.0) << "the storm crosses the world in the first step";
  EXPECT_TRUE(members_differ) << "members' tracks differ, so do their displaced";

  // The tracks: the official forecast (4 points) and 8 members.
  const std::string tracks = read_text(world.dir() / "fc" / "tracks.csv");
  EXPECT_EQ(std::count(tracks.begin(), tracks.end(), '\n'), 1 + 4 * 9);
  EXPECT_EQ(tracks.find("official,2020-01-14 12:00,17.5,-63"), tracks.find('\n') + 1);

  // The report: the forecast section (map, ranges by region) first, then the run report of the
  // ensemble, in English and Spanish.
  const std::string report = read_text(world.dir() / "fc" / "report.html");
  EXPECT_NE(report.find("5–95%"), std::string::npos);
  const std::string report_es = read_text(world.dir() / "fc" / "report-es.html");
  EXPECT_NE(report_es.find("lang=\"es\""), std::string::npos);
  for (const std::string* html : {&report, &report_es}) {
    EXPECT_LT(html->find("<section id=\"forecast\">"), html->find("<section id=\"headline\">"));
    EXPECT_NE(html->find("class=\"map forecast-map\""), std::string::npos);
    EXPECT_EQ(occurrences(*html, "<polyline class=\"member\""), 8u) << "one per member";
    EXPECT_EQ(occurrences(*html, "<polyline class=\"official\""), 1u);
    // A cone circle at each of the 3 points after the issue.
    EXPECT_EQ(occurrences(*html, "<ellipse class=\"cone-circle\""), 3u);
    EXPECT_NE(html->find(">+36 h</text>"), std::string::npos);
    EXPECT_NE(html->find("data-members=\"8\" data-seed=\"11\""), std::string::npos);
    EXPECT_EQ(html->find("<p class=\"synthetic\">"), std::string::npos) << "forecast.dat";
  }
  EXPECT_NE(report_es.find("Rangos por municipio"), std::string::npos);
  // Its ranges by region are summary.csv's, each quantity at its peak step, the exceedance its
  // p_above columns.
  const ReportTable ranges = report_table(report, "forecast-ranges");
  ASSERT_EQ(ranges.size(), regions + 1) << "each region and all";
  EXPECT_EQ(ranges.at("").at("displaced_people").date, "2020-01-01")
      << "the storm crosses in the first step";
  std::istringstream again_summary(read_text(world.dir() / "fc" / "summary.csv"));
  std::getline(again_summary, line);
  int compared = 0;
  while (std::getline(again_summary, line)) {
    const auto cells = split(line);
    for (const char* quantity :
         {"displaced_people", "damaged_home_households", "left_home_evacuation_people"}) {
      if (cells[3] != quantity) continue;
      const ReportCell& cell = ranges.at(cells[1]).at(quantity);
      if (cells[0] != cell.date) continue;
      const double median = std::stod(cells[6]);
      EXPECT_NEAR(cell.value, median, 1e-9 * std::max(1.0, std::abs(median))) << line;
      EXPECT_NEAR(cell.low, std::stod(cells[5]), 1e-6) << line;
      ++compared;
      if (cells[3] == "displaced_people") {
        EXPECT_EQ(ranges.at(cells[1]).at("p_above_100").value, std::stod(cells[9])) << line;
        EXPECT_EQ(ranges.at(cells[1]).at("p_above_1000000").value, 0.0) << line;
      }
    }
  }
  EXPECT_EQ(compared, static_cast<int>(3 * regions));

  // The same seed gives the same files; another seed, other tracks.
  ASSERT_EQ(forecast(world, "forecast.dat", "again").exit_code, kExitOk);
  EXPECT_EQ(read_text(world.dir() / "again" / "summary.csv"),
            read_text(world.dir() / "fc" / "summary.csv"));
  EXPECT_EQ(read_text(world.dir() / "again" / "tracks.csv"), tracks);
  ASSERT_EQ(forecast(world, "forecast.dat", "other", "12").exit_code, kExitOk);
  EXPECT_NE(read_text(world.dir() / "other" / "tracks.csv"), tracks);
  // Existing outputs are kept without --overwrite.
  const CliResult twice = forecast(world, "forecast.dat", "fc");
  EXPECT_EQ(twice.exit_code, kExitUsage);
}

TEST(ForecastCommand, AnActionRunsOnTheSameMembersAndItsEffectIsPaired) {
  const testing::World world;
  write_world(world);
  // Early warning for everybody in January: evacuations rise, on the same tracks and seeds.
  world.write("action.yaml",
              "extends: base.yaml\nname: forecast-test-warning\npolicies:\n"
              "  - {kind: early_warning, name: alerts, start: 2020-01-01, end: 2020-01-31, "
              "coverage: 1.0, compliance: 1.0}\noutputs: {path: out/action.h5}\n");
  const CliResult result = cli({"forecast", (world.dir() / "forecast.dat").string(), "--scenario",
                                (world.dir() / "base.yaml").string(), "--members", "4", "--to",
                                (world.dir() / "act").string(), "--action",
                                (world.dir() / "action.yaml").string(), "--seed", "3", "--quiet"});
  ASSERT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_NE(result.out.find("action    "), std::string::npos) << result.out;
  const output::RunReader without(world.dir() / "act" / "forecast.h5");
  const output::RunReader with(world.dir() / "act" / "action.h5");
  EXPECT_EQ(without.read("member_seed").values, with.read("member_seed").values);
  // The paired differences: without minus with, per member; evacuations are the action's.
  std::istringstream summary(read_text(world.dir() / "act" / "action-summary.csv"));
  std::string line;
  std::getline(summary, line);
  EXPECT_EQ(line, "date,region,region_name,quantity,members,p05,median,p95,mean");
  const auto people_without = without.read("people_members");  // (member, time, region, ...)
  const auto people_with = with.read("people_members");
  double expected = 0.0;
  for (std::size_t m = 0; m < 4; ++m) {
    for (std::size_t r = 0; r < people_without.shape[2]; ++r) {
      expected += (people_without.values[people_without.index_of({m, 0, r, 1, 0})] -
                   people_with.values[people_with.index_of({m, 0, r, 1, 0})]) /
                  4.0;
    }
  }
  double mean = 0.0;
  while (std::getline(summary, line)) {
    const auto cells = split(line);
    if (cells[0] == "2020-01-01" && cells[3] == "evacuated_people") mean += std::stod(cells[8]);
  }
  EXPECT_LT(expected, 0.0) << "warning everybody evacuates more people";
  EXPECT_NEAR(mean, expected, 1e-6 * std::abs(expected));

  // The report's action section: the paired change by region is action-summary.csv's median at
  // the peak step, with the shares above no threshold (none given).
  const std::string report = read_text(world.dir() / "act" / "report.html");
  EXPECT_NE(report.find("forecast-test-warning"), std::string::npos);
  const ReportTable change = report_table(report, "forecast-action");
  ASSERT_FALSE(change.empty()) << "no action section";
  std::istringstream again(read_text(world.dir() / "act" / "action-summary.csv"));
  std::getline(again, line);
  int compared = 0;
  while (std::getline(again, line)) {
    const auto cells = split(line);
    for (const char* quantity : {"displaced_people", "left_home_evacuation_people"}) {
      if (cells[3] != quantity) continue;
      const ReportCell& cell = change.at(cells[1]).at(std::string("change.") + quantity);
      if (cells[0] != cell.date) continue;
      const double median = std::stod(cells[6]);
      EXPECT_NEAR(cell.value, median, 1e-9 * std::max(1.0, std::abs(median))) << line;
      ++compared;
    }
  }
  EXPECT_EQ(compared, static_cast<int>(2 * people_without.shape[2]));
  EXPECT_LT(change.at("").at("change.left_home_evacuation_people").value, 0.0)
      << "more people evacuate with it";
  EXPECT_NE(read_text(world.dir() / "act" / "report-es.html").find("Qué cambia la acción"),
            std::string::npos);
}

TEST(ForecastCommand, PrependsTheTrackSoFarFromATrackFile) {
  const testing::World world;
  write_world(world);
  // AL092020's fixes before the issue time (2020-01-14 12 UTC), and one after it that the
  // forecast's points replace.
  world.write("history.txt",
              "AL092020,               TEST,      3,\n"
              "20200114, 0000,  , HU, 17.5N,  61.0W, 110,  945,    0,    0,    0,    0,    0,    0,"
              "    0,    0,    0,    0,    0,    0,   20\n"
              "20200114, 0600,  , HU, 17.5N,  62.0W, 115,  940,    0,    0,    0,    0,    0,    0,"
              "    0,    0,    0,    0,    0,    0,   20\n"
              "20200114, 1800,  , HU, 17.5N,  64.0W, 120,  935,    0,    0,    0,    0,    0,    0,"
              "    0,    0,    0,    0,    0,    0,   20\n");
  const CliResult result = cli({"forecast", (world.dir() / "forecast.dat").string(), "--scenario",
                                (world.dir() / "base.yaml").string(), "--members", "2", "--to",
                                (world.dir() / "hist").string(), "--history",
                                (world.dir() / "history.txt").string(), "--quiet"});
  ASSERT_EQ(result.exit_code, kExitOk) << result.err;
  const std::string tracks = read_text(world.dir() / "hist" / "tracks.csv");
  // Every track: 2 observed fixes, then the forecast's 4 points.
  EXPECT_EQ(std::count(tracks.begin(), tracks.end(), '\n'), 1 + 6 * 3);
  EXPECT_NE(tracks.find("official,2020-01-14 00:00,17.5,-61,"), std::string::npos) << tracks;
  EXPECT_NE(tracks.find("\n0,2020-01-14 06:00,17.5,-62,"), std::string::npos) << tracks;
  EXPECT_EQ(tracks.find("2020-01-14 18:00"), std::string::npos) << "replaced by the forecast";
}

TEST(ForecastCommand, RefusesAForecastThatNeverNearsTheGrid) {
  const testing::World world;
  write_world(world);
  const CliResult result = forecast(world, "far.dat", "far");
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_NE(result.err.find("far.dat: the OFCL forecast of TEST (AL092020) issued at 2020011412 "
                            "never comes within 500 km (radius_of_influence_km of layer 'storms')"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(world.dir() / "far" / "forecast.h5"));
}

TEST(ForecastCommand, RefusesAScenarioWithoutAStormTrackLayerAndABadForecastLine) {
  const testing::World world;
  write_world(world);
  // World's own storm.yaml has a hazard_events layer, no storm_track.
  const CliResult no_layer =
      cli({"forecast", (world.dir() / "forecast.dat").string(), "--scenario",
           world.scenario().string(), "--members", "2", "--to", (world.dir() / "x").string()});
  EXPECT_EQ(no_layer.exit_code, kExitUsage);
  EXPECT_NE(no_layer.err.find("a forecast needs exactly one layer of kind storm_track"),
            std::string::npos)
      << no_layer.err;
  const auto bad = world.write("bad.dat", adeck() + "AL, 09, 2020011412, 03, OFCL, 48, 175N\n");
  const CliResult bad_line = forecast(world, "bad.dat", "bad");
  EXPECT_EQ(bad_line.exit_code, kExitUsage);
  EXPECT_NE(bad_line.err.find(bad.string() + ":5: a record needs at least 9 fields"),
            std::string::npos)
      << bad_line.err;
  const CliResult bad_issue = cli({"forecast", (world.dir() / "forecast.dat").string(),
                                   "--scenario", (world.dir() / "base.yaml").string(), "--to",
                                   (world.dir() / "y").string(), "--issue", "2020011418"});
  EXPECT_EQ(bad_issue.exit_code, kExitUsage);
  EXPECT_NE(bad_issue.err.find("no OFCL forecast issued at 2020011418"), std::string::npos)
      << bad_issue.err;
}

}  // namespace
}  // namespace displace::app
