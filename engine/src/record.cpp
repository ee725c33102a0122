// Phase 9: aggregates after apply. All tallies are integers (simulated households and people), so
// they are exact whatever the thread count, rank count or reduction order; they are scaled by
// households_per_agent only when copied into the records.
#include <omp.h>

#include <algorithm>
#include <string>

#include "admin_levels.hpp"
#include "detail/phases.hpp"
#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"
#include "exchange.hpp"
#include "indexing.hpp"

namespace displace::engine {

namespace {

/// Sums several integer tallies over the ranks with one collective call.
void sum_all_over_ranks(const RunState& state,
                        const std::vector<std::vector<std::int64_t>*>& tallies) {
  if (!shared_run(state)) return;
  std::vector<std::int64_t> packed;
  for (const auto* tally : tallies)
    packed.insert(packed.end(), tally->begin(), tally->end());
  sum_over_ranks(state, packed);
  auto next = packed.begin();
  for (auto* tally : tallies) {
    std::copy(next, next + static_cast<std::ptrdiff_t>(tally->size()), tally->begin());
    next += static_cast<std::ptrdiff_t>(tally->size());
  }
}

}  // namespace

void record_step(RunState& state, StepRecord& record, MapRecord* map) {
  const HouseholdTable& h = state.households;
  const Landscape& land = *state.landscape;
  StepInputs& in = state.inputs;
  const std::size_t regions = land.regions.size();
  const std::size_t externals = land.externals.size();
  const std::int64_t cells = land.cell_count();
  const double k = state.parameters.synthesis.households_per_agent;
  const double dt = state.options.step_length_years;
  const double protracted_after = state.parameters.recovery.protracted_after_years;
  prepare_threads(state);

  std::fill(in.present_households.begin(), in.present_households.end(), 0);
  std::fill(state.cell_present_people.begin(), state.cell_present_people.end(), 0);
  std::fill(state.cell_arrivals_people.begin(), state.cell_arrivals_people.end(), 0);
  std::fill(state.cell_displaced_from_people.begin(), state.cell_displaced_from_people.end(), 0);

  for (ThreadScratch& scratch : state.scratch) {  // every slot, also those unused by this team
    zero_step_tallies(scratch.outputs, StepTally::recorded);
  }
#pragma omp parallel
  {
    StepTallies& t = state.scratch[at(omp_get_thread_num())].outputs;
    for (std::size_t g = 0; g < h.ranges.size(); ++g) {  // this rank's home cells
      const std::int64_t to_row = h.range_first_row[g] - h.ranges[g].first_household;
#pragma omp for schedule(static)
      for (std::int64_t c = h.ranges[g].first_cell; c < h.ranges[g].last_cell; ++c) {
        const auto region = static_cast<int>(state.cells.region[at(c)]);
        const auto r = static_cast<std::size_t>(region);
        std::int64_t local_households = 0;
        std::int64_t local_people = 0;
        std::int64_t displaced_from = 0;
        for (std::int64_t n = h.cell_first[at(c)]; n < h.cell_first[at(c) + 1]; ++n) {
          const auto i = at(n + to_row);
          const int s = h.status[i];
          const std::uint16_t f = h.flags[i];
          const std::int64_t people = h.size_people[i];
          const std::size_t base = StepRecord::status_index(region, s, 0);
          t.households[base] += 1;
          t.people[base] += people;
          const std::uint16_t bits[4] = {flag_female_headed, flag_with_children, flag_with_elderly,
                                         flag_with_disability};
          for (std::size_t b = 0; b < 4; ++b) {
            const std::int64_t on = (f & bits[b]) != 0 ? 1 : 0;
            t.households[base + b + 1] += on;
            t.people[base + b + 1] += on * people;
          }
          if ((f & flag_trapped) != 0) {
            t.trapped_households[r] += 1;
            t.trapped_people[r] += people;
          }
          if (s == static_cast<int>(Status::displaced)) {
            displaced_from += people;
            if (static_cast<double>(h.steps_in_status[i] + 1) * dt > protracted_after) {
              t.protracted_households[r] += 1;
            }
          } else if (s == static_cast<int>(Status::evacuated)) {
            displaced_from += people;
          }
          if (h.shelter[i] != 0) {
            t.shelter_households[h.shelter[i] - 1u] += 1;
            t.shelter_people[h.shelter[i] - 1u] += people;
          }
          const std::int32_t loc = h.location[i];
          if (loc == static_cast<std::int32_t>(c)) {
            local_households += 1;
            local_people += people;
          } else if (is_cell_code(loc)) {
#pragma omp atomic
            in.present_households[at32(loc)] += 1;
#pragma omp atomic
            state.cell_present_people[at32(loc)] += people;
#pragma omp atomic
            state.cell_arrivals_people[at32(loc)] += people;
          } else {
            const std::int32_t e =
                Destination::decode(loc, static_cast<std::int32_t>(externals)).index();
            t.present_households[regions + at32(e)] += 1;
            t.present_people[regions + at32(e)] += people;
          }
        }
#pragma omp atomic
        in.present_households[at(c)] += static_cast<std::int32_t>(local_households);
#pragma omp atomic
        state.cell_present_people[at(c)] += local_people;
        state.cell_displaced_from_people[at(c)] = displaced_from;
      }
    }
  }

  // Reduce the per-thread integer tallies (exact).
  StepTallies& tallies = state.outputs;
  zero_step_tallies(tallies, StepTally::recorded);
  for (const ThreadScratch& scratch : state.scratch) {
    add_step_tallies(tallies, scratch.outputs, StepTally::recorded);
  }
  // This rank's households present per region (sums over cells: linear, so they add over ranks).
  for (std::int64_t c = 0; c < cells; ++c) {
    const auto r = at32(state.cells.region[at(c)]);
    tallies.present_households[r] += in.present_households[at(c)];
    tallies.present_people[r] += state.cell_present_people[at(c)];
  }
  // Over the ranks: every count tally, then the per-cell occupancy the next step reads.
  std::vector<std::vector<std::int64_t>*> counts;
  for_each_step_tally(tallies, [&](const StepOutput& output, std::vector<std::int64_t>& tally) {
    if (output.tally != StepTally::flag) counts.push_back(&tally);
  });
  sum_all_over_ranks(state, counts);
  sum_over_ranks(state, in.present_households);
  for (std::size_t e = 0; e < externals; ++e) {
    in.external_occupancy[e] = tallies.present_households[regions + e];
  }
  std::copy(tallies.shelter_households.begin(), tallies.shelter_households.end(),
            in.shelter_occupancy.begin());
  prepare_destination_terms(state);  // the next step's crowding
  if (map != nullptr) {
    sum_all_over_ranks(state, {&state.cell_present_people, &state.cell_arrivals_people,
                               &state.cell_displaced_from_people});
  }
  for (std::size_t s = 0; s < land.shelters.size(); ++s) {
    tallies.shelter_open[s] = in.shelter_open[s] != 0 ? 1 : 0;
  }
  record.step = state.inputs.step;
  fill_step_record(record, tallies, k);
  const std::vector<std::int64_t>& present_households = tallies.present_households;

#ifdef DISPLACE_RUNTIME_CHECKS
  // Conservation: present(t+1) = present(t) + inflow - outflow, per place, exactly.
  const std::size_t places = regions + externals;
  if (state.present_before.size() == places) {
    std::vector<std::int64_t> expected = state.present_before;
    for (std::size_t kind = 0; kind < static_cast<std::size_t>(kFlowKindCount); ++kind) {
      for (std::size_t o = 0; o < places; ++o) {
        for (std::size_t d = 0; d < places; ++d) {
          const std::int64_t f = tallies.flows[(kind * places + o) * places + d];
          expected[o] -= f;
          expected[d] += f;
        }
      }
    }
    for (std::size_t p = 0; p < places; ++p) {
      if (expected[p] != present_households[p]) {
        throw Error("engine: conservation broken at step " + std::to_string(record.step) +
                    " place " + std::to_string(p) + ": expected " + std::to_string(expected[p]) +
                    " households present, found " + std::to_string(present_households[p]));
      }
    }
  }
#endif
  state.present_before = present_households;
  record_admin_levels(state, record);

  if (map != nullptr) {
    map->step = record.step;
    map->present_people.resize(at(cells));
    map->displaced_from_people.resize(at(cells));
    map->arrivals_people.resize(at(cells));
    for (std::int64_t c = 0; c < cells; ++c) {
      map->present_people[at(c)] =
          static_cast<float>(static_cast<double>(state.cell_present_people[at(c)]) * k);
      map->displaced_from_people[at(c)] =
          static_cast<float>(static_cast<double>(state.cell_displaced_from_people[at(c)]) * k);
      map->arrivals_people[at(c)] =
          static_cast<float>(static_cast<double>(state.cell_arrivals_people[at(c)]) * k);
    }
  }
}

std::vector<double> displacement_durations(const RunState& state) {
  const double k = state.parameters.synthesis.households_per_agent;
  std::vector<std::int64_t> counts = state.duration_counts;
  const HouseholdTable& h = state.households;
  for (std::int64_t n = 0; n < h.size(); ++n) {  // ongoing episodes: length so far incl. this step
    if (h.status[at(n)] != static_cast<std::uint8_t>(Status::displaced)) continue;
    const std::int64_t length = h.steps_in_status[at(n)] + 1;
    if (state.duration_bins > 1) {
      counts[at(std::clamp<std::int64_t>(length, 1, state.duration_bins - 1))] += 1;
    }
  }
  sum_over_ranks(state, counts);
  std::vector<double> out(counts.size(), 0.0);
  for (std::size_t b = 0; b < counts.size(); ++b)
    out[b] = static_cast<double>(counts[b]) * k;
  return out;
}

}  // namespace displace::engine
