#pragma once
// Scoring modelled values against observed targets: per target the observed value and interval,
// the modelled value (for an ensemble the median and 5-95 % over its members), their ratio and
// log10 ratio, and whether the two ranges meet; a summary over the targets (docs/observations.md
// gives every definition).
#include <string>
#include <vector>

#include "displace/evaluation/observations.hpp"
#include "displace/evaluation/target_accumulator.hpp"

namespace displace::evaluation {

struct TargetScore {
  Target target;
  bool computed = false;
  std::string reason;         ///< why not computed
  int members = 0;            ///< runs the modelled value comes from (1 for a single run)
  double modelled = 0.0;      ///< median over the members (the value of a single run)
  double modelled_p05 = 0.0;  ///< 5 % quantile over the members (numpy's linear method)
  double modelled_p95 = 0.0;  ///< 95 % quantile
  double ratio = 0.0;         ///< modelled / observed value (+inf when observed is 0)
  double log10_ratio = 0.0;   ///< log10(ratio): -inf when the model gives 0
  /// The observation's interval and the modelled 5-95 % range overlap (for a single run: the
  /// modelled value lies in the observation's interval).
  bool within_range = false;
  bool within_factor_2 = false;  ///< 1/2 <= ratio <= 2
  std::string first_step_date;   ///< the steps the modelled value comes from
  std::string last_step_date;
};

struct ScoreSummary {
  int targets = 0;
  int computed = 0;
  int not_computed = 0;
  /// Computed targets with bound = estimate: the ones the figures below average over. Bounds
  /// (upper/lower) only count as within range or not.
  int estimates = 0;
  /// Averaged relative difference, mean over the estimates of |modelled - observed| / observed
  /// (Suleimenova, Bell & Groen 2017, Sci. Rep. 7:13377, use it for Flee; they normalise by the
  /// total observed instead, see total_relative_difference).
  double ard = 0.0;
  /// Sum over the estimates of |modelled - observed| divided by the sum of observed (Flee's form).
  double total_relative_difference = 0.0;
  double median_abs_log10_ratio = 0.0;
  double share_within_factor_2 = 0.0;
  double share_within_range = 0.0;
  int bounds = 0;               ///< computed targets with bound = upper or lower
  int bounds_within_range = 0;  ///< of which the model meets the bound
};

struct ScoreTable {
  std::vector<TargetScore> rows;  ///< in target order, computed or not
  ScoreSummary summary;
  std::string run;  ///< what was scored (a file name and, for an ensemble, the design group)
};

/// Scores `targets` against each member's modelled values (members[m][t] is target t in member m;
/// one member for a single run). A target not computed in any member is not computed, with that
/// member's reason.
ScoreTable score_members(const std::vector<Target>& targets,
                         const std::vector<std::vector<Modelled>>& members, const RunAxes& axes);

/// The summary over scored rows (what score_members puts in ScoreTable::summary).
ScoreSummary summarise(const std::vector<TargetScore>& rows);

/// The targets whose id is in `ids`, in file order. Throws InputError naming an unknown id.
std::vector<Target> select_targets(const std::vector<Target>& targets,
                                   const std::vector<std::string>& ids);

/// The targets whose event is in `events`, in file order (each storm scored against its own
/// run). Throws InputError naming an event no target has, with the events the file has.
std::vector<Target> select_events(const std::vector<Target>& targets,
                                  const std::vector<std::string>& events);

}  // namespace displace::evaluation
