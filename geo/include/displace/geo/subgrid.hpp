#pragma once
// Sub-grid exposure: a hazard finer than the simulation grid is not averaged away. Each cell keeps
// the population-weighted quantiles of the intensity inside it, read at (up to) the source's
// resolution; every household lives in one quantile slot (docs/model.md, "Sub-grid exposure").
#include <optional>
#include <vector>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"

namespace displace::geo {

/// Intensity quantiles per cell of several bands.
struct SubgridBands {
  int slots = 1;  ///< values per cell: 1 when the source is not finer than the grid
  /// Per band, cells * slots values (cell-major); with slots = 1, NaN where the source has no
  /// value; quantiles count a missing value as 0 (no hazard).
  std::vector<std::vector<float>> values;
  std::vector<double> max_at_source;  ///< per band: largest value at the sampled resolution
  int refinement = 1;                 ///< fine cells per grid cell along each axis
};

/// Fine cells per grid cell along each axis needed to see `source` at its own resolution, capped
/// at 16 and so that the fine grid holds at most 2^25 cells.
int subgrid_refinement(const GridDefinition& source, const GridDefinition& grid);

/// Reads `bands` of `source` onto a grid `subgrid_refinement` times finer than `grid` (nearest
/// neighbour: the source's own values), and keeps per cell the quantiles (j + 0.5) / slots,
/// j = 0..slots-1, weighted by `weights` (e.g. population density, read onto the same fine grid;
/// uniform where it is absent or zero). With a refinement of 1, or slots = 1, it returns the
/// bands aligned with `coarse_resampling` (one value per cell). Throws InputError like
/// read_aligned_bands.
SubgridBands read_subgrid_quantiles(const RasterSource& source, const std::vector<int>& bands,
                                    const GridDefinition& grid, int slots,
                                    Resampling coarse_resampling,
                                    const std::optional<RasterSource>& weights, int weights_band);

/// `grid` with each cell split into refinement x refinement cells (same extent and CRS).
GridDefinition refined_grid(const GridDefinition& grid, int refinement);

/// Per cell of `grid`, the quantiles (j + 0.5) / slots, j = 0..slots-1, of a field given on
/// refined_grid(grid, refinement) (row-major), weighted by `fine_weights` on the same fine grid
/// (empty: uniform), as weighted_quantiles does: cells * slots values, cell-major. For fields
/// computed rather than read (storm wind and rain from tracks).
std::vector<float> quantiles_of_fine_field(const std::vector<float>& fine_values,
                                           const std::vector<float>& fine_weights,
                                           const GridDefinition& grid, int refinement, int slots);

/// The weighted quantiles (j + 0.5) / slots of `values` (NaN counts as 0) with `weights` (NaN or
/// negative counts as 0; all zero: uniform). Exposed for tests.
std::vector<float> weighted_quantiles(std::vector<std::pair<float, double>> values_weights,
                                      int slots);

}  // namespace displace::geo
