#pragma once
// The parametric wind of a tropical cyclone at one instant: the Holland (1980) radial profile with
// the shape parameter B of Holland (2008), scaled so that its peak over water equals the track's
// observed maximum sustained wind, plus a background wind from the storm's motion (Lin & Chavas
// 2012). Distances are great-circle on a sphere of radius kEarthRadiusKm. The equations, their
// constants and sources are in docs/model.md ("Storms from their tracks").
namespace displace::storms {

inline constexpr double kEarthRadiusKm = 6371.0;  ///< mean Earth radius (IUGG)
/// Surface air density in Holland's (2008) pressure-wind relation (kg/m^3).
inline constexpr double kAirDensityKgM3 = 1.15;
/// Environmental pressure when a fix has no POCI (hPa).
inline constexpr double kDefaultEnvPressureHpa = 1010.0;
/// Fraction of the translation velocity added as background wind (Lin & Chavas 2012).
inline constexpr double kTranslationFraction = 0.55;
/// Cyclonic rotation of that background wind (degrees; Lin & Chavas 2012).
inline constexpr double kTranslationRotationDeg = 20.0;
/// Limits on the Holland B parameter (Holland 2008's range of bs).
inline constexpr double kHollandBMin = 1.0;
inline constexpr double kHollandBMax = 2.5;
/// Earth's rotation rate (rad/s), for the Coriolis parameter f = 2 Omega sin(lat).
inline constexpr double kEarthRotationRadS = 7.292115e-5;
/// Smallest pressure deficit used for B (hPa): a fix whose central pressure is at or above the
/// environmental pressure still gets a profile.
inline constexpr double kMinPressureDeficitHpa = 1.0;

/// Great-circle distance (km) by the haversine formula, on a sphere of radius kEarthRadiusKm.
double haversine_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

/// Holland (2008) eq. 7 with the pressure tendency neglected:
///   bs = -4.4e-5 dp^2 + 0.01 dp - 0.014 |lat| + 0.15 vt^x + 1,  x = 0.6 (1 - dp / 215),
/// dp the pressure deficit (hPa, floored at kMinPressureDeficitHpa), lat in degrees, vt the
/// translation speed (m/s); clamped to [kHollandBMin, kHollandBMax].
double holland_b(double pressure_deficit_hpa, double lat_deg, double translation_speed_m_s);

/// The normalised Holland (1980) profile, in the form Holland et al. (2010) write with x = 1/2:
///   v(r) = vmax [ (R/r)^B exp(1 - (R/r)^B) ]^(1/2),
/// so v(R) = vmax and v(0) = 0 (Coriolis term neglected). r and R in km.
double holland_profile(double r_km, double rmw_km, double b, double vmax_m_s);

/// Holland's (1980) gradient wind with the Coriolis term, from the cyclostrophic profile above:
///   v(r) = sqrt(vc(r)^2 + (r f / 2)^2) - r f / 2,  vc(r) = holland_profile(r, R, B, vc_max),
/// f = 2 kEarthRotationRadS sin(lat) (its magnitude: the sign only sets the sense of rotation).
double holland_gradient_wind(double r_km, double rmw_km, double b, double vc_max_m_s,
                             double lat_deg);

/// Radius of maximum wind when the track has none: Willoughby, Darling & Rahn (2006) eq. 7a,
///   R = 46.4 exp(-0.0155 vmax + 0.0169 |lat|)  (km, vmax in m/s, lat in degrees).
double estimate_rmw_km(double vmax_m_s, double lat_deg);

/// Central pressure deficit (hPa) when the track has no pressure: Holland's (2008) eq. 11,
/// vms^2 = 100 bs dp / (rho e), solved for dp with bs = holland_b(dp, lat, vt) (bisection on
/// [0, 300] hPa). vmax is the observed 1-min surface wind (m/s).
double estimate_pressure_deficit_hpa(double vmax_m_s, double lat_deg, double translation_speed_m_s);

/// The storm at one instant, as interpolated from its track (all fields finite).
struct VortexState {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double vmax_m_s = 0.0;              ///< observed 1-min sustained 10 m wind
  double pressure_deficit_hpa = 0.0;  ///< environmental minus central pressure
  double rmw_km = 0.0;
  double vt_east_m_s = 0.0;   ///< translation velocity, eastward component
  double vt_north_m_s = 0.0;  ///< translation velocity, northward component
};

/// What the wind at any place needs from one instant, computed once per time step.
struct VortexParameters {
  double gradient_vmax_m_s = 0.0;         ///< symmetric gradient wind at R (the fitted peak)
  double cyclostrophic_vmax_m_s = 0.0;    ///< vc_max giving gradient_vmax_m_s at R with Coriolis
  double coriolis_half_m_s_per_km = 0.0;  ///< |f| / 2, in m/s per km of radius
  double b = 1.0;                         ///< Holland B
  double rmw_km = 0.0;
  double background_east_m_s = 0.0;   ///< translation part, at gradient level
  double background_north_m_s = 0.0;  ///< translation part, at gradient level
  double hemisphere = 1.0;            ///< +1 north (counter-clockwise), -1 south (clockwise)
};

/// The symmetric peak is fitted so that the largest surface wind over water equals the observed
/// vmax: surface_factor_sea * (gradient_vmax + |background|) = vmax, with the background
/// kTranslationFraction * vt rotated kTranslationRotationDeg cyclonically, divided by
/// surface_factor_sea. When vmax < kTranslationFraction * |vt| the profile is 0 and the background
/// is shortened to vmax. The cyclostrophic peak is then vc_max = sqrt(vg^2 + 2 vg a_R), a_R = R
/// f/2, so that the gradient wind (with Coriolis) at R is vg.
VortexParameters vortex_parameters(const VortexState& state, double surface_factor_sea);

/// Wind at gradient level (m/s, speed of the vector sum of the symmetric gradient wind and the
/// background) at a place `r_km` from the centre, in the local direction (east, north) from the
/// centre to the place (any length; zero at the centre). Multiply by a surface factor for 10 m.
double gradient_wind_m_s(const VortexParameters& vortex, double r_km, double to_place_east,
                         double to_place_north);

/// 10 m wind (m/s, 1-min sustained) at a place (degrees) with the given surface factor.
double surface_wind_at(const VortexState& state, double surface_factor_sea, double lat_deg,
                       double lon_deg, double surface_factor);

}  // namespace displace::storms
