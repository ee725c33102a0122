// IBTrACS v04 CSV: a header row (SID, SEASON, NUMBER, ..., ISO_TIME, NATURE, LAT, LON, ...), a
// row of units, then one row per fix, a storm's rows together. Blank cells are missing values.
#include <cmath>
#include <map>
#include <sstream>

#include "displace/common/error.hpp"
#include "track_support.hpp"

namespace displace::storms::detail {
namespace {

/// Column positions; npos for an optional column the file does not have.
struct Columns {
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::size_t sid = kAbsent, season = kAbsent, name = kAbsent, iso_time = kAbsent;
  std::size_t lat = kAbsent, lon = kAbsent, wind = kAbsent, pressure = kAbsent, rmw = kAbsent;
  std::size_t atcf_id = kAbsent, nature = kAbsent, poci = kAbsent;
  std::size_t count = 0;
};

Columns columns_of(const std::vector<std::string_view>& header, const std::string& where) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < header.size(); ++i)
    index.emplace(upper(header[i]), i);
  Columns c;
  c.count = header.size();
  auto find = [&](const char* name, bool required) {
    const auto found = index.find(name);
    if (found != index.end()) return found->second;
    if (required) {
      throw InputError(where + ": the IBTrACS CSV header has no column " + name +
                       " (needed: SID, SEASON, NAME, ISO_TIME, LAT, LON, USA_WIND)");
    }
    return Columns::kAbsent;
  };
  c.sid = find("SID", true);
  c.season = find("SEASON", true);
  c.name = find("NAME", true);
  c.iso_time = find("ISO_TIME", true);
  c.lat = find("LAT", true);
  c.lon = find("LON", true);
  c.wind = find("USA_WIND", true);
  c.pressure = find("USA_PRES", false);
  c.rmw = find("USA_RMW", false);
  c.atcf_id = find("USA_ATCF_ID", false);
  c.nature = find("NATURE", false);
  c.poci = find("USA_POCI", false);
  return c;
}

/// "2017-09-20 06:00:00" (also with a T, or without seconds).
std::optional<std::int64_t> parse_iso_time(std::string_view text) {
  if (text.size() != 19 && text.size() != 16) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':')
    return std::nullopt;
  if (text.size() == 19 && text[16] != ':') return std::nullopt;
  const auto year = parse_int(text.substr(0, 4));
  const auto month = parse_int(text.substr(5, 2));
  const auto day = parse_int(text.substr(8, 2));
  const auto hour = parse_int(text.substr(11, 2));
  const auto minute = parse_int(text.substr(14, 2));
  const auto second = text.size() == 19 ? parse_int(text.substr(17, 2)) : std::optional<int>(0);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  return utc_seconds(*year, *month, *day, *hour, *minute, *second);
}

}  // namespace

std::vector<StormTrack> read_ibtracs_csv(const std::string& path, const std::string& text) {
  std::istringstream in(text);
  std::string raw;
  std::size_t line_number = 0;
  std::optional<Columns> columns;
  std::vector<StormTrack> storms;
  std::map<std::string, std::size_t> storm_index;  // sid -> position in `storms`
  while (std::getline(in, raw)) {
    ++line_number;
    const std::string where = path + ":" + std::to_string(line_number);
    std::string_view line = trim(raw);
    if (line_number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // BOM
    if (line.empty()) continue;
    const auto fields = split_fields(line);
    if (!columns) {
      columns = columns_of(fields, where);
      continue;
    }
    const Columns& c = *columns;
    // The units row right after the header ("", "Year", ...): no SID.
    if (line_number == 2 && fields[0].empty() && fields.size() > c.sid && fields[c.sid].empty())
      continue;
    if (fields.size() < c.count) {
      throw InputError(where + ": the line is cut short: " + std::to_string(fields.size()) +
                       " fields, the header has " + std::to_string(c.count));
    }
    const std::string sid(fields[c.sid]);
    if (sid.empty()) throw InputError(where + ": no SID");
    auto [slot, is_new] = storm_index.emplace(sid, storms.size());
    if (is_new) {
      StormTrack storm;
      storm.sid = sid;
      storm.name = storm_name(fields[c.name]);
      const auto season = parse_int(fields[c.season]);
      if (!season) {
        throw InputError(where + ": storm " + sid + ": SEASON '" + std::string(fields[c.season]) +
                         "' is not a year");
      }
      storm.season = *season;
      storms.push_back(std::move(storm));
    }
    StormTrack& storm = storms[slot->second];
    const std::string storm_where = where + ": " + storm_label(storm);
    auto value = [&](std::size_t column, const char* name) {
      if (column == Columns::kAbsent || fields[column].empty()) return kMissing;
      const auto number = parse_number(fields[column]);
      if (!number) {
        throw InputError(storm_where + ": " + name + " '" + std::string(fields[column]) +
                         "' is not a number");
      }
      return *number;
    };
    if (storm.atcf_id.empty() && c.atcf_id != Columns::kAbsent)
      storm.atcf_id = upper(fields[c.atcf_id]);
    const auto time = parse_iso_time(fields[c.iso_time]);
    if (!time) {
      throw InputError(storm_where + ": ISO_TIME '" + std::string(fields[c.iso_time]) +
                       "' is not a time YYYY-MM-DD HH:MM:SS");
    }
    TrackFix fix;
    fix.time_s = *time;
    fix.lat_deg = value(c.lat, "LAT");
    fix.lon_deg = value(c.lon, "LON");
    if (std::isnan(fix.lat_deg) && std::isnan(fix.lon_deg) && fields[c.lat].empty() &&
        fields[c.lon].empty()) {
      continue;  // no position: dropped
    }
    fix.max_wind_m_s = value(c.wind, "USA_WIND") * kMetresPerSecondPerKnot;
    fix.pressure_hpa = value(c.pressure, "USA_PRES");
    const double rmw_nmi = value(c.rmw, "USA_RMW");
    fix.rmw_km = rmw_nmi > 0.0 ? rmw_nmi * kKmPerNauticalMile : kMissing;
    fix.env_pressure_hpa = value(c.poci, "USA_POCI");
    if (c.nature != Columns::kAbsent) fix.nature = std::string(fields[c.nature]);
    append_fix(storm, std::move(fix), where);
  }
  if (!columns) throw InputError(path + ": empty (no IBTrACS CSV header)");
  std::erase_if(storms, [](const StormTrack& storm) { return storm.fixes.empty(); });
  return storms;
}

}  // namespace displace::storms::detail
