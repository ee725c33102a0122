#pragma once
// A storm_track layer onto the landscape: the storms chosen from a track file, their wind and
// rain computed from the track (storms/) on cells at least `resolution_deg` fine inside each grid
// cell, kept as population-weighted quantiles per cell (sub-grid exposure), and added as one
// wind event and one rain event per storm, each a hazard kind of its own.
#include <string>
#include <vector>

#include "displace/app/timeline.hpp"
#include "displace/engine/landscape.hpp"
#include "displace/geo/grid.hpp"
#include "displace/scenario/scenario.hpp"
#include "displace/storms/track.hpp"

namespace displace::app {

/// The storms a storm_track layer names, read and selected from its track file, each checked to
/// strike during the run. Throws InputError naming the layer, the file and the storm.
std::vector<storms::StormTrack> storms_of_layer(const scenario::LayerSpec& layer,
                                                const Timeline& timeline);

/// Computes the layer's storms and appends their hazard kinds ("wind", and "rain" unless
/// rain.enabled is false) and events to `landscape`; notes name storms that never reach the grid
/// and fixes whose radius of maximum wind or pressure was estimated.
void load_storm_layer(const scenario::LayerSpec& layer, const scenario::Scenario& scenario,
                      const Timeline& timeline, const geo::GridDefinition& grid,
                      engine::Landscape& landscape, std::vector<std::string>& notes);

/// Fine cells per grid cell along each axis so that a fine cell is at most `resolution_deg`
/// (metres: 111.32 km per degree on projected grids), at most 16 and at most 2^25 fine cells.
int storm_refinement(const geo::GridDefinition& grid, double resolution_deg);

}  // namespace displace::app
