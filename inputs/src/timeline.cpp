#include "displace/inputs/timeline.hpp"

#include <algorithm>

namespace displace::inputs {

CivilDate advance(const CivilDate& start, scenario::StepLength length, int index) {
  switch (length) {
    case scenario::StepLength::day:
      return date_from_days(days_since_epoch(start) + index);
    case scenario::StepLength::week:
      return date_from_days(days_since_epoch(start) + 7 * static_cast<std::int64_t>(index));
    case scenario::StepLength::month:
      return add_months(start, index);
    case scenario::StepLength::year:
      return add_months(start, 12 * index);
  }
  return start;
}

Timeline::Timeline(const scenario::TimeSpec& time) {
  step_starts_.reserve(static_cast<std::size_t>(time.step_count) + 1);
  for (int k = 0; k <= time.step_count; ++k) {
    step_starts_.push_back(advance(time.start, time.step_length, k));
  }
  switch (time.step_length) {
    case scenario::StepLength::day:
      step_length_years_ = 1.0 / 365.25;
      break;
    case scenario::StepLength::week:
      step_length_years_ = 7.0 / 365.25;
      break;
    case scenario::StepLength::month:
      step_length_years_ = 1.0 / 12.0;
      break;
    case scenario::StepLength::year:
      step_length_years_ = 1.0;
      break;
  }
}

std::optional<int> Timeline::step_of(const CivilDate& date) const {
  if (date < step_starts_.front() || !(date < step_starts_.back())) return std::nullopt;
  const auto next = std::upper_bound(step_starts_.begin(), step_starts_.end(), date);
  return static_cast<int>(next - step_starts_.begin()) - 1;
}

std::vector<std::string> Timeline::step_dates_iso() const {
  std::vector<std::string> dates;
  dates.reserve(step_starts_.size() - 1);
  for (std::size_t k = 0; k + 1 < step_starts_.size(); ++k) {
    dates.push_back(format_civil_date(step_starts_[k]));
  }
  return dates;
}

}  // namespace displace::inputs
