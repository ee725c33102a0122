// A tiny simulation through the installed engine: 8 x 4 cells, two regions, one flood, 4 steps.
// Prints the households per step (constant: the engine conserves households) and exits 1 if not.
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "displace/common/version.hpp"
#include "displace/engine/records.hpp"
#include "displace/engine/simulation.hpp"
#include "displace/engine/status.hpp"

namespace de = displace::engine;

namespace {

class TotalsRecorder final : public de::Recorder {
 public:
  void begin(const de::RunLayout& layout) override { regions_ = layout.region_count; }
  void record_step(const de::StepRecord& record) override {
    double total = 0.0;
    for (int region = 0; region < regions_; ++region)
      for (int status = 0; status < de::kStatusCount; ++status)
        total += record.households[de::StepRecord::status_index(region, status, 0)];
    totals.push_back(total);
  }
  void record_map(const de::MapRecord&) override {}
  void end(const de::RunSummary&) override {}

  std::vector<double> totals;

 private:
  int regions_ = 0;
};

}  // namespace

int main() {
  auto land = std::make_shared<de::Landscape>();
  land->width = 8;
  land->height = 4;
  const std::size_t cells = 32;
  land->population_people.assign(cells, 400.0f);
  land->region_of_cell.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    const auto col = static_cast<int>(c % 8);
    const auto row = static_cast<int>(c / 8);
    land->cell_lon_deg.push_back(-66.0 + 0.05 * col);
    land->cell_lat_deg.push_back(18.0 - 0.05 * row);
    land->region_of_cell[c] = col < 4 ? 0 : 1;
  }
  land->regions = {{"W", "west"}, {"E", "east"}};
  land->externals = {{"mainland", 1600.0, 300.0, 2000.0, 0.3, -1.0}};

  de::HazardKind flood;
  flood.name = "flood";
  flood.units = "m";
  flood.curve.kind = de::CurveKind::step;
  flood.curve.step_threshold = 1.0;
  flood.curve.step_damage = 1.0;
  land->hazard_kinds.push_back(flood);
  de::HazardEvent event;
  event.id = "flood-1";
  event.name = event.id;
  event.step = 1;
  event.intensity.assign(cells, 0.0f);
  for (std::size_t c = 0; c < 8; ++c)
    event.intensity[c] = 2.0f;
  land->events.push_back(event);

  de::RunOptions options;
  options.seed = 42;
  options.step_count = 4;
  de::Simulation simulation(land, de::ModelParameters{}, {}, options);
  TotalsRecorder recorder;
  simulation.run(recorder);

  std::printf("displace %s: %lld households\n", std::string(displace::engine_version()).c_str(),
              static_cast<long long>(simulation.household_count()));
  bool conserved = recorder.totals.size() == 4;
  for (std::size_t t = 0; t < recorder.totals.size(); ++t) {
    std::printf("step %zu: %.1f households\n", t, recorder.totals[t]);
    conserved = conserved && std::abs(recorder.totals[t] - recorder.totals[0]) < 1e-6 &&
                recorder.totals[t] > 0.0;
  }
  std::printf(conserved ? "consumer: ok\n" : "consumer: households not conserved\n");
  return conserved ? 0 : 1;
}
