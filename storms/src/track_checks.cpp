// What every track reader checks of a fix (position, time order), and the small text and time
// helpers the readers share.
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "displace/common/civil_date.hpp"
#include "displace/common/error.hpp"
#include "track_support.hpp"

namespace displace::storms {

std::string format_utc(std::int64_t time_s) {
  constexpr std::int64_t kDay = 86'400;
  std::int64_t days = time_s / kDay;
  std::int64_t seconds = time_s % kDay;
  if (seconds < 0) {
    seconds += kDay;
    --days;
  }
  const CivilDate date = date_from_days(days);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", date.year, date.month, date.day,
                static_cast<int>(seconds / 3600), static_cast<int>(seconds % 3600 / 60));
  return text;
}

namespace detail {

std::string storm_label(const StormTrack& storm) {
  const std::string id = !storm.sid.empty() ? storm.sid : storm.atcf_id;
  return "storm " + id + " (" + storm.name + " " + std::to_string(storm.season) + ")";
}

namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

void append_fix(StormTrack& storm, TrackFix fix, const std::string& where,
                std::string_view fix_note) {
  auto context = [&] {
    return where + ": " + storm_label(storm) + ": fix at " + format_utc(fix.time_s) +
           (fix_note.empty() ? "" : " (" + std::string(fix_note) + ")");
  };
  if (std::isnan(fix.lat_deg) || std::isnan(fix.lon_deg)) {
    throw InputError(context() + ": the position is incomplete (latitude " + number(fix.lat_deg) +
                     ", longitude " + number(fix.lon_deg) + ")");
  }
  if (std::abs(fix.lat_deg) > 90.0) {
    throw InputError(context() + ": latitude " + number(fix.lat_deg) +
                     " is out of range (-90 to 90)");
  }
  if (std::abs(fix.lon_deg) > 360.0) {
    throw InputError(context() + ": longitude " + number(fix.lon_deg) +
                     " is out of range (-360 to 360)");
  }
  if (fix.lon_deg > 180.0) fix.lon_deg -= 360.0;
  if (fix.lon_deg < -180.0) fix.lon_deg += 360.0;
  if (!storm.fixes.empty() && fix.time_s <= storm.fixes.back().time_s) {
    throw InputError(context() + ": " +
                     (fix.time_s == storm.fixes.back().time_s ? "a second fix at the same time"
                                                              : "earlier than the fix before it") +
                     " (" + format_utc(storm.fixes.back().time_s) +
                     "): fixes must be in increasing time");
  }
  storm.fixes.push_back(std::move(fix));
}

std::optional<std::int64_t> utc_seconds(int year, int month, int day, int hour, int minute,
                                        int second) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = days_since_epoch(CivilDate{year, month, day});
  return days * 86'400 + std::int64_t{hour} * 3'600 + std::int64_t{minute} * 60 + second;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string upper(std::string_view text) {
  std::string result(text);
  for (char& c : result)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(trim(line.substr(start)));
      return fields;
    }
    fields.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

std::optional<int> parse_int(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

std::string storm_name(std::string_view name) {
  const std::string text = upper(trim(name));
  if (text.empty() || text == "NOT_NAMED" || text == "NOT NAMED") return "UNNAMED";
  return text;
}

}  // namespace detail
}  // namespace displace::storms
