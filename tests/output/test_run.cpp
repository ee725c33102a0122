#include "test_run.hpp"

#include <sstream>

namespace displace::output::testing {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  return lines;
}

const char* const kWgs84Wkt =
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\","
    "\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

namespace {
constexpr int kRegions = 2;
constexpr int kPlaces = 3;
constexpr int kSteps = 3;
constexpr int kWidth = 4;
constexpr int kHeight = 3;
}  // namespace

RunGrid test_grid() {
  RunGrid grid;
  grid.crs_wkt = kWgs84Wkt;
  const double transform[6] = {34.0, 0.5, 0.0, -17.0, 0.0, -0.5};
  std::copy(std::begin(transform), std::end(transform), std::begin(grid.geotransform));
  grid.width = kWidth;
  grid.height = kHeight;
  grid.geographic = true;
  return grid;
}

std::vector<std::string> test_step_dates() {
  return {"2020-01-01", "2020-02-01", "2020-03-01"};
}

engine::RunLayout test_layout() {
  engine::RunLayout layout;
  layout.step_count = kSteps;
  layout.step_length_years = 1.0 / 12.0;
  layout.width = kWidth;
  layout.height = kHeight;
  layout.region_count = kRegions;
  layout.external_count = kPlaces - kRegions;
  layout.region_codes = {"MZ01", "MZ02"};
  layout.region_names = {"Sofala", "Zambezia, North"};
  layout.external_names = {"abroad"};
  layout.households_simulated = 1200;
  layout.households_per_agent = 2.0;
  layout.map_every_steps = 2;
  layout.duration_bins = 4;
  layout.hazard_names = {"wind", "flood"};
  return layout;
}

Provenance test_provenance(const std::string& scenario_name) {
  Provenance provenance;
  provenance.scenario_name = scenario_name;
  provenance.scenario_yaml = "name: " + scenario_name + "\nseed: 42\n";
  provenance.seed = 42;
  provenance.engine_version = "0.1.0";
  provenance.git_revision = "abc1234";
  provenance.threads = 2;
  provenance.ranks = 1;
  provenance.started_utc = "2024-05-01T10:00:00Z";
  provenance.input_sha256 = {{"/data/population.tif", std::string(64, 'a')},
                             {"/data/admin.gpkg", std::string(64, 'b')}};
  return provenance;
}

engine::StepRecord test_step(int step, double scale) {
  engine::StepRecord record;
  record.step = step;
  const double t = step;
  for (int r = 0; r < kRegions; ++r) {
    for (int s = 0; s < engine::kStatusCount; ++s) {
      for (int b = 0; b < engine::kBreakdownCount; ++b) {
        const double households = scale * (1000.0 * t + 100.0 * r + 10.0 * s + b);
        record.households.push_back(households);
        record.people.push_back(3.0 * households);
      }
    }
    record.trapped_households.push_back(scale * (t + r));
    record.trapped_people.push_back(scale * 4.0 * (t + r));
    record.protracted_households.push_back(scale * 0.5 * t * r);
    record.damaged_home_households.push_back(scale * (7.0 + t));
  }
  for (int p = 0; p < kPlaces; ++p) {
    record.present_households.push_back(scale * (10.0 * t + p));
    record.present_people.push_back(scale * (30.0 * t + 3.0 * p));
  }
  for (int k = 0; k < engine::kFlowKindCount; ++k) {
    for (int o = 0; o < kPlaces; ++o) {
      for (int d = 0; d < kPlaces; ++d) {
        const double moved = (k + o + d) % 3 == 0 ? scale * (t + 1.0) : 0.0;
        record.flows.push_back(moved);
        record.flows_people.push_back(2.5 * moved);
      }
    }
  }
  for (int r = 0; r < kRegions; ++r) {
    for (int c = 0; c < engine::kDisplacementCauseCount; ++c) {
      record.displacements_people.push_back(scale * (100.0 * t + 10.0 * r + c + 1.0));
    }
    // The uninhabitable_home column (c = 1) split between the two hazards: 3/4 wind, 1/4 flood.
    const double uninhabitable = scale * (100.0 * t + 10.0 * r + 2.0);
    record.uninhabitable_people_by_hazard.push_back(0.75 * uninhabitable);
    record.uninhabitable_people_by_hazard.push_back(0.25 * uninhabitable);
  }
  return record;
}

