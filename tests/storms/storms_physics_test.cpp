// The parametric wind (Holland 1980 / 2008, Lin & Chavas 2012 background) and rain (R-CLIPER)
// of storms/, and the footprint stepped along synthetic tracks, against values computed by hand.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "displace/common/error.hpp"
#include "displace/storms/footprint.hpp"
#include "displace/storms/rain_field.hpp"
#include "displace/storms/wind_field.hpp"

namespace {

using namespace displace::storms;

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kT0 = 1505887200;  // 2017-09-20T06:00Z

TrackFix fix(std::int64_t time_s, double lat, double lon, double vmax, double pressure = 950.0,
             double rmw = 30.0) {
  TrackFix f;
  f.time_s = time_s;
  f.lat_deg = lat;
  f.lon_deg = lon;
  f.max_wind_m_s = vmax;
  f.pressure_hpa = pressure;
  f.rmw_km = rmw;
  return f;
}

StormTrack storm(std::vector<TrackFix> fixes) {
  StormTrack s;
  s.sid = "2017260N12310";
  s.name = "MARIA";
  s.season = 2017;
  s.fixes = std::move(fixes);
  return s;
}

/// The point `distance_km` from (lat, lon) along initial bearing `bearing_deg` (great circle).
void destination(double lat, double lon, double bearing_deg, double distance_km, double& lat2,
                 double& lon2) {
  const double d = distance_km / kEarthRadiusKm;
  const double p1 = lat * kDeg;
  const double th = bearing_deg * kDeg;
  const double p2 =
      std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(th));
  const double l2 = lon * kDeg + std::atan2(std::sin(th) * std::sin(d) * std::cos(p1),
                                            std::cos(d) - std::sin(p1) * std::sin(p2));
  lat2 = p2 / kDeg;
  lon2 = l2 / kDeg;
}

TEST(StormsWind, HaversineMatchesAKnownDistance) {
  // Along the equator, 1 degree = 6371 * pi / 180 = 111.19493 km.
  EXPECT_NEAR(haversine_km(0.0, 0.0, 0.0, 1.0), 111.19492664, 1e-6);
  // (18 N, 40 W) to (18 N, 45 W): 2 R asin(cos 18 sin 2.5) = 528.74727 km.
  EXPECT_NEAR(haversine_km(18.0, -40.0, 18.0, -45.0), 528.74726519, 1e-6);
}

TEST(StormsWind, HollandProfilePeaksAtTheRadiusOfMaximumWind) {
  // v(R) = vmax [1 * e^0]^(1/2) = vmax.
  EXPECT_NEAR(holland_profile(30.0, 30.0, 1.5, 50.0), 50.0, 1e-12);
  // v(2R), B = 1.5: (1/2)^1.5 = 0.35355339; e^(1 - 0.35355339) = 1.90888...;
  // sqrt(0.35355339 * 1.90888) = 0.82148871 -> 41.0744357 m/s.
  EXPECT_NEAR(holland_profile(60.0, 30.0, 1.5, 50.0), 41.0744357, 1e-6);
  EXPECT_LT(holland_profile(15.0, 30.0, 1.5, 50.0), 50.0);
  EXPECT_LT(holland_profile(31.0, 30.0, 1.5, 50.0), 50.0);
  EXPECT_EQ(holland_profile(0.0, 30.0, 1.5, 50.0), 0.0);
}

TEST(StormsWind, ProfileAndRainMatchTheirTextbookForms) {
  // The kernel evaluates the profile as exp((y + 1 - e^y) / 2) with y = B ln(R/r); over the whole
  // range of radii it agrees with [(R/r)^B exp(1 - (R/r)^B)]^(1/2) (std::pow), and the rain rate
  // with Tm exp(-(r - rm) / re), to 1e-14 relative to the peak.
  const RcliperCoefficients c = rcliper_coefficients(60.0);
  for (double r = 0.01; r < 600.0; r *= 1.01) {
    for (const double b : {1.0, 1.37, 2.5}) {
      const double x = std::pow(30.0 / r, b);
      const double expected = 50.0 * std::sqrt(x * std::exp(1.0 - x));
      EXPECT_NEAR(holland_profile(r, 30.0, b, 50.0), expected, 1e-14 * 50.0) << r << " " << b;
    }
    if (r >= c.rm_km && r <= kRcliperMaxRadiusKm) {
      const double expected = c.tm_mm_per_h * std::exp(-(r - c.rm_km) / c.re_km);
      EXPECT_NEAR(rcliper_rate_mm_per_h(c, r), expected, 1e-14 * c.tm_mm_per_h) << r;
    }
  }
}

