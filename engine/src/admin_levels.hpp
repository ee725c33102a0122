#pragma once
// Private to engine/src: the DTM-style tallies of the further admin levels (part of phase 9).
#include "detail/phases.hpp"
#include "displace/engine/records.hpp"

namespace displace::engine {

/// Fills record.admin_levels: per level, households and people by unit of origin (home cell's
/// unit), status and breakdown, and displaced or evacuated households and people by unit of
/// origin, current unit (or external) and breakdown. Integer tallies, exact for any thread or rank
/// count; scaled by households_per_agent when copied. Leaves it empty when there are no levels.
void record_admin_levels(const RunState& state, StepRecord& record);

}  // namespace displace::engine
