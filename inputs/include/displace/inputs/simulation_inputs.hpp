#pragma once
// Stage 2 of the pipeline: a validated Scenario -> every layer loaded through geo/ and aligned onto
// the simulation grid -> an engine::Landscape plus resolved policies. The only place where
// scenario, geo and engine types meet.
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "displace/inputs/storm_inputs.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::inputs {

struct SimulationInputs {
  geo::GridDefinition grid;
  std::shared_ptr<const engine::Landscape> landscape;
  std::vector<engine::Policy> policies;
  /// Every input file read (absolute path), for provenance checksums.
  std::vector<std::string> input_files;
  /// The scenario's mask layers on the grid (name, 1 = in), for resolving policies again.
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> masks;
  /// Notes for the user, printed by run and validate. Those that start with "warning: " (an
  /// input that is probably not what the user meant: events outside the run, a climate layer
  /// that leaves populated cells uncovered, a population raster that looks like a density, ...)
  /// are printed also under --quiet.
  std::vector<std::string> notes;
  /// The hazard kinds of each storm_track layer, in layer order (a forecast adds its members'
  /// storms to them).
  std::vector<StormLayerKinds> storm_layers;
};

/// Whether a note of SimulationInputs::notes is a warning.
bool is_warning(const std::string& note);

/// Prints the notes: warnings as "warning: ..." lines on `warnings`, the others as "note: ..."
/// lines on `log`.
void print_notes(const std::vector<std::string>& notes, std::ostream& log, std::ostream& warnings);

/// The layer of a scenario as geo/ reads it (path, variable, CRS and nodata overrides).
geo::RasterSource source_of(const scenario::LayerSpec& layer);

/// The simulation grid: the reference layer's (its metadata only) or the explicit one.
geo::GridDefinition simulation_grid(const scenario::Scenario& scenario);

/// Refuses (InputError naming the layer) a climate series whose `dates` are not increasing or do
/// not reach the run's first or last step (one spacing of the series of slack at each end).
void require_series_covers_run(const scenario::LayerSpec& layer,
                               const std::vector<CivilDate>& dates, const Timeline& timeline);

/// Loads and aligns every layer of the scenario. Throws InputError naming the layer and file.
SimulationInputs load_inputs(const scenario::Scenario& scenario, const Timeline& timeline);

/// The landscape with its hazard kinds' damage curves, warning intensities and services curves
/// taken from `scenario`, a variant of the scenario it was loaded from (the same layers, other
/// `layers.<name>.<curve>` values, as a calibration or ensemble sweeps them): the same pointer
/// when none differs, else a copy. Throws std::logic_error when the scenario's hazard layers do
/// not give the landscape's kinds.
std::shared_ptr<const engine::Landscape> with_hazard_curves(
    std::shared_ptr<const engine::Landscape> landscape, const scenario::Scenario& scenario);

/// Resolves the scenario's policies onto steps and grid cells. Throws InputError naming the
/// policy for unknown admin codes, masks, sites or destinations.
std::vector<engine::Policy> resolve_policies(
    const scenario::Scenario& scenario, const Timeline& timeline,
    const engine::Landscape& landscape, const geo::GridDefinition& grid,
    const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& masks);

}  // namespace displace::inputs