TEST(StormsWind, GradientWindSubtractsTheCoriolisTerm) {
  // 18 N: f / 2 = 7.292115e-5 sin 18 = 2.2533875e-5 1/s = 0.022533875 m/s per km; at r = 60 km,
  // a = r f / 2 = 1.3520325 m/s; vc(60) = 41.0744357 (above);
  // v = sqrt(41.0744357^2 + 1.3520325^2) - 1.3520325 = 39.7446493 m/s.
  EXPECT_NEAR(holland_gradient_wind(60.0, 30.0, 1.5, 50.0, 18.0), 39.7446493, 1e-6);
  EXPECT_EQ(holland_gradient_wind(60.0, 30.0, 1.5, 50.0, -18.0),
            holland_gradient_wind(60.0, 30.0, 1.5, 50.0, 18.0));
  // On the equator f = 0: the cyclostrophic profile itself.
  EXPECT_NEAR(holland_gradient_wind(60.0, 30.0, 1.5, 50.0, 0.0), 41.0744357, 1e-6);
  // vortex_parameters raises vc_max so that the gradient wind at R is the fitted peak:
  // vc_max = sqrt(vg^2 + 2 vg a_R).
  VortexState s;
  s.lat_deg = 18.0;
  s.vmax_m_s = 45.0;
  s.pressure_deficit_hpa = 50.0;
  s.rmw_km = 30.0;
  const VortexParameters p = vortex_parameters(s, 0.9);
  EXPECT_NEAR(p.gradient_vmax_m_s, 50.0, 1e-12);  // 45 / 0.9, no motion
  EXPECT_NEAR(holland_gradient_wind(30.0, 30.0, p.b, p.cyclostrophic_vmax_m_s, 18.0), 50.0, 1e-9);
}

TEST(StormsWind, HollandBFromPressureDeficitLatitudeAndSpeed) {
  // dp = 50 hPa, 20 N, vt = 5 m/s: x = 0.6 (1 - 50/215) = 0.46046512, 5^x = 2.09822136;
  // bs = -0.11 + 0.5 - 0.28 + 0.15 * 2.09822136 + 1 = 1.42473320.
  EXPECT_NEAR(holland_b(50.0, 20.0, 5.0), 1.4247332, 1e-6);
  // Southern latitudes count by their magnitude.
  EXPECT_EQ(holland_b(50.0, -20.0, 5.0), holland_b(50.0, 20.0, 5.0));
  // dp = 1, 60 N, still: 1 + 0.01 - 0.84 < 1 -> clamped to 1.
  EXPECT_EQ(holland_b(0.0, 60.0, 0.0), kHollandBMin);
}

TEST(StormsWind, EstimatedRadiusAndPressure) {
  // 46.4 exp(-0.0155 * 50 + 0.0169 * 20) = 46.4 exp(-0.437) = 29.9730744 km.
  EXPECT_NEAR(estimate_rmw_km(50.0, 20.0), 29.9730744, 1e-6);
  EXPECT_EQ(estimate_rmw_km(50.0, -20.0), estimate_rmw_km(50.0, 20.0));
  // The estimated deficit satisfies Holland's relation vmax^2 = 100 bs dp / (rho e).
  const double dp = estimate_pressure_deficit_hpa(60.0, 18.0, 6.0);
  EXPECT_GT(dp, 50.0);
  EXPECT_LT(dp, 120.0);
  EXPECT_NEAR(100.0 * holland_b(dp, 18.0, 6.0) * dp / (kAirDensityKgM3 * std::numbers::e), 3600.0,
              1e-6);
}

