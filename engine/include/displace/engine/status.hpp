#pragma once
// Household status, breakdowns and flow kinds: the categorical axes shared by the engine's records
// and the output schema (their names become HDF5 coordinate labels, written once here).
#include <array>
#include <cstdint>
#include <string_view>

namespace displace::engine {

/// Exactly one status per household at a time (MODEL.md "Households").
enum class Status : std::uint8_t {
  home = 0,       ///< never left, or left only for evacuation that ended
  evacuated = 1,  ///< temporary, pre-emptive (early warning)
  displaced = 2,  ///< forced out by damage >= uninhabitable threshold
  migrated = 3,   ///< moved by choice (including after displacement)
  relocated = 4,  ///< moved by a planned-relocation programme
  returned = 5,   ///< back home after displacement (a home household with history)
};
inline constexpr int kStatusCount = 6;
inline constexpr std::array<std::string_view, kStatusCount> kStatusNames = {
    "home", "evacuated", "displaced", "migrated", "relocated", "returned"};

/// Population breakdowns every status count is reported for. `all` is every household.
enum class Breakdown : std::uint8_t {
  all = 0,
  female_headed = 1,
  with_children = 2,
  with_elderly = 3,
  with_disability = 4,
};
inline constexpr int kBreakdownCount = 5;
inline constexpr std::array<std::string_view, kBreakdownCount> kBreakdownNames = {
    "all", "female_headed", "with_children", "with_elderly", "with_disability"};

/// Kinds of move recorded as origin x destination flows.
enum class FlowKind : std::uint8_t {
  evacuation = 0,
  displacement = 1,
  migration = 2,
  return_home = 3,
  relocation = 4,
};
inline constexpr int kFlowKindCount = 5;
inline constexpr std::array<std::string_view, kFlowKindCount> kFlowKindNames = {
    "evacuation", "displacement", "migration", "return", "relocation"};

/// Why a household left its home, for the displacement tallies (IDMC counts displacements,
/// pre-emptive evacuations included; movement driven by lost services is kept apart so that it is
/// never counted twice). Each departure from home is counted once, under the first cause that
/// applies, in this order.
enum class DisplacementCause : std::uint8_t {
  evacuation = 0,  ///< pre-emptive evacuation (status-quo practice or an early-warning policy)
  uninhabitable_home = 1,  ///< the dwelling is damaged beyond habitability (any hazard)
  services_loss = 2,  ///< the home stands, but lost services or livelihoods drive the household out
};
inline constexpr int kDisplacementCauseCount = 3;
inline constexpr std::array<std::string_view, kDisplacementCauseCount> kDisplacementCauseNames = {
    "evacuation", "uninhabitable_home", "services_loss"};

}  // namespace displace::engine
