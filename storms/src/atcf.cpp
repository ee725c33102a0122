// ATCF a-deck forecast records (NRL/NHC, "ATCF a-deck/b-deck format"; the format description of
// the Automated Tropical Cyclone Forecasting system, Sampson & Schrader 2000, BAMS 81, 1231-1240):
//   AL, 15, 2017091812, 03, OFCL,  24, 165N,  635W, 140,  920, HU,  34, NEQ,  120,  ...
// fields BASIN, CY, YYYYMMDDHH, TECHNUM/MIN, TECH, TAU, LatN/S (tenths of a degree), LonE/W
// (tenths), VMAX (kt), MSLP (hPa), TY, RAD (kt: 34, 50, 64; 0 or 35 for no radii), WINDCODE
// (NEQ: quadrants from north-east clockwise; AAA: one radius for the full circle), RAD1..RAD4
// (nmi), POUTER (hPa, outermost closed isobar), ROUTER (nmi), RMW (nmi), GUSTS, EYE, SUBREGION,
// MAXSEAS, INITIALS, DIR, SPEED, STORMNAME, ... A lead time with wind radii has one line per
// threshold. Zero pressure, POCI and RMW mean "not given".
#include "displace/storms/atcf.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "displace/common/error.hpp"
#include "displace/common/file_checks.hpp"
#include "track_support.hpp"

