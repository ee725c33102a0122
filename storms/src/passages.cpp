// Which storms passed near a place: closest approach along each track (fixes, and the straight
// line between consecutive fixes), when it came, and the peak wind.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "displace/common/error.hpp"
#include "displace/storms/track.hpp"

namespace displace::storms {
namespace {

constexpr double kEarthRadiusKm = 6371.0088;  // mean radius (IUGG)
constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;

/// A longitude difference brought into -180..180.
double wrapped(double degrees) {
  while (degrees > 180.0)
    degrees -= 360.0;
  while (degrees < -180.0)
    degrees += 360.0;
  return degrees;
}

/// The larger of two winds, a NaN never winning over a number.
double larger(double a, double b) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return std::max(a, b);
}

}  // namespace

double great_circle_km(double lon1, double lat1, double lon2, double lat2) {
  const double phi1 = lat1 * kRadiansPerDegree;
  const double phi2 = lat2 * kRadiansPerDegree;
  const double dphi = phi2 - phi1;
  const double dlambda = wrapped(lon2 - lon1) * kRadiansPerDegree;
  const double a = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(phi1) * std::cos(phi2) * std::sin(dlambda / 2) * std::sin(dlambda / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

std::vector<StormPassage> storms_near(const std::vector<StormTrack>& storms, double lon, double lat,
                                      double within_km, int first_year, int last_year) {
  if (!(std::abs(lat) <= 90.0) || !(std::abs(lon) <= 360.0)) {
    throw InputError("place " + std::to_string(lon) + ", " + std::to_string(lat) +
                     ": not a longitude, latitude in degrees");
  }
  if (!(within_km >= 0.0)) throw InputError("the distance must be 0 km or more");
  const double x_scale = std::cos(lat * kRadiansPerDegree);
  std::vector<StormPassage> passages;
  for (const auto& storm : storms) {
    if (storm.season < first_year || storm.season > last_year || storm.fixes.empty()) continue;
    double closest = std::numeric_limits<double>::infinity();
    std::int64_t closest_time = 0;
    double peak_within = kMissing;
    auto consider = [&](double point_lon, double point_lat, std::int64_t time, double wind) {
      const double d = great_circle_km(lon, lat, point_lon, point_lat);
      if (d < closest) {
        closest = d;
        closest_time = time;
      }
      if (d <= within_km) peak_within = larger(peak_within, wind);
    };
    const auto& fixes = storm.fixes;
    for (std::size_t i = 0; i < fixes.size(); ++i) {
      const auto& a = fixes[i];
      consider(a.lon_deg, a.lat_deg, a.time_s, a.max_wind_m_s);
      if (i + 1 == fixes.size()) break;
      const auto& b = fixes[i + 1];
      // The closest point of the segment in a plane tangent at the place (x east, y north).
      const double dlon = wrapped(b.lon_deg - a.lon_deg);
      const double dlat = b.lat_deg - a.lat_deg;
      const double ax = wrapped(a.lon_deg - lon) * x_scale;
      const double ay = a.lat_deg - lat;
      const double ux = dlon * x_scale;
      const double uy = dlat;
      const double length2 = ux * ux + uy * uy;
      if (length2 <= 0.0) continue;
      const double t = std::clamp(-(ax * ux + ay * uy) / length2, 0.0, 1.0);
      if (t <= 0.0 || t >= 1.0) continue;  // an end: a fix, considered already
      const auto time = a.time_s + static_cast<std::int64_t>(
                                       std::llround(t * static_cast<double>(b.time_s - a.time_s)));
      const double wind = a.max_wind_m_s + t * (b.max_wind_m_s - a.max_wind_m_s);
      consider(wrapped(a.lon_deg + t * dlon), a.lat_deg + t * dlat, time, wind);
    }
    if (!(closest <= within_km)) continue;
    StormPassage passage;
    passage.sid = storm.sid;
    passage.atcf_id = storm.atcf_id;
    passage.name = storm.name;
    passage.season = storm.season;
    passage.closest_km = closest;
    passage.closest_time_s = closest_time;
    passage.peak_wind_m_s = peak_wind(storm);
    passage.peak_wind_within_m_s = peak_within;
    passage.fix_count = fixes.size();
    passages.push_back(std::move(passage));
  }
  std::stable_sort(passages.begin(), passages.end(),
                   [](const StormPassage& a, const StormPassage& b) {
                     if (a.season != b.season) return a.season < b.season;
                     return a.closest_time_s < b.closest_time_s;
                   });
  return passages;
}

}  // namespace displace::storms
