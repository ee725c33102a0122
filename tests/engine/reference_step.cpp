#include "reference_step.hpp"

#include <algorithm>

#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"

namespace displace::engine::testing {

namespace {

std::size_t at(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

int place(const RunState& s, std::int32_t location) {
  return location >= 0 ? s.cells.region[static_cast<std::size_t>(location)]
                       : static_cast<int>(s.landscape->regions.size()) - 1 - location;
}

}  // namespace

void reference_step(RunState& s, int step, StepRecord& record) {
  const Landscape& land = *s.landscape;
  HouseholdTable& h = s.households;
  const std::int64_t n = h.size();
  const double k = s.parameters.synthesis.households_per_agent;
  const int regions = static_cast<int>(land.regions.size());
  const int externals = static_cast<int>(land.externals.size());
  const int places = regions + externals;

  prepare_step(s, step);
  ThreadScratch& scratch = s.scratch[0];
  std::fill(scratch.outputs.damaged_home_households.begin(),
            scratch.outputs.damaged_home_households.end(), 0);
  std::fill(scratch.damaged_home_people.begin(), scratch.damaged_home_people.end(), 0);
  std::fill(scratch.outputs.protected_households.begin(),
            scratch.outputs.protected_households.end(), 0);
  std::fill(scratch.outputs.protected_people.begin(), scratch.outputs.protected_people.end(), 0);
  phase_damage(s, 0, n);
  phase_warning(s, 0, n);
  phase_displacement(s, 0, n, scratch);
  phase_migration_decision(s, 0, n);
  phase_destination(s, 0, n, scratch);
  phase_return_recovery(s, 0, n);

  // --- apply, serially ---
  std::vector<double> flows(static_cast<std::size_t>(kFlowKindCount * places * places), 0.0);
  std::vector<double> flows_people(flows.size(), 0.0);
  std::vector<double> departures(static_cast<std::size_t>(regions * kDisplacementCauseCount), 0.0);
  const auto kinds = static_cast<int>(land.hazard_kinds.size());
  std::vector<double> by_hazard(static_cast<std::size_t>(regions * kinds), 0.0);
  auto depart = [&](std::size_t u, DisplacementCause cause) {
    const int r = s.cells.region[static_cast<std::size_t>(h.home_cell[u])];
    departures[static_cast<std::size_t>(r * kDisplacementCauseCount + static_cast<int>(cause))] +=
        h.size_people[u] * k;
    if (cause == DisplacementCause::uninhabitable_home && h.damage_hazard[u] != kNoHazard) {
      by_hazard[static_cast<std::size_t>(r * kinds + h.damage_hazard[u])] += h.size_people[u] * k;
    }
  };
  std::vector<std::int64_t> shelter_used(land.shelters.size(), 0);
  std::vector<std::int64_t> external_used(land.externals.size(), 0);
  std::vector<std::int64_t> pathway_used(s.inputs.pathway_policies.size(), 0);
  auto move = [&](std::int64_t i, std::int32_t destination) {
    const auto u = at(i);
    const auto intent = static_cast<Intent>(h.intent[u]);
    const std::int32_t from = h.location[u];
    std::int32_t to = destination;
    std::uint16_t shelter = 0;
    if (destination < -externals) {
      const int site = -1 - externals - destination;
      to = land.shelters[static_cast<std::size_t>(site)].cell;
      shelter = static_cast<std::uint16_t>(site + 1);
    }
    int kind = -1;
    if (intent == Intent::evacuate) {
      to = from;
      kind = static_cast<int>(FlowKind::evacuation);
      h.status[u] = static_cast<std::uint8_t>(Status::evacuated);
      depart(u, DisplacementCause::evacuation);
    } else if (intent == Intent::displace || intent == Intent::leave_services) {
      kind = static_cast<int>(FlowKind::displacement);
      if (h.status[u] != static_cast<std::uint8_t>(Status::evacuated)) {
        depart(u, intent == Intent::displace ? DisplacementCause::uninhabitable_home
                                             : DisplacementCause::services_loss);
      }
      h.status[u] = static_cast<std::uint8_t>(Status::displaced);
      h.shelter[u] = shelter;
      if (h.episodes[u] < 255) h.episodes[u]++;
    } else if (intent == Intent::migrate) {
      kind = static_cast<int>(FlowKind::migration);
      h.status[u] = static_cast<std::uint8_t>(Status::migrated);
      h.shelter[u] = 0;
      h.flags[u] = static_cast<std::uint16_t>(h.flags[u] & ~flag_trapped);
    } else if (intent == Intent::relocate) {
      kind = static_cast<int>(FlowKind::relocation);
      h.status[u] = static_cast<std::uint8_t>(Status::relocated);
      h.shelter[u] = 0;
      h.flags[u] = static_cast<std::uint16_t>(h.flags[u] & ~flag_trapped);
    } else if (intent == Intent::return_home) {
      kind = static_cast<int>(FlowKind::return_home);
      to = h.home_cell[u];
      h.status[u] =
          h.status[u] == static_cast<std::uint8_t>(Status::evacuated) && h.episodes[u] == 0
              ? static_cast<std::uint8_t>(Status::home)
              : static_cast<std::uint8_t>(Status::returned);
      h.shelter[u] = 0;
    } else if (intent == Intent::become_migrated) {
      h.status[u] = static_cast<std::uint8_t>(Status::migrated);
      h.shelter[u] = 0;
      h.steps_in_status[u] = 0;
      return;
    }
    h.location[u] = to;
    h.steps_in_status[u] = 0;
    flows[StepRecord::flow_index(kind, place(s, from), place(s, to), places)] += k;
    flows_people[StepRecord::flow_index(kind, place(s, from), place(s, to), places)] +=
        h.size_people[u] * k;
  };
  // Which capacity-limited resources does household i need? (shelter, external, relocation, quota)
  struct Need {
    int shelter = -1, external = -1, relocation = -1, pathway = -1;
  };
  auto need = [&](std::int64_t i) {
    Need r;
    const auto u = at(i);
    const auto intent = static_cast<Intent>(h.intent[u]);
    if (intent != Intent::displace && intent != Intent::leave_services &&
        intent != Intent::migrate && intent != Intent::relocate) {
      return r;
    }
    const std::int32_t d = h.destination[u];
    if (d < -externals) r.shelter = -1 - externals - d;
    if (d < 0 && d >= -externals) {
      const int e = -1 - d;
      if (land.externals[static_cast<std::size_t>(e)].capacity_households >= 0) r.external = e;
      if (intent == Intent::migrate) {
        for (std::size_t slot = 0; slot < s.inputs.pathway_policies.size(); ++slot) {
          const Policy& p = s.policies[static_cast<std::size_t>(s.inputs.pathway_policies[slot])];
          if ((s.inputs.pathway_mask[static_cast<std::size_t>(h.home_cell[u])] >> slot & 1u) &&
              p.destination_external == e) {
            if (p.quota_per_step_households >= 0) r.pathway = static_cast<int>(slot);
            break;
          }
        }
      }
    }
    if (intent == Intent::relocate) {
      const int p = s.inputs.relocation_policy[static_cast<std::size_t>(h.home_cell[u])];
      if (s.policies[static_cast<std::size_t>(p)].capacity_households >= 0) r.relocation = p;
    }
    return r;
  };
  std::vector<std::pair<std::uint64_t, std::int64_t>> lottery;
  for (std::int64_t i = 0; i < n; ++i) {
    if (h.intent[at(i)] == 0) continue;
    const Need r = need(i);
    if (r.shelter >= 0 || r.external >= 0 || r.relocation >= 0 || r.pathway >= 0) {
      lottery.emplace_back(random_bits(s.key, static_cast<std::uint64_t>(i),
                                       static_cast<std::uint32_t>(step), Purpose::lottery),
                           i);
    } else {
      move(i, h.destination[at(i)]);
    }
  }
  std::sort(lottery.begin(), lottery.end());
  for (const auto& entry : lottery) {
    const std::int64_t i = entry.second;
    const Need r = need(i);
    bool ok = true;
    if (r.shelter >= 0) {
      ok &= (static_cast<double>(s.inputs.shelter_occupancy[static_cast<std::size_t>(r.shelter)] +
                                 shelter_used[static_cast<std::size_t>(r.shelter)]) +
             1) *
                k <=
            land.shelters[static_cast<std::size_t>(r.shelter)].capacity_households + 1e-9;
    }
    if (r.external >= 0) {
      ok &= (static_cast<double>(s.inputs.external_occupancy[static_cast<std::size_t>(r.external)] +
                                 external_used[static_cast<std::size_t>(r.external)]) +
             1) *
                k <=
            land.externals[static_cast<std::size_t>(r.external)].capacity_households + 1e-9;
    }
    if (r.relocation >= 0) {
      ok &= (static_cast<double>(s.relocation_used[static_cast<std::size_t>(r.relocation)]) + 1) *
                k <=
            s.policies[static_cast<std::size_t>(r.relocation)].capacity_households + 1e-9;
    }
    if (r.pathway >= 0) {
      const Policy& p = s.policies[static_cast<std::size_t>(
          s.inputs.pathway_policies[static_cast<std::size_t>(r.pathway)])];
      ok &= (static_cast<double>(pathway_used[static_cast<std::size_t>(r.pathway)]) + 1) * k <=
            p.quota_per_step_households + 1e-9;
    }
    if (ok) {
      if (r.shelter >= 0) shelter_used[static_cast<std::size_t>(r.shelter)]++;
      if (r.external >= 0) external_used[static_cast<std::size_t>(r.external)]++;
      if (r.relocation >= 0) s.relocation_used[static_cast<std::size_t>(r.relocation)]++;
      if (r.pathway >= 0) pathway_used[static_cast<std::size_t>(r.pathway)]++;
      move(i, h.destination[at(i)]);
    } else if (displacing_intent(h.intent[at(i)])) {
      move(i, h.fallback[at(i)]);
    } else {
      h.intent[at(i)] = 0;
    }
  }

  // --- record, serially, accumulating real households directly ---
  const std::size_t status_size =
      static_cast<std::size_t>(regions * kStatusCount * kBreakdownCount);
  record = StepRecord{};
  record.step = step;
  record.households.assign(status_size, 0.0);
  record.people.assign(status_size, 0.0);
  record.present_households.assign(static_cast<std::size_t>(places), 0.0);
  record.present_people.assign(static_cast<std::size_t>(places), 0.0);
  record.trapped_households.assign(static_cast<std::size_t>(regions), 0.0);
  record.trapped_people.assign(static_cast<std::size_t>(regions), 0.0);
  record.protracted_households.assign(static_cast<std::size_t>(regions), 0.0);
  record.damaged_home_households.assign(static_cast<std::size_t>(regions), 0.0);
  record.flows = flows;
  record.flows_people = flows_people;
  record.displacements_people = departures;
  record.uninhabitable_people_by_hazard = by_hazard;
  record.protected_households.assign(static_cast<std::size_t>(regions), 0.0);
  record.protected_people.assign(static_cast<std::size_t>(regions), 0.0);
  record.shelter_households.assign(land.shelters.size(), 0.0);
  record.shelter_people.assign(land.shelters.size(), 0.0);
  record.shelter_open.assign(land.shelters.size(), 0.0);
  for (std::size_t site = 0; site < land.shelters.size(); ++site)
    record.shelter_open[site] = s.inputs.shelter_open[site] ? 1.0 : 0.0;
  std::fill(s.inputs.present_households.begin(), s.inputs.present_households.end(), 0);
  std::fill(s.inputs.shelter_occupancy.begin(), s.inputs.shelter_occupancy.end(), 0);
  std::fill(s.inputs.external_occupancy.begin(), s.inputs.external_occupancy.end(), 0);
  const std::uint16_t bits[5] = {0xffff, flag_female_headed, flag_with_children, flag_with_elderly,
                                 flag_with_disability};
  for (std::int64_t i = 0; i < n; ++i) {
    const auto u = at(i);
    const int r = s.cells.region[static_cast<std::size_t>(h.home_cell[u])];
    const double people = h.size_people[u] * k;
    for (int b = 0; b < kBreakdownCount; ++b) {
      if (b == 0 || (h.flags[u] & bits[b])) {
        record.households[StepRecord::status_index(r, h.status[u], b)] += k;
        record.people[StepRecord::status_index(r, h.status[u], b)] += people;
      }
    }
    if (h.flags[u] & flag_trapped) {
      record.trapped_households[static_cast<std::size_t>(r)] += k;
      record.trapped_people[static_cast<std::size_t>(r)] += people;
    }
    if (h.status[u] == static_cast<std::uint8_t>(Status::displaced) &&
        (h.steps_in_status[u] + 1) * s.options.step_length_years >
            s.parameters.recovery.protracted_after_years) {
      record.protracted_households[static_cast<std::size_t>(r)] += k;
    }
    const int p = place(s, h.location[u]);
    record.present_households[static_cast<std::size_t>(p)] += k;
    record.present_people[static_cast<std::size_t>(p)] += people;
    if (h.location[u] >= 0) {
      s.inputs.present_households[static_cast<std::size_t>(h.location[u])]++;
    } else {
      s.inputs.external_occupancy[static_cast<std::size_t>(-1 - h.location[u])]++;
    }
    if (h.shelter[u] != 0) {
      s.inputs.shelter_occupancy[h.shelter[u] - 1u]++;
      record.shelter_households[h.shelter[u] - 1u] += k;
      record.shelter_people[h.shelter[u] - 1u] += people;
    }
  }
  for (int r = 0; r < regions; ++r) {
    record.damaged_home_households[static_cast<std::size_t>(r)] =
        static_cast<double>(scratch.outputs.damaged_home_households[static_cast<std::size_t>(r)]) *
        k;
    record.protected_households[static_cast<std::size_t>(r)] =
        static_cast<double>(scratch.outputs.protected_households[static_cast<std::size_t>(r)]) * k;
    record.protected_people[static_cast<std::size_t>(r)] =
        static_cast<double>(scratch.outputs.protected_people[static_cast<std::size_t>(r)]) * k;
  }
}

}  // namespace displace::engine::testing
