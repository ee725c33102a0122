#pragma once
// The household table: one std::vector per attribute (struct of arrays), a household is an index.
// Households are grouped by home cell (cell order), so cell c's households have the ids
// [cell_first[c], cell_first[c + 1]). A table may hold only some ranges of home cells, a rank's
// share of a run shared by several ranks (see partition.hpp): its rows are then the households of
// those ranges, in id order.
#include <cstdint>
#include <vector>

#include "displace/engine/destination.hpp"
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

/// `damage_hazard` of a household whose dwelling no hazard has damaged.
inline constexpr std::uint8_t kNoHazard = 255;
/// Most hazard kinds a run may have (a household's `damage_hazard` is one byte).
inline constexpr std::size_t kMaxHazardKinds = 64;

/// Whether a household column persists between steps (snapshots and checkpoints carry it) or is
/// per-step scratch (written by the decision phases, consumed by apply, reset every step).
enum class ColumnLifetime : std::uint8_t { state, scratch };

// Every per-household column of HouseholdTable, declared once: X(name, element type, lifetime).
// It declares the members, sizes them (resize), counts their bytes (bytes_per_household) and
// lists them for snapshots and checkpoints (for_each_household_column); a new column is one line.
// The names are those of the members and of the checkpoint columns.
// clang-format off
#define DISPLACE_HOUSEHOLD_COLUMNS(X)                                                             \
  X(home_cell,           std::int32_t,  state)   /* cell index of the home dwelling */          \
  X(location,            std::int32_t,  state)   /* current place, a Destination code */        \
  X(status,              std::uint8_t,  state)   /* engine::Status */                           \
  X(flags,               std::uint16_t, state)   /* HouseholdFlag bits */                       \
  X(size_people,         std::uint8_t,  state)   /* members (1..255) */                         \
  X(wealth_usd,          float,         state)   /* assets per real household, USD */           \
  X(initial_wealth_usd,  float,         state)   /* assets at synthesis (cash eligibility) */   \
  X(income_usd_per_year, float,         state)   /* baseline income, USD per year */            \
  X(fragility,           float,         state)   /* dwelling fragility multiplier (mean 1) */   \
  X(damage,              float,         state)   /* dwelling damage at the last event, 0..1 */  \
  X(recovery,            float,         state)   /* repaired share of `damage`, 0..1 */         \
  X(damage_hazard,       std::uint8_t,  state)   /* hazard kind of `damage`; kNoHazard none */  \
  X(steps_in_status,     std::uint16_t, state)   /* full steps spent in the current status */   \
  X(episodes,            std::uint8_t,  state)   /* displacement episodes (saturating) */       \
  X(kin_region,          std::int16_t,  state)   /* region with kin, -1 none */                 \
  X(kin_externals,       std::uint16_t, state)   /* bit e: kin at external e (e < 16) */        \
  X(shelter,             std::uint16_t, state)   /* 1 + shelter site index, 0 = not in one */   \
  X(income_loss,         float,         scratch) /* fraction of income lost to climate */       \
  X(intent,              std::uint8_t,  scratch) /* engine::Intent */                           \
  X(destination,         std::int32_t,  scratch) /* chosen place, a Destination code */         \
  X(fallback,            std::int32_t,  scratch) /* displaced: a cell if `destination` is full */
// clang-format on

#define DISPLACE_DECLARE_COLUMN(name, type, lifetime) std::vector<type> name;
struct HouseholdTable {
  // One std::vector per column of DISPLACE_HOUSEHOLD_COLUMNS, in that order.
  DISPLACE_HOUSEHOLD_COLUMNS(DISPLACE_DECLARE_COLUMN)
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
#define DISPLACE_COLUMN_BYTES(name, type, lifetime) sizeof(type),
    constexpr std::size_t column_bytes[] = {DISPLACE_HOUSEHOLD_COLUMNS(DISPLACE_COLUMN_BYTES)};
#undef DISPLACE_COLUMN_BYTES
    std::size_t bytes = 0;
    for (const std::size_t b : column_bytes)
      bytes += b;
    return bytes;
  }
  /// Resizes every column to n households (values unspecified).
  void resize(std::int64_t n);
};
#undef DISPLACE_DECLARE_COLUMN

/// The per-household state budget (docs/model.md): one cache line per household.
static_assert(HouseholdTable::bytes_per_household() <= 64,
              "a household's columns must fit in 64 bytes");

/// Calls visit(name, column, lifetime) for every per-household column of `table` (a
/// HouseholdTable, const or not), in declaration order.
template <class Table, class Visit>
void for_each_household_column(Table& table, Visit&& visit) {
#define DISPLACE_VISIT_COLUMN(name, type, lifetime) \
  visit(#name, table.name, ColumnLifetime::lifetime);
  DISPLACE_HOUSEHOLD_COLUMNS(DISPLACE_VISIT_COLUMN)
#undef DISPLACE_VISIT_COLUMN
}

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
