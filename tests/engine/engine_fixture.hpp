#pragma once
// Small landscapes built in code and an in-memory recorder for the engine tests.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "displace/engine/records.hpp"
#include "displace/engine/simulation.hpp"

namespace displace::engine::testing {

/// Keeps every record in memory.
class MemoryRecorder final : public Recorder {
 public:
  void begin(const RunLayout& l) override { layout = l; }
  void record_step(const StepRecord& r) override { steps.push_back(r); }
  void record_map(const MapRecord& m) override { maps.push_back(m); }
  void end(const RunSummary& s) override { summary = s; }

  RunLayout layout;
  std::vector<StepRecord> steps;
  std::vector<MapRecord> maps;
  RunSummary summary;
};

/// A width x height lon/lat grid (0.05 degree cells near 18N), two regions split by column
/// (west = 0, east = 1), `people` per cell, one external destination.
inline std::shared_ptr<Landscape> make_grid(int width, int height, float people) {
  auto land = std::make_shared<Landscape>();
  land->width = width;
  land->height = height;
  const auto n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  land->cell_lon_deg.resize(n);
  land->cell_lat_deg.resize(n);
  land->population_people.assign(n, people);
  land->region_of_cell.resize(n);
  for (int row = 0; row < height; ++row) {
    for (int col = 0; col < width; ++col) {
      const auto c = static_cast<std::size_t>(row * width + col);
      land->cell_lon_deg[c] = -66.0 + 0.05 * col;
      land->cell_lat_deg[c] = 18.0 - 0.05 * row;
      land->region_of_cell[c] = col * 2 < width ? 0 : 1;
    }
  }
  land->regions = {{"W", "west"}, {"E", "east"}};
  ExternalDestination mainland;
  mainland.name = "mainland";
  mainland.distance_km = 1600.0;
  mainland.travel_cost_usd = 300.0;
  mainland.diaspora_people = 2000.0;
  mainland.kin_share = 0.3;
  land->externals = {mainland};
  return land;
}

/// A hazard kind whose curve is a step: `damage` from intensity `threshold`.
inline HazardKind step_hazard_kind(const std::string& name, const std::string& units,
                                   double threshold, double damage) {
  HazardKind kind;
  kind.name = name;
  kind.units = units;
  kind.curve.kind = CurveKind::step;
  kind.curve.step_threshold = threshold;
  kind.curve.step_damage = damage;
  return kind;
}

/// Adds a hazard kind with a step curve (damage 1 at intensity >= 1) and one event at `step`
/// with intensity 2 over cells [first_cell, last_cell).
inline void add_step_event(Landscape& land, int step, std::size_t first_cell, std::size_t last_cell,
                           bool forecast = true) {
  if (land.hazard_kinds.empty()) land.hazard_kinds.push_back(step_hazard_kind("flood", "m", 1, 1));
  HazardEvent event;
  event.id = "event-" + std::to_string(step);
  event.name = event.id;
  event.step = step;
  event.forecast = forecast;
  event.intensity.assign(land.population_people.size(), 0.0f);
  for (std::size_t c = first_cell; c < last_cell; ++c)
    event.intensity[c] = 2.0f;
  land.events.push_back(event);
}

/// Parameters with deterministic fragility (damage = curve value) and default behaviour.
inline ModelParameters quiet_parameters() {
  ModelParameters p;
  p.synthesis.fragility_sigma_log = 0.0;
  return p;
}

inline RunOptions options(int steps, std::uint64_t seed = 7) {
  RunOptions o;
  o.seed = seed;
  o.step_count = steps;
  return o;
}

/// Sum over regions and breakdown `all` of one status in a step record.
inline double status_households(const StepRecord& r, Status status) {
  double total = 0.0;
  const std::size_t regions = r.households.size() / (kStatusCount * kBreakdownCount);
  for (std::size_t region = 0; region < regions; ++region) {
    total += r.households[StepRecord::status_index(static_cast<int>(region),
                                                   static_cast<int>(status), 0)];
  }
  return total;
}

/// Sum of one flow kind over all origins and destinations.
inline double flow_total(const StepRecord& r, FlowKind kind, int places) {
  double total = 0.0;
  for (int o = 0; o < places; ++o) {
    for (int d = 0; d < places; ++d) {
      total += r.flows[StepRecord::flow_index(static_cast<int>(kind), o, d, places)];
    }
  }
  return total;
}

inline double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

inline MemoryRecorder run(std::shared_ptr<const Landscape> land, const ModelParameters& p,
                          std::vector<Policy> policies, const RunOptions& o) {
  Simulation simulation(std::move(land), p, std::move(policies), o);
  MemoryRecorder recorder;
  simulation.run(recorder);
  return recorder;
}

/// Every record of two runs equal, exactly (step records, maps, the end-of-run histogram).
inline void expect_identical(const MemoryRecorder& a, const MemoryRecorder& b) {
  ASSERT_EQ(a.steps.size(), b.steps.size());
  for (std::size_t t = 0; t < a.steps.size(); ++t) {
    // Every step output of DISPLACE_STEP_OUTPUTS, in table order.
    std::vector<const std::vector<double>*> expected;
    for_each_step_output(b.steps[t], [&](const StepOutput&, const std::vector<double>& values) {
      expected.push_back(&values);
    });
    std::size_t j = 0;
    for_each_step_output(a.steps[t],
                         [&](const StepOutput& output, const std::vector<double>& values) {
                           EXPECT_EQ(values, *expected[j++]) << output.name << ", step " << t;
                         });
  }
  ASSERT_EQ(a.maps.size(), b.maps.size());
  for (std::size_t m = 0; m < a.maps.size(); ++m) {
    EXPECT_EQ(a.maps[m].present_people, b.maps[m].present_people);
    EXPECT_EQ(a.maps[m].displaced_from_people, b.maps[m].displaced_from_people);
    EXPECT_EQ(a.maps[m].arrivals_people, b.maps[m].arrivals_people);
  }
  EXPECT_EQ(a.summary.displacement_duration_households, b.summary.displacement_duration_households);
}

}  // namespace displace::engine::testing
