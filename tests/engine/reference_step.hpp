#pragma once
// A plain serial reference of one step, the oracle the fast engine is tested against: the
// per-household phases run one after the other over the whole table (no blocks, no OpenMP), then an
// independent, simple serial apply and record. Shares phase 1 (per-cell inputs) and the
// per-household phase functions with the engine; everything that parallelism, fusion, gathering,
// lotteries and reductions could break is written again here with plain loops.
#include "detail/phases.hpp"

namespace displace::engine::testing {

/// Runs step `step` on `state` serially and fills `record` (counts in real households).
void reference_step(RunState& state, int step, StepRecord& record);

}  // namespace displace::engine::testing
