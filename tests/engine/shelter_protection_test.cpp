// Shelter occupancy and "protected by early warning" in the step records, each checked against a
// count made independently from the household table after every step.
#include <gtest/gtest.h>
#include <omp.h>

#include <cstdint>
#include <vector>

#include "detail/phases.hpp"
#include "engine_fixture.hpp"

namespace displace::engine::testing {
namespace {

constexpr int kPlaces = 3;  // two regions + one external

/// A forecast storm at step 1 over rows 0-1 (2000 households) destroys every home it strikes; an
/// early warning evacuates 80 % ahead of it, and two shelters receive the displaced.
struct StormWithShelters {
  std::shared_ptr<Landscape> land = make_grid(10, 10, 300.0f);
  ModelParameters parameters = quiet_parameters();
  std::vector<Policy> policies;

  StormWithShelters() {
    add_step_event(*land, 1, 0, 20);
    land->shelters = {{"school", 55, 60.0}, {"stadium", 75, 5000.0}, {"closed", 45, 100.0}};
    parameters.aspiration.intercept = -12.0;
    parameters.destination.coef_shelter = 20.0;  // the displaced prefer a shelter
    Policy warning;
    warning.kind = PolicyKind::early_warning;
    warning.name = "sms";
    warning.coverage = 1.0;
    warning.compliance = 0.8;
    Policy shelter;
    shelter.kind = PolicyKind::shelter;
    shelter.name = "open";
    shelter.shelter_sites = {0, 1};  // "closed" is never opened
    policies = {warning, shelter};
  }
};

/// Per step: the record, plus counts made from the household table after the step.
struct Observed {
  std::vector<StepRecord> records;
  std::vector<std::vector<double>> sheltered_households;  ///< [step][site]
  std::vector<std::vector<double>> sheltered_people;
  std::vector<double> protected_households;  ///< [step], all regions
  std::vector<double> protected_people;
};

double effective_damage(const HouseholdTable& h, std::size_t u) {
  return static_cast<double>(h.damage[u]) * (1.0 - static_cast<double>(h.recovery[u]));
}

/// Runs `steps` steps phase by phase, counting from the table after each: households whose
/// shelter is each site; and protected ones: evacuees whose home is uninhabitable and was not
/// so at the end of the previous step while they were already evacuated, plus last step's
/// evacuees now displaced that had not been counted then (their home was destroyed while away).
Observed observe(const std::shared_ptr<const Landscape>& land, const ModelParameters& p,
                 const std::vector<Policy>& policies, int steps) {
  const Landscape& shape = *land;
  RunState state = make_run_state(land, p, policies, options(steps, 5));
  const HouseholdTable& h = state.households;
  const double k = p.synthesis.households_per_agent;
  const double threshold = p.damage.uninhabitable_damage;
  const auto n = static_cast<std::size_t>(h.size());
  std::vector<std::uint8_t> was_evacuated(n, 0);
  std::vector<std::uint8_t> was_counted(n, 0);  // evacuated with an uninhabitable home
  Observed out;
  for (int step = 0; step < steps; ++step) {
    StepRecord record;
    prepare_step(state, step);
    decide_households(state);
    apply_decisions(state);
    record_step(state, record, nullptr);
    std::vector<double> households(shape.shelters.size(), 0.0);
    std::vector<double> people(shape.shelters.size(), 0.0);
    double protected_households = 0.0;
    double protected_people = 0.0;
    for (std::size_t u = 0; u < n; ++u) {
      const double size = h.size_people[u] * k;
      if (h.shelter[u] != 0) {
        EXPECT_EQ(h.location[u], shape.shelters[h.shelter[u] - 1u].cell);
        households[h.shelter[u] - 1u] += k;
        people[h.shelter[u] - 1u] += size;
      }
      const bool evacuated = h.status[u] == static_cast<std::uint8_t>(Status::evacuated);
      const bool displaced = h.status[u] == static_cast<std::uint8_t>(Status::displaced);
      const bool uninhabitable = effective_damage(h, u) >= threshold;
      const bool counts = (evacuated && uninhabitable && was_counted[u] == 0) ||
                          (displaced && was_evacuated[u] != 0 && was_counted[u] == 0);
      if (counts) {
        protected_households += k;
        protected_people += size;
      }
      was_counted[u] = evacuated && (was_counted[u] != 0 || uninhabitable) ? 1 : 0;
      was_evacuated[u] = evacuated ? 1 : 0;
    }
    out.records.push_back(record);
    out.sheltered_households.push_back(households);
    out.sheltered_people.push_back(people);
    out.protected_households.push_back(protected_households);
    out.protected_people.push_back(protected_people);
  }
  return out;
}

TEST(ShelterOccupancy, CountsTheHouseholdsStayingAtEachSiteWithinCapacity) {
  const StormWithShelters s;
  const Observed seen = observe(s.land, s.parameters, s.policies, 4);
  for (std::size_t t = 0; t < seen.records.size(); ++t) {
    const StepRecord& r = seen.records[t];
    ASSERT_EQ(r.shelter_households.size(), 3u);
    EXPECT_EQ(r.shelter_households, seen.sheltered_households[t]) << "step " << t;
    EXPECT_EQ(r.shelter_people, seen.sheltered_people[t]) << "step " << t;
    for (std::size_t site = 0; site < 3; ++site) {
      EXPECT_LE(r.shelter_households[site], s.land->shelters[site].capacity_households);
    }
    EXPECT_EQ(r.shelter_open, (std::vector<double>{1.0, 1.0, 0.0})) << "step " << t;
    EXPECT_EQ(r.shelter_households[2], 0.0);  // never opened
  }
  // The storm step: the 20 % not warned are displaced at once and fill the school (lottery).
  const StepRecord& storm = seen.records[1];
  EXPECT_EQ(storm.shelter_households[0], 60.0);
  EXPECT_GT(storm.shelter_households[1], 0.0);
  EXPECT_GT(storm.shelter_people[1], storm.shelter_households[1]);
  EXPECT_EQ(seen.records[0].shelter_households, (std::vector<double>{0.0, 0.0, 0.0}));
  // The step after, the evacuees whose homes were destroyed join them.
  EXPECT_GT(seen.records[2].shelter_households[1], storm.shelter_households[1]);
}

TEST(ProtectedByEarlyWarning, CountsEvacueesWhoseHomeWasDestroyedOnce) {
  const StormWithShelters s;
  const Observed seen = observe(s.land, s.parameters, s.policies, 4);
  double total = 0.0;
  for (std::size_t t = 0; t < seen.records.size(); ++t) {
    const StepRecord& r = seen.records[t];
    ASSERT_EQ(r.protected_households.size(), 2u);
    EXPECT_EQ(sum(r.protected_households), seen.protected_households[t]) << "step " << t;
    EXPECT_EQ(sum(r.protected_people), seen.protected_people[t]) << "step " << t;
    total += sum(r.protected_households);
  }
  // Every evacuee's home was destroyed by the storm it left ahead of: counted at the storm step,
  // not again when the evacuation turns into displacement the step after.
  const double evacuated = flow_total(seen.records[1], FlowKind::evacuation, kPlaces);
  EXPECT_GT(evacuated, 1000.0);
  EXPECT_EQ(sum(seen.records[1].protected_households), evacuated);
  EXPECT_EQ(flow_total(seen.records[2], FlowKind::displacement, kPlaces), evacuated);
  EXPECT_EQ(total, evacuated);
}

TEST(ProtectedByEarlyWarning, CountsEvacueesWhoseHomeIsDestroyedWhileAway) {
  // A forecast storm at step 1 does no damage, but the status-quo warning evacuates half of the
  // households it reaches; an unforecast flood at step 2 destroys the same homes. Counted at the
  // flood's step, whether the evacuation turns into displacement then (it has lasted
  // evacuation_return_steps = 1) or later (3), and only once.
  auto land = make_grid(10, 10, 300.0f);
  add_step_event(*land, 1, 0, 20);
  add_step_event(*land, 2, 0, 20, false);
  for (float& v : land->events[0].intensity)
    v *= 0.25f;  // 0.5: under the damage threshold of 1
  land->hazard_kinds[0].warning_intensity = 0.4;
  for (const double return_steps : {1.0, 3.0}) {
    auto p = quiet_parameters();
    p.aspiration.intercept = -12.0;
    p.evacuation.coverage = 1.0;
    p.evacuation.compliance = 0.5;
    p.recovery.evacuation_return_steps = return_steps;
    const Observed seen = observe(land, p, {}, 6);
    const double evacuated = flow_total(seen.records[1], FlowKind::evacuation, kPlaces);
    EXPECT_GT(evacuated, 800.0);
    EXPECT_EQ(sum(seen.records[1].protected_households), 0.0);  // homes still standing
    EXPECT_EQ(sum(seen.records[2].protected_households), evacuated) << return_steps;
    double total = 0.0;
    for (std::size_t t = 0; t < seen.records.size(); ++t) {
      EXPECT_EQ(sum(seen.records[t].protected_households), seen.protected_households[t]);
      EXPECT_EQ(sum(seen.records[t].protected_people), seen.protected_people[t]);
      total += sum(seen.records[t].protected_households);
    }
    EXPECT_EQ(total, evacuated) << return_steps;
  }
}

TEST(ShelterOccupancy, RecordsAreTheSameForAnyThreadCount) {
  const StormWithShelters s;
  const int ambient = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = run(s.land, s.parameters, s.policies, options(4, 3));
  omp_set_num_threads(3);
  const auto three = run(s.land, s.parameters, s.policies, options(4, 3));
  omp_set_num_threads(ambient);
  expect_identical(one, three);
  EXPECT_GT(sum(one.steps[1].shelter_households), 0.0);
  EXPECT_GT(sum(one.steps[1].protected_people), 0.0);
  EXPECT_EQ(one.layout.shelter_names, (std::vector<std::string>{"school", "stadium", "closed"}));
  EXPECT_EQ(one.layout.shelter_capacity_households, (std::vector<double>{60.0, 5000.0, 100.0}));
}

}  // namespace
}  // namespace displace::engine::testing
