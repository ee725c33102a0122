#include "workload.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace displace::bench {

using namespace displace::engine;

std::shared_ptr<Landscape> make_landscape(const std::string& workload, long long households,
                                          int steps, int admin_side) {
  const double people = static_cast<double>(households) * 3.0;
  const long long cells_wanted = std::max<long long>(16, households / 1000);
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(cells_wanted))));
  auto land = std::make_shared<Landscape>();
  land->width = side;
  land->height = side;
  const auto n = static_cast<std::size_t>(side) * static_cast<std::size_t>(side);
  land->cell_lon_deg.resize(n);
  land->cell_lat_deg.resize(n);
  land->population_people.assign(n, static_cast<float>(people / static_cast<double>(n)));
  land->region_of_cell.resize(n);
  for (int row = 0; row < side; ++row) {
    for (int col = 0; col < side; ++col) {
      const auto c = static_cast<std::size_t>(row) * static_cast<std::size_t>(side) +
                     static_cast<std::size_t>(col);
      land->cell_lon_deg[c] = -70.0 + 0.01 * col;
      land->cell_lat_deg[c] = 18.0 - 0.01 * row;
      land->region_of_cell[c] = (row * 2 / side) * 2 + (col * 2 / side);
    }
  }
  land->regions = {
      {"R1", "north-west"}, {"R2", "north-east"}, {"R3", "south-west"}, {"R4", "south-east"}};
  if (admin_side > 0) {
    AdminLevel level;
    level.layer = "bench-municipalities";
    level.level = 2;
    for (int u = 0; u < admin_side * admin_side; ++u) {
      level.units.push_back({"M" + std::to_string(u), "unit " + std::to_string(u)});
    }
    level.unit_of_cell.resize(n);
    for (int row = 0; row < side; ++row) {
      for (int col = 0; col < side; ++col) {
        level.unit_of_cell[static_cast<std::size_t>(row) * static_cast<std::size_t>(side) +
                           static_cast<std::size_t>(col)] =
            (row * admin_side / side) * admin_side + (col * admin_side / side);
      }
    }
    land->admin_levels.push_back(std::move(level));
  }
  land->externals = {{"abroad", 1500.0, 500.0, 1.0, 0.2, -1.0, 1.0, {}}};
  ClimateDriver heat;
  heat.name = "heat";
  heat.units = "K";
  heat.frames.assign(1, std::vector<float>(n, 1.5f));
  heat.frame_of_step.assign(static_cast<std::size_t>(steps), 0);
  land->climate.push_back(std::move(heat));
  if (workload == "storm") {
    // With #18's drivers: status-quo warnings from tropical-storm strength and services lost
    // (and restored over months) wherever the wind blows.
    HazardKind wind_kind{"wind", "m s-1", VulnerabilityCurve{}};
    wind_kind.warning_intensity = 17.5;
    wind_kind.services_curve.kind = CurveKind::emanuel_wind;
    wind_kind.services_curve.v_thresh_m_s = 15.0;
    wind_kind.services_curve.v_half_m_s = 35.0;
    land->hazard_kinds.push_back(wind_kind);
    // Rows in the top fifth of the grid get hurricane-force wind; the rest calm.
    std::vector<float> wind(n, 0.0f);
    for (std::size_t c = 0; c < n / 5; ++c)
      wind[c] = 80.0f;
    for (int s = 0; s < steps; ++s) {
      HazardEvent event;
      event.id = "bench-" + std::to_string(s);
      event.name = event.id;
      event.hazard_kind = 0;
      event.step = s;
      event.intensity = wind;
      land->events.push_back(std::move(event));
    }
  }
  return land;
}

}  // namespace displace::bench
