#pragma once
// The full state of a simulation between two steps, as named typed columns: what a checkpoint
// stores. Random numbers are counter-based, so no generator state is needed; per-cell inputs are
// recomputed from the landscape at every step.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace displace::engine {

using SnapshotColumn =
    std::variant<std::vector<std::uint8_t>, std::vector<std::uint16_t>, std::vector<std::int16_t>,
                 std::vector<std::int32_t>, std::vector<std::int64_t>, std::vector<float>>;

struct Snapshot {
  int next_step = 0;            ///< the first step still to run
  std::uint64_t seed = 0;       ///< RunOptions::seed of the run
  std::int64_t households = 0;  ///< simulated households of the whole run
  /// The household ids [first, last) whose rows the household columns hold, in row order: all
  /// of them, or one rank's share of a run shared by several ranks. "run.*" columns hold the
  /// whole run's counters.
  std::vector<std::pair<std::int64_t, std::int64_t>> household_ranges;
  std::vector<std::pair<std::string, SnapshotColumn>> columns;
};

}  // namespace displace::engine
