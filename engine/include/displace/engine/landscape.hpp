#pragma once
// Landscape: everything spatial the engine needs, already aligned onto the simulation grid by
// geo/ and converted by the app. Plain data; no GDAL, no YAML. Immutable during a run and shared
// (read-only) by every simulation that uses it (ensemble members load it once).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace displace::engine {

/// An admin region (district, municipality, country) that outputs aggregate by.
struct Region {
  std::string code;  ///< e.g. ISO_A3 or a district code; unique
  std::string name;  ///< human-readable
};

/// A further admin level (e.g. province, municipality) that outputs also aggregate by: each
/// household belongs to the unit of its home cell (origin) and to the unit of the cell it is in
/// (current). No per-household state: the unit is looked up through the cell.
/// Largest origin x current x breakdown table an admin level may have (about 900 units).
inline constexpr std::int64_t kMaxAdminLevelTableEntries = std::int64_t{1} << 22;

struct AdminLevel {
  std::string layer;                       ///< the scenario layer it comes from
  int level = 0;                           ///< 0 country, 1 province, 2 municipality...
  std::vector<Region> units;               ///< unique codes
  std::vector<std::int32_t> unit_of_cell;  ///< per cell, index into units (every cell has one)
};

/// A destination outside the grid ("US mainland", "abroad"). It competes with the grid's cells in
/// one destination choice (docs/model.md, phase 6): its pull is the size of the network the
/// households have there, its journey a route with its own cost (no per-km road decay).
struct ExternalDestination {
  std::string name;
  double distance_km = 0.0;         ///< great-circle distance (reported; the route cost is below)
  double travel_cost_usd = 0.0;     ///< cost of the journey per household (fares, moving)
  double diaspora_people = 1.0;     ///< people of the origin community living there (the pull)
  double kin_share = 0.0;           ///< probability a household has kin there (0..1)
  double capacity_households = -1;  ///< real households it can absorb in total; < 0 = unlimited
  double entry_share = 1.0;         ///< share of households with the right to enter (visa rules)
  /// Codes of the regions whose households enter freely (e.g. citizens); others enter with
  /// probability entry_share.
  std::vector<std::string> free_entry_regions;
};

/// A shelter site (collective centre) on the grid, used by displaced households.
struct ShelterSite {
  std::string name;
  std::int32_t cell = 0;           ///< cell index (row * width + col)
  double capacity_households = 0;  ///< real households
};

/// How a hazard's intensity turns into dwelling damage.
enum class CurveKind : std::uint8_t {
  emanuel_wind,  ///< Emanuel (2011): v_n = max(v - v_thresh, 0) / (v_half - v_thresh), f =
                 ///< v_n^3/(1+v_n^3)
  step,          ///< damage = step_damage where intensity >= step_threshold, else 0
  table,         ///< piecewise-linear through (table_intensity, table_damage), clamped at the ends
};

struct VulnerabilityCurve {
  CurveKind kind = CurveKind::emanuel_wind;
  double v_thresh_m_s = 25.7;           ///< emanuel_wind
  double v_half_m_s = 74.7;             ///< emanuel_wind
  double step_threshold = 1.0;          ///< step (e.g. 1 m flood depth, Kam et al. 2021)
  double step_damage = 0.6;             ///< step
  std::vector<double> table_intensity;  ///< table, strictly increasing
  std::vector<double> table_damage;     ///< table, in [0, 1]
};

/// A curve that never damages (a step to 0).
inline VulnerabilityCurve no_damage_curve() {
  VulnerabilityCurve curve;
  curve.kind = CurveKind::step;
  curve.step_damage = 0.0;
  return curve;
}

/// A kind of hazard (one per hazard_events layer): its name, unit and vulnerability curve.
struct HazardKind {
  std::string name;   ///< e.g. "wind"
  std::string units;  ///< e.g. "m s-1"
  VulnerabilityCurve curve;
  /// Status-quo warnings: households at home where a forecast event's intensity reaches this are
  /// warned (evacuation.coverage x evacuation.compliance evacuate). NaN: no warnings.
  double warning_intensity = std::numeric_limits<double>::quiet_NaN();
  /// Share of households losing services (power, water, schools) by intensity. Default: none.
  VulnerabilityCurve services_curve = no_damage_curve();
};

/// One hazard event: the intensity field of one storm/flood, striking during one step.
struct HazardEvent {
  std::string id;        ///< e.g. IBTrACS id "2017260N12310"
  std::string name;      ///< e.g. "Maria"
  int hazard_kind = 0;   ///< index into Landscape::hazard_kinds
  int step = 0;          ///< the step during which it strikes (0-based)
  bool forecast = true;  ///< can an early-warning system see it coming
  /// Intensity in the hazard's units, nodata already 0: `slots` values per cell (cell-major,
  /// index cell * slots + j). slots = 1: one value per cell. slots = Landscape::exposure_slots:
  /// the population-weighted quantiles (j + 0.5) / slots of the intensity at the source's finer
  /// resolution inside the cell (sub-grid exposure; each household lives in one slot).
  std::vector<float> intensity;
  int slots = 1;
};

/// A slow-onset climate driver (e.g. heat): anomaly per cell against its baseline, per step.
/// Frames are shared between steps (hold-previous or interpolated by the app).
struct ClimateDriver {
  std::string name;                ///< e.g. "heat"
  std::string units;               ///< e.g. "K" (an anomaly: degrees above the baseline period)
  std::vector<int> frame_of_step;  ///< size n_steps; index into frames
  std::vector<std::vector<float>> frames;  ///< each of size n_cells
};

struct Landscape {
  int width = 0;                         ///< grid columns
  int height = 0;                        ///< grid rows; cell index = row * width + col
  std::vector<double> cell_lon_deg;      ///< cell centre longitude, per cell (for distances)
  std::vector<double> cell_lat_deg;      ///< cell centre latitude, per cell
  std::vector<float> population_people;  ///< per cell, >= 0 (nodata -> 0)
  std::vector<float> attractiveness;     ///< per cell, >= 0; empty => proportional to population
  std::vector<std::int32_t> region_of_cell;  ///< per cell, index into regions (every cell has one)
  std::vector<Region> regions;
  /// Admin levels recorded besides the regions (empty: none; the regions' own layer is one of
  /// them when it has a level).
  std::vector<AdminLevel> admin_levels;
  std::vector<ExternalDestination> externals;
  std::vector<ShelterSite> shelters;
  std::vector<HazardKind> hazard_kinds;
  std::vector<HazardEvent> events;
  std::vector<ClimateDriver> climate;  ///< at most one driver is used by the v1 model ("heat")
  /// Sub-grid exposure slots per cell (1..64): events may carry this many intensity quantiles
  /// per cell, and every household lives in one slot of its home cell (drawn from its id).
  int exposure_slots = 1;

  std::int64_t cell_count() const { return static_cast<std::int64_t>(width) * height; }
};

}  // namespace displace::engine
