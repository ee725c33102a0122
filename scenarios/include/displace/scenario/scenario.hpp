#pragma once
// Scenario: the validated, immutable description of a run, as read from YAML (with `extends`
// and `--set` overrides applied, defaults filled in, every key checked). Plain data: nothing here
// opens a raster or runs a step. Paths are absolute (resolved against the file that named them).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"

namespace displace::scenario {

enum class StepLength { day, week, month, year };

struct TimeSpec {
  CivilDate start;
  StepLength step_length = StepLength::month;
  int step_count = 12;  ///< from `steps:` or derived from `end:` (steps whose start is < end)
  std::optional<CivilDate> end;  ///< `end:` as written (exclusive); none when `steps:` was given
};

/// The simulation grid: either a reference layer's grid, or explicit CRS + bounds + resolution.
struct GridSpec {
  std::string reference_layer;  ///< name of a layer; empty when explicit
  std::string crs;              ///< explicit: anything GDAL's SetFromUserInput takes (EPSG:4326)
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;  ///< explicit bounds in CRS units
  double resolution_x = 0, resolution_y = 0;      ///< explicit cell size in CRS units (> 0)
  int exposure_slots = 8;  ///< sub-grid intensity quantiles per cell of finer hazards (1 = mean)
};

enum class LayerKind {
  population,
  hazard_events,
  storm_track,
  climate_series,
  admin,
  attractiveness,
  mask
};
enum class Resampling { automatic, nearest, bilinear, average, mode, sum };
enum class PopulationQuantity { count, density_per_km2, density_per_land_km2 };
enum class TimeInterpolation { hold, linear };

/// One dated band of a hazard_events layer.
struct EventSpec {
  int band = 1;
  std::string id;
  std::string name;
  CivilDate date;
};

/// Yearly random sampling of a layer's events (slow-onset scenarios with storms).
struct EventSampling {
  double events_per_year = 0.0;  ///< 0 = off (use the dated events only)
  int first_year = 0;
  int last_year = 0;
};

/// A dated file for a climate_series given as a list of files.
struct DatedFile {
  std::filesystem::path path;
  CivilDate date;
};

struct LayerSpec {
  std::string name;  ///< the key under `layers:`
  LayerKind kind = LayerKind::population;
  std::filesystem::path path;  ///< absolute; may carry a GDAL prefix (NETCDF:"...":var, /vsigzip/)
  std::string variable;        ///< NetCDF variable (subdataset); empty = the file itself
  int band = 1;                ///< for single-band kinds
  std::string units;
  std::string crs_override;  ///< empty = use the file's CRS (an error if it has none)
  std::optional<double> nodata_override;
  Resampling resampling = Resampling::automatic;  ///< automatic = by kind (sum for counts, ...)

