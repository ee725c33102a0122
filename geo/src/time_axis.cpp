#include "displace/geo/time_axis.hpp"

#include <cpl_string.h>
#include <gdal.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "displace/common/error.hpp"
#include "gdal_support.hpp"

namespace displace::geo {
namespace {

constexpr std::array<int, 12> kNoLeapMonthDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr std::array<int, 12> kAllLeapMonthDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\"");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\"");
  return text.substr(begin, end - begin + 1);
}

/// A date in a model calendar (fields may be invalid in the Gregorian calendar, e.g. 02-30).
struct ModelDate {
  std::int64_t year = 0;
  int month = 1;
  int day = 1;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

/// Day count from year 0 in a fixed-length-year calendar, and back.
std::int64_t ordinal_fixed(const ModelDate& date, const std::array<int, 12>& month_days,
                           int year_days) {
  std::int64_t days = date.year * year_days;
  for (int m = 1; m < date.month; ++m)
    days += month_days[static_cast<std::size_t>(m - 1)];
  return days + date.day - 1;
}

ModelDate from_ordinal_fixed(std::int64_t days, const std::array<int, 12>& month_days,
                             int year_days) {
  ModelDate date;
  date.year = floor_div(days, year_days);
  auto rest = static_cast<int>(days - date.year * year_days);
  date.month = 1;
  while (rest >= month_days[static_cast<std::size_t>(date.month - 1)]) {
    rest -= month_days[static_cast<std::size_t>(date.month - 1)];
    ++date.month;
  }
  date.day = rest + 1;
  return date;
}

Calendar parse_calendar(const std::string& name, const RasterSource& source) {
  const std::string c = lower(trim(name));
  if (c.empty() || c == "standard" || c == "gregorian") return Calendar::standard;
  if (c == "proleptic_gregorian") return Calendar::proleptic_gregorian;
  if (c == "noleap" || c == "365_day") return Calendar::noleap;
  if (c == "all_leap" || c == "366_day") return Calendar::all_leap;
  if (c == "360_day") return Calendar::day360;
  throw InputError(detail::describe_source(source) + ": unknown or unsupported time calendar '" +
                   name +
                   "' (supported: standard, gregorian, proleptic_gregorian, noleap, 365_day, "
                   "all_leap, 366_day, 360_day)");
}

struct TimeUnits {
  double days_per_unit = 1.0;
  ModelDate reference;
  double reference_day_fraction = 0.0;
};

TimeUnits parse_units(const std::string& units, const RasterSource& source) {
  const auto fail = [&]() -> InputError {
    return InputError(detail::describe_source(source) + ": cannot read time units '" + units +
                      "' (expected e.g. 'days since 2000-01-01' or 'hours since 1970-01-01 "
                      "00:00:00')");
  };
  std::istringstream in(lower(trim(units)));
  std::string unit;
  std::string since;
  std::string date_text;
  std::string time_text;
  if (!(in >> unit >> since >> date_text) || since != "since") throw fail();
  in >> time_text;
  TimeUnits parsed;
  if (unit == "days" || unit == "day" || unit == "d") {
    parsed.days_per_unit = 1.0;
  } else if (unit == "hours" || unit == "hour" || unit == "h" || unit == "hr") {
    parsed.days_per_unit = 1.0 / 24.0;
  } else if (unit == "minutes" || unit == "minute" || unit == "min") {
    parsed.days_per_unit = 1.0 / 1440.0;
  } else if (unit == "seconds" || unit == "second" || unit == "s" || unit == "sec") {
    parsed.days_per_unit = 1.0 / 86400.0;
  } else {
    throw fail();
  }
  // "2000-1-1", "2000-01-01T06:00:00", "2000-01-01 06:00:00"
  const auto t = date_text.find('t');
  if (t != std::string::npos) {
    time_text = date_text.substr(t + 1);
    date_text = date_text.substr(0, t);
  }
  int year = 0;
  int month = 0;
  int day = 0;
  char dash1 = 0;
  char dash2 = 0;
  std::istringstream date_in(date_text);
  if (!(date_in >> year >> dash1 >> month >> dash2 >> day) || dash1 != '-' || dash2 != '-' ||
      month < 1 || month > 12 || day < 1 || day > 31) {
    throw fail();
  }
  parsed.reference = {year, month, day};
  if (!time_text.empty()) {
    int hour = 0;
    int minute = 0;
    double second = 0.0;
    char colon = 0;
    std::istringstream time_in(time_text);
    time_in >> hour;
    if (time_in >> colon >> minute) time_in >> colon >> second;
    parsed.reference_day_fraction = (hour + minute / 60.0 + second / 3600.0) / 24.0;
  }
  return parsed;
}

/// The civil (Gregorian) date of `whole_days` after `reference` in `calendar`.
CivilDate to_civil(Calendar calendar, const ModelDate& reference, std::int64_t whole_days) {
  switch (calendar) {
    case Calendar::standard:
    case Calendar::proleptic_gregorian: {
      const CivilDate ref{static_cast<int>(reference.year), reference.month,
                          std::min(reference.day, days_in_month(static_cast<int>(reference.year),
                                                                reference.month))};
      return date_from_days(days_since_epoch(ref) + whole_days);
    }
    case Calendar::noleap: {
      const auto d = from_ordinal_fixed(
          ordinal_fixed(reference, kNoLeapMonthDays, 365) + whole_days, kNoLeapMonthDays, 365);
      return {static_cast<int>(d.year), d.month, d.day};
    }
    case Calendar::all_leap: {
      const auto d = from_ordinal_fixed(
          ordinal_fixed(reference, kAllLeapMonthDays, 366) + whole_days, kAllLeapMonthDays, 366);
      const int year = static_cast<int>(d.year);
      return {year, d.month, std::min(d.day, days_in_month(year, d.month))};
    }
    case Calendar::day360: {
      constexpr std::array<int, 12> kMonths30 = {30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30};
      const auto d =
          from_ordinal_fixed(ordinal_fixed(reference, kMonths30, 360) + whole_days, kMonths30, 360);
      const int year = static_cast<int>(d.year);
      return {year, d.month, std::min(d.day, days_in_month(year, d.month))};
    }
  }
  return {};
}

/// The name of the time dimension GDAL's netCDF driver exposes (NETCDF_DIM_EXTRA={time,...}).
std::string time_dimension(GDALDatasetH dataset) {
  const char* extra = GDALGetMetadataItem(dataset, "NETCDF_DIM_EXTRA", nullptr);
  if (extra == nullptr) return "";
  std::string list = extra;
  list.erase(std::remove_if(list.begin(), list.end(), [](char c) { return c == '{' || c == '}'; }),
             list.end());
  std::istringstream in(list);
  std::string name;
  std::string first;
  while (std::getline(in, name, ',')) {
    name = trim(name);
    if (first.empty()) first = name;
    const char* units = GDALGetMetadataItem(dataset, (name + "#units").c_str(), nullptr);
    if (units != nullptr && lower(units).find(" since ") != std::string::npos) return name;
  }
  return first;
}

}  // namespace