VortexState moving_north(double lat) {
  VortexState s;
  s.lat_deg = lat;
  s.lon_deg = -60.0;
  s.vmax_m_s = 50.0;
  s.pressure_deficit_hpa = 60.0;
  s.rmw_km = 30.0;
  s.vt_north_m_s = 6.0;
  return s;
}

TEST(StormsWind, NorthernMaximumIsRightOfMotionAndSouthernLeft) {
  for (const double lat : {20.0, -20.0}) {
    const VortexState s = moving_north(lat);
    double la = 0.0, lo_east = 0.0, lo_west = 0.0;
    destination(lat, -60.0, 90.0, 30.0, la, lo_east);
    const double east = surface_wind_at(s, 0.9, la, lo_east, 0.9);
    destination(lat, -60.0, 270.0, 30.0, la, lo_west);
    const double west = surface_wind_at(s, 0.9, la, lo_west, 0.9);
    if (lat > 0.0) {
      EXPECT_GT(east, west + 5.0) << "north: right (east) of a northward storm is stronger";
    } else {
      EXPECT_GT(west, east + 5.0) << "south: left (west) of a northward storm is stronger";
    }
  }
}

TEST(StormsWind, PeakOverSeaEqualsTheObservedMaximum) {
  // surface_factor_sea * (gradient peak + background) is fitted to the observed 50 m/s: the
  // largest wind on the ring r = R (every tenth of a degree) is 50 m/s (to the ring's sampling).
  const VortexState s = moving_north(20.0);
  double best = 0.0;
  for (int a = 0; a < 3600; ++a) {
    double la = 0.0, lo = 0.0;
    destination(20.0, -60.0, a * 0.1, 30.0, la, lo);
    best = std::max(best, surface_wind_at(s, 0.9, la, lo, 0.9));
  }
  EXPECT_NEAR(best, 50.0, 1e-3);
  // Over land (factor 0.75) every wind is 0.75 / 0.9 of the wind over sea.
  double la = 0.0, lo = 0.0;
  destination(20.0, -60.0, 45.0, 80.0, la, lo);
  EXPECT_NEAR(surface_wind_at(s, 0.9, la, lo, 0.75),
              surface_wind_at(s, 0.9, la, lo, 0.9) * 0.75 / 0.9, 1e-9);
}

TEST(StormsRain, RcliperAtCentreMaximumAndOneEfoldingBeyond) {
  // 100 kt: U = 1 + 65/33 = 2.96969697; T0 = -1.10 + 3.96 U = 10.66 in/day = 11.2818333 mm/h;
  // Tm = -1.60 + 4.80 U = 12.6545455 in/day = 13.3927273 mm/h; rm = 64.5 - 13 U = 25.8939394 km;
  // re = 150 - 16 U = 102.4848485 km.
  const RcliperCoefficients c = rcliper_coefficients(100.0 * kMetresPerSecondPerKnot);
  EXPECT_NEAR(c.rm_km, 25.8939394, 1e-6);
  EXPECT_NEAR(c.re_km, 102.4848485, 1e-6);
  EXPECT_NEAR(rcliper_rate_mm_per_h(c, 0.0), 11.2818333, 1e-6);
  EXPECT_NEAR(rcliper_rate_mm_per_h(c, c.rm_km), 13.3927273, 1e-6);
  // At rm + re: Tm / e = 4.9269090 mm/h.
  EXPECT_NEAR(rcliper_rate_mm_per_h(c, c.rm_km + c.re_km), 4.9269090, 1e-6);
  EXPECT_EQ(rcliper_rate_mm_per_h(c, 501.0), 0.0);
  // A depression too weak for any rain at its centre: U < 1.1 / 3.96 -> 0, not negative.
  EXPECT_EQ(rcliper_rate_mm_per_h(rcliper_coefficients(5.0), 0.0), 0.0);
}

