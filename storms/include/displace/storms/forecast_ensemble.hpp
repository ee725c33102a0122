#pragma once
// An ensemble of tracks from one forecast and its uncertainty, in the spirit of the NHC Monte
// Carlo wind-speed probability model (DeMaria et al. 2009, Weather and Forecasting 24,
// 1573-1591): each member moves every forecast point by an along-track and a cross-track
// position error and changes its maximum wind by an intensity error; each error is a
// first-order autoregressive series in lead time (errors of neighbouring lead times are
// correlated, as forecast errors are). The position errors are scaled so that two thirds of the
// members' centres fall inside NHC's cone circle at each lead time (NHC, "Definition of the NHC
// Track Forecast Cone", 2023 Atlantic radii). Draws are counter-based, keyed by (seed, member,
// purpose, point): a member is the same whatever else is drawn and in whatever order.
#include <cstdint>
#include <vector>

#include "displace/storms/atcf.hpp"
#include "displace/storms/track.hpp"

namespace displace::storms {

/// NHC's 2023 Atlantic cone: the radius (nmi) of the circle holding two thirds of the official
/// track forecast errors of 2018-2022, at 12, 24, 36, 48, 60, 72, 96 and 120 h.
inline constexpr double kConeLeadHours[] = {12, 24, 36, 48, 60, 72, 96, 120};
inline constexpr double kConeRadiusNmi[] = {26, 39, 53, 67, 81, 99, 145, 205};

/// The cone radius (km) at `lead_hours`: 0 at 0 h, linear between the tabulated lead times,
/// the 120-h radius beyond.
double cone_radius_km(double lead_hours);

struct ForecastEnsembleOptions {
  std::uint64_t seed = 1;
  /// Correlation of a member's errors 12 h apart (AR(1) in lead time: rho^(dt / 12 h)).
  double error_correlation_12h = 0.9;
  /// Standard deviation of the maximum-wind error (kt) at 12 h and at 120 h, linear between
  /// (0 at 0 h); 0 and 0 keep every member's winds those of the forecast.
  double intensity_sigma_12h_kt = 6.0;
  double intensity_sigma_120h_kt = 18.0;
  /// The least maximum wind a member keeps (kt).
  double min_wind_kt = 15.0;
};

/// The cross-track and along-track standard deviation (km) at `lead_hours` such that the
/// radial error (two independent normal components) is inside the cone radius with probability
/// 2/3: sigma = R / sqrt(2 ln 3).
double position_sigma_km(double lead_hours);

/// Member `member` of the ensemble of `forecast`: the forecast's points moved and re-intensified
/// by the member's errors (the issue-time point keeps its position: the cone starts at 0). A
/// member's central pressure is left for the wind model to estimate from its wind when the wind
/// changed (TrackFix::pressure_hpa NaN). Its sid is "<atcf id>-m<member>".
StormTrack forecast_member(const TrackForecast& forecast, int member,
                           const ForecastEnsembleOptions& options);

/// `history` (fixes before the forecast's first point, unchanged) then the member's track.
StormTrack forecast_member(const TrackForecast& forecast, const StormTrack& history, int member,
                           const ForecastEnsembleOptions& options);

}  // namespace displace::storms
