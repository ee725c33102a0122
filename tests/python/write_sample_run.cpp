// write_sample_run: real run files, written through the C++ RunWriter, for the Python package tests
// and for developing the notebooks before the engine can run the demo scenarios.
//
//   write_sample_run FOLDER         sample-a.h5, sample-b.h5 (same layout, every count x1.5),
//                                   sample-levels.h5 (sample-a with an admin level 2),
//                                   sample-noflows.h5 (no flows) and interrupted.h5.partial (a run
//                                   left behind by a killed process). Every figure is a fixed table
//                                   below, mirrored in tests/python/sample_figures.py.
//   write_sample_run --demo FOLDER  toy stand-ins for the demo runs, laid out like the real ones:
//                                   maria-2017/{baseline,early-warning,cash-transfer,
//                                   reconstruction-support,planned-relocation}.h5 and
//                                   caribbean-2050/{a1b,e1}.h5 (NOT model output: a few lines of
//                                   arithmetic on the demo grid and regions).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "displace/engine/records.hpp"
#include "displace/output/run_writer.hpp"

namespace {

namespace fs = std::filesystem;
using displace::engine::MapRecord;
using displace::engine::RunLayout;
using displace::engine::RunSummary;
using displace::engine::StepRecord;
using displace::output::Provenance;
using displace::output::RunGrid;
using displace::output::RunWriter;
using displace::output::RunWriterOptions;

constexpr int kStatuses = displace::engine::kStatusCount;
constexpr int kBreakdowns = displace::engine::kBreakdownCount;
constexpr int kKinds = displace::engine::kFlowKindCount;

const char* const kWgs84Wkt =
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\","
    "\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

std::size_t index(int value) {
  return static_cast<std::size_t>(value);
}

RunGrid lonlat_grid(double x0, double y0, double cell, int width, int height) {
  RunGrid grid;
  grid.crs_wkt = kWgs84Wkt;
  const double transform[6] = {x0, cell, 0.0, y0, 0.0, -cell};
  std::copy(std::begin(transform), std::end(transform), std::begin(grid.geotransform));
  grid.width = width;
  grid.height = height;
  grid.geographic = true;
  return grid;
}

Provenance provenance(const std::string& scenario_name, std::uint64_t seed) {
  Provenance p;
  p.scenario_name = scenario_name;
  p.scenario_yaml = "name: " + scenario_name + "\nseed: " + std::to_string(seed) + "\n";
  p.seed = seed;
  p.engine_version = "0.1.0";
  p.git_revision = "write_sample_run";
  p.started_utc = "2024-05-01T10:00:00Z";
  return p;
}

/// ISO dates of `count` steps from year-month, `months` apart.
std::vector<std::string> monthly_dates(int year, int month, int count, int months) {
  std::vector<std::string> dates;
  for (int k = 0; k < count; ++k) {
    const int m = (month - 1) + k * months;
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-01", year + m / 12, m % 12 + 1);
    dates.emplace_back(text);
  }
  return dates;
}

// ---------------------------------------------------------------------------------------------
// The sample runs: 2 regions + 1 external place, 4 monthly steps, a 4x2 lon/lat grid over Puerto
// Rico, maps at steps 0 and 3. Keep these tables in step with tests/python/sample_figures.py.
constexpr int kSampleSteps = 4;
constexpr int kSampleRegions = 2;
constexpr int kSamplePlaces = 3;
constexpr int kSampleWidth = 4;
constexpr int kSampleHeight = 2;
// [status][region][step] households, breakdown "all".
constexpr double kSampleStatus[kStatuses][kSampleRegions][kSampleSteps] = {
    {{1000, 880, 900, 950}, {500, 420, 430, 440}},  // home
    {{10, 0, 0, 0}, {5, 0, 0, 0}},                  // evacuated
    {{0, 100, 60, 20}, {0, 50, 80, 10}},            // displaced
    {{0, 5, 20, 30}, {0, 10, 12, 15}},              // migrated
    {{0, 0, 0, 2}, {0, 0, 0, 1}},                   // relocated
    {{0, 15, 30, 40}, {0, 20, 25, 30}},             // returned
};
constexpr double kSampleBreakdownShare[kBreakdowns] = {1.0, 0.5, 0.25, 0.125, 0.0625};
constexpr double kSamplePeoplePerHousehold = 2.5;
constexpr double kSampleTrapped[kSampleRegions][kSampleSteps] = {{0, 7, 3, 1}, {0, 2, 9, 4}};
struct SampleFlow {
  int step, kind, origin, destination;
  double households;
};
// kind: 0 evacuation, 1 displacement, 2 migration, 3 return, 4 relocation; place 2 = "abroad".
constexpr SampleFlow kSampleFlows[] = {
    {0, 0, 0, 1, 10}, {0, 0, 1, 1, 5}, {1, 1, 0, 0, 60}, {1, 1, 0, 1, 40}, {1, 1, 1, 1, 50},
    {2, 1, 1, 0, 30}, {1, 2, 0, 2, 5}, {2, 2, 0, 2, 15}, {2, 2, 1, 2, 2},  {2, 3, 0, 0, 40},
    {2, 3, 1, 1, 25}, {3, 3, 2, 1, 5}, {3, 3, 1, 0, 12}, {3, 4, 0, 0, 2},  {3, 4, 1, 0, 1},
};
constexpr double kSampleDuration[] = {0, 30, 20, 10, 5};
// One shelter site "hall" (capacity 60): households per step, open at steps 1 and 2; evacuees
// protected by early warning per region and step (households).
constexpr double kSampleShelter[kSampleSteps] = {0, 40, 25, 5};
constexpr double kSampleShelterOpen[kSampleSteps] = {0, 1, 1, 0};
constexpr double kSampleProtected[kSampleRegions][kSampleSteps] = {{8, 0, 0, 0}, {5, 0, 0, 0}};
// People who left uninhabitable homes, by region and hazard kind ("wind", "flood") and step.
constexpr double kSampleByHazard[kSampleRegions][2][kSampleSteps] = {
    {{0, 50, 0, 0}, {0, 20, 0, 0}}, {{0, 10, 0, 0}, {0, 30, 5, 0}}};

RunLayout sample_layout() {
  RunLayout layout;
  layout.step_count = kSampleSteps;
  layout.step_length_years = 1.0 / 12.0;
  layout.width = kSampleWidth;
  layout.height = kSampleHeight;
  layout.region_count = kSampleRegions;
  layout.external_count = kSamplePlaces - kSampleRegions;
  layout.region_codes = {"R1", "R2"};
  layout.region_names = {"North", "South, coast"};
  layout.external_names = {"abroad"};
  layout.households_simulated = 750;
  layout.households_per_agent = 2.0;
  layout.map_every_steps = 3;
  layout.duration_bins = static_cast<int>(std::size(kSampleDuration));
  layout.shelter_names = {"hall"};
  layout.shelter_capacity_households = {60.0};
  layout.hazard_names = {"wind", "flood"};
  return layout;
}

StepRecord sample_step(int step, double scale) {
  StepRecord record;
  record.step = step;
  const auto t = index(step);
  for (int r = 0; r < kSampleRegions; ++r) {
    for (int s = 0; s < kStatuses; ++s) {
      for (int b = 0; b < kBreakdowns; ++b) {
        const double households = scale * kSampleStatus[s][r][t] * kSampleBreakdownShare[b];
        record.households.push_back(households);
        record.people.push_back(kSamplePeoplePerHousehold * households);
      }
    }
    record.trapped_households.push_back(scale * kSampleTrapped[r][t]);
    record.trapped_people.push_back(scale * 3.0 * kSampleTrapped[r][t]);
    record.protracted_households.push_back(step >= 2 ? scale * kSampleStatus[2][r][t] : 0.0);
    record.damaged_home_households.push_back(scale * kSampleTrapped[r][t]);
    record.protected_households.push_back(scale * kSampleProtected[r][t]);
    record.protected_people.push_back(scale * kSamplePeoplePerHousehold * kSampleProtected[r][t]);
    for (const auto& by_kind : kSampleByHazard[r])
      record.uninhabitable_people_by_hazard.push_back(scale * by_kind[t]);
  }
  for (int p = 0; p < kSamplePlaces; ++p) {
    const double here = p < kSampleRegions ? kSampleStatus[0][p][t] + kSampleStatus[5][p][t]
                                           : kSampleStatus[3][0][t] + kSampleStatus[3][1][t];
    record.present_households.push_back(scale * here);
    record.present_people.push_back(scale * kSamplePeoplePerHousehold * here);
  }
  record.shelter_households = {scale * kSampleShelter[t]};
  record.shelter_people = {scale * kSamplePeoplePerHousehold * kSampleShelter[t]};
  record.shelter_open = {kSampleShelterOpen[t]};
  record.flows.assign(index(kKinds * kSamplePlaces * kSamplePlaces), 0.0);
  for (const SampleFlow& flow : kSampleFlows) {
    if (flow.step != step) continue;
    record.flows[StepRecord::flow_index(flow.kind, flow.origin, flow.destination, kSamplePlaces)] +=
        scale * flow.households;
  }
  return record;
}

/// Cell (y, x) of map step `step`: present 100*step + 10*y + x people, half as many displaced
/// from it, one more arrival.
MapRecord sample_map(int step, double scale) {
  MapRecord map;
  map.step = step;
  for (int y = 0; y < kSampleHeight; ++y) {
    for (int x = 0; x < kSampleWidth; ++x) {
      const auto value = static_cast<float>(scale * (100.0 * step + 10.0 * y + x));
      map.present_people.push_back(value);
      map.displaced_from_people.push_back(0.5f * value);
      map.arrivals_people.push_back(value + 1.0f);
    }
  }
  return map;
}

/// sample-levels.h5: one admin level (2) of three units M1..M3. Displaced: from M1 to M2
/// 10 * (step + 1) households, from M3 abroad 4 * (step + 1), x breakdown share, x 2.5 people;
/// by home unit and status: unit u holds 100 * (u + 1) households at home.
constexpr int kSampleLevelUnits = 3;
displace::engine::AdminLevelLayout sample_level_layout() {
  displace::engine::AdminLevelLayout level;
  level.layer = "municipalities";
  level.level = 2;
  level.unit_codes = {"M1", "M2", "M3"};
  level.unit_names = {"Uno", "Dos", "Tres, coast"};
  return level;
}

displace::engine::AdminLevelRecord sample_level_step(int step) {
  displace::engine::AdminLevelRecord level;
  const int currents = kSampleLevelUnits + kSamplePlaces - kSampleRegions;
  const auto table = index(kSampleLevelUnits * currents * kBreakdowns);
  level.displaced_households.assign(table, 0.0);
  level.displaced_people.assign(table, 0.0);
  const struct {
    int origin, current;
    double households;
  } pairs[] = {{0, 1, 10.0 * (step + 1)}, {2, 3, 4.0 * (step + 1)}};
  for (const auto& pair : pairs) {
    for (int b = 0; b < kBreakdowns; ++b) {
      const auto i = displace::engine::AdminLevelRecord::displaced_index(pair.origin, pair.current,
                                                                         b, currents);
      level.displaced_households[i] = pair.households * kSampleBreakdownShare[b];
      level.displaced_people[i] = kSamplePeoplePerHousehold * level.displaced_households[i];
    }
  }
  for (int u = 0; u < kSampleLevelUnits; ++u) {
    for (int s = 0; s < kStatuses; ++s) {
      for (int b = 0; b < kBreakdowns; ++b) {
        const double households = s == 0 ? 100.0 * (u + 1) * kSampleBreakdownShare[b] : 0.0;
        level.households.push_back(households);
        level.people.push_back(kSamplePeoplePerHousehold * households);
      }
    }
  }
  return level;
}

void write_sample(const fs::path& path, const std::string& name, double scale, bool flows,
                  bool complete, bool levels = false) {
  RunWriterOptions options;
  options.overwrite = true;
  options.record_flows = flows;
  RunWriter writer(path, lonlat_grid(-67.5, 18.75, 0.5, kSampleWidth, kSampleHeight),
                   monthly_dates(2021, 1, kSampleSteps, 1), provenance(name, 7), options);
  RunLayout layout = sample_layout();
  if (levels) layout.admin_levels.push_back(sample_level_layout());
  writer.begin(layout);
  for (int step = 0; step < kSampleSteps; ++step) {
    StepRecord record = sample_step(step, scale);
    if (levels) record.admin_levels.push_back(sample_level_step(step));
    writer.record_step(record);
    if (step % 3 == 0) writer.record_map(sample_map(step, scale));
    if (!complete && step == 1) {
      // What a killed process leaves: the flushed .partial file, no completion mark, no cleanup.
      std::fflush(nullptr);
      std::_Exit(EXIT_SUCCESS);
    }
  }
  RunSummary summary;
  for (const double households : kSampleDuration)
    summary.displacement_duration_households.push_back(scale * households);
  summary.wall_seconds = 0.25;
  writer.end(summary);
}

// ---------------------------------------------------------------------------------------------
// Toy stand-ins for the demo runs: per region a stock model (hit -> displaced / trapped /
// evacuated; then returns, migration abroad, relocation) on the 0.1 degree Maria wind grid.
struct ToyRegion {
  const char* code;
  const char* name;
  double households;
  double lon0, lon1, lat0, lat1;  ///< cells of the region (a box; good enough for a stand-in)
  double hit;                     ///< share of households made homeless by a storm
};
constexpr ToyRegion kToyRegions[] = {
    {"DOM", "Dominican Rep.", 900000, -68.8, -68.3, 18.1, 19.0, 0.01},
    {"PRI", "Puerto Rico", 1200000, -67.3, -65.6, 17.9, 18.5, 0.12},
    {"VGB", "British Virgin Is.", 10000, -64.8, -64.3, 18.4, 18.75, 0.30},
    {"VIR", "U.S. Virgin Is.", 40000, -65.1, -64.55, 17.65, 18.4, 0.25},
};
constexpr int kToyRegionCount = static_cast<int>(std::size(kToyRegions));
constexpr double kToyPeoplePerHousehold = 2.7;
constexpr double kToyBreakdownShare[kBreakdowns] = {1.0, 0.36, 0.41, 0.33, 0.12};

struct ToyScenario {
  std::string name;
  std::uint64_t seed = 1;
  std::vector<std::string> dates;
  double step_years = 1.0 / 12.0;
  int map_every = 1;
  std::vector<double> storm;  ///< per step: storm strength (x region hit share)
  double evacuate = 0.02;     ///< evacuated share of exposed households at a storm
  double trapped = 0.25;      ///< share of the homeless unable to leave (stay trapped at home)
  double trapped_decay = 0.8;
  double return_rate = 0.08;   ///< per step, of displaced
  double migrate_rate = 0.04;  ///< per step, of displaced
  double relocate_share = 0.0;
  int relocate_step = 3;
  std::vector<double> heat_migration;  ///< per step, share of households at home who emigrate
};

void write_toy(const fs::path& path, const ToyScenario& scenario) {
  constexpr int kWidth = 49;
  constexpr int kHeight = 36;
  const RunGrid grid = lonlat_grid(-68.7937505, 20.0218748, 0.1, kWidth, kHeight);
  const int steps = static_cast<int>(scenario.dates.size());
  const int places = kToyRegionCount + 1;
  RunLayout layout;
  layout.step_count = steps;
  layout.step_length_years = scenario.step_years;
  layout.width = kWidth;
  layout.height = kHeight;
  layout.region_count = kToyRegionCount;
  layout.external_count = 1;
  double total = 0.0;
  for (const ToyRegion& region : kToyRegions) {
    layout.region_codes.emplace_back(region.code);
    layout.region_names.emplace_back(region.name);
    total += region.households;
  }
  layout.external_names = {"US mainland"};
  layout.households_per_agent = 4.0;
  layout.households_simulated = static_cast<std::int64_t>(total / 4.0);
  layout.map_every_steps = scenario.map_every;
  layout.duration_bins = 13;

  // Region of each cell (-1: sea), and a storm-exposure weight around Maria's path.
  std::vector<int> cell_region(index(kWidth * kHeight), -1);
  std::vector<double> exposure(cell_region.size(), 0.0);
  std::vector<double> cells_in(index(kToyRegionCount), 0.0);
  std::vector<double> exposure_in(index(kToyRegionCount), 0.0);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const double lon = grid.geotransform[0] + (x + 0.5) * grid.geotransform[1];
      const double lat = grid.geotransform[3] + (y + 0.5) * grid.geotransform[5];
      const auto c = index(y * kWidth + x);
      for (int r = 0; r < kToyRegionCount; ++r) {
        const ToyRegion& region = kToyRegions[index(r)];
        if (lon >= region.lon0 && lon < region.lon1 && lat >= region.lat0 && lat < region.lat1) {
          cell_region[c] = r;
          exposure[c] = 0.05 + std::exp(-(std::pow(lat - 18.2, 2) + std::pow(lon + 65.9, 2)) / 0.3);
          cells_in[index(r)] += 1.0;
          exposure_in[index(r)] += exposure[c];
          break;
        }
      }
    }
  }

  RunWriterOptions options;
  options.overwrite = true;
  RunWriter writer(path, grid, scenario.dates, provenance(scenario.name, scenario.seed), options);
  writer.begin(layout);
  const auto regions = index(kToyRegionCount);
  std::vector<double> home(regions), evacuated(regions, 0.0), displaced(regions, 0.0),
      migrated(regions, 0.0), relocated(regions, 0.0), returned(regions, 0.0),
      trapped(regions, 0.0), displaced_steps(regions, 0.0);
  std::vector<double> duration(index(layout.duration_bins), 0.0);
  for (std::size_t r = 0; r < regions; ++r)
    home[r] = kToyRegions[r].households;
  double abroad = 0.0;
  for (int step = 0; step < steps; ++step) {
    const auto t = index(step);
    StepRecord record;
    record.step = step;
    record.flows.assign(index(kKinds * places * places), 0.0);
    auto flow = [&](int kind, std::size_t origin, std::size_t destination, double households) {
      record.flows[StepRecord::flow_index(kind, static_cast<int>(origin),
                                          static_cast<int>(destination), places)] += households;
    };
    for (std::size_t r = 0; r < regions; ++r) {
      const std::size_t neighbour = (r + 1) % regions;
      // Evacuees of the last step are back home (no return flow: evacuation is not displacement).
      home[r] += evacuated[r];
      evacuated[r] = 0.0;
      // Moves out of displacement first, then this step's storm.
      const double back = scenario.return_rate * displaced[r];
      const double leave = scenario.migrate_rate * displaced[r];
      const double relocate =
          step == scenario.relocate_step ? scenario.relocate_share * displaced[r] : 0.0;
      displaced[r] -= back + leave + relocate;
      returned[r] += back;
      migrated[r] += leave;
      relocated[r] += relocate;
      flow(3, r, r, 0.8 * back);
      flow(3, neighbour, r, 0.2 * back);
      flow(2, r, regions, leave);
      flow(4, r, r, relocate);
      const double heat = scenario.heat_migration.empty() ? 0.0 : scenario.heat_migration[t];
      const double heat_leavers = heat * (home[r] + returned[r]);
      home[r] -= heat * home[r];
      returned[r] -= heat * returned[r];
      migrated[r] += heat_leavers;
      flow(2, r, regions, heat_leavers);
      abroad += leave + heat_leavers;
      trapped[r] *= scenario.trapped_decay;
      const double storm = scenario.storm.empty() ? 0.0 : scenario.storm[t];
      if (storm > 0.0) {
        const double homeless = storm * kToyRegions[r].hit * home[r];
        const double stuck = scenario.trapped * homeless;
        const double out = homeless - stuck;
        const double evacuees = scenario.evacuate * 4.0 * storm * kToyRegions[r].hit * home[r];
        home[r] -= out + evacuees;
        displaced[r] += out;
        evacuated[r] = evacuees;
        trapped[r] += stuck;
        flow(0, r, r, evacuees);
        flow(1, r, r, 0.8 * out);
        flow(1, r, neighbour, 0.2 * out);
      }
      // Duration histogram: the displaced stock spends one more step displaced.
      displaced_steps[r] += displaced[r];
      const double stocks[kStatuses] = {home[r],     evacuated[r], displaced[r],
                                        migrated[r], relocated[r], returned[r]};
      for (int s = 0; s < kStatuses; ++s) {
        for (int b = 0; b < kBreakdowns; ++b) {
          const double households = stocks[s] * kToyBreakdownShare[b];
          record.households.push_back(households);
          record.people.push_back(kToyPeoplePerHousehold * households);
        }
      }
      record.trapped_households.push_back(trapped[r]);
      record.trapped_people.push_back(kToyPeoplePerHousehold * 1.2 * trapped[r]);
      record.protracted_households.push_back(
          scenario.step_years * (step + 1) > 0.5 ? 0.5 * displaced[r] : 0.0);
      record.damaged_home_households.push_back(trapped[r]);
    }
    for (std::size_t p = 0; p < regions; ++p) {
      const std::size_t before = (p + regions - 1) % regions;
      const double here = home[p] + returned[p] + relocated[p] + evacuated[p] + 0.8 * displaced[p] +
                          0.2 * displaced[before];
      record.present_households.push_back(here);
      record.present_people.push_back(kToyPeoplePerHousehold * here);
    }
    record.present_households.push_back(abroad);
    record.present_people.push_back(kToyPeoplePerHousehold * abroad);
    writer.record_step(record);

    if (step % scenario.map_every == 0 || step == steps - 1) {
      MapRecord map;
      map.step = step;
      for (std::size_t c = 0; c < cell_region.size(); ++c) {
        const int r = cell_region[c];
        if (r < 0) {
          map.present_people.push_back(0.0f);
          map.displaced_from_people.push_back(0.0f);
          map.arrivals_people.push_back(0.0f);
          continue;
        }
        const auto ri = index(r);
        const std::size_t before = (ri + regions - 1) % regions;
        const double share = 1.0 / cells_in[ri];
        const double here = record.present_people[ri];
        const double from = kToyPeoplePerHousehold * (displaced[ri] + evacuated[ri]) * exposure[c] /
                            exposure_in[ri];
        const double arrivals = kToyPeoplePerHousehold * 0.2 * displaced[before] * share;
        map.present_people.push_back(static_cast<float>(here * share));
        map.displaced_from_people.push_back(static_cast<float>(from));
        map.arrivals_people.push_back(static_cast<float>(arrivals));
      }
      writer.record_map(map);
    }
  }
  // Spread the displaced household-steps over episode lengths (a geometric stand-in).
  double spent = 0.0;
  for (const double value : displaced_steps)
    spent += value;
  const double keep = 1.0 - scenario.return_rate - scenario.migrate_rate;
  double weights = 0.0;
  for (std::size_t d = 1; d < duration.size(); ++d) {
    duration[d] = std::pow(keep, static_cast<double>(d - 1));
    weights += duration[d] * static_cast<double>(d);
  }
  RunSummary summary;
  for (double& value : duration)
    value *= spent / weights;
  summary.displacement_duration_households = duration;
  summary.wall_seconds = 0.1;
  writer.end(summary);
}

