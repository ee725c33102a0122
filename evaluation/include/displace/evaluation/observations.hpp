#pragma once
// Observed targets: what was counted, where, over which period or at which date, how sure the
// count is, and who counted it. Read from the observation CSV (docs/observations.md); every
// problem in a file is an InputError "FILE:LINE:COLUMN: what is wrong".
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "displace/common/civil_date.hpp"

namespace displace::evaluation {

/// What a target counts (docs/observations.md defines each against the run file's variables).
enum class Quantity : std::uint8_t {
  displacements = 0,      ///< people who left a home in `place` over the period (IDMC's count)
  evacuations = 1,        ///< the `evacuation` cause of displacements alone
  displaced_people = 2,   ///< stock at `date`: home in `place`, status displaced or evacuated
  migrated_people = 3,    ///< stock at `date`: home in `place`, status migrated
  present_people = 4,     ///< stock at `date`: located in `place` (any place)
  moved_to_external = 5,  ///< moves into the external destination `place` over the period
  flow = 6,               ///< moves from `origin` to `destination` over the period
  /// households whose dwelling in `place` was made uninhabitable over the period (households)
  uninhabitable_homes = 7,
  sheltered_people = 8,  ///< stock at `date`: staying at the shelter site(s) named in `place`
};
inline constexpr int kQuantityCount = 9;
inline constexpr std::array<std::string_view, kQuantityCount> kQuantityNames = {
    "displacements",     "evacuations", "displaced_people",    "migrated_people", "present_people",
    "moved_to_external", "flow",        "uninhabitable_homes", "sheltered_people"};

/// A stock is read at one date; the other quantities are summed over a period.
bool is_stock(Quantity quantity);

enum class Unit : std::uint8_t { people = 0, households = 1 };
inline constexpr std::array<std::string_view, 2> kUnitNames = {"people", "households"};

/// How the observed value bounds the truth.
enum class Bound : std::uint8_t {
  estimate = 0,  ///< a central estimate with an uncertainty interval
  upper = 1,     ///< the truth is at most the interval's upper end (interval [0, upper])
  lower = 2,     ///< the truth is at least the interval's lower end (interval [lower, inf))
};
inline constexpr std::array<std::string_view, 3> kBoundNames = {"estimate", "upper", "lower"};

/// Where a target was defined (for messages that send the reader back to the file).
struct SourceLocation {
  std::string file;
  int line = 0;
};

struct Target {
  std::string id;
  std::string event;  ///< optional grouping (an IBTrACS id, ...); "" when not given
  Quantity quantity = Quantity::displacements;
  /// region code or external name ("" for flow); sheltered_people: shelter site names joined
  /// with '+'
  std::string place;
  std::string origin;       ///< flow: required; moved_to_external: optional ("" = any place)
  std::string destination;  ///< flow only
  /// Displacement causes counted (engine::DisplacementCause indices); empty = all causes.
  std::vector<int> causes;
  /// Flow kinds counted (engine::FlowKind indices); empty = all kinds.
  std::vector<int> kinds;
  /// Stocks: period_start == period_end == the date. Periods: inclusive days.
  CivilDate period_start;
  CivilDate period_end;
  double value = 0.0;
  double lower = 0.0;  ///< the observation's interval (from lower/upper, factor or
  double upper = 0.0;  ///< relative_error, then widened by `bound`); upper may be +inf
  Bound bound = Bound::estimate;
  Unit unit = Unit::people;
  std::string set;  ///< "", "calibration" or "validation"
  std::string source;
  std::string note;
  SourceLocation location;
};

/// Reads an observation CSV. Throws InputError naming FILE:LINE:COLUMN for every kind of problem:
/// a missing or unreadable file, a bad header (unknown, duplicate or missing column), a row with
/// the wrong number of fields or an unterminated quote, and any bad value.
std::vector<Target> read_targets(const std::filesystem::path& path);

/// Same from text in memory; `file_name` is what messages call the file.
std::vector<Target> parse_targets(std::string_view text, const std::string& file_name);

/// "2017-09-17..2017-12-15" for a period, "2017-12-31" for a stock.
std::string describe_period(const Target& target);

/// "PRI", "PRI -> US mainland", "* -> US mainland" (the place part of a target, for tables).
std::string describe_place(const Target& target);

}  // namespace displace::evaluation