TEST(StormsFootprint, InterpolatesLinearlyAcrossTheDateline) {
  // 170 E -> 178 W (unwrapped 182) in 6 h, 10 N -> 12 N: at 3 h, 176 E and 11 N.
  const StormTrack s =
      storm({fix(kT0, 10.0, 170.0, 40.0), fix(kT0 + 6 * kHour, 12.0, -178.0, 50.0)});
  FootprintOptions o;
  o.time_step_minutes = 60.0;
  const SteppedTrack t = step_track(s, o);
  ASSERT_EQ(t.steps.size(), 7U);
  EXPECT_DOUBLE_EQ(t.steps[3].hours_after_first, 3.0);
  EXPECT_NEAR(t.steps[3].state.lat_deg, 11.0, 1e-12);
  EXPECT_NEAR(t.steps[3].state.lon_deg, 176.0, 1e-12);
  EXPECT_NEAR(t.steps[3].state.vmax_m_s, 45.0, 1e-12);
  EXPECT_NEAR(t.steps[6].state.lon_deg, -178.0, 1e-12);
  // Northward speed: 2 degrees (222.389853 km) in 21600 s = 10.2958265 m/s; eastward positive.
  EXPECT_NEAR(t.steps[3].state.vt_north_m_s, 10.2958265, 1e-6);
  EXPECT_GT(t.steps[3].state.vt_east_m_s, 50.0);
  // Trapezoid weights: half steps at the ends, summing to the span.
  EXPECT_EQ(t.steps[0].weight_hours, 0.5);
  EXPECT_EQ(t.steps[3].weight_hours, 1.0);
  double sum = 0.0;
  for (const auto& step : t.steps)
    sum += step.weight_hours;
  EXPECT_EQ(sum, 6.0);
}

TEST(StormsFootprint, StationaryStormGivesKnownDurationsAndRain) {
  // Stationary for 12 h at 18 N 66 W, 50 m/s, R = 30 km. A sea place 60 km east: symmetric wind
  // 50 * sqrt((1/2)^B e^(1 - (1/2)^B)) > 40 m/s for any B in [1, 2.5], so above 34 and 64 kt at
  // every step: 12 h each.
  const StormTrack s = storm({fix(kT0, 18.0, -66.0, 50.0), fix(kT0 + 6 * kHour, 18.0, -66.0, 50.0),
                              fix(kT0 + 12 * kHour, 18.0, -66.0, 50.0)});
  double la = 0.0, lo = 0.0, la_far = 0.0, lo_far = 0.0;
  destination(18.0, -66.0, 90.0, 60.0, la, lo);
  destination(18.0, -66.0, 0.0, 600.0, la_far, lo_far);
  const FootprintOptions o;
  const StormFootprint fp = compute_footprint(s, {lo, lo_far}, {la, la_far}, {0.0F, 0.0F}, o);
  EXPECT_EQ(fp.hours_tropical_storm[0], 12.0F);
  EXPECT_EQ(fp.hours_hurricane[0], 12.0F);
  EXPECT_GT(fp.max_wind_m_s[0], 40.0F);
  EXPECT_LT(fp.max_wind_m_s[0], 50.0F);
  EXPECT_EQ(fp.peak_hours[0], 0.0F);  // the same wind all along: the first step holds the peak
  // The footprint's inner loop (chord distance, projected bearing) agrees with the point
  // evaluation (haversine, trigonometric bearing): deficit 1010 - 950 hPa, no motion.
  VortexState still;
  still.lat_deg = 18.0;
  still.lon_deg = -66.0;
  still.vmax_m_s = 50.0;
  still.pressure_deficit_hpa = 60.0;
  still.rmw_km = 30.0;
  EXPECT_NEAR(fp.max_wind_m_s[0], surface_wind_at(still, 0.9, la, lo, 0.9), 1e-4);
  // Rain: the rate at 60 km for 50 m/s, for 12 h.
  const double rate = rcliper_rate_mm_per_h(rcliper_coefficients(50.0), 60.0);
  EXPECT_NEAR(fp.rain_peak_mm_per_h[0], rate, 1e-4);
  EXPECT_NEAR(fp.rain_total_mm[0], 12.0 * rate, 1e-3);
  // 600 km away: beyond the 500 km radius of influence, nothing.
  EXPECT_EQ(fp.max_wind_m_s[1], 0.0F);
  EXPECT_EQ(fp.hours_tropical_storm[1], 0.0F);
  EXPECT_EQ(fp.rain_total_mm[1], 0.0F);
  EXPECT_NEAR(fp.closest_approach_km, 60.0, 1e-6);
}

