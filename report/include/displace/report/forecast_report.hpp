#pragma once
// The forecast's report (issue #28): today's run report of the forecast's ensemble file
// (report.hpp) with a forecast section first: a map of the official track, its cone and every
// member's track over the grid; the ranges by admin region over the members (median and 5-95%) of
// displaced people, uninhabitable homes, evacuated people and departures abroad, with the
// probability of exceeding each threshold; with an anticipatory action, what the action changes,
// paired on the same members. The data comes in memory from `displace forecast` (app/forecast.cpp).
// docs/forecast.md describes it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "displace/report/text.hpp"

namespace displace::report {

/// One quantity of the forecast summary over the members: values[member][step * regions + region]
/// (the quantity names of app/forecast.hpp: displaced_people, damaged_home_households, ...).
struct ForecastQuantity {
  std::string name;
  std::vector<std::vector<double>> values;
};

/// A point of a track: position and hours after the issue time; `cone_radius_km` is the cone's
/// radius there (storms::cone_radius_km; 0 at and before the issue time, and for members).
struct ForecastFix {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double lead_hours = 0.0;
  double cone_radius_km = 0.0;
};

struct ForecastReportInput {
  std::string forecast_file;  ///< the forecast file's name
  std::string storm;          ///< "MARIA (AL152017)"
  std::string issue_time;     ///< ISO date and UTC time of issue, "2017-09-18 00:00"
  std::string issue_date;     ///< ISO date of issue, "2017-09-18"
  int members = 0;
  std::uint64_t seed = 0;  ///< the track seed
  bool synthetic = false;  ///< the forecast file says it is a synthetic forecast
  std::vector<ForecastFix> official;
  std::vector<std::vector<ForecastFix>> member_tracks;
  std::vector<std::string> step_dates;  ///< ISO, one per step
  std::vector<std::string> region_codes, region_names;
  std::vector<ForecastQuantity> quantities;   ///< without the action
  std::vector<double> exceed_people;          ///< thresholds (people), displaced people above
  std::string action_name;                    ///< the action's scenario; "" = no action
  std::vector<ForecastQuantity> with_action;  ///< the same members with the action
};

/// The report of the forecast's ensemble file `ensemble` with the forecast section first. Throws
/// InputError for a file the run reader refuses, Error for input whose sizes disagree.
std::string render_forecast_report(const std::filesystem::path& ensemble,
                                   const ForecastReportInput& forecast, Language language);

/// Writes render_forecast_report() to `to` (as write_report: through `<to>.partial`; an existing
/// file is refused without `overwrite`).
void write_forecast_report(const std::filesystem::path& ensemble,
                           const ForecastReportInput& forecast, const std::filesystem::path& to,
                           Language language, bool overwrite);

}  // namespace displace::report
