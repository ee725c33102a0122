#pragma once
// The household table: one std::vector per attribute (struct of arrays), a household is an index.
// Households are grouped by home cell (cell order), so cell c's households have the ids
// [cell_first[c], cell_first[c + 1]). A table may hold only some ranges of home cells, a rank's
// share of a run shared by several ranks (see partition.hpp): its rows are then the households of
// those ranges, in id order.
#include <cstdint>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/engine/partition.hpp"

namespace displace::engine {

/// Bits of HouseholdTable::flags.
enum HouseholdFlag : std::uint16_t {
  flag_female_headed = 1u << 0,
  flag_with_children = 1u << 1,
  flag_with_elderly = 1u << 2,
  flag_with_disability = 1u << 3,
  flag_agriculture = 1u << 4,  ///< livelihood from agriculture (heat income shock in full)
  flag_trapped = 1u << 5,      ///< wants to leave but cannot afford the move
  flag_adapted = 1u << 6,      ///< took up an adaptation subsidy
  flag_protected = 1u << 7,    ///< evacuated, and this evacuation was counted as protected
};

/// What a household decided this step (scratch column, reset every step).
enum class Intent : std::uint8_t {
  none = 0,
  evacuate = 1,         ///< early warning: leave before the event (stays in the home cell)
  displace = 2,         ///< forced out (uninhabitable home); `destination` holds the chosen place
  migrate = 3,          ///< moves by choice to `destination`
  relocate = 4,         ///< planned relocation to `destination`
  return_home = 5,      ///< back to the home cell
  become_migrated = 6,  ///< protracted displacement turns into migration in place (no move)
  leave_services = 7,   ///< displaced from a standing home by lost services (like `displace`)
};

/// Does the intent make the household displaced (choosing a destination like the displaced)?
constexpr bool displacing_intent(std::uint8_t intent) {
  return intent == static_cast<std::uint8_t>(Intent::displace) ||
         intent == static_cast<std::uint8_t>(Intent::leave_services);
}

/// Destination encoding of the `destination` / `fallback` columns: a cell index (>= 0), an
/// external destination (-1 - e), or a shelter site (-1 - external_count - s).
constexpr std::int32_t encode_external(std::int32_t e) {
  return -1 - e;
}
constexpr std::int32_t encode_shelter(std::int32_t s, std::int32_t external_count) {
  return -1 - external_count - s;
}

struct HouseholdTable {
  // --- state (persists between steps) ---
  std::vector<std::int32_t> home_cell;         ///< cell index of the home dwelling
  std::vector<std::int32_t> location;          ///< current cell (>= 0) or external (-1 - e)
  std::vector<std::uint8_t> status;            ///< engine::Status
  std::vector<std::uint16_t> flags;            ///< HouseholdFlag bits
  std::vector<std::uint8_t> size_people;       ///< members (1..255)
  std::vector<float> wealth_usd;               ///< assets per real household, USD
  std::vector<float> initial_wealth_usd;       ///< assets at synthesis (cash eligibility)
  std::vector<float> income_usd_per_year;      ///< baseline income, USD per year
  std::vector<float> fragility;                ///< dwelling fragility multiplier (mean 1)
  std::vector<float> damage;                   ///< dwelling damage at the last event, 0..1
  std::vector<float> recovery;                 ///< repaired share of `damage`, 0..1
  std::vector<std::uint16_t> steps_in_status;  ///< full steps spent in the current status
  std::vector<std::uint8_t> episodes;          ///< displacement episodes so far (saturating)
  std::vector<std::int16_t> kin_region;        ///< region with kin, -1 none
  std::vector<std::uint16_t> kin_externals;    ///< bit e: kin at external e (e < 16)
  std::vector<std::uint16_t> shelter;          ///< 1 + shelter site index, 0 = not in one
  // --- per-step scratch (written by the decision phases, consumed by apply) ---
  std::vector<float> income_loss;         ///< fraction of income lost to climate this step
  std::vector<std::uint8_t> intent;       ///< engine::Intent
  std::vector<std::int32_t> destination;  ///< chosen destination (encoded, see above)
  std::vector<std::int32_t> fallback;     ///< displaced: best cell if `destination` is full
  // --- index ---
  std::vector<std::int64_t> cell_first;       ///< size cells + 1: id of each cell's first household
  std::vector<CellRange> ranges;              ///< home cells held, in id order
  std::vector<std::int64_t> range_first_row;  ///< row of each range's first household (+ size)

  /// Households held (rows).
  std::int64_t size() const { return static_cast<std::int64_t>(home_cell.size()); }
  /// Households of the whole run (all ranks).
  std::int64_t total() const { return cell_first.empty() ? 0 : cell_first.back(); }
  /// The household id of row `row` is row + id_offset(first, last) for every row of
  /// [first, last), which must lie in one range (decision blocks do); throws Error otherwise.
  std::int64_t id_offset(std::int64_t first, std::int64_t last) const;
  /// The row of household `id`, or -1 when this table does not hold it.
  std::int64_t row_of(std::int64_t id) const;
  /// Bytes of per-household columns (state + scratch), excluding the per-cell index.
  static constexpr std::size_t bytes_per_household() {
    return 4 + 4 + 1 + 2 + 1 + 4 + 4 + 4 + 4 + 4 + 4 + 2 + 1 + 2 + 2 + 2 + 4 + 1 + 4 + 4;
  }
  /// Resizes every column to n households (values unspecified).
  void resize(std::int64_t n);
};

/// Expected (unrounded) number of simulated households in a cell.
double expected_households(double population_people, const SynthesisParameters& parameters);

/// The id of every cell's first household (size cells + 1, the last entry is the total): per
/// cell, population / mean size / households_per_agent households rounded by floor +
/// Bernoulli(frac) keyed by (seed, cell), so totals are unbiased.
std::vector<std::int64_t> household_offsets(const Landscape& landscape,
                                            const SynthesisParameters& parameters,
                                            std::uint64_t seed);

/// Synthesises the households of `landscape` (which must be valid; see validate_inputs), or of
/// rank `rank`'s share of `ranks` (partition_cells): attributes drawn from `parameters` keyed by
/// (seed, household id). Every household starts at home. Deterministic for any thread and rank
/// count: a household's attributes depend on its id only.
HouseholdTable synthesise_households(const Landscape& landscape,
                                     const SynthesisParameters& parameters, std::uint64_t seed,
                                     int rank = 0, int ranks = 1);

}  // namespace displace::engine