TEST(StormsFootprint, DistantStormGivesZerosAndTheClosestApproach) {
  // Along 40 W from 18 N south to 17 N; the place at 18 N 45 W is nearest the first fix (the foot
  // of its perpendicular on 40 W lies at atan(tan 18 / cos 5) = 18.07 N, north of the track):
  // 2 R asin(cos 18 sin 2.5) = 528.747265 km > 500 km.
  const StormTrack s =
      storm({fix(kT0, 18.0, -40.0, 60.0), fix(kT0 + 6 * kHour, 17.0, -40.0, 60.0)});
  const StormFootprint fp = compute_footprint(s, {-45.0}, {18.0}, {}, FootprintOptions{});
  EXPECT_NEAR(fp.closest_approach_km, 528.747265, 1e-5);
  EXPECT_EQ(fp.max_wind_m_s[0], 0.0F);
  EXPECT_EQ(fp.hours_tropical_storm[0], 0.0F);
  EXPECT_EQ(fp.hours_hurricane[0], 0.0F);
  EXPECT_EQ(fp.peak_hours[0], 0.0F);
  EXPECT_EQ(fp.rain_total_mm[0], 0.0F);
  EXPECT_EQ(fp.rain_peak_mm_per_h[0], 0.0F);
}

TEST(StormsFootprint, CountsEstimatedRadiiAndPressures) {
  std::vector<TrackFix> f = {fix(kT0, 15.0, -60.0, 40.0), fix(kT0 + 6 * kHour, 16.0, -61.0, 45.0),
                             fix(kT0 + 12 * kHour, 17.0, -62.0, 50.0)};
  f[0].rmw_km = kMissing;
  f[1].pressure_hpa = kMissing;
  f[2].pressure_hpa = kMissing;
  f[2].env_pressure_hpa = 1012.0;
  const StormTrack s = storm(f);
  const StormFootprint fp = compute_footprint(s, {-61.0}, {16.2}, {1.0F}, FootprintOptions{});
  EXPECT_EQ(fp.fixes_with_estimated_rmw, 1);
  EXPECT_EQ(fp.fixes_with_estimated_pressure, 2);
  // The first step's radius is Willoughby's estimate for 40 m/s at 15 N.
  const SteppedTrack t = step_track(s, FootprintOptions{});
  EXPECT_NEAR(t.steps[0].state.rmw_km, estimate_rmw_km(40.0, 15.0), 1e-12);
  EXPECT_GT(fp.max_wind_m_s[0], 17.5F);
}

TEST(StormsFootprint, FixWithoutWindThrowsNamingStormAndTime) {
  std::vector<TrackFix> f = {fix(kT0, 15.0, -60.0, 40.0), fix(kT0 + 6 * kHour, 16.0, -61.0, 45.0)};
  f[1].max_wind_m_s = kMissing;
  try {
    compute_footprint(storm(f), {-60.0}, {15.0}, {}, FootprintOptions{});
    FAIL() << "no exception";
  } catch (const displace::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("MARIA 2017"), std::string::npos) << what;
    EXPECT_NE(what.find("2017-09-20T12:00Z"), std::string::npos) << what;
  }
  EXPECT_THROW(compute_footprint(storm({fix(kT0, 15.0, -60.0, 40.0)}), {-60.0}, {15.0}, {},
                                 FootprintOptions{}),
               displace::InputError);
  // Places: two longitudes, one latitude.
  EXPECT_THROW(
      compute_footprint(storm({fix(kT0, 15.0, -60.0, 40.0), fix(kT0 + kHour, 15.0, -60.0, 40.0)}),
                        {-60.0, -61.0}, {15.0}, {}, FootprintOptions{}),
      displace::InputError);
  FootprintOptions slow;
  slow.time_step_minutes = 90.0;
  EXPECT_THROW(
      step_track(storm({fix(kT0, 15.0, -60.0, 40.0), fix(kT0 + kHour, 15.0, -60.0, 40.0)}), slow),
      displace::InputError);
}

