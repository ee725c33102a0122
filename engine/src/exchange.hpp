#pragma once
// Private to engine/src: combining partial integer tallies over the ranks of a shared run.
#include <span>
#include <vector>

#include "detail/phases.hpp"

namespace displace::engine {

/// True when the run is shared by several ranks.
inline bool shared_run(const RunState& state) {
  return state.exchange != nullptr && state.exchange->size() > 1;
}

/// Sums `values` element-wise over the ranks, in place (integers: exact in any order).
template <class Integer>
void sum_over_ranks(const RunState& state, std::vector<Integer>& values) {
  if (shared_run(state)) state.exchange->sum(std::span<Integer>(values));
}

}  // namespace displace::engine
