// Members of a forecast ensemble (forecast_ensemble.hpp): AR(1) along-track, cross-track and
// intensity errors scaled to NHC's cone.
#include "displace/storms/forecast_ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>

#include "displace/common/error.hpp"
#include "displace/common/mix64.hpp"

namespace displace::storms {
namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kDegrees = 180.0 / std::numbers::pi;
constexpr double kRadians = std::numbers::pi / 180.0;

/// Counter-based draws with the project's mixer (common/mix64.hpp, as engine/rng.hpp's): a draw is
/// a pure function of (seed, member, purpose, point) and of nothing drawn before it.
enum class Purpose : std::uint64_t { along_track = 1, cross_track = 2, intensity = 3 };

constexpr std::uint64_t kStreamKey = 0x452821e638d01377;  // the forecast members' stream
constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15;
constexpr std::uint64_t kCounterMultiplier = 0xd1b54a32d192ed03;

double uniform(std::uint64_t seed, int member, Purpose purpose, std::uint64_t draw) {
  const std::uint64_t key = mix64(seed ^ kStreamKey);
  const std::uint64_t index = static_cast<std::uint32_t>(member);
  const std::uint64_t id = mix64(key ^ (index * kGolden));
  const std::uint64_t counter = (static_cast<std::uint64_t>(purpose) << 32) | draw;
  return unit_interval(mix64(id + counter * kCounterMultiplier));
}

/// A standard normal (Box-Muller on draws 2 * point and 2 * point + 1).
double normal(std::uint64_t seed, int member, Purpose purpose, std::size_t point) {
  const double u1 = 1.0 - uniform(seed, member, purpose, 2 * point);  // (0, 1]
  const double u2 = uniform(seed, member, purpose, 2 * point + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// A standard-normal AR(1) series over the forecast's lead times.
std::vector<double> ar1_series(const TrackForecast& forecast, int member, Purpose purpose,
                               const ForecastEnsembleOptions& options) {
  std::vector<double> z(forecast.points.size(), 0.0);
  for (std::size_t k = 0; k < z.size(); ++k) {
    const double e = normal(options.seed, member, purpose, k);
    if (k == 0) {
      z[k] = e;
      continue;
    }
    const double dt_h =
        static_cast<double>(forecast.points[k].lead_hours - forecast.points[k - 1].lead_hours);
    const double r = std::pow(options.error_correlation_12h, dt_h / 12.0);
    z[k] = r * z[k - 1] + std::sqrt(std::max(0.0, 1.0 - r * r)) * e;
  }
  return z;
}

/// Initial great-circle bearing (radians, clockwise from north) from a to b.
double bearing(const TrackFix& a, const TrackFix& b) {
  const double lat1 = a.lat_deg * kRadians;
  const double lat2 = b.lat_deg * kRadians;
  const double dlon = (b.lon_deg - a.lon_deg) * kRadians;
  return std::atan2(
      std::sin(dlon) * std::cos(lat2),
      std::cos(lat1) * std::sin(lat2) - std::sin(lat1) * std::cos(lat2) * std::cos(dlon));
}

/// The point `distance_km` from `fix` along `bearing_rad` (great circle).
void move(TrackFix& fix, double distance_km, double bearing_rad) {
  const double d = distance_km / kEarthRadiusKm;
  const double lat1 = fix.lat_deg * kRadians;
  const double lon1 = fix.lon_deg * kRadians;
  const double lat2 = std::asin(std::sin(lat1) * std::cos(d) +
                                std::cos(lat1) * std::sin(d) * std::cos(bearing_rad));
  const double lon2 = lon1 + std::atan2(std::sin(bearing_rad) * std::sin(d) * std::cos(lat1),
                                        std::cos(d) - std::sin(lat1) * std::sin(lat2));
  fix.lat_deg = lat2 * kDegrees;
  fix.lon_deg = std::remainder(lon2 * kDegrees, 360.0);
}

double interpolate(double lead_hours, double at0, double at12, double at120) {
  if (lead_hours <= 0.0) return at0;
  if (lead_hours <= 12.0) return at0 + (at12 - at0) * lead_hours / 12.0;
  if (lead_hours >= 120.0) return at120;
  return at12 + (at120 - at12) * (lead_hours - 12.0) / 108.0;
}

}  // namespace

double cone_radius_km(double lead_hours) {
  const auto* const leads = std::begin(kConeLeadHours);
  const auto* const radii = std::begin(kConeRadiusNmi);
  const std::size_t n = std::size(kConeLeadHours);
  double nmi = 0.0;
  if (lead_hours <= 0.0) {
    nmi = 0.0;
  } else if (lead_hours <= leads[0]) {
    nmi = radii[0] * lead_hours / leads[0];
  } else if (lead_hours >= leads[n - 1]) {
    nmi = radii[n - 1];
  } else {
    std::size_t i = 1;
    while (leads[i] < lead_hours)
      ++i;
    const double w = (lead_hours - leads[i - 1]) / (leads[i] - leads[i - 1]);
    nmi = radii[i - 1] + w * (radii[i] - radii[i - 1]);
  }
  return nmi * kKmPerNauticalMile;
}

double position_sigma_km(double lead_hours) {
  // P(|e| < R) = 1 - exp(-R^2 / (2 sigma^2)) for two independent N(0, sigma^2) components.
  return cone_radius_km(lead_hours) / std::sqrt(2.0 * std::log(3.0));
}

StormTrack forecast_member(const TrackForecast& forecast, int member,
                           const ForecastEnsembleOptions& options) {
  if (forecast.points.size() < 2) {
    throw InputError(forecast.file + ": a forecast ensemble needs a forecast of at least 2 points");
  }
  if (!(options.error_correlation_12h >= 0.0 && options.error_correlation_12h < 1.0)) {
    throw InputError("forecast ensemble: error_correlation_12h must be in [0, 1)");
  }
  const auto along = ar1_series(forecast, member, Purpose::along_track, options);
  const auto cross = ar1_series(forecast, member, Purpose::cross_track, options);
  const auto wind = ar1_series(forecast, member, Purpose::intensity, options);
  StormTrack track = forecast_track(forecast);
  track.sid = forecast.atcf_id + "-m" + std::to_string(member);
  const std::size_t n = forecast.points.size();
  for (std::size_t k = 0; k < n; ++k) {
    const double lead = forecast.points[k].lead_hours;
    const TrackFix& before = forecast.points[k == 0 ? 0 : k - 1].fix;
    const TrackFix& after = forecast.points[k + 1 < n ? k + 1 : n - 1].fix;
    const double motion = bearing(before, after);
    const double sigma = position_sigma_km(lead);
    TrackFix& fix = track.fixes[k];
    const double along_km = sigma * along[k];
    const double cross_km = sigma * cross[k];  // positive: right of the motion
    const double distance = std::hypot(along_km, cross_km);
    if (distance > 0.0) move(fix, distance, motion + std::atan2(cross_km, along_km));
    const double sigma_kt =
        interpolate(lead, 0.0, options.intensity_sigma_12h_kt, options.intensity_sigma_120h_kt);
    if (sigma_kt > 0.0) {
      const double kt = fix.max_wind_m_s / kMetresPerSecondPerKnot + sigma_kt * wind[k];
      fix.max_wind_m_s = std::max(kt, options.min_wind_kt) * kMetresPerSecondPerKnot;
      fix.pressure_hpa = kMissing;  // estimated from the member's wind
    }
  }
  return track;
}

StormTrack forecast_member(const TrackForecast& forecast, const StormTrack& history, int member,
                           const ForecastEnsembleOptions& options) {
  StormTrack track = forecast_member(forecast, member, options);
  std::vector<TrackFix> fixes;
  for (const auto& fix : history.fixes) {
    if (fix.time_s < track.fixes.front().time_s) fixes.push_back(fix);
  }
  fixes.insert(fixes.end(), track.fixes.begin(), track.fixes.end());
  track.fixes = std::move(fixes);
  return track;
}

}  // namespace displace::storms
