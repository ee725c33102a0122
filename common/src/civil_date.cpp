#include "displace/common/civil_date.hpp"

#include <charconv>
#include <cstdio>

namespace displace {

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_since_epoch(const CivilDate& date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t m = date.month;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate date_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m),
                   static_cast<int>(d)};
}

namespace {
bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, out);
  return result.ec == std::errc() && result.ptr == end;
}
}  // namespace

std::optional<CivilDate> parse_civil_date(std::string_view text) {
  CivilDate date{0, 1, 1};
  if (text.size() < 4 || !parse_int(text.substr(0, 4), date.year)) return std::nullopt;
  if (text.size() == 4) return date;
  if (text.size() < 7 || text[4] != '-' || !parse_int(text.substr(5, 2), date.month))
    return std::nullopt;
  if (date.month < 1 || date.month > 12) return std::nullopt;
  if (text.size() == 7) return date;
  if (text.size() != 10 || text[7] != '-' || !parse_int(text.substr(8, 2), date.day))
    return std::nullopt;
  if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return std::nullopt;
  return date;
}

std::string format_civil_date(const CivilDate& date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

CivilDate add_months(const CivilDate& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int month = index - year * 12 + 1;
  const int day = date.day < days_in_month(year, month) ? date.day : days_in_month(year, month);
  return CivilDate{year, month, day};
}

double decimal_year(const CivilDate& date) {
  const auto start = days_since_epoch(CivilDate{date.year, 1, 1});
  const auto next = days_since_epoch(CivilDate{date.year + 1, 1, 1});
  return date.year +
         static_cast<double>(days_since_epoch(date) - start) / static_cast<double>(next - start);
}

}  // namespace displace
