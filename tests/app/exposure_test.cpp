// `displace exposure` (#27): the people and households of each region whose place (cell x
// sub-grid exposure slot) has a peak wind at or above each threshold, from the scenario's inputs
// without a simulation. Checked exactly against counts made by hand on a wind raster, on sub-grid
// slots, monotone in the threshold on a storm_track storm, and refusing bad thresholds (exit 2).
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/engine/exposure.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"

namespace displace::app {
namespace {

using testing::cli;

/// One CSV row of `displace exposure --csv`.
struct Row {
  double people = 0.0;
  double households = 0.0;
  double total = 0.0;
};
using Key = std::tuple<std::string, std::string, double>;  // event, region, threshold

std::map<Key, Row> parse_csv(const std::string& text) {
  std::map<Key, Row> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "event,region,threshold_m_s,people_exposed,households_exposed,people_total");
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::istringstream items(line);
    std::string field;
    while (std::getline(items, field, ','))
      fields.push_back(field);
    EXPECT_EQ(fields.size(), 6u) << line;
    if (fields.size() != 6) continue;
    rows[{fields[0], fields[1], std::stod(fields[2])}] = {
        std::stod(fields[3]), std::stod(fields[4]), std::stod(fields[5])};
  }
  return rows;
}

/// A GeoJSON rectangle feature (EPSG:4326) with a code.
std::string box(const std::string& code, double xmin, double xmax, double ymin, double ymax) {
  std::ostringstream out;
  out << R"({"type":"Feature","properties":{"code":")" << code << R"(","name":")" << code
      << R"("},"geometry":{"type":"Polygon","coordinates":[[[)" << xmin << ',' << ymin << "],["
      << xmax << ',' << ymin << "],[" << xmax << ',' << ymax << "],[" << xmin << ',' << ymax
      << "],[" << xmin << ',' << ymin << "]]]}}";
  return out.str();
}

/// 4 x 2 cells of 0.1 degree over -66..-65.6 E, 18..18.2 N: region W the western two columns,
/// E the eastern two. People and peak wind per cell (rows from the north):
///   people  100  200  300  400      wind  10  20    30  40
///          1000 2000 3000 4000            50  17.9  18  60
/// and a flood raster (another hazard, never reported).
void write_raster_world(const testing::World& world) {
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 18.0, -65.6, 18.2, 0.1, 0.1);
  geo::write_geotiff((world.dir() / "people.tif").string(), grid,
                     {100, 200, 300, 400, 1000, 2000, 3000, 4000}, "people");
  geo::write_geotiff((world.dir() / "wind.tif").string(), grid, {10, 20, 30, 40, 50, 17.9f, 18, 60},
                     "peak wind (m/s)");
  geo::write_geotiff((world.dir() / "flood.tif").string(), grid, {2, 2, 2, 2, 2, 2, 2, 2},
                     "flood depth (m)");
  world.write("regions.geojson", R"({"type":"FeatureCollection","features":[)" +
                                     box("W", -66.0, -65.8, 18.0, 18.2) + "," +
                                     box("E", -65.8, -65.6, 18.0, 18.2) + "]}");
  world.write("raster.yaml",
              "name: exposure-raster\nseed: 1\ntime: {start: 2020-01-01, step: month, steps: 2}\n"
              "grid: {crs: EPSG:4326, bounds: [-66, 18, -65.6, 18.2], resolution: 0.1}\n"
              "layers:\n"
              "  people: {kind: population, path: people.tif, quantity: count}\n"
              "  regions: {kind: admin, path: regions.geojson, code_field: code}\n"
              "  gusts:\n"
              "    kind: hazard_events\n    path: wind.tif\n    hazard: wind\n    units: m s-1\n"
              "    events: [{band: 1, id: W1, name: Windy, date: 2020-01-10}]\n"
              "  flood:\n"
              "    kind: hazard_events\n    path: flood.tif\n    hazard: flood\n    units: m\n"
              "    curve: {kind: step, threshold: 1.0, damage: 0.8}\n"
              "    events: [{band: 1, id: F1, name: Flood, date: 2020-01-10}]\n"
              "households: {mean_household_size_people: 2.5, households_per_agent: 1}\n"
              "outputs: {path: out/raster.h5}\n");
}

constexpr double kPeople = 0.01;

TEST(Exposure, CountsByHandOnAWindRaster) {
  const testing::World world;
  write_raster_world(world);
  const auto r = cli({"exposure", (world.dir() / "raster.yaml").string(), "--csv"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto rows = parse_csv(r.out);
  // Two regions x six default thresholds, for the wind event only (the flood is not wind).
  EXPECT_EQ(rows.size(), 12u) << r.out;
  const std::vector<double> thresholds = {18, 25, 33, 42, 50, 58};
  // W: cells (10 m/s, 100), (20, 200), (50, 1000), (17.9, 2000): 17.9 < 18, and 50 >= 50.
  const std::vector<double> west = {1200, 1000, 1000, 1000, 1000, 0};
  // E: cells (30, 300), (40, 400), (18, 3000), (60, 4000).
  const std::vector<double> east = {7700, 4700, 4400, 4000, 4000, 4000};
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    const auto w = rows.find({"W1", "W", thresholds[k]});
    const auto e = rows.find({"W1", "E", thresholds[k]});
    ASSERT_NE(w, rows.end()) << "W at " << thresholds[k] << "\n" << r.out;
    ASSERT_NE(e, rows.end()) << "E at " << thresholds[k] << "\n" << r.out;
    // Counts read as densities onto the grid and back carry float rounding (below 0.01 person
    // here); a place counted wrongly would be off by 100 people or more.
    EXPECT_NEAR(w->second.people, west[k], kPeople) << "W at " << thresholds[k];
    EXPECT_NEAR(e->second.people, east[k], kPeople) << "E at " << thresholds[k];
    EXPECT_NEAR(w->second.households, west[k] / 2.5, kPeople) << "W at " << thresholds[k];
    EXPECT_NEAR(e->second.households, east[k] / 2.5, kPeople) << "E at " << thresholds[k];
    EXPECT_NEAR(w->second.total, 3300.0, kPeople);
    EXPECT_NEAR(e->second.total, 7700.0, kPeople);
  }
  // The text table says the same for a threshold of the user's.
  const auto text = cli({"exposure", (world.dir() / "raster.yaml").string(), "--thresholds", "40"});
  ASSERT_EQ(text.exit_code, kExitOk) << text.err;
  EXPECT_NE(text.out.find("W1 Windy (wind)"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("F1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("4,400"), std::string::npos) << text.out;  // E at >= 40: 400 + 4000
}

TEST(Exposure, SharesACellsPeopleAmongItsSlots) {
  // One region, two cells, four slots: an event whose places are known slot by slot.
  engine::Landscape land;
  land.width = 2;
  land.height = 1;
  land.population_people = {800.0f, 100.0f};
  land.region_of_cell = {0, 0};
  land.regions = {{"R", "R"}};
  land.exposure_slots = 4;
  engine::HazardEvent event;
  event.id = "E";
  event.slots = 4;
  event.intensity = {10, 20, 30, 40, 0, 0, 0, 35};
  const auto exposure = engine::event_exposure(land, event, {15, 30, 36, 41}, 2.0);
  // >= 15: three slots of cell 0 (3 x 200) and one of cell 1 (25); >= 30: two of cell 0 and the
  // one of cell 1; >= 36: one of cell 0; >= 41: none.
  EXPECT_EQ(exposure.people_exposed[0], (std::vector<double>{625, 425, 200, 0}));
  EXPECT_EQ(exposure.households_exposed[0], (std::vector<double>{312.5, 212.5, 100, 0}));
  EXPECT_EQ(exposure.people_total[0], 900.0);
  EXPECT_THROW(engine::event_exposure(land, event, {30, 20}, 2.0), std::invalid_argument);
}

TEST(Exposure, SubgridWindRasterCountsTheSlots) {
  // A 0.05-degree wind on a 0.1-degree grid with two slots: in each cell two of the four fine
  // cells blow 40 m/s and two 10, with the people spread evenly, so half of each cell's people
  // are exposed at 30 m/s.
  const testing::World world;
  const auto fine = geo::grid_from_bounds("EPSG:4326", -66.0, 18.0, -65.8, 18.1, 0.05, 0.05);
  std::vector<float> wind(static_cast<std::size_t>(fine.cell_count()), 10.0f);
  for (int row = 0; row < fine.height; ++row) {
    for (int col = 0; col < fine.width; col += 2)
      wind[static_cast<std::size_t>(row * fine.width + col)] = 40.0f;
  }
  geo::write_geotiff((world.dir() / "fine_wind.tif").string(), fine, wind, "peak wind (m/s)");
  geo::write_geotiff((world.dir() / "fine_people.tif").string(), fine,
                     std::vector<float>(wind.size(), 250.0f), "people");
  const auto scenario = world.write(
      "subgrid.yaml",
      "name: exposure-subgrid\nseed: 1\ntime: {start: 2020-01-01, step: month, steps: 2}\n"
      "grid: {crs: EPSG:4326, bounds: [-66, 18, -65.8, 18.1], resolution: 0.1, "
      "exposure_slots: 2}\n"
      "layers:\n"
      "  people: {kind: population, path: fine_people.tif, quantity: count}\n"
      "  wind:\n"
      "    kind: hazard_events\n    path: fine_wind.tif\n    hazard: wind\n    units: m s-1\n"
      "    events: [{band: 1, id: S, name: Sub, date: 2020-01-10}]\n"
      "outputs: {path: out/subgrid.h5}\n");
  const auto r = cli({"exposure", scenario.string(), "--csv", "--thresholds", "5,30,45"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto rows = parse_csv(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  const double total = rows.begin()->second.total;
  EXPECT_NEAR(total, 2000.0, kPeople);  // 2 cells x 4 fine cells x 250 people
  EXPECT_EQ(rows.at({"S", "ALL", 5.0}).people, total);
  EXPECT_DOUBLE_EQ(rows.at({"S", "ALL", 30.0}).people, total / 2);
  EXPECT_EQ(rows.at({"S", "ALL", 45.0}).people, 0.0);
}

TEST(Exposure, MonotoneInTheThresholdOnAStormTrack) {
  const testing::World world;
  world.write("tracks.txt", testing::kTestStormHurdat2);
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 17.0, -65.0, 18.0, 0.02, 0.02);
  geo::write_geotiff((world.dir() / "people.tif").string(), grid,
                     std::vector<float>(static_cast<std::size_t>(grid.cell_count()), 20.0f),
                     "people");
  const auto scenario = world.write(
      "track.yaml",
      "name: exposure-track\nseed: 1\ntime: {start: 2020-01-01, step: month, steps: 2}\n"
      "grid: {crs: EPSG:4326, bounds: [-66, 17, -65, 18], resolution: 0.1}\n"
      "layers:\n"
      "  people: {kind: population, path: people.tif, quantity: count}\n"
      "  storms: {kind: storm_track, path: tracks.txt, storms: [AL092020]}\n"
      "outputs: {path: out/track.h5}\n");
  std::string thresholds;
  std::vector<double> values;
  for (int v = 5; v <= 90; v += 5) {
    thresholds += (thresholds.empty() ? "" : ",") + std::to_string(v);
    values.push_back(v);
  }
  const auto r = cli({"exposure", scenario.string(), "--csv", "--thresholds", thresholds});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const auto rows = parse_csv(r.out);
  ASSERT_EQ(rows.size(), values.size()) << r.out;  // the wind event only, not the rain
  double before = 0.0;
  for (std::size_t k = 0; k < values.size(); ++k) {
    const Row& row = rows.at({"AL092020", "ALL", values[k]});
    EXPECT_LE(row.people, row.total);
    if (k == 0) {
      EXPECT_EQ(row.people, row.total) << "every place has some wind at 5 m/s";
    } else {
      EXPECT_LE(row.people, before) << "at " << values[k] << " m/s";
    }
    before = row.people;
  }
  // A category-4 storm through the middle: some threshold splits the people, none reach 90 m/s.
  bool graded = false;
  for (const double v : values) {
    const Row& row = rows.at({"AL092020", "ALL", v});
    graded = graded || (row.people > 0.0 && row.people < row.total);
  }
  EXPECT_TRUE(graded) << r.out;
  EXPECT_EQ(rows.at({"AL092020", "ALL", 90.0}).people, 0.0);
}

TEST(Exposure, BadThresholdsAreUsageErrors) {
  const testing::World world;
  for (const std::string bad :
       {"25,18", "18,18", "0,10", "-5", "a", "18,,25", "18,", "nan", "inf", "1e999"}) {
    const auto r = cli({"exposure", world.scenario().string(), "--thresholds", bad});
    EXPECT_EQ(r.exit_code, kExitUsage) << bad;
    EXPECT_NE(r.err.find("--thresholds: expected wind speeds in m/s"), std::string::npos)
        << bad << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << bad << ": " << r.out;
  }
  const auto missing = cli({"exposure"});
  EXPECT_EQ(missing.exit_code, kExitUsage);
  EXPECT_NE(missing.err.find("usage: displace exposure SCENARIO"), std::string::npos)
      << missing.err;
}

}  // namespace
}  // namespace displace::app
