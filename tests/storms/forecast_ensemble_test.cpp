// The forecast ensemble (issue #28): two thirds of the members' centres fall inside NHC's cone
// circle at each lead time, within sampling error; members are the same for the same seed and
// differ between members and seeds; the intensity errors are centred and grow with lead time.
#include "displace/storms/forecast_ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "displace/storms/atcf.hpp"

namespace displace::storms {
namespace {

const std::string kMaria = std::string(DISPLACE_FORECASTS_DIR) + "/maria-2017-synthetic-adeck.dat";

TEST(ForecastCone, RadiiAreNhcs2023AtlanticOnesInterpolated) {
  EXPECT_DOUBLE_EQ(cone_radius_km(0.0), 0.0);
  EXPECT_DOUBLE_EQ(cone_radius_km(12.0), 26 * 1.852);
  EXPECT_DOUBLE_EQ(cone_radius_km(6.0), 13 * 1.852);
  EXPECT_DOUBLE_EQ(cone_radius_km(84.0), 122 * 1.852);  // halfway from 99 (72 h) to 145 (96 h)
  EXPECT_DOUBLE_EQ(cone_radius_km(120.0), 205 * 1.852);
  EXPECT_DOUBLE_EQ(cone_radius_km(130.0), 205 * 1.852);
  // sigma: two normal components leave 1 - exp(-R^2 / (2 sigma^2)) = 2/3 inside R.
  const double r = cone_radius_km(48.0);
  const double sigma = position_sigma_km(48.0);
  EXPECT_NEAR(1.0 - std::exp(-r * r / (2.0 * sigma * sigma)), 2.0 / 3.0, 1e-12);
}

TEST(ForecastEnsemble, TwoThirdsOfTheCentresFallInsideTheConeAtEachLeadTime) {
  const TrackForecast forecast = read_forecast(kMaria);
  ForecastEnsembleOptions options;
  options.seed = 2017;
  constexpr int kMembers = 2000;
  std::vector<int> inside(forecast.points.size(), 0);
  for (int m = 0; m < kMembers; ++m) {
    const StormTrack member = forecast_member(forecast, m, options);
    ASSERT_EQ(member.fixes.size(), forecast.points.size());
    for (std::size_t k = 0; k < forecast.points.size(); ++k) {
      const TrackFix& official = forecast.points[k].fix;
      const TrackFix& moved = member.fixes[k];
      EXPECT_EQ(moved.time_s, official.time_s);
      const double error_km =
          great_circle_km(official.lon_deg, official.lat_deg, moved.lon_deg, moved.lat_deg);
      if (error_km <= cone_radius_km(forecast.points[k].lead_hours)) ++inside[k];
    }
  }
  // The issue-time point stays put; elsewhere the share inside is binomial(2000, 2/3): its
  // standard error is sqrt(2/9 / 2000) = 0.0105, and 4 of them bound it (p = 6e-5 per lead).
  EXPECT_EQ(inside[0], kMembers);
  const double bound = 4.0 * std::sqrt((2.0 / 9.0) / kMembers);
  for (std::size_t k = 1; k < forecast.points.size(); ++k) {
    const double share = static_cast<double>(inside[k]) / kMembers;
    std::printf("lead %3d h: cone %.0f km, %.3f of %d centres inside\n",
                forecast.points[k].lead_hours, cone_radius_km(forecast.points[k].lead_hours), share,
                kMembers);
    EXPECT_NEAR(share, 2.0 / 3.0, bound) << "lead " << forecast.points[k].lead_hours << " h";
  }
}

TEST(ForecastEnsemble, ErrorsAreCorrelatedInLeadTime) {
  const TrackForecast forecast = read_forecast(kMaria);  // 0, 12, ..., 48, 72, 96, 120 h
  ForecastEnsembleOptions options;
  options.seed = 11;
  // Correlation of the latitude errors at 24 and 36 h (12 h apart) across members: positive
  // and large with the default 0.9; about zero with independent lead times.
  auto correlation = [&](double rho) {
    options.error_correlation_12h = rho;
    constexpr int kMembers = 2000;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int m = 0; m < kMembers; ++m) {
      const StormTrack member = forecast_member(forecast, m, options);
      const double x = member.fixes[2].lat_deg - forecast.points[2].fix.lat_deg;
      const double y = member.fixes[3].lat_deg - forecast.points[3].fix.lat_deg;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    const double n = kMembers;
    return (sxy / n - sx * sy / (n * n)) /
           std::sqrt((sxx / n - sx * sx / (n * n)) * (syy / n - sy * sy / (n * n)));
  };
  EXPECT_GT(correlation(0.9), 0.8);
  EXPECT_LT(std::abs(correlation(0.0)), 0.1);
}

TEST(ForecastEnsemble, SameSeedSameMembersAndMembersDiffer) {
  const TrackForecast forecast = read_forecast(kMaria);
  ForecastEnsembleOptions options;
  options.seed = 7;
  const StormTrack a = forecast_member(forecast, 3, options);
  const StormTrack again = forecast_member(forecast, 3, options);
  const StormTrack other = forecast_member(forecast, 4, options);
  ForecastEnsembleOptions reseeded = options;
  reseeded.seed = 8;
  const StormTrack other_seed = forecast_member(forecast, 3, reseeded);
  EXPECT_EQ(a.sid, "AL152017-m3");
  for (std::size_t k = 0; k < a.fixes.size(); ++k) {
    EXPECT_EQ(a.fixes[k].lat_deg, again.fixes[k].lat_deg);  // bit-identical
    EXPECT_EQ(a.fixes[k].lon_deg, again.fixes[k].lon_deg);
    EXPECT_EQ(a.fixes[k].max_wind_m_s, again.fixes[k].max_wind_m_s);
    if (k == 0) continue;  // the issue-time point is every member's
    EXPECT_NE(a.fixes[k].lat_deg, other.fixes[k].lat_deg);
    EXPECT_NE(a.fixes[k].lon_deg, other_seed.fixes[k].lon_deg);
    EXPECT_NE(a.fixes[k].max_wind_m_s, other.fixes[k].max_wind_m_s);
  }
}

TEST(ForecastEnsemble, IntensityErrorsAreCentredAndGrowWithLeadTime) {
  const TrackForecast forecast = read_forecast(kMaria);
  ForecastEnsembleOptions options;
  options.seed = 3;
  constexpr int kMembers = 2000;
  const std::size_t last = forecast.points.size() - 1;
  double mean12 = 0;
  double sq12 = 0;
  double sq120 = 0;
  for (int m = 0; m < kMembers; ++m) {
    const StormTrack member = forecast_member(forecast, m, options);
    const double e12 =
        (member.fixes[1].max_wind_m_s - forecast.points[1].fix.max_wind_m_s) / 0.514444;
    const double e120 =
        (member.fixes[last].max_wind_m_s - forecast.points[last].fix.max_wind_m_s) / 0.514444;
    mean12 += e12 / kMembers;
    sq12 += e12 * e12 / kMembers;
    sq120 += e120 * e120 / kMembers;
    EXPECT_TRUE(std::isnan(member.fixes[1].pressure_hpa));  // estimated from the new wind
    EXPECT_EQ(member.fixes[0].pressure_hpa, forecast.points[0].fix.pressure_hpa);
  }
  // 12 h: sigma 6 kt (145 kt forecast, far from the 15-kt floor): mean within 4 standard errors.
  EXPECT_NEAR(mean12, 0.0, 4.0 * 6.0 / std::sqrt(kMembers));
  EXPECT_NEAR(std::sqrt(sq12), 6.0, 0.5);
  EXPECT_NEAR(std::sqrt(sq120), 18.0, 1.5);
}

}  // namespace
}  // namespace displace::storms
