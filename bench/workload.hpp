#pragma once
// The benchmark workloads shared by macro_bench and phase_bench: a generated square lon/lat grid of
// about 1000 households per cell in four regions, one external destination, a heat anomaly of
// 1.5 K everywhere (so the slow-onset aspiration is evaluated for every household), and for
// "storm" a hurricane-force wind event every step over the top fifth of the grid (about 20% of
// households), with status-quo warnings and services lost and restored (#18; macro_bench also sets
// the demo's evacuation and services parameters for it).
#include <memory>
#include <string>

#include "displace/engine/landscape.hpp"

namespace displace::bench {

/// `workload` is "calm" or "storm"; `households` the approximate number of simulated households.
/// `admin_side` > 0 adds one admin level (level 2) of admin_side x admin_side units, blocks of the
/// grid, so each step also records the origin x current table of that level.
std::shared_ptr<engine::Landscape> make_landscape(const std::string& workload, long long households,
                                                  int steps, int admin_side = 0);

}  // namespace displace::bench
