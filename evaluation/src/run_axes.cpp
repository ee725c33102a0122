#include "displace/evaluation/run_axes.hpp"

#include <cmath>

#include "displace/common/error.hpp"

namespace displace::evaluation {

namespace {

bool near(double a, double b) {
  return std::abs(a - b) < 1e-9;
}

}  // namespace

RunAxes axes_of(const output::RunReader& run) {
  const output::RunFileLayout& layout = run.layout();
  const std::string file = run.path().string();
  RunAxes axes;
  axes.region_codes = layout.region_codes;
  axes.place_ids = layout.place_ids;
  axes.shelter_names = layout.shelter_names;
  for (const std::string& iso : layout.step_dates) {
    const auto date = parse_civil_date(iso);
    if (!date) throw InputError(file + ": step date '" + iso + "' is not a date");
    axes.step_bounds.push_back(*date);
  }
  if (axes.step_bounds.empty()) throw InputError(file + ": the run has no steps");
  const CivilDate first = axes.step_bounds.front();
  const auto steps = static_cast<int>(axes.step_bounds.size());
  const double years = layout.step_length_years;
  if (near(years, 1.0 / 12.0)) {
    axes.step_bounds.push_back(add_months(first, steps));
  } else if (near(years, 1.0)) {
    axes.step_bounds.push_back(add_months(first, 12 * steps));
  } else if (near(years, 1.0 / 365.25) || near(years, 7.0 / 365.25)) {
    const int days = near(years, 1.0 / 365.25) ? 1 : 7;
    axes.step_bounds.push_back(
        date_from_days(days_since_epoch(first) + static_cast<std::int64_t>(days) * steps));
  } else {
    throw InputError(file + ": step length of " + std::to_string(years) +
                     " years is not a day, a week, a month or a year; cannot tell where the "
                     "run ends");
  }
  return axes;
}

RunAxes axes_of(const engine::RunLayout& layout, std::vector<CivilDate> step_bounds) {
  if (step_bounds.size() != static_cast<std::size_t>(layout.step_count) + 1) {
    throw Error("run axes: " + std::to_string(step_bounds.size()) + " step bounds for " +
                std::to_string(layout.step_count) + " steps (expected steps + 1)");
  }
  RunAxes axes;
  axes.region_codes = layout.region_codes;
  axes.place_ids = layout.region_codes;
  axes.place_ids.insert(axes.place_ids.end(), layout.external_names.begin(),
                        layout.external_names.end());
  axes.shelter_names = layout.shelter_names;
  axes.step_bounds = std::move(step_bounds);
  return axes;
}

}  // namespace displace::evaluation
