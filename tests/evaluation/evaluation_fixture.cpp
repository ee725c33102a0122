#include "evaluation_fixture.hpp"

#include <algorithm>
#include <fstream>

#include "displace/engine/status.hpp"
#include "displace/output/run_writer.hpp"

namespace displace::evaluation::testing {

namespace {
constexpr int kPlaces = 3;  // MZ01, MZ02, abroad
constexpr int kMz01 = 0;
constexpr int kMz02 = 1;
constexpr int kAbroad = 2;

std::size_t flow(engine::FlowKind kind, int origin, int destination) {
  return engine::StepRecord::flow_index(static_cast<int>(kind), origin, destination, kPlaces);
}
std::size_t status(int region, engine::Status s) {
  return engine::StepRecord::status_index(region, static_cast<int>(s),
                                          static_cast<int>(engine::Breakdown::all));
}
}  // namespace

// Per step t (0, 1, 2), times `scale`:
//   displacements_people MZ01 (evacuation, uninhabitable_home, services_loss):
//     t0 (10, 20, 30), t1 (1, 2, 3), t2 (100, 200, 300); MZ02: (5, 0, 0) every step
//   flows_people: migration MZ01 -> abroad 50 (t + 1); displacement MZ02 -> abroad 7;
//     migration MZ01 -> MZ02 1000 at t1 only; migration abroad -> abroad 999 (never a move *into*
//     abroad); everything else 0. flows (households) = flows_people / 2.5
//   people MZ02, breakdown all: displaced 400 (t + 1), evacuated 40 (t + 1); households = / 2.5
//   present_people abroad 1000 + 100 t
//   damaged_home_households MZ01 (4, 0, 12), MZ02 2 every step; protected_households MZ01
//     (1, 0, 3), MZ02 0
//   with shelters: shelter_people school 30 t, "stadium, east" 3 (20 t + 1), "hall+annex" 5;
//     shelter_households 10 t, 20 t + 1, 2
engine::StepRecord synthetic_step(int step, const Tallies& tallies) {
  const double s = tallies.scale;
  const double t = step;
  engine::StepRecord record = output::testing::test_step(step);  // sizes and filler values
  std::fill(record.displacements_people.begin(), record.displacements_people.end(), 0.0);
  const double mz01[3][3] = {{10, 20, 30}, {1, 2, 3}, {100, 200, 300}};
  for (int c = 0; c < engine::kDisplacementCauseCount; ++c) {
    record.displacements_people[static_cast<std::size_t>(kMz01 * 3 + c)] = s * mz01[step][c];
  }
  record.displacements_people[kMz02 * 3 + 0] = s * 5.0;

  std::fill(record.flows_people.begin(), record.flows_people.end(), 0.0);
  using engine::FlowKind;
  record.flows_people[flow(FlowKind::migration, kMz01, kAbroad)] = s * 50.0 * (t + 1.0);
  record.flows_people[flow(FlowKind::displacement, kMz02, kAbroad)] = s * 7.0;
  record.flows_people[flow(FlowKind::migration, kMz01, kMz02)] = step == 1 ? s * 1000.0 : 0.0;
  record.flows_people[flow(FlowKind::migration, kAbroad, kAbroad)] = s * 999.0;
  for (std::size_t i = 0; i < record.flows.size(); ++i)
    record.flows[i] = record.flows_people[i] / 2.5;

  record.people[status(kMz02, engine::Status::displaced)] = s * 400.0 * (t + 1.0);
  record.people[status(kMz02, engine::Status::evacuated)] = s * 40.0 * (t + 1.0);
  record.households[status(kMz02, engine::Status::displaced)] = s * 160.0 * (t + 1.0);
  record.households[status(kMz02, engine::Status::evacuated)] = s * 16.0 * (t + 1.0);
  record.present_people[kAbroad] = s * (1000.0 + 100.0 * t);
  const double damaged_mz01[3] = {4, 0, 12};
  const double protected_mz01[3] = {1, 0, 3};
  record.damaged_home_households = {s * damaged_mz01[step], s * 2.0};
  record.protected_households = {s * protected_mz01[step], 0.0};
  record.protected_people = {s * 2.5 * protected_mz01[step], 0.0};
  if (tallies.shelters) {
    record.shelter_people = {s * 30.0 * t, s * 3.0 * (20.0 * t + 1.0), s * 5.0};
    record.shelter_households = {s * 10.0 * t, s * (20.0 * t + 1.0), s * 2.0};
    record.shelter_open = {1.0, 1.0, 0.0};
  }
  if (!tallies.protected_households) {
    record.protected_households.clear();
    record.protected_people.clear();
  }

  if (!tallies.flows_people) record.flows_people.clear();
  if (!tallies.displacements_people) record.displacements_people.clear();
  return record;
}

engine::RunLayout synthetic_layout(bool shelters) {
  engine::RunLayout layout = output::testing::test_layout();
  if (shelters) {
    layout.shelter_names = {"school", "stadium, east", "hall+annex"};
    layout.shelter_capacity_households = {60.0, 5000.0, 10.0};
  }
  return layout;
}

std::vector<CivilDate> synthetic_step_bounds() {
  return {{2020, 1, 1}, {2020, 2, 1}, {2020, 3, 1}, {2020, 4, 1}};
}

std::filesystem::path write_synthetic_run(const std::filesystem::path& path,
                                          const Tallies& tallies) {
  output::RunWriterOptions options;
  options.record_flows = tallies.flows;
  output::RunWriter writer(path, output::testing::test_grid(), output::testing::test_step_dates(),
                           output::testing::test_provenance("synthetic"), options);
  writer.begin(synthetic_layout(tallies.shelters));
  for (int step = 0; step < 3; ++step) {
    writer.record_step(synthetic_step(step, tallies));
    if (step == 0 || step == 2) writer.record_map(output::testing::test_map(step));
  }
  writer.end(output::testing::test_summary());
  return path;
}

std::filesystem::path write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

}  // namespace displace::evaluation::testing
