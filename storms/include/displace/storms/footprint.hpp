#pragma once
// What a storm does at each place, from its track: the parametric wind field (wind_field.hpp)
// and the parametric rain field (rain_field.hpp) stepped along the track, interpolated in time
// between fixes, and summarised per place. docs/model.md ("Storms from their tracks") gives the
// equations and their sources.
#include <cstdint>
#include <string>
#include <vector>

#include "displace/storms/track.hpp"
#include "displace/storms/wind_field.hpp"

namespace displace::storms {

struct FootprintOptions {
  double time_step_minutes = 30.0;        ///< interpolation step along the track (> 0, <= 60)
  double radius_of_influence_km = 500.0;  ///< places farther than this from the centre get nothing
  double surface_factor_sea = 0.90;       ///< gradient-level to 10 m wind over water
  double surface_factor_land = 0.75;      ///< gradient-level to 10 m wind over land (rougher)
  double wind_conversion = 1.0;  ///< 1-min sustained to the curve's measure (e.g. 1.3 for gusts)
  bool rain = true;              ///< compute rain (R-CLIPER)
};

/// Per place (same order as the places given). NaN never appears: no influence gives 0.
struct StormFootprint {
  std::vector<float> max_wind_m_s;          ///< peak 10 m wind, times wind_conversion
  std::vector<float> hours_tropical_storm;  ///< hours with wind >= 17.5 m/s (34 kt)
  std::vector<float> hours_hurricane;       ///< hours with wind >= 32.9 m/s (64 kt)
  std::vector<float> peak_hours;            ///< hours after the first fix when the peak came
  std::vector<float> rain_total_mm;         ///< storm-total rain
  std::vector<float> rain_peak_mm_per_h;    ///< largest rate
  double closest_approach_km = 0.0;         ///< smallest centre-to-place distance over the track
  int fixes_with_estimated_rmw = 0;         ///< fixes whose radius of max wind was estimated
  int fixes_with_estimated_pressure = 0;    ///< fixes whose central pressure was estimated
};

/// One instant of the track as the footprint steps it: the storm interpolated linearly in time
/// between fixes (longitudes unwrapped across the dateline), and the hours this instant stands for
/// (trapezoid weights: half a step at each end, the rest of the last step when the track's span is
/// not a whole number of steps; the weights sum to the track's span).
struct TrackStep {
  double hours_after_first = 0.0;
  double weight_hours = 0.0;
  VortexState state;
};

/// The steps of a track at `options.time_step_minutes`, with the counts of fixes whose radius of
/// maximum wind or central pressure had to be estimated (estimate_rmw_km,
/// estimate_pressure_deficit_hpa). Throws InputError naming the storm (and the fix's time) on
/// fewer than two fixes, a fix with no wind, fixes not in increasing time order, or a time step
/// outside (0, 60] minutes.
struct SteppedTrack {
  std::vector<TrackStep> steps;
  int fixes_with_estimated_rmw = 0;
  int fixes_with_estimated_pressure = 0;
};
SteppedTrack step_track(const StormTrack& storm, const FootprintOptions& options);

/// The footprint of `storm` at places given by WGS84 longitude/latitude (degrees), with
/// `land_fraction` per place (0 = water, 1 = land; empty = all land). Deterministic and
/// independent of the thread count (may use OpenMP over places).
/// Throws InputError naming the storm if it has fewer than two fixes, or a fix has no wind (and
/// as step_track does), if the three place vectors differ in length (land_fraction may be empty),
/// or if the radius of influence, a surface factor or the wind conversion is not positive.
/// docs/model.md ("Storms from their tracks") gives what each output means exactly.
StormFootprint compute_footprint(const StormTrack& storm, const std::vector<double>& lon_deg,
                                 const std::vector<double>& lat_deg,
                                 const std::vector<float>& land_fraction,
                                 const FootprintOptions& options);

}  // namespace displace::storms
