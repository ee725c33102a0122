#pragma once
// Landscape: everything spatial the engine needs, already aligned onto the simulation grid by
// geo/ and converted by the app. Plain data; no GDAL, no YAML. Immutable during a run and shared
// (read-only) by every simulation that uses it (ensemble members load it once).
#include <cstdint>
#include <string>
#include <vector>

namespace displace::engine {

/// An admin region (district, municipality, country) that outputs aggregate by.
struct Region {
  std::string code;  ///< e.g. ISO_A3 or a district code; unique
  std::string name;  ///< human-readable
};

/// A destination outside the grid ("US mainland", "abroad").
struct ExternalDestination {
  std::string name;
  double distance_km = 0.0;         ///< effective distance for the distance-cost term
  double travel_cost_usd = 0.0;     ///< added to the move cost
  double attractiveness = 1.0;      ///< relative pull (same scale as cell attractiveness, >= 0)
  double kin_share = 0.0;           ///< probability a household has kin there (0..1)
  double capacity_households = -1;  ///< real households it can absorb in total; < 0 = unlimited
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

/// A kind of hazard (one per hazard_events layer): its name, unit and vulnerability curve.
struct HazardKind {
  std::string name;   ///< e.g. "wind"
  std::string units;  ///< e.g. "m s-1"
  VulnerabilityCurve curve;
};

/// One hazard event: the intensity field of one storm/flood, striking during one step.
struct HazardEvent {
  std::string id;                ///< e.g. IBTrACS id "2017260N12310"
  std::string name;              ///< e.g. "Maria"
  int hazard_kind = 0;           ///< index into Landscape::hazard_kinds
  int step = 0;                  ///< the step during which it strikes (0-based)
  bool forecast = true;          ///< can an early-warning system see it coming
  std::vector<float> intensity;  ///< per cell, in the hazard's units; nodata already set to 0
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
  std::vector<ExternalDestination> externals;
  std::vector<ShelterSite> shelters;
  std::vector<HazardKind> hazard_kinds;
  std::vector<HazardEvent> events;
  std::vector<ClimateDriver> climate;  ///< at most one driver is used by the v1 model ("heat")

  std::int64_t cell_count() const { return static_cast<std::int64_t>(width) * height; }
};

}  // namespace displace::engine
