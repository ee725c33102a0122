#include "admin_levels.hpp"

#include <omp.h>

#include <array>
#include <cstdint>
#include <vector>

#include "displace/engine/status.hpp"
#include "exchange.hpp"
#include "indexing.hpp"

namespace displace::engine {

namespace {

constexpr std::size_t kStatusBreakdowns = static_cast<std::size_t>(kStatusCount) * kBreakdownCount;

/// Integer tallies of one level on this rank: [unit][status][breakdown] households then people,
/// then [origin][current][breakdown] displaced households then people, packed for one reduction.
struct LevelTally {
  std::size_t status_size = 0;
  std::size_t table_size = 0;
  std::vector<std::int64_t> values;

  LevelTally(std::size_t units, std::size_t current_count)
      : status_size(units * kStatusBreakdowns),
        table_size(units * current_count * kBreakdownCount),
        values(2 * (status_size + table_size), 0) {}

  std::int64_t* households() { return values.data(); }
  std::int64_t* people() { return values.data() + status_size; }
  std::int64_t* displaced_households() { return values.data() + 2 * status_size; }
  std::int64_t* displaced_people() { return values.data() + 2 * status_size + table_size; }
};

/// One pass over this rank's households for every level: a cell's households by status and
/// breakdown are tallied once, then added to its unit of each level; a displaced or evacuated
/// household adds to the origin x current table of each level.
void tally_levels(const RunState& state, std::vector<LevelTally>& tallies) {
  const HouseholdTable& h = state.households;
  const Landscape& land = *state.landscape;
  const std::size_t levels = land.admin_levels.size();
  constexpr std::array<std::uint16_t, kBreakdownCount - 1> kBits = {
      flag_female_headed, flag_with_children, flag_with_elderly, flag_with_disability};
#pragma omp parallel
  {
    for (std::size_t g = 0; g < h.ranges.size(); ++g) {  // this rank's home cells
      const std::int64_t to_row = h.range_first_row[g] - h.ranges[g].first_household;
#pragma omp for schedule(static)
      for (std::int64_t c = h.ranges[g].first_cell; c < h.ranges[g].last_cell; ++c) {
        if (h.cell_first[at(c)] == h.cell_first[at(c) + 1]) continue;
        std::array<std::int64_t, kStatusBreakdowns> cell_households{};
        std::array<std::int64_t, kStatusBreakdowns> cell_people{};
        for (std::int64_t n = h.cell_first[at(c)]; n < h.cell_first[at(c) + 1]; ++n) {
          const auto i = at(n + to_row);
          const int s = h.status[i];
          const std::uint16_t f = h.flags[i];
          const std::int64_t people = h.size_people[i];
          const std::size_t base = static_cast<std::size_t>(s) * kBreakdownCount;
          cell_households[base] += 1;
          cell_people[base] += people;
          for (std::size_t b = 0; b < kBits.size(); ++b) {
            const std::int64_t on = (f & kBits[b]) != 0 ? 1 : 0;
            cell_households[base + b + 1] += on;
            cell_people[base + b + 1] += on * people;
          }
          if (s != static_cast<int>(Status::displaced) &&
              s != static_cast<int>(Status::evacuated)) {
            continue;
          }
          const std::int32_t loc = h.location[i];
          for (std::size_t l = 0; l < levels; ++l) {
            const AdminLevel& level = land.admin_levels[l];
            const auto units = static_cast<std::int32_t>(level.units.size());
            const auto current_count = static_cast<int>(level.units.size() + land.externals.size());
            const int current = loc >= 0 ? level.unit_of_cell[at32(loc)] : units + (-1 - loc);
            const std::size_t first = AdminLevelRecord::displaced_index(level.unit_of_cell[at(c)],
                                                                        current, 0, current_count);
            std::int64_t* const displaced_households = tallies[l].displaced_households();
            std::int64_t* const displaced_people = tallies[l].displaced_people();
            for (std::size_t b = 0; b < kBreakdownCount; ++b) {
              if (b > 0 && (f & kBits[b - 1]) == 0) continue;
#pragma omp atomic
              displaced_households[first + b] += 1;
#pragma omp atomic
              displaced_people[first + b] += people;
            }
          }
        }
        for (std::size_t l = 0; l < levels; ++l) {
          const std::size_t unit_base =
              at32(land.admin_levels[l].unit_of_cell[at(c)]) * kStatusBreakdowns;
          std::int64_t* const households = tallies[l].households();
          std::int64_t* const people_by_status = tallies[l].people();
          for (std::size_t j = 0; j < kStatusBreakdowns; ++j) {
            if (cell_households[j] == 0) continue;
#pragma omp atomic
            households[unit_base + j] += cell_households[j];
#pragma omp atomic
            people_by_status[unit_base + j] += cell_people[j];
          }
        }
      }
    }
  }
}

}  // namespace

void record_admin_levels(const RunState& state, StepRecord& record) {
  const Landscape& land = *state.landscape;
  record.admin_levels.resize(land.admin_levels.size());
  if (land.admin_levels.empty()) return;
  const double k = state.parameters.synthesis.households_per_agent;
  std::vector<LevelTally> tallies;
  for (const AdminLevel& level : land.admin_levels) {
    tallies.emplace_back(level.units.size(), level.units.size() + land.externals.size());
  }
  tally_levels(state, tallies);
  for (std::size_t l = 0; l < land.admin_levels.size(); ++l) {
    LevelTally& tally = tallies[l];
    sum_over_ranks(state, tally.values);
    AdminLevelRecord& out = record.admin_levels[l];
    const auto scaled = [k](const std::int64_t* first, std::size_t count, std::vector<double>& to) {
      to.resize(count);
      for (std::size_t j = 0; j < count; ++j)
        to[j] = static_cast<double>(first[j]) * k;
    };
    scaled(tally.households(), tally.status_size, out.households);
    scaled(tally.people(), tally.status_size, out.people);
    scaled(tally.displaced_households(), tally.table_size, out.displaced_households);
    scaled(tally.displaced_people(), tally.table_size, out.displaced_people);
  }
}

}  // namespace displace::engine
