#include "snapshot_checks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"

namespace displace::engine {
namespace {

[[noreturn]] void refuse(std::int64_t id, const char* column, const std::string& value,
                         const std::string& rule) {
  throw InputError("checkpoint: household " + std::to_string(id) + ": " + column + " " + value +
                   " " + rule + " (a damaged or edited checkpoint; resume from another one)");
}

/// The household id of each row of `h` (rows follow the ranges held, in id order).
template <class Visit>
void for_each_row(const HouseholdTable& h, Visit visit) {
  for (std::size_t k = 0; k < h.ranges.size(); ++k) {
    const std::int64_t first_row = h.range_first_row[k];
    const std::int64_t rows = h.range_first_row[k + 1] - first_row;
    for (std::int64_t r = 0; r < rows; ++r)
      visit(first_row + r, h.ranges[k].first_household + r);
  }
}

}  // namespace

void check_restored_state(const RunState& run) {
  const HouseholdTable& h = run.households;
  const Landscape& landscape = *run.landscape;
  const std::int64_t cells = landscape.cell_count();
  const auto externals = static_cast<std::int64_t>(landscape.externals.size());
  const auto regions = static_cast<std::int64_t>(landscape.regions.size());
  const auto shelters = static_cast<std::int64_t>(landscape.shelters.size());
  const auto hazard_kinds = static_cast<std::int64_t>(landscape.hazard_kinds.size());
  const int kin_bits = static_cast<int>(std::min<std::int64_t>(16, externals));
  auto share = [](float value) { return std::isfinite(value) && value >= 0.0F && value <= 1.0F; };
  for_each_row(h, [&](std::int64_t row, std::int64_t id) {
    const auto i = static_cast<std::size_t>(row);
    // The home cell is where synthesis put the household: cell c holds ids [cell_first[c],
    // cell_first[c + 1]).
    const std::int32_t home = h.home_cell[i];
    if (home < 0 || home >= cells || id < h.cell_first[static_cast<std::size_t>(home)] ||
        id >= h.cell_first[static_cast<std::size_t>(home) + 1]) {
      refuse(id, "home_cell", std::to_string(home), "is not the household's home cell");
    }
    const std::int32_t location = h.location[i];
    const Destination place = Destination::decode(location, static_cast<std::int32_t>(externals));
    if ((place.is_cell() && location >= cells) || place.is_shelter()) {
      refuse(id, "location", std::to_string(location),
             "is neither a cell of the grid (" + std::to_string(cells) +
                 " cells) nor an external destination (" + std::to_string(externals) + ")");
    }
    if (h.status[i] >= kStatusCount) {
      refuse(id, "status", std::to_string(h.status[i]), "is not a status");
    }
    if (h.size_people[i] < 1) refuse(id, "size_people", "0", "is not a household size");
    for (const auto& [column, value] :
         {std::pair<const char*, float>{"wealth_usd", h.wealth_usd[i]},
          {"initial_wealth_usd", h.initial_wealth_usd[i]},
          {"income_usd_per_year", h.income_usd_per_year[i]},
          {"fragility", h.fragility[i]}}) {
      if (!std::isfinite(value)) refuse(id, column, std::to_string(value), "is not finite");
    }
    if (!share(h.damage[i])) {
      refuse(id, "damage", std::to_string(h.damage[i]), "is not a share in [0, 1]");
    }
    if (!share(h.recovery[i])) {
      refuse(id, "recovery", std::to_string(h.recovery[i]), "is not a share in [0, 1]");
    }
    if (h.damage_hazard[i] != kNoHazard && h.damage_hazard[i] >= hazard_kinds) {
      refuse(id, "damage_hazard", std::to_string(h.damage_hazard[i]), "is not a hazard kind");
    }
    if (h.kin_region[i] < -1 || h.kin_region[i] >= regions) {
      refuse(id, "kin_region", std::to_string(h.kin_region[i]), "is not a region");
    }
    if (kin_bits < 16 && (h.kin_externals[i] >> kin_bits) != 0) {
      refuse(id, "kin_externals", std::to_string(h.kin_externals[i]),
             "names an external destination that does not exist");
    }
    if (h.shelter[i] > shelters) {
      refuse(id, "shelter", std::to_string(h.shelter[i]), "is not a shelter site");
    }
  });
  for (const auto used : run.relocation_used) {
    if (used < 0) throw InputError("checkpoint: negative relocation count " + std::to_string(used));
  }
  for (const auto count : run.duration_counts) {
    if (count < 0) throw InputError("checkpoint: negative episode count " + std::to_string(count));
  }
}

}  // namespace displace::engine