namespace displace::storms {
namespace {

using detail::parse_int;
using detail::parse_number;
using detail::trim;
using detail::upper;

constexpr std::size_t kMaxForecastBytes = std::size_t{256} << 20;
constexpr std::int64_t kSecondsPerHour = 3600;

/// The a-deck's columns, in order (0-based field indices).
enum Field : std::size_t {
  kBasin = 0,
  kCycloneNumber = 1,
  kIssueTime = 2,
  kTechNumber = 3,
  kTechnique = 4,
  kTau = 5,
  kLat = 6,
  kLon = 7,
  kVmax = 8,
  kMslp = 9,
  kType = 10,
  kRad = 11,
  kWindCode = 12,
  kRad1 = 13,
  kPouter = 17,
  kRouter = 18,
  kRmw = 19,
  kStormName = 27,
  kFieldCount = 28,
};

/// The header name of each field in a plain CSV (TECHNUM, TY, ... may be absent there).
constexpr std::array<std::string_view, kFieldCount> kColumnNames = {
    "BASIN", "CY",        "YYYYMMDDHH", "TECHNUM",  "TECH",   "TAU",      "LAT",
    "LON",   "VMAX",      "MSLP",       "TY",       "RAD",    "WINDCODE", "RAD1",
    "RAD2",  "RAD3",      "RAD4",       "POUTER",   "ROUTER", "RMW",      "GUSTS",
    "EYE",   "SUBREGION", "MAXSEAS",    "INITIALS", "DIR",    "SPEED",    "STORMNAME"};

/// The fields a record must have (BASIN .. VMAX).
constexpr std::size_t kRequiredFields = kVmax + 1;

/// One record's fields, in a-deck order ("" when the file does not give the field).
using Record = std::array<std::string, kFieldCount>;

struct Line {
  int number = 0;
  Record fields;
};

std::string at_line(const std::string& path, int line) {
  return path + ":" + std::to_string(line);
}

std::vector<std::string_view> fields_of(std::string_view line) {
  auto fields = detail::split_fields(line);
  while (fields.size() > 1 && fields.back().empty())
    fields.pop_back();
  return fields;
}

/// Every non-blank line as a record, from either layout.
std::vector<Line> records_of(const std::string& path, const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  std::string raw;
  int number = 0;
  bool first = true;
  // For a plain CSV: the a-deck field each column holds (kFieldCount = a column not used).
  std::vector<std::size_t> columns;
  while (std::getline(in, raw)) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (first && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
    const auto line = trim(raw);
    if (line.empty()) continue;
    const auto fields = fields_of(line);
    if (first) {
      first = false;
      if (upper(fields[0]) == "BASIN") {  // a plain CSV's header row
        std::set<std::size_t> seen;
        for (const auto name : fields) {
          const auto at = std::find(kColumnNames.begin(), kColumnNames.end(), upper(name));
          const auto field = static_cast<std::size_t>(at - kColumnNames.begin());
          if (field < kFieldCount && !seen.insert(field).second) {
            throw InputError(at_line(path, number) + ": column " + std::string(name) +
                             " is given twice");
          }
          columns.push_back(field);
        }
        for (std::size_t required = 0; required < kRequiredFields; ++required) {
          if (required == kTechNumber) continue;
          if (seen.count(required) == 0) {
            throw InputError(at_line(path, number) + ": the header has no column " +
                             std::string(kColumnNames[required]) +
                             " (a forecast CSV needs BASIN, CY, YYYYMMDDHH, TECH, TAU, LAT, LON, "
                             "VMAX)");
          }
        }
        continue;
      }
    }
    Line record;
    record.number = number;
    if (columns.empty()) {
      if (fields.size() < kRequiredFields) {
        throw InputError(at_line(path, number) + ": a record needs at least " +
                         std::to_string(kRequiredFields) +
                         " fields (BASIN, CY, YYYYMMDDHH, TECHNUM, TECH, TAU, LAT, LON, VMAX); "
                         "this line has " +
                         std::to_string(fields.size()));
      }
      for (std::size_t f = 0; f < fields.size() && f < kFieldCount; ++f) {
        record.fields[f] = std::string(fields[f]);
      }
    } else {
      if (fields.size() > columns.size()) {
        throw InputError(at_line(path, number) + ": " + std::to_string(fields.size()) +
                         " fields under a header of " + std::to_string(columns.size()));
      }
      for (std::size_t c = 0; c < fields.size(); ++c) {
        if (columns[c] < kFieldCount) record.fields[columns[c]] = std::string(fields[c]);
      }
    }
    lines.push_back(std::move(record));
  }
  return lines;
}

/// "153N" -> 15.3 (tenths); in a plain CSV also "15.3" or "-60.9" (degrees).
std::optional<double> coordinate(std::string_view text, char positive, char negative,
                                 bool allow_decimal) {
  if (text.empty()) return std::nullopt;
  const char hemisphere = static_cast<char>(text.back() & ~0x20);
  if (hemisphere == positive || hemisphere == negative) {
    const auto digits = text.substr(0, text.size() - 1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    const auto tenths = parse_number(digits);
    if (!tenths) return std::nullopt;
    return (hemisphere == positive ? 1.0 : -1.0) * *tenths / 10.0;
  }
  if (!allow_decimal) return std::nullopt;
  return parse_number(text);
}

/// A number that must be there.
double required_number(const Line& line, Field field, const std::string& path,
                       std::string_view what) {
  const auto value = parse_number(line.fields[field]);
  if (!value || !std::isfinite(*value)) {
    throw InputError(at_line(path, line.number) + ": " + std::string(kColumnNames[field]) + " (" +
                     std::string(what) + ") '" + line.fields[field] + "' is not a number");
  }
  return *value;
}

/// A number that may be blank; blank and zero (and negative) are "not given".
double optional_positive(const Line& line, Field field, const std::string& path) {
  const auto& text = line.fields[field];
  if (trim(text).empty()) return kMissing;
  const auto value = parse_number(text);
  if (!value || !std::isfinite(*value)) {
    throw InputError(at_line(path, line.number) + ": " + std::string(kColumnNames[field]) + " '" +
                     text + "' is not a number");
  }
  return *value > 0.0 ? *value : kMissing;
}

std::string tech_of(const Line& line) {
  return upper(trim(line.fields[kTechnique]));
}

std::int64_t issue_of(const Line& line, const std::string& path) {
  const auto time = parse_issue_time(trim(line.fields[kIssueTime]));
  if (!time) {
    throw InputError(at_line(path, line.number) + ": YYYYMMDDHH '" + line.fields[kIssueTime] +
                     "' is not a date and hour (like 2017091812)");
  }
  return *time;
}

/// One record of the chosen forecast as a point (its radii, if any, in their threshold's slot).
ForecastPoint point_of(const Line& line, const std::string& path, bool plain_csv,
                       std::int64_t issue_s) {
  ForecastPoint point;
  point.line = line.number;
  const auto tau = parse_int(trim(line.fields[kTau]));
  if (!tau) {
    throw InputError(at_line(path, line.number) + ": TAU (lead time, h) '" + line.fields[kTau] +
                     "' is not a whole number");
  }
  point.lead_hours = *tau;
  const auto lat = coordinate(trim(line.fields[kLat]), 'N', 'S', plain_csv);
  const auto lon = coordinate(trim(line.fields[kLon]), 'E', 'W', plain_csv);
  if (!lat || std::abs(*lat) > 90.0) {
    throw InputError(at_line(path, line.number) + ": latitude '" + line.fields[kLat] +
                     "' is not tenths of a degree with N or S (like 153N)");
  }
  if (!lon || std::abs(*lon) > 360.0) {
    throw InputError(at_line(path, line.number) + ": longitude '" + line.fields[kLon] +
                     "' is not tenths of a degree with E or W (like 609W)");
  }
  point.fix.lat_deg = *lat;
  point.fix.lon_deg = *lon > 180.0 ? *lon - 360.0 : *lon;
  const double vmax_kt = required_number(line, kVmax, path, "maximum wind, kt");
  if (vmax_kt <= 0.0) {
    throw InputError(at_line(path, line.number) + ": tau " + std::to_string(point.lead_hours) +
                     " h has no maximum wind (VMAX " + line.fields[kVmax] +
                     "); a forecast point needs it");
  }
  point.fix.max_wind_m_s = vmax_kt * kMetresPerSecondPerKnot;
  point.fix.pressure_hpa = optional_positive(line, kMslp, path);
  point.fix.env_pressure_hpa = optional_positive(line, kPouter, path);
  const double rmw_nmi = optional_positive(line, kRmw, path);
  point.fix.rmw_km = std::isnan(rmw_nmi) ? kMissing : rmw_nmi * kKmPerNauticalMile;
  point.fix.nature = std::string(upper(trim(line.fields[kType])));
  point.fix.time_s = issue_s + kSecondsPerHour * point.lead_hours;

  // Wind radii of this line's threshold.
  const auto rad_text = trim(line.fields[kRad]);
  if (!rad_text.empty()) {
    const auto rad = parse_int(rad_text);
    if (!rad) {
      throw InputError(at_line(path, line.number) + ": RAD (wind-radii threshold, kt) '" +
                       line.fields[kRad] + "' is not a whole number");
    }
    std::array<double, 4>* radii = nullptr;
    if (*rad == 34) radii = &point.radius_34kt_km;
    if (*rad == 50) radii = &point.radius_50kt_km;
    if (*rad == 64) radii = &point.radius_64kt_km;
    if (radii != nullptr) {
      const std::string code = upper(trim(line.fields[kWindCode]));
      if (code != "NEQ" && code != "AAA") {
        throw InputError(at_line(path, line.number) + ": WINDCODE '" + line.fields[kWindCode] +
                         "' is not NEQ (quadrants) or AAA (full circle)");
      }
      for (std::size_t q = 0; q < 4; ++q) {
        const auto field = static_cast<Field>(kRad1 + (code == "AAA" ? 0 : q));
        const auto value = parse_number(line.fields[field]);
        if (!value || *value < 0.0) {
          throw InputError(at_line(path, line.number) + ": " + std::string(kColumnNames[field]) +
                           " (wind radius, nmi) '" + line.fields[field] + "' is not a number >= 0");
        }
        (*radii)[q] = *value * kKmPerNauticalMile;
      }
    } else if (*rad != 0 && *rad != 35) {
      throw InputError(at_line(path, line.number) + ": RAD " + std::to_string(*rad) +
                       " is not a wind-radii threshold (34, 50, 64; 0 or 35 for none)");
    }
  }
  return point;
}

bool same_value(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) < 1e-9;
}

/// Adds the radii of `extra` (another line of the same lead time) to `point`.
void merge_into(ForecastPoint& point, const ForecastPoint& extra, const std::string& path,
                int line) {
  if (!same_value(point.fix.lat_deg, extra.fix.lat_deg) ||
      !same_value(point.fix.lon_deg, extra.fix.lon_deg) ||
      !same_value(point.fix.max_wind_m_s, extra.fix.max_wind_m_s)) {
    throw InputError(at_line(path, line) + ": tau " + std::to_string(extra.lead_hours) +
                     " h is given again (first on line " + std::to_string(point.line) +
                     ") with another position or maximum wind");
  }
  auto fill = [](std::array<double, 4>& into, const std::array<double, 4>& from) {
    for (std::size_t q = 0; q < 4; ++q) {
      if (!std::isnan(from[q])) into[q] = from[q];
    }
  };
  fill(point.radius_34kt_km, extra.radius_34kt_km);
  fill(point.radius_50kt_km, extra.radius_50kt_km);
  fill(point.radius_64kt_km, extra.radius_64kt_km);
  if (std::isnan(point.fix.pressure_hpa)) point.fix.pressure_hpa = extra.fix.pressure_hpa;
  if (std::isnan(point.fix.env_pressure_hpa))
    point.fix.env_pressure_hpa = extra.fix.env_pressure_hpa;
  if (std::isnan(point.fix.rmw_km)) point.fix.rmw_km = extra.fix.rmw_km;
}

std::string list_issue_times(const std::set<std::int64_t>& times) {
  std::string text;
  std::size_t shown = 0;
  for (auto it = times.rbegin(); it != times.rend() && shown < 8; ++it, ++shown) {
    if (!text.empty()) text += ", ";
    text += format_issue_time(*it);
  }
  if (times.size() > shown) text += ", ... (" + std::to_string(times.size()) + " in all)";
  return text;
}

}  // namespace

std::optional<std::int64_t> parse_issue_time(std::string_view yyyymmddhh) {
  if (yyyymmddhh.size() != 10 ||
      yyyymmddhh.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const auto number = [&](std::size_t at, std::size_t length) {
    return *parse_int(yyyymmddhh.substr(at, length));
  };
  return detail::utc_seconds(number(0, 4), number(4, 2), number(6, 2), number(8, 2), 0, 0);
}

std::string format_issue_time(std::int64_t time_s) {
  const std::string text = format_utc(time_s);  // "YYYY-MM-DD HH:MM"
  return text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2) + text.substr(11, 2);
}

TrackForecast read_forecast(const std::string& path, const ForecastSelection& selection) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw InputError(path + ": file not found");
  if (const auto problem = special_file_problem(path)) throw InputError(path + ": " + *problem);
  const std::string text = read_regular_file(path, kMaxForecastBytes);
  const bool plain_csv = [&] {
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string::npos && upper(text.substr(first, 5)) == "BASIN";
  }();
  const auto lines = records_of(path, text);
  const std::string technique = upper(trim(selection.technique));

