#include "app_fixture.hpp"

#include <fstream>
#include <sstream>

#include "displace/app/cli.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"

namespace displace::app::testing {

const char* const kStormScenario = R"(name: storm-test
seed: 7
time: {start: 2020-01-01, step: month, steps: 12}
grid: {reference: population}
layers:
  population: {kind: population, path: population.tif}
  wind:
    kind: hazard_events
    path: wind.tif
    hazard: wind
    units: m s-1
    events: [{band: 1, id: S1, name: Storm, date: 2020-02-10}]
households: {households_per_agent: 1}
external_destinations:
  - {name: Abroad, distance_km: 1500, travel_cost_usd: 500, diaspora_people: 200000, kin_share: 0.5}
outputs: {path: out/storm.h5, map_every_steps: 3}
)";

const char* const kTestStormHurdat2 =
    "AL092020,               TEST,      4,\n"
    "20200114, 1200,  , HU, 17.5N,  63.0W, 120,  935,    0,    0,    0,    0,    0,    0,    0,"
    "    0,    0,    0,    0,    0,   20\n"
    "20200114, 1800,  , HU, 17.5N,  64.0W, 120,  935,    0,    0,    0,    0,    0,    0,    0,"
    "    0,    0,    0,    0,    0,   20\n"
    "20200115, 0000,  , HU, 17.5N,  65.0W, 120,  935,    0,    0,    0,    0,    0,    0,    0,"
    "    0,    0,    0,    0,    0,   20\n"
    "20200115, 0600,  , HU, 17.5N,  66.5W, 115,  940,    0,    0,    0,    0,    0,    0,    0,"
    "    0,    0,    0,    0,    0,   20\n";

const char* const kFarStormHurdat2 =
    "AL102020,               FAR,      2,\n"
    "20200115, 0000,  , TS, 35.0N,  40.0W,  45, 1000,    0,    0,    0,    0,    0,    0,    0,"
    "    0,    0,    0,    0,    0,   40\n"
    "20200115, 0600,  , TS, 36.0N,  40.0W,  45, 1000,    0,    0,    0,    0,    0,    0,    0,"
    "    0,    0,    0,    0,    0,   40\n";

World::World() {
  std::filesystem::create_directories(folder_ / "out");
  const auto grid = geo::grid_from_bounds("EPSG:4326", -66.0, 18.0, -65.0, 19.0, 0.1, 0.1);
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  std::vector<float> population(cells, 1000.0f);
  std::vector<float> wind(cells, 0.0f);
  for (int row = 0; row < grid.height; ++row) {
    for (int col = 0; col < grid.width / 2; ++col) {
      wind[static_cast<std::size_t>(row * grid.width + col)] = 70.0f;  // a major hurricane
    }
  }
  geo::write_geotiff((folder_ / "population.tif").string(), grid, population, "people");
  geo::write_geotiff((folder_ / "wind.tif").string(), grid, wind, "max wind speed");
  write("storm.yaml", kStormScenario);
}

std::filesystem::path World::write(const std::string& name, const std::string& text) const {
  const auto path = folder_ / name;
  std::ofstream(path) << text;
  return path;
}

CliResult cli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  CliResult result;
  result.exit_code = run_cli(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

}  // namespace displace::app::testing
