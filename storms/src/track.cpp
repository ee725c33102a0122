// Which reader a track file needs (told by its content), and choosing one storm of a file.
#include "displace/storms/track.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "displace/common/edit_distance.hpp"
#include "displace/common/error.hpp"
#include "displace/common/file_checks.hpp"
#include "displace/geo/multidim.hpp"
#include "track_support.hpp"

namespace displace::storms {
namespace {

/// The largest track file read whole (the global IBTrACS CSV is about 300 MB).
constexpr std::size_t kMaxTextBytes = std::size_t{2} << 30;

/// What the first bytes say (a NetCDF/HDF5 file is not opened here).
enum class Sniffed { unknown, netcdf, csv, hurdat2 };

Sniffed sniff(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error) || special_file_problem(path)) return Sniffed::unknown;
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.rfind("CDF\x01", 0) == 0 || head.rfind("CDF\x02", 0) == 0 ||
      head.rfind("CDF\x05", 0) == 0 || head.rfind("\x89HDF\r\n\x1a\n", 0) == 0) {
    return Sniffed::netcdf;
  }
  if (head.rfind("\xEF\xBB\xBF", 0) == 0) head.erase(0, 3);
  // The first line that is not blank.
  std::size_t start = 0;
  std::string_view line;
  while (start < head.size()) {
    const auto end = head.find('\n', start);
    line = detail::trim(std::string_view(head).substr(
        start, end == std::string::npos ? std::string::npos : end - start));
    if (!line.empty()) break;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (line.empty()) return Sniffed::unknown;
  const auto fields = detail::split_fields(line);
  for (const auto field : fields) {
    if (detail::upper(field) == "SID") return Sniffed::csv;
  }
  const auto id = fields[0];
  const bool looks_like_id =
      id.size() == 8 && std::isalpha(static_cast<unsigned char>(id[0])) != 0 &&
      std::isalpha(static_cast<unsigned char>(id[1])) != 0 &&
      std::all_of(id.begin() + 2, id.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  if (looks_like_id && fields.size() >= 3 && detail::parse_int(fields[2])) return Sniffed::hurdat2;
  return Sniffed::unknown;
}

/// "MARIA 2017", "Maria:2017" -> ("MARIA", 2017).
std::optional<std::pair<std::string, int>> name_and_season(std::string_view selector) {
  const auto cut = selector.find_last_of(" :");
  if (cut == std::string_view::npos) return std::nullopt;
  const auto name = detail::trim(selector.substr(0, cut));
  const auto season_text = detail::trim(selector.substr(cut + 1));
  const auto season = detail::parse_int(season_text);
  if (name.empty() || !season || season_text.size() != 4) return std::nullopt;
  std::string upper_name = detail::upper(name);
  while (!upper_name.empty() && (upper_name.back() == ':' || upper_name.back() == ' '))
    upper_name.pop_back();
  return std::make_pair(upper_name, *season);
}

std::string describe(const StormTrack& storm) {
  std::string text = storm.name + " " + std::to_string(storm.season);
  std::string ids = storm.sid;
  if (!storm.atcf_id.empty()) ids += (ids.empty() ? "" : ", ") + storm.atcf_id;
  return ids.empty() ? text : text + " (" + ids + ")";
}

std::string list_matches(const std::vector<const StormTrack*>& matches) {
  std::string text;
  for (const auto* storm : matches) {
    text += (text.empty() ? "" : "; ") + describe(*storm);
  }
  return text;
}

}  // namespace

TrackFormat track_format(const std::string& path) {
  switch (sniff(path)) {
    case Sniffed::csv:
      return TrackFormat::ibtracs_csv;
    case Sniffed::hurdat2:
      return TrackFormat::hurdat2;
    case Sniffed::netcdf:
      try {
        const geo::MultidimFile file(path);
        for (const char* name : {"sid", "time", "lat", "lon"}) {
          if (!file.has_variable(name)) return TrackFormat::none;
        }
        return TrackFormat::ibtracs_netcdf;
      } catch (const Error&) {
        return TrackFormat::none;
      }
    case Sniffed::unknown:
      break;
  }
  return TrackFormat::none;
}

const char* format_name(TrackFormat format) {
  switch (format) {
    case TrackFormat::ibtracs_netcdf:
      return "IBTrACS NetCDF";
    case TrackFormat::ibtracs_csv:
      return "IBTrACS CSV";
    case TrackFormat::hurdat2:
      return "HURDAT2";
    case TrackFormat::none:
      break;
  }
  return "none";
}

