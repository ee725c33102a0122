#include "displace/app/storms_command.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>
#include <string_view>
#include <vector>

#include "displace/app/cli.hpp"
#include "displace/common/error.hpp"
#include "displace/geo/raster.hpp"
#include "displace/storms/track.hpp"

namespace displace::app {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  return text;
}

bool parse_double(std::string_view text, double& value) {
  text = trimmed(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return !text.empty() && result.ec == std::errc() && result.ptr == end && std::isfinite(value);
}

bool parse_year(std::string_view text, int& value) {
  text = trimmed(text);
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return !text.empty() && result.ec == std::errc() && result.ptr == end;
}

std::string fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

/// Rows of cells printed as columns: text left-aligned, numbers (`right`) right-aligned.
void print_table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right,
                 std::ostream& out) {
  std::vector<std::size_t> width(right.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c > 0) line += "  ";
      line += right[c] ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
    }
    out << line << "\n";
  }
}

}  // namespace

int cmd_storms(const StormsRequest& request, std::ostream& out) {
  if (request.near.empty() || request.within.empty()) {
    throw InputError(
        "displace storms: --near LON,LAT and --within KM are both needed\nusage: displace storms "
        "TRACKS --near LON,LAT --within KM [--years A..B]");
  }
  const auto comma = request.near.find(',');
  double lon = 0.0;
  double lat = 0.0;
  if (comma == std::string::npos ||
      !parse_double(std::string_view(request.near).substr(0, comma), lon) ||
      !parse_double(std::string_view(request.near).substr(comma + 1), lat) ||
      std::abs(lat) > 90.0 || std::abs(lon) > 360.0) {
    throw InputError("--near: expected LON,LAT in degrees (e.g. -66.1,18.4), got '" + request.near +
                     "'");
  }
  double within_km = 0.0;
  if (!parse_double(request.within, within_km) || within_km <= 0.0) {
    throw InputError("--within: expected a distance in km above 0, got '" + request.within + "'");
  }
  int first_year = std::numeric_limits<int>::min();
  int last_year = std::numeric_limits<int>::max();
  if (!request.years.empty()) {
    const auto dots = request.years.find("..");
    const std::string_view years(request.years);
    const bool ok = dots == std::string::npos
                        ? parse_year(years, first_year) && parse_year(years, last_year)
                        : parse_year(years.substr(0, dots), first_year) &&
                              parse_year(years.substr(dots + 2), last_year);
    if (!ok || first_year > last_year) {
      throw InputError("--years: expected A..B (e.g. 2000..2022) or one year, got '" +
                       request.years + "'");
    }
  }

  const auto storms = storms::read_tracks(request.tracks);
  const auto passages = storms::storms_near(storms, lon, lat, within_km, first_year, last_year);
  const std::string where = "within " + fixed(within_km, 0) + " km of " + fixed(lon, 3) + ", " +
                            fixed(lat, 3) +
                            (request.years.empty() ? "" : ", seasons " + request.years);
  out << "tracks    " << request.tracks << "\n";
  if (passages.empty()) {
    out << "no storm came " << where << "\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {{"season", "name", "sid", "atcf", "closest_km",
                                                 "closest_at_utc", "peak_m_s", "peak_within_m_s"}};
  for (const auto& p : passages) {
    rows.push_back({std::to_string(p.season), p.name, or_dash(p.sid), or_dash(p.atcf_id),
                    fixed(p.closest_km, 1), storms::format_utc(p.closest_time_s),
                    fixed(p.peak_wind_m_s, 1), fixed(p.peak_wind_within_m_s, 1)});
  }
  print_table(rows, {false, false, false, false, true, false, true, true}, out);
  out << passages.size() << (passages.size() == 1 ? " storm" : " storms") << " came " << where
      << " (peak: largest 1-min wind of the track; peak_within: while within "
      << fixed(within_km, 0) << " km)\n";
  return kExitOk;
}

int cmd_inspect(const std::string& path, std::ostream& out) {
  const auto format = storms::track_format(path);
  if (format == storms::TrackFormat::none) {
    out << geo::describe_raster(path);
    return kExitOk;
  }
  const auto storms = storms::read_tracks(path);
  int first = 0;
  int last = 0;
  std::size_t fixes = 0;
  for (const auto& storm : storms) {
    if (first == 0 || storm.season < first) first = storm.season;
    last = std::max(last, storm.season);
    fixes += storm.fixes.size();
  }
  out << "file:      " << path << "\n"
      << "format:    " << storms::format_name(format) << " (observed tropical-cyclone tracks)\n"
      << "storms:    " << storms.size() << ", seasons " << first << "-" << last << ", " << fixes
      << " fixes\n\n";
  std::vector<std::vector<std::string>> rows = {
      {"season", "name", "sid", "atcf", "fixes", "peak_m_s"}};
  for (const auto& storm : storms) {
    rows.push_back({std::to_string(storm.season), storm.name, or_dash(storm.sid),
                    or_dash(storm.atcf_id), std::to_string(storm.fixes.size()),
                    fixed(storms::peak_wind(storm), 1)});
  }
  print_table(rows, {false, false, false, false, true, true}, out);
  return kExitOk;
}

}  // namespace displace::app
