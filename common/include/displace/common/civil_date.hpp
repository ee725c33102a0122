#pragma once
// Proleptic Gregorian calendar dates (the scenario's calendar). Model calendars of climate files
// (360_day, noleap, ...) are converted to these in geo/.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace displace {

struct CivilDate {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..days_in_month

  auto operator<=>(const CivilDate&) const = default;
};

/// Days since 1970-01-01 (negative before), proleptic Gregorian.
std::int64_t days_since_epoch(const CivilDate& date);
/// Inverse of days_since_epoch.
CivilDate date_from_days(std::int64_t days);
bool is_leap_year(int year);
int days_in_month(int year, int month);
/// Parses "YYYY-MM-DD" (also "YYYY-MM" = first of month, "YYYY" = 1 January). Returns nullopt on
/// malformed or impossible dates (2019-02-29).
std::optional<CivilDate> parse_civil_date(std::string_view text);
/// "YYYY-MM-DD".
std::string format_civil_date(const CivilDate& date);
/// Adds whole months, clamping the day to the end of the target month (Jan 31 + 1 month = Feb 28).
CivilDate add_months(const CivilDate& date, int months);
/// Fractional year (2017.5 is about 2 July 2017), for interpolating yearly series.
double decimal_year(const CivilDate& date);

}  // namespace displace