  // The technique's issue times (every record's date is checked, whatever its technique).
  std::set<std::int64_t> issue_times;
  std::set<std::string> techniques;
  for (const auto& line : lines) {
    const std::int64_t issue = issue_of(line, path);
    techniques.insert(tech_of(line));
    if (tech_of(line) == technique) issue_times.insert(issue);
  }
  if (issue_times.empty()) {
    std::string found;
    for (const auto& t : techniques)
      found += (found.empty() ? "" : ", ") + t;
    throw InputError(
        path + ": no " + technique + " forecast in the file" +
        (found.empty() ? std::string(" (it has no record)") : " (its techniques: " + found + ")"));
  }
  const std::int64_t issue = selection.issue_time_s.value_or(*issue_times.rbegin());
  if (issue_times.count(issue) == 0) {
    throw InputError(path + ": no " + technique + " forecast issued at " +
                     format_issue_time(issue) + "; the file has " + technique +
                     " forecasts issued at " + list_issue_times(issue_times));
  }

  TrackForecast forecast;
  forecast.file = path;
  forecast.technique = technique;
  forecast.issue_time_s = issue;
  forecast.name = "UNNAMED";
  std::string storm_key;
  for (const auto& line : lines) {
    if (tech_of(line) != technique || issue_of(line, path) != issue) continue;
    const std::string basin = upper(trim(line.fields[kBasin]));
    const auto number = parse_int(trim(line.fields[kCycloneNumber]));
    if (basin.size() != 2 || !number || *number < 0 || *number > 99) {
      throw InputError(at_line(path, line.number) + ": BASIN '" + line.fields[kBasin] +
                       "' and CY '" + line.fields[kCycloneNumber] +
                       "' are not a basin (AL, EP, ...) and a cyclone number (01..99)");
    }
    char id[16];
    std::snprintf(id, sizeof id, "%s%02d%s", basin.c_str(), *number,
                  format_issue_time(issue).substr(0, 4).c_str());
    if (storm_key.empty()) {
      storm_key = id;
    } else if (storm_key != id) {
      throw InputError(at_line(path, line.number) + ": a record of storm " + id +
                       " among the forecast of " + storm_key + "; one file, one storm");
    }
    const std::string name = upper(trim(line.fields[kStormName]));
    if (!name.empty() && forecast.name == "UNNAMED") forecast.name = name;
    ForecastPoint point = point_of(line, path, plain_csv, issue);
    if (point.lead_hours < 0) {
      throw InputError(at_line(path, line.number) + ": tau " + std::to_string(point.lead_hours) +
                       " h: the issue time " + format_issue_time(issue) +
                       " is after this point of the forecast");
    }
    if (point.lead_hours > kMaxForecastLeadHours) {
      throw InputError(at_line(path, line.number) + ": tau " + std::to_string(point.lead_hours) +
                       " h is beyond " + std::to_string(kMaxForecastLeadHours) +
                       " h, the longest lead time of a forecast");
    }
    if (!forecast.points.empty()) {
      ForecastPoint& last = forecast.points.back();
      if (point.lead_hours == last.lead_hours) {
        merge_into(last, point, path, line.number);
        continue;
      }
      if (point.lead_hours < last.lead_hours) {
        throw InputError(at_line(path, line.number) + ": times out of order: tau " +
                         std::to_string(point.lead_hours) + " h comes after tau " +
                         std::to_string(last.lead_hours) + " h (line " + std::to_string(last.line) +
                         ")");
      }
    }
    forecast.points.push_back(std::move(point));
  }
  forecast.atcf_id = storm_key;
  if (forecast.points.size() < 2) {
    throw InputError(at_line(path, forecast.points.front().line) + ": the " + technique +
                     " forecast issued at " + format_issue_time(issue) + " has one point (tau " +
                     std::to_string(forecast.points.front().lead_hours) +
                     " h); a forecast track needs at least 2");
  }
  return forecast;
}

StormTrack forecast_track(const TrackForecast& forecast) {
  StormTrack track;
  track.atcf_id = forecast.atcf_id;
  track.name = forecast.name;
  track.season = std::stoi(format_issue_time(forecast.issue_time_s).substr(0, 4));
  for (const auto& point : forecast.points) {
    detail::append_fix(track, point.fix, at_line(forecast.file, point.line));
  }
  return track;
}

StormTrack track_with_history(const StormTrack& history, const TrackForecast& forecast) {
  StormTrack track = forecast_track(forecast);
  std::vector<TrackFix> fixes;
  for (const auto& fix : history.fixes) {
    if (fix.time_s < forecast.issue_time_s) fixes.push_back(fix);
  }
  if (fixes.empty()) {
    throw InputError(forecast.file + ": the track so far (" + detail::storm_label(history) +
                     ") has no fix before the issue time " +
                     format_issue_time(forecast.issue_time_s));
  }
  fixes.insert(fixes.end(), track.fixes.begin(), track.fixes.end());
  track.fixes = std::move(fixes);
  if (!history.sid.empty()) track.sid = history.sid;
  return track;
}

}  // namespace displace::storms