std::vector<StormTrack> read_tracks(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw InputError(path + ": file not found");
  if (const auto problem = special_file_problem(path)) throw InputError(path + ": " + *problem);
  switch (sniff(path)) {
    case Sniffed::netcdf:
      return detail::read_ibtracs_netcdf(path);
    case Sniffed::csv:
      return detail::read_ibtracs_csv(path, read_regular_file(path, kMaxTextBytes));
    case Sniffed::hurdat2:
      return detail::read_hurdat2(path, read_regular_file(path, kMaxTextBytes));
    case Sniffed::unknown:
      break;
  }
  throw InputError(path +
                   ": not a track file: expected IBTrACS NetCDF, IBTrACS CSV (a header row with "
                   "SID, SEASON, NAME, ISO_TIME, LAT, LON, ...) or HURDAT2 text (first line like "
                   "'AL072022, FIONA, 61,')");
}

const StormTrack& select_storm(const std::vector<StormTrack>& storms, const std::string& selector,
                               const std::string& file) {
  const std::string wanted = detail::upper(detail::trim(selector));
  if (wanted.empty()) throw InputError(file + ": no storm given (a sid, ATCF id or NAME YEAR)");
  std::vector<const StormTrack*> matches;
  for (const auto& storm : storms) {
    if (!storm.sid.empty() && detail::upper(storm.sid) == wanted) matches.push_back(&storm);
  }
  if (matches.empty()) {
    for (const auto& storm : storms) {
      if (!storm.atcf_id.empty() && storm.atcf_id == wanted) matches.push_back(&storm);
    }
  }
  const auto by_name = name_and_season(wanted);
  if (matches.empty() && by_name) {
    for (const auto& storm : storms) {
      if (storm.season == by_name->second && storm.name == by_name->first)
        matches.push_back(&storm);
    }
  }
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1) {
    throw InputError(file + ": '" + selector + "' matches " + std::to_string(matches.size()) +
                     " storms: " + list_matches(matches) + "; choose one by its sid or ATCF id");
  }
  if (by_name) {
    const auto& [name, season] = *by_name;
    std::vector<std::pair<std::size_t, std::string>> nearest;
    std::set<std::string> seen;
    for (const auto& storm : storms) {
      if (storm.season == season && seen.insert(storm.name).second)
        nearest.emplace_back(edit_distance(name, storm.name), storm.name);
    }
    if (nearest.empty()) {
      int first = 0;
      int last = 0;
      for (const auto& storm : storms) {
        if (first == 0 || storm.season < first) first = storm.season;
        last = std::max(last, storm.season);
      }
      throw InputError(file + ": no storm of season " + std::to_string(season) +
                       (storms.empty() ? " (the file has no storms)"
                                       : " (the file has seasons " + std::to_string(first) + "-" +
                                             std::to_string(last) + ")"));
    }
    std::sort(nearest.begin(), nearest.end());
    std::string names;
    for (std::size_t i = 0; i < nearest.size() && i < 5; ++i)
      names += (i == 0 ? "" : ", ") + nearest[i].second;
    throw InputError(file + ": no storm named " + name + " in season " + std::to_string(season) +
                     "; the nearest names of " + std::to_string(season) + ": " + names);
  }
  // A bare name: say which seasons have it.
  std::vector<const StormTrack*> named;
  for (const auto& storm : storms) {
    if (storm.name == wanted) named.push_back(&storm);
  }
  if (!named.empty()) {
    std::string seasons;
    for (const auto* storm : named)
      seasons += (seasons.empty() ? "" : ", ") + std::to_string(storm->season);
    throw InputError(file + ": '" + selector + "' needs a season: storms of that name in " +
                     seasons + " (write e.g. \"" + wanted + " " +
                     std::to_string(named.back()->season) + "\")");
  }
  throw InputError(file + ": no storm with sid or ATCF id '" + selector +
                   "' (select a storm by its IBTrACS sid like 2017260N12310, its ATCF id like "
                   "AL152017, or its name and season like \"MARIA 2017\")");
}

double peak_wind(const StormTrack& storm) {
  double peak = kMissing;
  for (const auto& fix : storm.fixes) {
    if (!std::isnan(fix.max_wind_m_s) && !(fix.max_wind_m_s <= peak)) peak = fix.max_wind_m_s;
  }
  return peak;
}

}  // namespace displace::storms
