#pragma once
// The run's calendar: the civil date each step starts on, and which step a date falls in.
#include <optional>
#include <string>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::inputs {

class Timeline {
 public:
  explicit Timeline(const scenario::TimeSpec& time);

  int step_count() const { return static_cast<int>(step_starts_.size()) - 1; }
  /// Start date of step k (k == step_count() gives the end of the run).
  const CivilDate& step_start(int step) const {
    return step_starts_[static_cast<std::size_t>(step)];
  }
  /// The step whose [start, next start) contains `date`, or nullopt when outside the run.
  std::optional<int> step_of(const CivilDate& date) const;
  /// Length of one step in years (day = 1/365.25, week = 7/365.25, month = 1/12, year = 1).
  double step_length_years() const { return step_length_years_; }
  /// ISO dates of each step's start (size step_count()).
  std::vector<std::string> step_dates_iso() const;

 private:
  std::vector<CivilDate> step_starts_;
  double step_length_years_ = 0.0;
};

/// Start date of step `index` counted from `start` in steps of `length`.
CivilDate advance(const CivilDate& start, scenario::StepLength length, int index);

}  // namespace displace::inputs