void write_demo(const fs::path& folder) {
  fs::create_directories(folder / "maria-2017");
  fs::create_directories(folder / "caribbean-2050");
  ToyScenario maria;
  maria.seed = 2017;
  maria.dates = monthly_dates(2017, 9, 28, 1);
  maria.storm.assign(maria.dates.size(), 0.0);
  maria.storm[0] = 1.0;  // Irma and Maria both strike in September 2017
  auto variant = [&](const std::string& file, auto&& change) {
    ToyScenario scenario = maria;
    scenario.name = "maria-2017-" + file;
    change(scenario);
    write_toy(folder / "maria-2017" / (file + ".h5"), scenario);
  };
  variant("baseline", [](ToyScenario&) {});
  variant("early-warning", [](ToyScenario& s) {
    s.evacuate = 0.25;
    s.trapped = 0.10;
  });
  variant("cash-transfer", [](ToyScenario& s) {
    s.trapped = 0.18;
    s.return_rate = 0.10;
    s.migrate_rate = 0.05;
  });
  variant("reconstruction-support", [](ToyScenario& s) {
    s.return_rate = 0.15;
    s.migrate_rate = 0.03;
    s.trapped_decay = 0.6;
  });
  variant("planned-relocation", [](ToyScenario& s) {
    s.relocate_share = 0.15;
    s.return_rate = 0.07;
  });

  for (const auto& [file, warming] : {std::pair{"a1b", 0.0006}, std::pair{"e1", 0.0002}}) {
    ToyScenario climate;
    climate.name = std::string("caribbean-2050-") + file;
    climate.seed = 2050;
    climate.dates = monthly_dates(2020, 1, 31, 12);
    climate.step_years = 1.0;
    climate.map_every = 5;
    climate.return_rate = 0.5;
    climate.migrate_rate = 0.1;
    climate.trapped_decay = 0.3;
    climate.storm.assign(climate.dates.size(), 0.0);
    for (const int year : {2022, 2028, 2034, 2041, 2047})
      climate.storm[index(year - 2020)] = 0.4;
    for (std::size_t t = 0; t < climate.dates.size(); ++t)
      climate.heat_migration.push_back(0.001 + warming * static_cast<double>(t));
    write_toy(folder / "caribbean-2050" / (std::string(file) + ".h5"), climate);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "--demo") {
      write_demo(args[1]);
      std::printf("toy demo runs written under %s\n", args[1].c_str());
      return EXIT_SUCCESS;
    }
    if (args.size() != 1 || args[0].empty() || args[0][0] == '-') {
      std::fprintf(stderr, "usage: write_sample_run FOLDER | write_sample_run --demo FOLDER\n");
      return 2;
    }
    const fs::path folder = args[0];
    fs::create_directories(folder);
    write_sample(folder / "sample-a.h5", "sample-a", 1.0, true, true);
    write_sample(folder / "sample-b.h5", "sample-b", 1.5, true, true);
    write_sample(folder / "sample-noflows.h5", "sample-noflows", 1.0, false, true);
    write_sample(folder / "sample-levels.h5", "sample-levels", 1.0, true, true, true);
    std::printf("sample runs written under %s\n", folder.c_str());
    std::fflush(stdout);
    fs::remove(folder / "interrupted.h5.partial");
    write_sample(folder / "interrupted.h5", "interrupted", 1.0, true, false);  // exits
    return EXIT_FAILURE;                                                       // not reached
  } catch (const std::exception& error) {
    std::fprintf(stderr, "write_sample_run: %s\n", error.what());
    return EXIT_FAILURE;
  }
}