engine::MapRecord test_map(int step) {
  engine::MapRecord map;
  map.step = step;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const auto value = static_cast<float>(100 * step + 10 * y + x);
      map.present_people.push_back(value);
      map.displaced_from_people.push_back(0.5f * value);
      map.arrivals_people.push_back(value + 1.0f);
    }
  }
  return map;
}

engine::RunSummary test_summary() {
  engine::RunSummary summary;
  summary.displacement_duration_households = {0.0, 10.0, 5.0, 2.0};
  summary.wall_seconds = 1.5;
  summary.threads = 2;
  return summary;
}

engine::AdminLevelLayout test_admin_level() {
  engine::AdminLevelLayout level;
  level.layer = "districts";
  level.level = 2;
  level.unit_codes = {"MZ01-A", "MZ01-B", "MZ02-A"};
  level.unit_names = {"Beira", "Dondo", "Quelimane"};
  return level;
}

engine::AdminLevelRecord test_admin_level_step(int step, double scale) {
  constexpr int kUnits = 3;
  constexpr int kCurrents = kUnits + kPlaces - kRegions;
  engine::AdminLevelRecord level;
  for (int o = 0; o < kUnits; ++o) {
    for (int s = 0; s < engine::kStatusCount; ++s) {
      for (int b = 0; b < engine::kBreakdownCount; ++b) {
        level.households.push_back(scale * (100.0 * o + s + b));
        level.people.push_back(3.0 * scale * (100.0 * o + s + b));
      }
    }
  }
  for (int o = 0; o < kUnits; ++o) {
    for (int c = 0; c < kCurrents; ++c) {
      for (int b = 0; b < engine::kBreakdownCount; ++b) {
        const double people =
            o == c ? 0.0 : scale * (step + 1.0) * (10.0 * o + c + 1.0) / (b + 1.0);
        level.displaced_people.push_back(people);
        level.displaced_households.push_back(people / 3.0);
      }
    }
  }
  return level;
}

std::filesystem::path write_test_run(const std::filesystem::path& path, double scale,
                                     const std::string& scenario_name, RunWriterOptions options,
                                     bool admin_level) {
  RunWriter writer(path, test_grid(), test_step_dates(), test_provenance(scenario_name), options);
  engine::RunLayout layout = test_layout();
  if (admin_level) layout.admin_levels.push_back(test_admin_level());
  writer.begin(layout);
  for (int step = 0; step < kSteps; ++step) {
    engine::StepRecord record = test_step(step, scale);
    if (admin_level) record.admin_levels.push_back(test_admin_level_step(step, scale));
    writer.record_step(record);
    if (step == 0 || step == kSteps - 1) writer.record_map(test_map(step));
  }
  writer.end(test_summary());
  return path;
}

std::filesystem::path write_test_run_with_shelters(const std::filesystem::path& path) {
  engine::RunLayout layout = test_layout();
  layout.shelter_names = {"school", "stadium, east"};
  layout.shelter_capacity_households = {60.0, 5000.0};
  RunWriter writer(path, test_grid(), test_step_dates(), test_provenance("shelters"));
  writer.begin(layout);
  for (int step = 0; step < 3; ++step) {
    engine::StepRecord record = test_step(step);
    const double t = step;
    record.shelter_households = {10.0 * t, 20.0 * t + 1.0};
    record.shelter_people = {30.0 * t, 3.0 * (20.0 * t + 1.0)};
    record.shelter_open = {1.0, step > 0 ? 1.0 : 0.0};
    record.protected_households = {t, 2.0 * t};
    record.protected_people = {4.0 * t, 8.0 * t};
    writer.record_step(record);
    if (step == 0 || step == 2) writer.record_map(test_map(step));
  }
  writer.end(test_summary());
  return path;
}

}  // namespace displace::output::testing
