#include "displace/evaluation/score.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_file.hpp"

namespace displace::evaluation {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

void score_values(TargetScore& row, std::vector<double> values) {
  const Target& t = row.target;
  row.members = static_cast<int>(values.size());
  row.modelled = output::linear_quantile(values, 0.5);
  row.modelled_p05 = output::linear_quantile(values, 0.05);
  row.modelled_p95 = output::linear_quantile(values, 0.95);
  row.ratio = t.value > 0.0 ? row.modelled / t.value : (row.modelled > 0.0 ? kInfinity : 1.0);
  row.log10_ratio = std::log10(row.ratio);  // -inf for a zero model value
  row.within_range = row.modelled_p95 >= t.lower && row.modelled_p05 <= t.upper;
  row.within_factor_2 = row.ratio >= 0.5 && row.ratio <= 2.0;
}

/// Median that keeps infinities (a model value of 0 has |log10 ratio| = inf): the middle value,
/// or the mean of the two middle values (numpy's median).
double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  const double a = values[n / 2 - 1];
  const double b = values[n / 2];
  return a == b ? a : 0.5 * (a + b);
}

}  // namespace

ScoreTable score_members(const std::vector<Target>& targets,
                         const std::vector<std::vector<Modelled>>& members, const RunAxes& axes) {
  if (members.empty()) throw Error("score: no member values");
  ScoreTable table;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    TargetScore row;
    row.target = targets[t];
    std::vector<double> values;
    for (const auto& member : members) {
      if (member.size() != targets.size()) throw Error("score: member values do not match");
      const Modelled& m = member[t];
      if (!m.computed) {
        row.reason = m.reason;
        break;
      }
      values.push_back(m.value);
      row.first_step_date =
          format_civil_date(axes.step_bounds[static_cast<std::size_t>(m.first_step)]);
      row.last_step_date =
          format_civil_date(axes.step_bounds[static_cast<std::size_t>(m.last_step)]);
    }
    if (row.reason.empty()) {
      row.computed = true;
      score_values(row, std::move(values));
    }
    table.rows.push_back(std::move(row));
  }
  table.summary = summarise(table.rows);
  return table;
}

ScoreSummary summarise(const std::vector<TargetScore>& rows) {
  ScoreSummary s;
  s.targets = static_cast<int>(rows.size());
  std::vector<double> abs_log;
  double relative_sum = 0.0;
  double absolute_difference = 0.0;
  double observed_total = 0.0;
  int within_factor = 0;
  int within_range = 0;
  for (const TargetScore& row : rows) {
    if (!row.computed) {
      ++s.not_computed;
      continue;
    }
    ++s.computed;
    if (row.target.bound != Bound::estimate) {
      ++s.bounds;
      if (row.within_range) ++s.bounds_within_range;
      continue;
    }
    ++s.estimates;
    const double observed = row.target.value;
    relative_sum += std::abs(row.modelled - observed) / observed;
    absolute_difference += std::abs(row.modelled - observed);
    observed_total += observed;
    abs_log.push_back(std::abs(row.log10_ratio));
    if (row.within_factor_2) ++within_factor;
    if (row.within_range) ++within_range;
  }
  if (s.estimates > 0) {
    const auto n = static_cast<double>(s.estimates);
    s.ard = relative_sum / n;
    s.total_relative_difference = absolute_difference / observed_total;
    s.median_abs_log10_ratio = median(abs_log);
    s.share_within_factor_2 = within_factor / n;
    s.share_within_range = within_range / n;
  } else {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s.ard = s.total_relative_difference = s.median_abs_log10_ratio = nan;
    s.share_within_factor_2 = s.share_within_range = nan;
  }
  return s;
}

std::vector<Target> select_targets(const std::vector<Target>& targets,
                                   const std::vector<std::string>& ids) {
  const std::set<std::string> wanted(ids.begin(), ids.end());
  for (const std::string& id : wanted) {
    const bool known =
        std::any_of(targets.begin(), targets.end(), [&](const Target& t) { return t.id == id; });
    if (!known) {
      std::string file = targets.empty() ? "observations" : targets.front().location.file;
      throw InputError(file + ": no target with id '" + id + "'");
    }
  }
  std::vector<Target> chosen;
  for (const Target& t : targets)
    if (wanted.count(t.id) != 0) chosen.push_back(t);
  return chosen;
}

std::vector<Target> select_events(const std::vector<Target>& targets,
                                  const std::vector<std::string>& events) {
  std::vector<Target> chosen;
  for (const std::string& event : events) {
    const bool known = std::any_of(targets.begin(), targets.end(),
                                   [&](const Target& t) { return t.event == event; });
    if (!known) {
      std::set<std::string> all;
      for (const Target& t : targets)
        if (!t.event.empty()) all.insert(t.event);
      std::string list;
      for (const std::string& e : all)
        list += (list.empty() ? "" : ", ") + e;
      const std::string file = targets.empty() ? "observations" : targets.front().location.file;
      throw InputError(file + ": no target of event '" + event +
                       "' (events: " + (list.empty() ? "none" : list) + ")");
    }
  }
  for (const Target& t : targets) {
    if (std::find(events.begin(), events.end(), t.event) != events.end()) chosen.push_back(t);
  }
  return chosen;
}

}  // namespace displace::evaluation
