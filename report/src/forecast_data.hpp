#pragma once
// The forecast section's tables, computed from the members' values (ForecastReportInput): each
// quantity at its peak step, per admin region and in all, the median and 5-95% over the members of
// each quantity shown, the share of members above each threshold, and with an action the paired
// differences and the shares above with it. Separate from the HTML so that each can be checked.
#include <string>
#include <vector>

#include "displace/report/forecast_report.hpp"
#include "report_data.hpp"

namespace displace::report {

/// The quantities the section shows, in order (those the members lack are left out): people
/// displaced, households whose home is uninhabitable, people who left home to evacuate during the
/// step (evacuated_people, people evacuated at the end of the step, when the run lacks it), people
/// who moved abroad during the step.
inline constexpr const char* kForecastQuantities[] = {"displaced_people", "damaged_home_households",
                                                      "left_home_evacuation_people",
                                                      "moved_abroad_people"};

struct ForecastRow {
  std::string code, name;            ///< "" code: all regions
  std::vector<Summary> figures;      ///< per ForecastTables::quantities: median, 5%, 95%
  std::vector<double> p_above;       ///< per threshold: share of members with displaced > T
  std::vector<Summary> avoided;      ///< with an action: without - with, per quantity
  std::vector<double> p_above_with;  ///< with an action: share above each threshold with it
};

struct ForecastTables {
  std::vector<std::string> quantities;  ///< displaced_people first
  /// Per quantity, its peak step: where the median over the members of its sum over the regions
  /// is largest (the first on a tie); the exceedance is at displaced_people's.
  std::vector<std::size_t> steps;
  std::vector<std::string> dates;  ///< their ISO dates
  std::vector<ForecastRow> rows;   ///< by region, the largest median of displaced people first
  ForecastRow total;               ///< all regions (the members' sums)
  bool action = false;
};

/// The tables of `input`. Throws Error when its sizes disagree (members, steps x regions) or it
/// has no displaced_people.
ForecastTables forecast_tables(const ForecastReportInput& input);

}  // namespace displace::report