  // population
  PopulationQuantity quantity = PopulationQuantity::count;
  // hazard_events
  std::string hazard;  ///< hazard name, e.g. "wind"
  engine::VulnerabilityCurve curve;
  std::optional<double> warning_intensity;  ///< status-quo warnings from this intensity on
  engine::VulnerabilityCurve services_curve = engine::no_damage_curve();  ///< services lost
  std::vector<EventSpec> events;
  EventSampling sampling;
  // storm_track: the wind uses curve, warning_intensity and services_curve above (hazard "wind");
  // the rain is a hazard of its own ("rain", storm-total mm) with the rain_* curves.
  std::vector<std::string> storms;     ///< selectors: IBTrACS sid, ATCF id or "NAME SEASON"
  double storm_resolution_deg = 0.02;  ///< fields computed at least this finely (degrees)
  double storm_time_step_minutes = 30.0;
  double storm_radius_km = 500.0;  ///< no wind or rain farther than this from the centre
  double wind_conversion = 1.0;    ///< 1-min sustained 10 m wind to the curve's measure
  bool rain = true;
  engine::VulnerabilityCurve rain_curve = engine::no_damage_curve();
  std::optional<double> rain_warning_intensity;
  engine::VulnerabilityCurve rain_services_curve = engine::no_damage_curve();
  // climate_series
  std::string driver = "heat";   ///< what the series drives (v1: heat)
  std::vector<CivilDate> dates;  ///< explicit band dates; empty = the file's time axis
  std::vector<DatedFile> files;  ///< alternative: one file per date
  int baseline_first_year = 0;   ///< anomaly baseline period (inclusive); 0 = first value
  int baseline_last_year = 0;
  TimeInterpolation interpolation = TimeInterpolation::linear;
  // admin
  std::string code_field;  ///< vector admin: attribute holding the code (e.g. ISO_A3)
  std::string name_field;  ///< vector admin: attribute holding the name
  std::vector<std::pair<std::string, std::string>> code_names;  ///< raster admin: code -> name
  /// Admin level (0 = country, 1 = province, 2 = municipality, as IOM DTM's admin 0/1/2). Set:
  /// the run also records displaced people by unit of origin and current unit at this level
  /// (group admin_<level> of the run file). Required on every admin layer when there are several;
  /// the first admin layer declared stays the regions that records and policies use.
  std::optional<int> admin_level;
};

/// A shelter site given by location.
struct ShelterSpec {
  std::string name;
  double x = 0, y = 0;  ///< in the grid's CRS
  double capacity_households = 0;
};

/// A policy as written: the engine::Policy fields plus what the app resolves onto the grid.
struct PolicySpec {
  engine::Policy policy;  ///< kind, name and parameters; first/last step and cells resolved later
  CivilDate start;
  std::optional<CivilDate> end;                 ///< inclusive; none = to the end of the run
  std::vector<std::string> target_admin_codes;  ///< empty and no mask = everywhere
  std::string target_mask_layer;                ///< name of a `mask` layer
  std::string site_name;  ///< planned_relocation: external name or shelter name
  std::optional<std::pair<double, double>> site_xy;  ///< planned_relocation: site in grid CRS
  std::string destination_name;                      ///< migration_pathway: external destination
  std::vector<std::string> shelter_names;            ///< shelter: which sites it opens
};

struct OutputSpec {
  std::filesystem::path path;  ///< the HDF5 run file (absolute)
  int map_every_steps = 1;
  bool record_flows = true;
};

/// One swept scenario key: a list of values (grid design) or a range (Latin hypercube).
struct SweepParameter {
  std::string key;                  ///< a numeric `households.*` or `behaviour.*` key path
  std::vector<std::string> values;  ///< grid: the values, in YAML syntax (numbers)
  std::optional<double> min;        ///< latin_hypercube: lower end of the range
  std::optional<double> max;        ///< latin_hypercube: upper end
};

enum class SweepMethod { grid, latin_hypercube };

/// Several runs of one scenario: members with their own seeds, a sweep over parameters, and a
/// paired counterfactual run with the same member seeds.
struct EnsembleSpec {
  int members = 1;  ///< per design point and variant
  SweepMethod method = SweepMethod::grid;
  int samples = 10;  ///< latin_hypercube: number of design points
  std::vector<SweepParameter> sweep;
  std::filesystem::path counterfactual;  ///< pair: the counterfactual scenario; empty = none

  bool active() const { return members > 1 || !sweep.empty() || !counterfactual.empty(); }
};

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path source_file;  ///< absolute path of the top-level YAML
  std::string resolved_yaml;          ///< the fully resolved scenario (defaults filled), as YAML
  /// Every file the scenario reads, filled by load_scenario (not part of resolved_yaml): the
  /// top-level YAML and each file of its `extends` chain, each layer's file (the file inside a
  /// GDAL name such as NETCDF:"f.nc":var or /vsigzip/f.gz), a shapefile's sidecar files (.dbf,
  /// .shx, .prj, .cpg, ...), a climate series' dated files and the counterfactual scenario. No
  /// output may name one of them (app/path_safety.hpp).
  std::vector<std::filesystem::path> source_files;
  TimeSpec time;
  std::uint64_t seed = 1;
  GridSpec grid;
  std::vector<LayerSpec> layers;
  engine::ModelParameters model;
  std::vector<engine::ExternalDestination> externals;
  std::vector<ShelterSpec> shelters;
  std::vector<PolicySpec> policies;
  OutputSpec output;
  EnsembleSpec ensemble;
  int threads = 0;  ///< 0 = OpenMP default
};

}  // namespace displace::scenario
