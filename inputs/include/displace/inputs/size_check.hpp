#pragma once
// Size before work: how big a run will be (grid cells, simulated households, memory) and the
// refusals that follow from it, before any large allocation — a run that cannot fit in memory,
// that would simulate nobody, or whose household count would not fit in the engine's integers.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "displace/common/error.hpp"
#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/geo/grid.hpp"

namespace displace::inputs {

/// Bytes the engine and the loader keep per grid cell besides the layers (coordinates,
/// population, region, attractiveness, per-cell counters and scratch). An estimate.
inline constexpr std::int64_t kBytesPerCell = 96;
/// Households beyond this are refused whatever the memory: ids, offsets and counters are int64,
/// cells int32; this keeps every sum far from overflow.
inline constexpr double kMaxSimulatedHouseholds = 4e9;

struct SizeEstimate {
  std::int64_t cells = 0;
  double households = 0.0;  ///< expected simulated households (before rounding per cell)
  double bytes = 0.0;       ///< estimated peak memory of the simulation
};

/// MemAvailable from /proc/meminfo, in bytes; nullopt where unknown.
std::optional<double> available_memory_bytes();

/// "12.3 MiB", "4.0 GiB".
std::string format_bytes(double bytes);

/// Refuses (InputError) a grid whose cells alone would not fit in the available memory, before
/// any layer is read onto it. `layers` is how many per-cell layers will be loaded.
void check_grid_size(const geo::GridDefinition& grid, int layers);

/// The size of a run of `landscape` with `synthesis`: cells, expected households, memory.
/// Throws InputError for population values whose households cannot be counted (infinite sums).
SizeEstimate estimate_run_size(const engine::Landscape& landscape,
                               const engine::SynthesisParameters& synthesis);

/// The error for a run that synthesised no household (also checked after synthesis: rounding
/// per cell can leave none when the expectation is small).
InputError no_households_error(const engine::SynthesisParameters& synthesis);

/// Prints the estimate to `log` ("size  ..."), then refuses (InputError with the estimate and
/// what to change) a run of no households, of more than kMaxSimulatedHouseholds, or needing more
/// memory than is available.
void check_run_size(const SizeEstimate& estimate, const engine::SynthesisParameters& synthesis,
                    std::ostream& log);

}  // namespace displace::inputs
