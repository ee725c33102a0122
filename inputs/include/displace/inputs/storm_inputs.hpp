#pragma once
// A storm_track layer onto the landscape: the storms chosen from a track file, their wind and
// rain computed from the track (storms/) on cells at least `resolution_deg` fine inside each grid
// cell, kept as population-weighted quantiles per cell (sub-grid exposure), and added as one
// wind event and one rain event per storm, each a hazard kind of its own.
#include <string>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/geo/grid.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/scenario/scenario.hpp"
#include "displace/storms/track.hpp"

namespace displace::inputs {

/// The storms a storm_track layer names, read and selected from its track file, each checked to
/// strike during the run (none, without reading the file, when the list is empty). Throws
/// InputError naming the layer, the file and the storm.
std::vector<storms::StormTrack> storms_of_layer(const scenario::LayerSpec& layer,
                                                const Timeline& timeline);

/// The hazard kinds of a storm_track layer (indices into Landscape::hazard_kinds).
struct StormLayerKinds {
  std::string layer;
  int wind = -1;
  int rain = -1;  ///< -1 when rain.enabled is false
};

/// The fine cells a storm_track layer computes its fields at: centres, land share (from the
/// first admin layer of polygons; empty = all land) and population weights of the quantiles.
struct StormCells {
  int refinement = 1;
  std::vector<double> lon;
  std::vector<double> lat;
  std::vector<float> land;
  std::vector<float> weights;
};

/// Appends the layer's hazard kinds ("wind", and "rain" unless rain.enabled is false).
StormLayerKinds add_storm_kinds(const scenario::LayerSpec& layer, engine::Landscape& landscape);

/// The layer's fine cells on `grid` (reads the admin polygons and the population again).
StormCells storm_cells(const scenario::LayerSpec& layer, const scenario::Scenario& scenario,
                       const geo::GridDefinition& grid);

/// Computes each storm's wind and rain on `cells` and appends one wind event (and one rain
/// event) per storm, striking in the step of its peak wind on the grid; notes name storms that
/// never reach the grid and fixes whose radius of maximum wind or pressure was estimated.
/// Returns false when a storm never reaches the grid. Throws InputError when a storm strikes
/// outside the run.
bool add_storm_events(const scenario::LayerSpec& layer, const StormCells& cells,
                      const StormLayerKinds& kinds, const std::vector<storms::StormTrack>& storms,
                      const Timeline& timeline, const geo::GridDefinition& grid,
                      engine::Landscape& landscape, std::vector<std::string>& notes);

/// The three above for the storms the layer names (none when its `storms` list is empty, as a
/// forecast leaves it: forecast.hpp adds each member's storm).
StormLayerKinds load_storm_layer(const scenario::LayerSpec& layer,
                                 const scenario::Scenario& scenario, const Timeline& timeline,
                                 const geo::GridDefinition& grid, engine::Landscape& landscape,
                                 std::vector<std::string>& notes);

/// Fine cells per grid cell along each axis so that a fine cell is at most `resolution_deg`
/// (metres: 111.32 km per degree on projected grids), at most 16 and at most 2^25 fine cells.
int storm_refinement(const geo::GridDefinition& grid, double resolution_deg);

}  // namespace displace::inputs
