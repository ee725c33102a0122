#pragma once
// The wind at one place and instant, shared by the point evaluation (wind_field.cpp) and the
// footprint's inner loop (footprint.cpp) so that both compute exactly the same numbers.
#include <cmath>

#include "displace/storms/rain_field.hpp"
#include "displace/storms/wind_field.hpp"

namespace displace::storms::detail {

/// Below this distance (km) the symmetric wind is 0 (the profile tends to 0 at the centre, and
/// log(0) would make it NaN).
inline constexpr double kCentreKm = 1e-6;

/// Great-circle distance (km) from the squared chord between two unit vectors: the haversine
/// formula with hav(angle) = chord^2 / 4, r = 2 R asin(chord / 2). Below half-chords of 0.05
/// (about 640 km) asin's Taylor series to x^11 is exact to double rounding (next term < 1e-17).
/// The series branch alone, for half-chords x below 0.05 (no branch, so that a loop over places
/// can compute it in SIMD lanes: the same operations in the same order as one place at a time).
inline double half_chord_to_km_series(double x) {
  const double x2 = x * x;
  const double series =
      1.0 +
      x2 * (1.0 / 6.0 +
            x2 * (3.0 / 40.0 + x2 * (5.0 / 112.0 + x2 * (35.0 / 1152.0 + x2 * (63.0 / 2816.0)))));
  return 2.0 * kEarthRadiusKm * x * series;
}

/// Half-chords from here on take asin (the series is not exact to double rounding there).
inline constexpr double kHalfChordSeriesLimit = 0.05;

/// The great-circle distance (km) of a half-chord x = chord / 2.
inline double half_chord_to_km(double x) {
  if (x >= kHalfChordSeriesLimit) return 2.0 * kEarthRadiusKm * std::asin(x < 1.0 ? x : 1.0);
  return half_chord_to_km_series(x);
}

inline double chord2_to_km(double chord2) {
  return half_chord_to_km(0.5 * std::sqrt(chord2));
}

/// The symmetric Holland profile with ln(R) precomputed:
/// y = B ln(R/r), v = vmax exp((y + 1 - e^y) / 2) = vmax [(R/r)^B exp(1 - (R/r)^B)]^(1/2).
inline double symmetric_wind(double vmax, double b, double ln_rmw, double r_km) {
  if (r_km < kCentreKm || vmax <= 0.0) return 0.0;
  const double y = b * (ln_rmw - std::log(r_km));
  return vmax * std::exp(0.5 * (y + 1.0 - std::exp(y)));
}

/// Holland's (1980) gradient wind from the cyclostrophic one: v = sqrt(vc^2 + a^2) - a with
/// a = r f / 2, written vc^2 / (sqrt(vc^2 + a^2) + a) (no cancellation when a >> vc).
/// half_f: |f| / 2 in m/s per km.
inline double gradient_wind(double vc_max, double b, double ln_rmw, double half_f, double r_km) {
  const double vc = symmetric_wind(vc_max, b, ln_rmw, r_km);
  const double a = half_f * r_km;
  const double denominator = std::sqrt(vc * vc + a * a) + a;
  return denominator > 0.0 ? vc * vc / denominator : 0.0;
}

/// Gradient-level speed: the tangential wind (counter-clockwise in the north, clockwise in the
/// south) plus the background. (de, dn): direction centre -> place.
inline double gradient_speed(double vc_max, double b, double ln_rmw, double half_f,
                             double hemisphere, double background_east, double background_north,
                             double r_km, double de, double dn) {
  const double h = std::sqrt(de * de + dn * dn);
  double east = background_east;
  double north = background_north;
  if (h > 0.0) {
    const double v = gradient_wind(vc_max, b, ln_rmw, half_f, r_km) * hemisphere / h;
    east -= v * dn;
    north += v * de;
  }
  return std::sqrt(east * east + north * north);
}

/// R-CLIPER's rate (mm/h): linear inside rm, exponential beyond, 0 beyond kRcliperMaxRadiusKm.
inline double rcliper_rate(const RcliperCoefficients& c, double r_km) {
  if (r_km > kRcliperMaxRadiusKm) return 0.0;
  if (r_km < c.rm_km) return c.t0_mm_per_h + (c.tm_mm_per_h - c.t0_mm_per_h) * (r_km / c.rm_km);
  return c.tm_mm_per_h * std::exp(-(r_km - c.rm_km) / c.re_km);
}

}  // namespace displace::storms::detail
