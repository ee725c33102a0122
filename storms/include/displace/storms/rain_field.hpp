#pragma once
// The parametric rain of a tropical cyclone at one instant: R-CLIPER (Tuleya, DeMaria &
// Kuligowski 2007, Wea. Forecasting 22, 56-70; the profile of DeMaria & Tuleya 2001 and Lonfat,
// Marks & Chen 2004), azimuthally symmetric, a function of the distance to the centre and of the
// maximum sustained wind only. docs/model.md ("Storms from their tracks") gives the equations.
namespace displace::storms {

/// R-CLIPER's rain is zero beyond this distance from the centre (the extent of its gauge data).
inline constexpr double kRcliperMaxRadiusKm = 500.0;
/// Floors on the fitted radii, reached only beyond about 165 kt (rm) or never (re).
inline constexpr double kRcliperMinRmKm = 5.0;
inline constexpr double kRcliperMinReKm = 10.0;
inline constexpr double kMmPerHourPerInchPerDay = 25.4 / 24.0;

/// The profile's four parameters for one intensity, already in mm/h and km.
struct RcliperCoefficients {
  double t0_mm_per_h = 0.0;  ///< rate at the centre
  double tm_mm_per_h = 0.0;  ///< rate at rm (the maximum)
  double rm_km = 0.0;        ///< radius of the maximum rate
  double re_km = 0.0;        ///< e-folding length beyond rm
};

/// Tuleya et al. (2007) Table 2 (NHC bias-adjusted): with U = 1 + (vmax_kt - 35) / 33,
///   T0 = -1.10 + 3.96 U, Tm = -1.60 + 4.80 U (in/day), rm = 64.5 - 13.0 U, re = 150 - 16.0 U (km);
/// rates converted to mm/h and floored at 0, radii floored at kRcliperMinRmKm / kRcliperMinReKm.
RcliperCoefficients rcliper_coefficients(double vmax_m_s);

/// The rate (mm/h) at r_km: T0 + (Tm - T0) r / rm for r < rm, Tm exp(-(r - rm) / re) for
/// rm <= r <= kRcliperMaxRadiusKm, 0 beyond.
double rcliper_rate_mm_per_h(const RcliperCoefficients& c, double r_km);

}  // namespace displace::storms
