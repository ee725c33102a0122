#pragma once
// Range checks on a state restored from a checkpoint: a damaged or edited checkpoint must be
// refused, never resumed into a different run (an index beyond the grid crashes a later step; a
// status of 250 or a NaN damage silently changes every figure). Internal to the engine.
#include "detail/phases.hpp"

namespace displace::engine {

/// Throws InputError ("checkpoint: household <id>: <column> <value> ...") at the first value of
/// the restored households or run counters that no run could have produced: a cell or
/// destination index outside the landscape, an unknown status, a damage or recovery share
/// outside [0, 1], a non-finite amount, a household of no one, a negative counter.
void check_restored_state(const RunState& run);

}  // namespace displace::engine
