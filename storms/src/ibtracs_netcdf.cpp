// IBTrACS v04 NetCDF (read through geo's multidimensional reader: GDAL stays in geo/). Per storm
// (dimension `storm`): sid, name, season, numobs; per fix (storm x date_time, slots after a
// storm's last fix have no time): time, lat, lon, usa_wind (kt), usa_pres (mb), usa_rmw (nmi),
// usa_poci (mb), and the char arrays nature and usa_atcf_id.
#include <cmath>

#include "displace/common/civil_date.hpp"
#include "displace/common/error.hpp"
#include "displace/geo/multidim.hpp"
#include "track_support.hpp"

namespace displace::storms::detail {
namespace {

/// Seconds per unit and the epoch (seconds since 1970) of CF units "<unit> since <date>[ time]".
struct TimeUnits {
  double seconds_per_unit = 0.0;
  std::int64_t epoch_s = 0;
};

std::optional<TimeUnits> parse_time_units(std::string_view units) {
  const auto since = units.find(" since ");
  if (since == std::string_view::npos) return std::nullopt;
  const std::string unit = upper(trim(units.substr(0, since)));
  TimeUnits result;
  if (unit == "DAYS" || unit == "DAY") {
    result.seconds_per_unit = 86'400.0;
  } else if (unit == "HOURS" || unit == "HOUR") {
    result.seconds_per_unit = 3'600.0;
  } else if (unit == "MINUTES" || unit == "MINUTE") {
    result.seconds_per_unit = 60.0;
  } else if (unit == "SECONDS" || unit == "SECOND") {
    result.seconds_per_unit = 1.0;
  } else {
    return std::nullopt;
  }
  std::string_view when = trim(units.substr(since + 7));
  // "1858-11-17 00:00:00", "1858-11-17", "1858-11-17T00:00:00Z"
  if (when.size() < 10 || when[4] != '-' || when[7] != '-') return std::nullopt;
  const auto year = parse_int(when.substr(0, 4));
  const auto month = parse_int(when.substr(5, 2));
  const auto day = parse_int(when.substr(8, 2));
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (when.size() >= 19 && (when[10] == ' ' || when[10] == 'T') && when[13] == ':' &&
      when[16] == ':') {
    const auto h = parse_int(when.substr(11, 2));
    const auto m = parse_int(when.substr(14, 2));
    const auto s = parse_int(when.substr(17, 2));
    if (!h || !m || !s) return std::nullopt;
    hour = *h;
    minute = *m;
    second = *s;
  }
  if (!year || !month || !day) return std::nullopt;
  const auto epoch = utc_seconds(*year, *month, *day, hour, minute, second);
  if (!epoch) return std::nullopt;
  result.epoch_s = *epoch;
  return result;
}

/// Factor to m/s of a wind speed's units.
std::optional<double> wind_factor(const std::string& units) {
  const std::string u = upper(units);
  if (u.empty() || u == "KTS" || u == "KT" || u == "KNOT" || u == "KNOTS")
    return kMetresPerSecondPerKnot;
  if (u == "M/S" || u == "M S-1" || u == "M.S-1") return 1.0;
  return std::nullopt;
}

/// Factor to km of a distance's units.
std::optional<double> distance_factor(const std::string& units) {
  const std::string u = upper(units);
  if (u.empty() || u == "NMILE" || u == "NMI" || u == "NAUTICAL_MILE" || u == "NAUTICAL MILES")
    return kKmPerNauticalMile;
  if (u == "KM") return 1.0;
  return std::nullopt;
}

}  // namespace

std::vector<StormTrack> read_ibtracs_netcdf(const std::string& path) {
  const geo::MultidimFile file(path);
  for (const char* name : {"sid", "name", "season", "time", "lat", "lon", "usa_wind"}) {
    if (!file.has_variable(name)) {
      throw InputError(path + ": not an IBTrACS v04 track file: variable '" + std::string(name) +
                       "' is missing (needed: sid, name, season, time, lat, lon, usa_wind)");
    }
  }
  const auto sids = file.read_strings("sid");
  const auto names = file.read_strings("name");
  const auto seasons = file.read_numeric("season");
  const auto times = file.read_numeric("time");
  const auto lats = file.read_numeric("lat");
  const auto lons = file.read_numeric("lon");
  const auto winds = file.read_numeric("usa_wind");
  auto optional_numeric = [&](const char* name) {
    return file.has_variable(name) ? file.read_numeric(name) : geo::NumericArray{};
  };
  auto optional_strings = [&](const char* name) {
    return file.has_variable(name) ? file.read_strings(name) : geo::StringArray{};
  };
  const auto pressures = optional_numeric("usa_pres");
  const auto rmws = optional_numeric("usa_rmw");
  const auto pocis = optional_numeric("usa_poci");
  const auto natures = optional_strings("nature");
  const auto atcf_ids = optional_strings("usa_atcf_id");

  if (sids.shape.size() != 1) {
    throw InputError(path + ": variable 'sid' should have one dimension (storm)");
  }
  const std::size_t n_storms = sids.shape[0];
  if (times.shape.size() != 2 || times.shape[0] != n_storms) {
    throw InputError(path + ": variable 'time' should have the dimensions storm x date_time");
  }
  const std::size_t n_slots = times.shape[1];
  const std::vector<std::size_t> per_fix = {n_storms, n_slots};
  const std::vector<std::size_t> per_storm = {n_storms};
  auto check_shape = [&](const std::vector<std::size_t>& shape, const char* name,
                         const std::vector<std::size_t>& expected, bool present) {
    if (present && shape != expected) {
      throw InputError(path + ": variable '" + std::string(name) + "' should have the " +
                       (expected.size() == 1
                            ? "dimension storm (" + std::to_string(n_storms) + ")"
                            : "dimensions storm x date_time (" + std::to_string(n_storms) + " x " +
                                  std::to_string(n_slots) + ")"));
    }
  };
  check_shape(names.shape, "name", per_storm, true);
  check_shape(seasons.shape, "season", per_storm, true);
  check_shape(lats.shape, "lat", per_fix, true);
  check_shape(lons.shape, "lon", per_fix, true);
  check_shape(winds.shape, "usa_wind", per_fix, true);
  check_shape(pressures.shape, "usa_pres", per_fix, !pressures.values.empty());
  check_shape(rmws.shape, "usa_rmw", per_fix, !rmws.values.empty());
  check_shape(pocis.shape, "usa_poci", per_fix, !pocis.values.empty());
  check_shape(natures.shape, "nature", per_fix, !natures.values.empty());
  check_shape(atcf_ids.shape, "usa_atcf_id", per_fix, !atcf_ids.values.empty());

  const auto time_units = parse_time_units(times.units);
  if (!time_units) {
    throw InputError(path + ": variable 'time': units '" + times.units +
                     "' are not '<days|hours|minutes|seconds> since YYYY-MM-DD[ hh:mm:ss]'");
  }
  const auto wind_to_m_s = wind_factor(winds.units);
  if (!wind_to_m_s) {
    throw InputError(path + ": variable 'usa_wind': unknown units '" + winds.units +
                     "' (expected kts or m/s)");
  }
  const auto rmw_to_km = distance_factor(rmws.units);
  if (!rmw_to_km) {
    throw InputError(path + ": variable 'usa_rmw': unknown units '" + rmws.units +
                     "' (expected nmile or km)");
  }

  std::vector<StormTrack> storms;
  storms.reserve(n_storms);
  for (std::size_t s = 0; s < n_storms; ++s) {
    StormTrack storm;
    storm.sid = sids.values[s];
    storm.name = storm_name(names.values[s]);
    const double season = seasons.values[s];
    storm.season = std::isnan(season) ? 0 : static_cast<int>(season);
    for (std::size_t j = 0; j < n_slots; ++j) {
      const std::size_t k = s * n_slots + j;
      const double time = times.values[k];
      if (std::isnan(time)) continue;  // a slot after the storm's last fix
      if (storm.atcf_id.empty() && !atcf_ids.values.empty())
        storm.atcf_id = upper(atcf_ids.values[k]);
      TrackFix fix;
      fix.time_s = time_units->epoch_s + std::llround(time * time_units->seconds_per_unit);
      fix.lat_deg = lats.values[k];
      fix.lon_deg = lons.values[k];
      if (std::isnan(fix.lat_deg) && std::isnan(fix.lon_deg)) continue;  // no position: dropped
      fix.max_wind_m_s = winds.values[k] * *wind_to_m_s;
      if (!pressures.values.empty()) fix.pressure_hpa = pressures.values[k];
      if (!rmws.values.empty() && rmws.values[k] > 0.0) fix.rmw_km = rmws.values[k] * *rmw_to_km;
      if (!pocis.values.empty()) fix.env_pressure_hpa = pocis.values[k];
      if (!natures.values.empty()) fix.nature = natures.values[k];
      append_fix(storm, std::move(fix), path, "date_time index " + std::to_string(j));
    }
    if (storm.season == 0 && !storm.fixes.empty()) {
      const std::int64_t t = storm.fixes.front().time_s;
      storm.season = date_from_days(t / 86'400 - (t % 86'400 < 0 ? 1 : 0)).year;
    }
    if (!storm.fixes.empty()) storms.push_back(std::move(storm));
  }
  return storms;
}

}  // namespace displace::storms::detail
