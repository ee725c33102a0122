// Phase 8: apply every household's intent. Uncontested moves are applied in household order;
// moves that need a capacity-limited resource (shelter, external capacity, relocation capacity,
// pathway quota) are admitted in the order of a seeded lottery key, never thread timing, over the
// contested moves of every rank of a shared run.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "detail/phases.hpp"
#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"
#include "exchange.hpp"
#include "indexing.hpp"

namespace displace::engine {

namespace {

bool needs_capacity(const ContestedMove& r) {
  return r.shelter >= 0 || r.external >= 0 || r.relocation >= 0 || r.pathway_slot >= 0;
}

/// The capacity-limited resources household row i's intent needs (none for most).
ContestedMove resources_of(const RunState& state, std::size_t i) {
  const HouseholdTable& h = state.households;
  const Landscape& land = *state.landscape;
  const auto intent = static_cast<Intent>(h.intent[i]);
  ContestedMove r;
  if (!displacing_intent(h.intent[i]) && intent != Intent::migrate && intent != Intent::relocate) {
    return r;
  }
  const Destination d =
      Destination::decode(h.destination[i], static_cast<std::int32_t>(land.externals.size()));
  if (d.is_external()) {
    const std::int32_t e = d.index();
    if (land.externals[at32(e)].capacity_households >= 0.0) r.external = e;
    if (intent == Intent::migrate) {
      const std::uint32_t mask = state.inputs.pathway_mask[at32(h.home_cell[i])];
      for (std::size_t slot = 0; mask != 0 && slot < state.inputs.pathway_policies.size(); ++slot) {
        const Policy& policy = state.policies[at32(state.inputs.pathway_policies[slot])];
        if (((mask >> slot) & 1u) != 0 && policy.destination_external == e) {
          if (policy.quota_per_step_households >= 0.0) {
            r.pathway_slot = static_cast<std::int32_t>(slot);
          }
          break;
        }
      }
    }
  } else if (d.is_shelter()) {
    r.shelter = d.index();
  }
  if (intent == Intent::relocate) {
    const int k = state.inputs.relocation_policy[at32(h.home_cell[i])];
    if (k >= 0 && state.policies[at32(k)].capacity_households >= 0.0) r.relocation = k;
  }
  return r;
}

/// Does one more simulated household (k real) fit under `capacity` real households?
bool fits(double used_simulated, double k, double capacity) {
  return (used_simulated + 1.0) * k <= capacity + 1e-9;
}

/// The place (region, then externals) of a `location` code.
int place_of(const RunState& state, std::int32_t location) {
  const auto externals = static_cast<std::int32_t>(state.landscape->externals.size());
  const Destination place = Destination::decode(location, externals);
  return place.is_cell() ? state.cells.region[at32(place.index())]
                         : static_cast<int>(state.landscape->regions.size()) + place.index();
}

void end_episode(RunState& state, std::size_t i) {
  const auto length = static_cast<std::int64_t>(state.households.steps_in_status[i]);
  const std::int64_t bin = std::clamp<std::int64_t>(length, 1, state.duration_bins - 1);
  if (state.duration_bins > 1) state.duration_counts[at(bin)] += 1;
}

/// Moves household i to `destination` (encoded) for `intent`, recording the flow.
void apply_one(RunState& state, std::size_t i, std::int32_t destination) {
  HouseholdTable& h = state.households;
  const auto externals = static_cast<std::int32_t>(state.landscape->externals.size());
  const auto places = static_cast<int>(state.landscape->regions.size()) + externals;
  const std::int32_t origin = h.location[i];
  const std::uint8_t status = h.status[i];
  // Decode the destination into a location (+ shelter).
  std::int32_t location = destination;
  std::uint16_t shelter = 0;
  if (const Destination place = Destination::decode(destination, externals); place.is_shelter()) {
    location = state.landscape->shelters[at32(place.index())].cell;
    shelter = static_cast<std::uint16_t>(place.index() + 1);
  }
  FlowKind kind = FlowKind::migration;
  const std::int64_t people = h.size_people[i];
  // A departure from home (not from an evacuation) is tallied once, under its cause.
  auto depart = [&](DisplacementCause cause) {
    const auto region = at32(state.cells.region[at32(h.home_cell[i])]);
    state.outputs
        .displacements_people[region * kDisplacementCauseCount + static_cast<std::size_t>(cause)] +=
        people;
  };
  switch (static_cast<Intent>(h.intent[i])) {
    case Intent::none:
      return;
    case Intent::evacuate:
      kind = FlowKind::evacuation;
      location = origin;
      h.status[i] = u8(Status::evacuated);
      depart(DisplacementCause::evacuation);
      break;
    case Intent::displace:
    case Intent::leave_services:
      kind = FlowKind::displacement;
      if (status != u8(Status::evacuated)) {
        const bool uninhabitable = static_cast<Intent>(h.intent[i]) == Intent::displace;
        depart(uninhabitable ? DisplacementCause::uninhabitable_home
                             : DisplacementCause::services_loss);
        const std::size_t kinds = state.landscape->hazard_kinds.size();
        if (uninhabitable && h.damage_hazard[i] < kinds) {
          const auto region = at32(state.cells.region[at32(h.home_cell[i])]);
          state.outputs.uninhabitable_people_by_hazard[region * kinds + h.damage_hazard[i]] +=
              people;
        }
      }
      h.status[i] = u8(Status::displaced);
      h.shelter[i] = shelter;
      if (h.episodes[i] < 255) ++h.episodes[i];
      break;
    case Intent::migrate:
      kind = FlowKind::migration;
      if (status == u8(Status::displaced)) end_episode(state, i);
      h.status[i] = u8(Status::migrated);
      h.shelter[i] = 0;
      h.flags[i] = static_cast<std::uint16_t>(h.flags[i] & ~flag_trapped);
      break;
    case Intent::relocate:
      kind = FlowKind::relocation;
      h.status[i] = u8(Status::relocated);
      h.shelter[i] = 0;
      h.flags[i] = static_cast<std::uint16_t>(h.flags[i] & ~flag_trapped);
      break;
    case Intent::return_home:
      kind = FlowKind::return_home;
      location = h.home_cell[i];
      if (status == u8(Status::displaced)) end_episode(state, i);
      // Back from an evacuation: `home` again, unless it has been displaced before (history).
      h.status[i] = status == u8(Status::evacuated) && h.episodes[i] == 0 ? u8(Status::home)
                                                                          : u8(Status::returned);
      h.shelter[i] = 0;
      break;
    case Intent::become_migrated:  // a status change in place: no flow
      end_episode(state, i);
      h.status[i] = u8(Status::migrated);
      h.shelter[i] = 0;
      h.steps_in_status[i] = 0;
      return;
  }
  h.location[i] = location;
  h.steps_in_status[i] = 0;
  const auto flow = StepRecord::flow_index(static_cast<int>(kind), place_of(state, origin),
                                           place_of(state, location), places);
  state.outputs.flows[flow] += 1;
  state.outputs.flows_people[flow] += people;
}

/// With several ranks: replaces state.contested by the contested moves of all ranks.
void gather_contested(RunState& state) {
  if (!shared_run(state)) return;
  static_assert(std::is_trivially_copyable_v<ContestedMove>);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(state.contested.data());
  const std::vector<std::uint8_t> all = state.exchange->gather(
      std::span<const std::uint8_t>(bytes, state.contested.size() * sizeof(ContestedMove)));
  state.contested.resize(all.size() / sizeof(ContestedMove));
  if (!all.empty()) std::memcpy(state.contested.data(), all.data(), all.size());
}

}  // namespace

void apply_decisions(RunState& state) {
  HouseholdTable& h = state.households;
  const Landscape& land = *state.landscape;
  const double k = state.parameters.synthesis.households_per_agent;
  const auto blocks = static_cast<std::int64_t>(state.block_mover_count.size());

  // Gather movers in household order: prefix over fixed blocks, then fill in parallel.
  std::int64_t total = 0;
  std::vector<std::int64_t>& offsets = state.block_mover_count;  // becomes exclusive prefix
  for (std::int64_t b = 0; b < blocks; ++b) {
    const std::int64_t count = offsets[at(b)];
    offsets[at(b)] = total;
    total += count;
  }
  state.movers.resize(at(total));
#pragma omp parallel for schedule(static)
  for (std::int64_t b = 0; b < blocks; ++b) {
    std::int64_t out = offsets[at(b)];
    for (std::int64_t i = state.block_first[at(b)]; i < state.block_first[at(b) + 1]; ++i) {
      if (h.intent[at(i)] != 0) state.movers[at(out++)] = i;
    }
  }

  zero_step_tallies(state.outputs, StepTally::applied);
  state.shelter_admitted.assign(land.shelters.size(), 0);
  state.external_admitted.assign(land.externals.size(), 0);
  state.pathway_admitted.assign(state.inputs.pathway_policies.size(), 0);
  state.contested.clear();
  const auto step = static_cast<std::uint32_t>(state.inputs.step);
  for (const std::int64_t mover : state.movers) {
    const auto i = at(mover);
    ContestedMove move = resources_of(state, i);
    if (needs_capacity(move)) {
      move.household = mover + h.id_offset(mover, mover + 1);
      move.lottery_key = random_bits(state.key, static_cast<std::uint64_t>(move.household), step,
                                     Purpose::lottery);
      state.contested.push_back(move);
    } else {
      apply_one(state, i, h.destination[i]);
    }
  }
  gather_contested(state);
  std::sort(state.contested.begin(), state.contested.end(),
            [](const ContestedMove& a, const ContestedMove& b) {
              return a.lottery_key != b.lottery_key ? a.lottery_key < b.lottery_key
                                                    : a.household < b.household;
            });
  // Every rank admits every contested move in the same order (so the capacity counters agree)
  // and applies the outcome to its own households.
  for (const ContestedMove& r : state.contested) {
    bool ok = true;
    if (r.shelter >= 0) {
      ok = ok && fits(static_cast<double>(state.inputs.shelter_occupancy[at32(r.shelter)] +
                                          state.shelter_admitted[at32(r.shelter)]),
                      k, land.shelters[at32(r.shelter)].capacity_households);
    }
    if (r.external >= 0) {
      ok = ok && fits(static_cast<double>(state.inputs.external_occupancy[at32(r.external)] +
                                          state.external_admitted[at32(r.external)]),
                      k, land.externals[at32(r.external)].capacity_households);
    }
    if (r.relocation >= 0) {
      ok = ok && fits(static_cast<double>(state.relocation_used[at32(r.relocation)]), k,
                      state.policies[at32(r.relocation)].capacity_households);
    }
    if (r.pathway_slot >= 0) {
      const Policy& policy =
          state.policies[at32(state.inputs.pathway_policies[at32(r.pathway_slot)])];
      ok = ok && fits(static_cast<double>(state.pathway_admitted[at32(r.pathway_slot)]), k,
                      policy.quota_per_step_households);
    }
    if (ok) {
      if (r.shelter >= 0) ++state.shelter_admitted[at32(r.shelter)];
      if (r.external >= 0) ++state.external_admitted[at32(r.external)];
      if (r.relocation >= 0) ++state.relocation_used[at32(r.relocation)];
      if (r.pathway_slot >= 0) ++state.pathway_admitted[at32(r.pathway_slot)];
    }
    const std::int64_t row = h.row_of(r.household);
    if (row < 0) continue;  // another rank's household
    const auto i = at(row);
    if (ok) {
      apply_one(state, i, h.destination[i]);
    } else if (displacing_intent(h.intent[i])) {
      apply_one(state, i, h.fallback[i]);  // the best cell candidate: no capacity limit
    } else {
      h.intent[i] = 0;  // migration/relocation refused by capacity: stays (not trapped)
    }
  }
}

}  // namespace displace::engine
