#include "forecast_data.hpp"

#include <algorithm>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_file.hpp"

namespace displace::report {
namespace {

const ForecastQuantity* find_quantity(const std::vector<ForecastQuantity>& quantities,
                                      const std::string& name) {
  const auto found = std::find_if(quantities.begin(), quantities.end(),
                                  [&](const ForecastQuantity& q) { return q.name == name; });
  return found == quantities.end() ? nullptr : &*found;
}

/// Median and 5-95% of `values` (linear between order statistics, as summary.csv).
Summary summary_of(std::vector<double> values) {
  Summary s;
  if (values.empty()) return s;
  s.value = output::linear_quantile(values, 0.5);
  s.low = output::linear_quantile(values, 0.05);
  s.high = output::linear_quantile(values, 0.95);
  return s;
}

/// Per member, the value of `q` at `step` in `region`, or summed over every region when `region`
/// is `regions` (the total).
std::vector<double> member_values(const ForecastQuantity& q, std::size_t step, std::size_t region,
                                  std::size_t regions) {
  std::vector<double> out;
  out.reserve(q.values.size());
  for (const auto& member : q.values) {
    double v = 0.0;
    if (region < regions) {
      v = member[step * regions + region];
    } else {
      for (std::size_t r = 0; r < regions; ++r)
        v += member[step * regions + r];
    }
    out.push_back(v);
  }
  return out;
}

std::vector<double> shares_above(const std::vector<double>& values,
                                 const std::vector<double>& thresholds) {
  std::vector<double> out;
  for (const double t : thresholds) {
    const auto above = std::count_if(values.begin(), values.end(), [&](double v) { return v > t; });
    out.push_back(values.empty() ? 0.0
                                 : static_cast<double>(above) / static_cast<double>(values.size()));
  }
  return out;
}

void check_sizes(const std::vector<ForecastQuantity>& quantities, std::size_t members,
                 std::size_t cells, const char* what) {
  for (const ForecastQuantity& q : quantities) {
    if (q.values.size() != members) {
      throw Error(std::string("forecast report: ") + what + " '" + q.name + "' has " +
                  std::to_string(q.values.size()) + " members, not " + std::to_string(members));
    }
    for (const auto& member : q.values) {
      if (member.size() != cells) {
        throw Error(std::string("forecast report: ") + what + " '" + q.name + "' has " +
                    std::to_string(member.size()) + " values per member, not " +
                    std::to_string(cells) + " (steps x regions)");
      }
    }
  }
}

}  // namespace

ForecastTables forecast_tables(const ForecastReportInput& input) {
  const std::size_t regions = input.region_codes.size();
  const std::size_t steps = input.step_dates.size();
  const ForecastQuantity* displaced = find_quantity(input.quantities, "displaced_people");
  if (displaced == nullptr || displaced->values.empty() || steps == 0) {
    throw Error("forecast report: no displaced_people over members and steps");
  }
  const std::size_t members = displaced->values.size();
  check_sizes(input.quantities, members, steps * regions, "quantity");
  const bool action = !input.action_name.empty();
  if (action) check_sizes(input.with_action, members, steps * regions, "quantity with the action");

  ForecastTables tables;
  tables.action = action;
  std::vector<const ForecastQuantity*> shown, shown_with;
  for (const char* name : kForecastQuantities) {
    const ForecastQuantity* q = find_quantity(input.quantities, name);
    if (q == nullptr && std::string(name) == "left_home_evacuation_people")
      q = find_quantity(input.quantities, "evacuated_people");
    if (q == nullptr) continue;
    const ForecastQuantity* w = action ? find_quantity(input.with_action, q->name) : nullptr;
    if (action && w == nullptr) continue;  // only what both have, paired
    tables.quantities.push_back(q->name);
    shown.push_back(q);
    shown_with.push_back(w);
    // Its peak step: the largest median over the members of its sum over the regions.
    double best = -1.0;
    std::size_t step = 0;
    for (std::size_t t = 0; t < steps; ++t) {
      const double median = summary_of(member_values(*q, t, regions, regions)).value;
      if (median > best) {
        best = median;
        step = t;
      }
    }
    tables.steps.push_back(step);
    tables.dates.push_back(input.step_dates[step]);
  }
  const std::size_t peak = tables.steps.front();  // displaced_people's, found above
  const ForecastQuantity* displaced_with =
      action ? find_quantity(input.with_action, "displaced_people") : nullptr;
  if (action && displaced_with == nullptr) {
    throw Error("forecast report: no displaced_people with the action");
  }

  auto row_of = [&](std::size_t r) {
    ForecastRow row;
    if (r < regions) {
      row.code = input.region_codes[r];
      row.name = r < input.region_names.size() ? input.region_names[r] : "";
    }
    for (std::size_t k = 0; k < shown.size(); ++k) {
      const auto without = member_values(*shown[k], tables.steps[k], r, regions);
      row.figures.push_back(summary_of(without));
      if (action) {
        auto difference = member_values(*shown_with[k], tables.steps[k], r, regions);
        for (std::size_t m = 0; m < difference.size(); ++m)
          difference[m] = without[m] - difference[m];
        row.avoided.push_back(summary_of(std::move(difference)));
      }
    }
    row.p_above = shares_above(member_values(*displaced, peak, r, regions), input.exceed_people);
    if (displaced_with != nullptr) {
      row.p_above_with =
          shares_above(member_values(*displaced_with, peak, r, regions), input.exceed_people);
    }
    return row;
  };
  for (std::size_t r = 0; r < regions; ++r)
    tables.rows.push_back(row_of(r));
  std::stable_sort(tables.rows.begin(), tables.rows.end(),
                   [](const ForecastRow& a, const ForecastRow& b) {
                     return a.figures.front().value > b.figures.front().value;
                   });
  tables.total = row_of(regions);
  return tables;
}

}  // namespace displace::report