std::optional<TimeAxis> read_time_axis(const RasterSource& source) {
  const auto dataset = detail::open_raster(source);
  GDALDatasetH ds = detail::handle(dataset);
  const std::string dim = time_dimension(ds);
  if (dim.empty()) return std::nullopt;
  const char* units = GDALGetMetadataItem(ds, (dim + "#units").c_str(), nullptr);
  if (units == nullptr || lower(units).find(" since ") == std::string::npos) return std::nullopt;
  const char* calendar_name = GDALGetMetadataItem(ds, (dim + "#calendar").c_str(), nullptr);
  TimeAxis axis;
  axis.calendar = parse_calendar(calendar_name != nullptr ? calendar_name : "", source);
  const TimeUnits parsed = parse_units(units, source);
  const int bands = GDALGetRasterCount(ds);
  for (int b = 1; b <= bands; ++b) {
    const char* value =
        GDALGetMetadataItem(GDALGetRasterBand(ds, b), ("NETCDF_DIM_" + dim).c_str(), nullptr);
    if (value == nullptr) return std::nullopt;
    char* end = nullptr;
    const double offset = std::strtod(value, &end);
    if (end == value || !std::isfinite(offset)) {
      throw InputError(detail::describe_source(source) + ": band " + std::to_string(b) +
                       ": unreadable time value '" + value + "'");
    }
    const double days = offset * parsed.days_per_unit + parsed.reference_day_fraction;
    // Dates are years 1..9999: a value beyond ~3.65 million days from the reference is not one
    // (and would overflow the day count).
    constexpr double kMaxDays = 3.7e6;
    if (!(std::abs(days) < kMaxDays)) {
      throw InputError(detail::describe_source(source) + ": band " + std::to_string(b) +
                       ": time value '" + value + "' is " + std::to_string(days) +
                       " days from the reference date, outside the years 1-9999");
    }
    const CivilDate date = to_civil(axis.calendar, parsed.reference,
                                    static_cast<std::int64_t>(std::floor(days + 1e-9)));
    if (date.year < 1 || date.year > 9999) {
      throw InputError(detail::describe_source(source) + ": band " + std::to_string(b) +
                       ": time value '" + value + "' falls in the year " +
                       std::to_string(date.year) + ", outside 1-9999");
    }
    axis.dates.push_back(date);
  }
  if (!std::is_sorted(axis.dates.begin(), axis.dates.end())) {
    throw InputError(detail::describe_source(source) + ": time values are not in increasing order");
  }
  return axis;
}

TimeWeights time_weights(const std::vector<CivilDate>& dates, const CivilDate& date,
                         bool interpolate) {
  TimeWeights weights;
  if (dates.empty() || date <= dates.front()) return weights;
  const int last = static_cast<int>(dates.size()) - 1;
  if (date >= dates.back()) {
    weights.lower = weights.upper = last;
    return weights;
  }
  // dates[lower] <= date < dates[lower + 1]
  const auto above = std::upper_bound(dates.begin(), dates.end(), date);
  const int lower = static_cast<int>(above - dates.begin()) - 1;
  weights.lower = weights.upper = lower;
  if (interpolate) {
    weights.upper = lower + 1;
    const auto d0 = static_cast<double>(days_since_epoch(dates[static_cast<std::size_t>(lower)]));
    const auto d1 =
        static_cast<double>(days_since_epoch(dates[static_cast<std::size_t>(lower) + 1]));
    weights.weight_upper = (static_cast<double>(days_since_epoch(date)) - d0) / (d1 - d0);
  }
  return weights;
}

}  // namespace displace::geo
