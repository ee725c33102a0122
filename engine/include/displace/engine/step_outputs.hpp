#pragma once
// The step outputs, declared once: every per-step variable of StepRecord (and of the run file),
// with its axes, when the run file has it, how the engine tallies it, its units and its long name.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace displace::engine {

/// The axes a step output is laid out on, after time (row-major, the first axis slowest).
enum class StepAxis : std::uint8_t {
  region,              ///< RunLayout::region_codes
  status,              ///< kStatusNames
  breakdown,           ///< kBreakdownNames
  place,               ///< regions then externals
  flow_kind,           ///< kFlowKindNames
  origin,              ///< places
  destination,         ///< places
  displacement_cause,  ///< kDisplacementCauseNames
  hazard,              ///< RunLayout::hazard_names
  shelter,             ///< RunLayout::shelter_names
};

/// When the run file gets the variable: at begin(), or at the first step when the engine fills it
/// (a variable the engine leaves empty at the first step is left out of the whole run).
enum class StepOutputCreation : std::uint8_t { at_begin, at_first_step };

/// What the run must have for the variable to be recorded at all.
enum class StepOutputCondition : std::uint8_t {
  always,
  with_flows,     ///< RunWriterOptions::record_flows
  with_shelters,  ///< shelter sites in the layout (created with the shelter dimension)
  with_hazards,   ///< hazard kinds in the layout
};

/// How the engine tallies it. Every kind but `flag` is an exact integer count of simulated
/// households or people, summed over the ranks and scaled by households_per_agent into the record;
/// the kind says where it is counted: `decided`, per thread by the decision phases (2..7), summed
/// over the threads after them; `applied`, by the apply phase (8); `recorded`, per thread by the
/// record phase (9), summed over the threads there. `flag`: 0 or 1, the same on every rank.
enum class StepTally : std::uint8_t { decided, applied, recorded, flag };

// Every per-step output, declared once:
// X(name, (axes after time), creation, condition, tally, units, long name).
// It declares StepRecord's members and the engine's tallies (StepTallies: sized, zeroed, summed
// over threads and ranks and scaled into the record by kind), names the run file's variables
// (output::schema) and drives RunWriter's create, open, write and close; a new output is one line
// here plus its computation (the phase of its tally kind adds to its tally). Names are those of
// StepRecord's members and of the run file's variables (docs/output-format.md describes each).
// Order: the order RunWriter writes them in.
// clang-format off
#define DISPLACE_STEP_OUTPUTS(X)                                                                   \
  X(households, (region, status, breakdown), at_begin, always, recorded, "1",                      \
    "households by home region, status and breakdown")                                             \
  X(people, (region, status, breakdown), at_begin, always, recorded, "1",                          \
    "people by home region, status and breakdown")                                                 \
  X(present_households, (place), at_begin, always, recorded, "1",                                  \
    "households currently located in the place")                                                   \
  X(present_people, (place), at_begin, always, recorded, "1",                                      \
    "people currently located in the place")                                                       \
  X(trapped_households, (region), at_begin, always, recorded, "1",                                 \
    "trapped households (exposed, unable to move) by home region")                                 \
  X(trapped_people, (region), at_begin, always, recorded, "1",                                     \
    "trapped people by home region")                                                               \
  X(protracted_households, (region), at_begin, always, recorded, "1",                              \
    "households in protracted displacement by home region")                                        \
  X(damaged_home_households, (region), at_begin, always, decided, "1",                             \
    "households at home in an uninhabitable dwelling by home region")                              \
  X(flows, (flow_kind, origin, destination), at_begin, with_flows, applied, "1",                   \
    "households that moved from origin to destination during the step")                            \
  X(flows_people, (flow_kind, origin, destination), at_first_step, with_flows, applied, "1",       \
    "people who moved from origin to destination during the step")                                 \
  X(displacements_people, (region, displacement_cause), at_first_step, always, applied, "1",       \
    "people who left a home in the region during the step, by cause")                              \
  X(uninhabitable_people_by_hazard, (region, hazard), at_first_step, with_hazards, applied, "1",   \
    "people who left an uninhabitable home in the region during the step, by the hazard kind "     \
    "that damaged the dwelling most (the uninhabitable_home column of displacements_people)")      \
  X(protected_households, (region), at_first_step, always, decided, "1",                           \
    "evacuated households whose home then proved uninhabitable (protected by early warning), "     \
    "by home region, counted once at the step it is established")                                  \
  X(protected_people, (region), at_first_step, always, decided, "1",                               \
    "evacuated people whose home then proved uninhabitable (protected by early warning), by "      \
    "home region, counted once at the step it is established")                                     \
  X(shelter_households, (shelter), at_begin, with_shelters, recorded, "1",                         \
    "households staying at the shelter site at the end of the step")                               \
  X(shelter_people, (shelter), at_begin, with_shelters, recorded, "1",                             \
    "people staying at the shelter site at the end of the step")                                   \
  X(shelter_open, (shelter), at_begin, with_shelters, flag, "1",                                   \
    "1 where a shelter policy opens the site during the step, else 0")
// clang-format on

/// One entry of DISPLACE_STEP_OUTPUTS.
struct StepOutput {
  std::string_view name;
  std::array<StepAxis, 3> axes{};  ///< the first axis_count are used
  std::size_t axis_count = 0;
  StepOutputCreation creation = StepOutputCreation::at_begin;
  StepOutputCondition condition = StepOutputCondition::always;
  StepTally tally = StepTally::recorded;
  std::string_view units;
  std::string_view long_name;
};

/// Names each step output (StepRecord member), in table order.
#define DISPLACE_STEP_OUTPUT_ID(name, axes, creation, condition, tally, units, long_name) name,
enum class StepOutputId : std::uint8_t { DISPLACE_STEP_OUTPUTS(DISPLACE_STEP_OUTPUT_ID) };
#undef DISPLACE_STEP_OUTPUT_ID

namespace detail {
template <class... Axis>
constexpr StepOutput step_output(std::string_view name, StepOutputCreation creation,
                                 StepOutputCondition condition, StepTally tally,
                                 std::string_view units, std::string_view long_name, Axis... axes) {
  return StepOutput{name, {axes...}, sizeof...(Axis), creation, condition, tally, units, long_name};
}
}  // namespace detail

/// Every step output, in table order (index = StepOutputId).
inline constexpr auto kStepOutputs = [] {
  using enum StepAxis;
  using enum StepOutputCreation;
  using enum StepOutputCondition;
  using enum StepTally;
#define DISPLACE_STEP_OUTPUT_AXES(...) __VA_ARGS__
#define DISPLACE_STEP_OUTPUT_ENTRY(name, axes, creation, condition, tally, units, long_name) \
  detail::step_output(#name, creation, condition, tally, units, long_name,                   \
                      DISPLACE_STEP_OUTPUT_AXES axes),
  return std::array{DISPLACE_STEP_OUTPUTS(DISPLACE_STEP_OUTPUT_ENTRY)};
#undef DISPLACE_STEP_OUTPUT_ENTRY
#undef DISPLACE_STEP_OUTPUT_AXES
}();
inline constexpr std::size_t kStepOutputCount = kStepOutputs.size();

/// The table entry of `id`.
constexpr const StepOutput& step_output(StepOutputId id) {
  return kStepOutputs[static_cast<std::size_t>(id)];
}

}  // namespace displace::engine