TEST(StormsFootprint, ResultsDoNotDependOnTheThreadCount) {
  const StormTrack s = storm({fix(kT0, 16.0, -63.0, 60.0, 930.0, 25.0),
                              fix(kT0 + 6 * kHour, 17.0, -64.5, 70.0, 920.0, kMissing),
                              fix(kT0 + 12 * kHour, 18.0, -66.0, 65.0, kMissing, 30.0),
                              fix(kT0 + 18 * kHour, 19.0, -67.0, 55.0, 950.0, 35.0)});
  std::vector<double> lon, lat;
  std::vector<float> land;
  for (int j = 0; j < 40; ++j) {
    for (int i = 0; i < 60; ++i) {
      lon.push_back(-68.0 + 0.05 * i);
      lat.push_back(17.0 + 0.05 * j);
      land.push_back(static_cast<float>((i + j) % 3) * 0.5F);
    }
  }
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const StormFootprint one = compute_footprint(s, lon, lat, land, FootprintOptions{});
  omp_set_num_threads(2);
  const StormFootprint two = compute_footprint(s, lon, lat, land, FootprintOptions{});
  omp_set_num_threads(before);
  const auto same = [](const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
  };
  EXPECT_TRUE(same(one.max_wind_m_s, two.max_wind_m_s));
  EXPECT_TRUE(same(one.hours_tropical_storm, two.hours_tropical_storm));
  EXPECT_TRUE(same(one.hours_hurricane, two.hours_hurricane));
  EXPECT_TRUE(same(one.peak_hours, two.peak_hours));
  EXPECT_TRUE(same(one.rain_total_mm, two.rain_total_mm));
  EXPECT_TRUE(same(one.rain_peak_mm_per_h, two.rain_peak_mm_per_h));
  EXPECT_EQ(one.closest_approach_km, two.closest_approach_km);
  // The storm passes through the grid: something is hurricane-force somewhere.
  EXPECT_GT(*std::max_element(one.hours_hurricane.begin(), one.hours_hurricane.end()), 0.0F);
}

TEST(StormsFootprint, PeakComesAsTheStormPassesAndLandSlowsIt) {
  // Northward along 60 W from 15 N to 17 N in 12 h (constant speed): it passes 16 N at 6 h. A
  // place 30 km (about R) east of 16 N 60 W gets its strongest wind within an hour of that.
  const StormTrack s =
      storm({fix(kT0, 15.0, -60.0, 50.0), fix(kT0 + 12 * kHour, 17.0, -60.0, 50.0)});
  double la = 0.0, lo = 0.0;
  destination(16.0, -60.0, 90.0, 30.0, la, lo);
  const StormFootprint sea = compute_footprint(s, {lo}, {la}, {0.0F}, FootprintOptions{});
  const StormFootprint land = compute_footprint(s, {lo}, {la}, {1.0F}, FootprintOptions{});
  EXPECT_NEAR(sea.peak_hours[0], 6.0F, 1.0F);
  EXPECT_GT(sea.max_wind_m_s[0], 45.0F);
  // The whole 10 m wind scales with the surface factor: 0.75 / 0.9 over land.
  EXPECT_NEAR(land.max_wind_m_s[0], sea.max_wind_m_s[0] * 0.75F / 0.9F, 1e-4F);
  EXPECT_LE(land.hours_hurricane[0], sea.hours_hurricane[0]);
  EXPECT_EQ(land.rain_total_mm[0], sea.rain_total_mm[0]);  // R-CLIPER knows no land
}

TEST(StormsFootprint, WindConversionScalesThePeakOnly) {
  const StormTrack s =
      storm({fix(kT0, 18.0, -66.0, 50.0), fix(kT0 + 6 * kHour, 18.5, -66.5, 50.0)});
  FootprintOptions gust;
  gust.wind_conversion = 1.3;
  const StormFootprint a = compute_footprint(s, {-66.1}, {18.6}, {1.0F}, FootprintOptions{});
  const StormFootprint b = compute_footprint(s, {-66.1}, {18.6}, {1.0F}, gust);
  EXPECT_NEAR(b.max_wind_m_s[0], 1.3F * a.max_wind_m_s[0], 1e-4F);
  EXPECT_EQ(a.hours_tropical_storm[0], b.hours_tropical_storm[0]);  // thresholds on sustained wind
}

}  // namespace
