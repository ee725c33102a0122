// HURDAT2 text (NHC best tracks, format of Landsea & Franklin 2013): per storm a header line
//   AL072022,              FIONA,     61,
// then that many fix lines
//   20220918, 1920, L, HU, 17.9N,  67.0W,  75,  986, <12 wind radii>, <radius of max wind>
// (date, time UTC, record identifier, status, position, maximum wind kt, pressure mb; -999 and
// -99 are missing; the radius of maximum wind, in nmi, is there from the 2021 revision on).
#include <cmath>
#include <sstream>

#include "displace/common/error.hpp"
#include "track_support.hpp"

namespace displace::storms::detail {
namespace {

constexpr std::size_t kDataFields = 20;  ///< date .. the last wind radius
constexpr std::size_t kRmwField = 20;    ///< the optional 21st field

bool all_digits(std::string_view text, std::size_t length) {
  if (text.size() != length) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/// "AL072022": two letters, two digits of the storm number, four of the year.
bool is_storm_id(std::string_view text) {
  if (text.size() != 8) return false;
  for (std::size_t i = 0; i < 2; ++i) {
    const char c = text[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return all_digits(text.substr(2), 6);
}

/// The fields of a line without the empty one after a trailing comma.
std::vector<std::string_view> fields_of(std::string_view line) {
  auto fields = split_fields(line);
  if (fields.size() > 1 && fields.back().empty()) fields.pop_back();
  return fields;
}

/// "15.4N" -> 15.4, "58.7W" -> -58.7. nullopt when malformed.
std::optional<double> coordinate(std::string_view text, char positive, char negative) {
  if (text.size() < 2) return std::nullopt;
  const char hemisphere = static_cast<char>(text.back() & ~0x20);  // upper case
  if (hemisphere != positive && hemisphere != negative) return std::nullopt;
  const auto value = parse_number(text.substr(0, text.size() - 1));
  if (!value || *value < 0.0) return std::nullopt;
  return hemisphere == positive ? *value : -*value;
}

/// A value where negative numbers (-999, -99) mean missing.
double non_negative_or_missing(std::string_view text, const std::string& where,
                               const std::string& what) {
  const auto value = parse_number(text);
  if (!value)
    throw InputError(where + ": " + what + " '" + std::string(text) + "' is not a number");
  return *value < 0.0 ? kMissing : *value;
}

struct Header {
  StormTrack storm;
  int promised = 0;
  std::size_t line = 0;
};

}  // namespace

std::vector<StormTrack> read_hurdat2(const std::string& path, const std::string& text) {
  std::vector<StormTrack> storms;
  std::optional<Header> current;
  int fixes_read = 0;
  auto finish = [&](std::size_t line_number, bool at_end) {
    if (!current) return;
    if (fixes_read < current->promised) {
      throw InputError(
          path + ":" + std::to_string(current->line) + ": " + storm_label(current->storm) +
          ": the header promises " + std::to_string(current->promised) +
          " fix lines, the file has " + std::to_string(fixes_read) +
          (at_end ? " before its end" : " before line " + std::to_string(line_number)));
    }
    if (!current->storm.fixes.empty()) storms.push_back(std::move(current->storm));
    current.reset();
  };

  std::istringstream in(text);
  std::string raw;
  std::size_t line_number = 0;
  while (std::getline(in, raw)) {
    ++line_number;
    const std::string where = path + ":" + std::to_string(line_number);
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const auto fields = fields_of(line);
    const bool header = is_storm_id(fields[0]);
    if (header) {
      finish(line_number, false);
      if (fields.size() < 3) {
        throw InputError(where +
                         ": a storm header is 'AL072022, FIONA, 61,' (id, name, number "
                         "of fix lines); this one is cut short");
      }
      const auto count = parse_int(fields[2]);
      if (!count || *count < 0) {
        throw InputError(where + ": storm " + std::string(fields[0]) +
                         ": the number of fix lines '" + std::string(fields[2]) +
                         "' is not a whole number");
      }
      Header next;
      next.storm.atcf_id = upper(fields[0]);
      next.storm.name = storm_name(fields[1]);
      next.storm.season = *parse_int(fields[0].substr(4));
      next.promised = *count;
      next.line = line_number;
      current = std::move(next);
      fixes_read = 0;
      continue;
    }
    if (!all_digits(fields[0], 8)) {
      throw InputError(where +
                       ": neither a storm header ('AL072022, FIONA, 61,') nor a fix line "
                       "(starting with a date YYYYMMDD): '" +
                       std::string(fields[0]) + "'");
    }
    if (!current || fixes_read >= current->promised) {
      const std::string whose = current ? storm_label(current->storm) + ": its header promised " +
                                              std::to_string(current->promised) +
                                              " fix lines; this is one more"
                                        : "a fix line before any storm header";
      throw InputError(where + ": " + whose);
    }
    const std::string storm_where = where + ": " + storm_label(current->storm);
    if (fields.size() < kDataFields) {
      throw InputError(storm_where + ": the line is cut short: " + std::to_string(fields.size()) +
                       " fields, a fix line has " + std::to_string(kDataFields) +
                       " (date, time, record, status, latitude, longitude, wind, pressure, 12 wind "
                       "radii) or 21 (and the radius of maximum wind)");
    }
    const auto date = fields[0];
    const auto clock = fields[1];
    std::optional<std::int64_t> time;
    if (all_digits(clock, 4)) {
      time = utc_seconds(*parse_int(date.substr(0, 4)), *parse_int(date.substr(4, 2)),
                         *parse_int(date.substr(6, 2)), *parse_int(clock.substr(0, 2)),
                         *parse_int(clock.substr(2, 2)), 0);
    }
    if (!time) {
      throw InputError(storm_where + ": '" + std::string(date) + ", " + std::string(clock) +
                       "' is not a date YYYYMMDD and a time HHMM (UTC)");
    }
    TrackFix fix;
    fix.time_s = *time;
    const auto lat = coordinate(fields[4], 'N', 'S');
    const auto lon = coordinate(fields[5], 'E', 'W');
    if (!lat || !lon) {
      throw InputError(storm_where + ": the position '" + std::string(fields[4]) + ", " +
                       std::string(fields[5]) +
                       "' is not a latitude like 15.4N and a longitude "
                       "like 58.7W");
    }
    fix.lat_deg = *lat;
    fix.lon_deg = *lon;
    const double wind_kt = non_negative_or_missing(fields[6], storm_where, "the wind");
    fix.max_wind_m_s = wind_kt * kMetresPerSecondPerKnot;
    fix.pressure_hpa = non_negative_or_missing(fields[7], storm_where, "the pressure");
    if (fields.size() > kRmwField) {
      const double rmw_nmi =
          non_negative_or_missing(fields[kRmwField], storm_where, "the radius of maximum wind");
      fix.rmw_km = rmw_nmi > 0.0 ? rmw_nmi * kKmPerNauticalMile : kMissing;
    }
    fix.nature = std::string(fields[3]);
    append_fix(current->storm, std::move(fix), where);
    ++fixes_read;
  }
  finish(line_number, true);
  return storms;
}

}  // namespace displace::storms::detail
