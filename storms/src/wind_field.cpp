// Holland (1980) profile with Holland's (2008) B, the Willoughby et al. (2006) radius of maximum
// wind, Holland's (2008) pressure-wind relation and the Lin & Chavas (2012) background wind.
// docs/model.md ("Storms from their tracks") gives the equations and why these were chosen.
#include "displace/storms/wind_field.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "vortex_kernel.hpp"

namespace displace::storms {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
}  // namespace

double haversine_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double phi1 = lat1_deg * kDegToRad;
  const double phi2 = lat2_deg * kDegToRad;
  const double s_phi = std::sin(0.5 * (phi2 - phi1));
  const double s_lambda = std::sin(0.5 * (lon2_deg - lon1_deg) * kDegToRad);
  const double a = s_phi * s_phi + std::cos(phi1) * std::cos(phi2) * s_lambda * s_lambda;
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double holland_b(double pressure_deficit_hpa, double lat_deg, double translation_speed_m_s) {
  const double dp = std::max(pressure_deficit_hpa, kMinPressureDeficitHpa);
  const double x = 0.6 * (1.0 - dp / 215.0);
  const double vt = std::max(translation_speed_m_s, 0.0);
  const double bs =
      -4.4e-5 * dp * dp + 0.01 * dp - 0.014 * std::abs(lat_deg) + 0.15 * std::pow(vt, x) + 1.0;
  return std::clamp(bs, kHollandBMin, kHollandBMax);
}

double holland_profile(double r_km, double rmw_km, double b, double vmax_m_s) {
  return detail::symmetric_wind(vmax_m_s, b, std::log(rmw_km), r_km);
}

double holland_gradient_wind(double r_km, double rmw_km, double b, double vc_max_m_s,
                             double lat_deg) {
  const double half_f = kEarthRotationRadS * std::abs(std::sin(lat_deg * kDegToRad)) * 1000.0;
  return detail::gradient_wind(vc_max_m_s, b, std::log(rmw_km), half_f, r_km);
}

double estimate_rmw_km(double vmax_m_s, double lat_deg) {
  return 46.4 * std::exp(-0.0155 * vmax_m_s + 0.0169 * std::abs(lat_deg));
}

double estimate_pressure_deficit_hpa(double vmax_m_s, double lat_deg,
                                     double translation_speed_m_s) {
  // f(dp) = 100 bs(dp) dp / (rho e) - vmax^2 rises with dp over [0, 300] hPa (bs changes slowly),
  // so bisection finds its root; 60 halvings reach the double's resolution.
  const double target = vmax_m_s * vmax_m_s;
  const auto wind_squared = [&](double dp) {
    return 100.0 * holland_b(dp, lat_deg, translation_speed_m_s) * dp /
           (kAirDensityKgM3 * std::numbers::e);
  };
  double lo = 0.0;
  double hi = 300.0;
  if (wind_squared(hi) <= target) return hi;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (wind_squared(mid) < target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

VortexParameters vortex_parameters(const VortexState& state, double surface_factor_sea) {
  VortexParameters p;
  p.hemisphere = state.lat_deg >= 0.0 ? 1.0 : -1.0;
  p.rmw_km = state.rmw_km;
  const double vt = std::hypot(state.vt_east_m_s, state.vt_north_m_s);
  p.b = holland_b(state.pressure_deficit_hpa, state.lat_deg, vt);
  const double vmax = std::max(state.vmax_m_s, 0.0);
  const double background = kTranslationFraction * vt;
  double scale = kTranslationFraction;  // of the translation velocity, at the surface
  if (vmax >= background) {
    p.gradient_vmax_m_s = (vmax - background) / surface_factor_sea;
  } else {
    p.gradient_vmax_m_s = 0.0;
    scale = vmax / vt;  // background > vmax >= 0, so vt > 0
  }
  p.coriolis_half_m_s_per_km =
      kEarthRotationRadS * std::abs(std::sin(state.lat_deg * kDegToRad)) * 1000.0;
  const double a = p.coriolis_half_m_s_per_km * p.rmw_km;
  p.cyclostrophic_vmax_m_s =
      std::sqrt(p.gradient_vmax_m_s * p.gradient_vmax_m_s + 2.0 * p.gradient_vmax_m_s * a);
  // Rotate the translation velocity cyclonically: counter-clockwise in the north.
  const double angle = p.hemisphere * kTranslationRotationDeg * kDegToRad;
  const double c = std::cos(angle);
  const double s = std::sin(angle);
  p.background_east_m_s =
      scale * (c * state.vt_east_m_s - s * state.vt_north_m_s) / surface_factor_sea;
  p.background_north_m_s =
      scale * (s * state.vt_east_m_s + c * state.vt_north_m_s) / surface_factor_sea;
  return p;
}

double gradient_wind_m_s(const VortexParameters& vortex, double r_km, double to_place_east,
                         double to_place_north) {
  return detail::gradient_speed(vortex.cyclostrophic_vmax_m_s, vortex.b, std::log(vortex.rmw_km),
                                vortex.coriolis_half_m_s_per_km, vortex.hemisphere,
                                vortex.background_east_m_s, vortex.background_north_m_s, r_km,
                                to_place_east, to_place_north);
}

double surface_wind_at(const VortexState& state, double surface_factor_sea, double lat_deg,
                       double lon_deg, double surface_factor) {
  const VortexParameters p = vortex_parameters(state, surface_factor_sea);
  const double r = haversine_km(state.lat_deg, state.lon_deg, lat_deg, lon_deg);
  // Initial bearing from the centre to the place, as (east, north) components.
  const double phi1 = state.lat_deg * kDegToRad;
  const double phi2 = lat_deg * kDegToRad;
  const double dl = (lon_deg - state.lon_deg) * kDegToRad;
  const double east = std::sin(dl) * std::cos(phi2);
  const double north =
      std::cos(phi1) * std::sin(phi2) - std::sin(phi1) * std::cos(phi2) * std::cos(dl);
  return surface_factor * gradient_wind_m_s(p, r, east, north);
}

}  // namespace displace::storms
