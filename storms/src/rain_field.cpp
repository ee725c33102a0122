// R-CLIPER's symmetric rain rate (Tuleya, DeMaria & Kuligowski 2007, Table 2, NHC bias-adjusted
// coefficients). docs/model.md ("Storms from their tracks") gives the equations.
#include "displace/storms/rain_field.hpp"

#include <algorithm>
#include <cmath>

#include "displace/storms/track.hpp"
#include "vortex_kernel.hpp"

namespace displace::storms {

RcliperCoefficients rcliper_coefficients(double vmax_m_s) {
  const double vmax_kt = vmax_m_s / kMetresPerSecondPerKnot;
  const double u = 1.0 + (vmax_kt - 35.0) / 33.0;  // normalised maximum wind
  RcliperCoefficients c;
  c.t0_mm_per_h = std::max(0.0, -1.10 + 3.96 * u) * kMmPerHourPerInchPerDay;
  c.tm_mm_per_h = std::max(0.0, -1.60 + 4.80 * u) * kMmPerHourPerInchPerDay;
  c.rm_km = std::max(kRcliperMinRmKm, 64.5 - 13.0 * u);
  c.re_km = std::max(kRcliperMinReKm, 150.0 - 16.0 * u);
  return c;
}

double rcliper_rate_mm_per_h(const RcliperCoefficients& c, double r_km) {
  return detail::rcliper_rate(c, r_km);
}

}  // namespace displace::storms
