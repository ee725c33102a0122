#pragma once
// The fit report of a calibration (markdown): what was fitted, the accepted ranges of the
// parameters, the calibration and validation targets scored separately for the best parameter set
// and for the accepted sets, and the targets no parameter set could reach (structural misfit).
#include <iosfwd>
#include <string>
#include <vector>

#include "displace/evaluation/score.hpp"

namespace displace::evaluation {

struct FittedParameter {
  std::string key;
  std::string scale;  ///< "linear" or "log"
  double prior_min = 0.0;
  double prior_max = 0.0;
  double best = 0.0;
  /// Over the accepted sets (all NaN when none is accepted).
  double accepted_min = 0.0;
  double accepted_p05 = 0.0;
  double accepted_median = 0.0;
  double accepted_p95 = 0.0;
  double accepted_max = 0.0;
};

/// Is the best value within 1% of its prior range (on the parameter's scale) of a prior bound? A
/// fit that presses on its prior says the targets want values the prior excludes.
bool at_prior_bound(const FittedParameter& p);

/// A target that no evaluated parameter set brought within the cut-off.
struct Misfit {
  std::string target;
  std::string scenario;
  std::string role;                 ///< "calibration" or "validation"
  double min_implausibility = 0.0;  ///< the smallest over the sets it was run for
  double best_log10_ratio = 0.0;    ///< log10(modelled / observed) at the best set
};

/// How one wave's emulators (design.emulator) did: on their own training sets (leave-one-out) and
/// on the wave's sets once run on the simulator. Errors are standardised: (simulated - emulated) /
/// emulator sd, on the log10(1 + x) scale, pooled over the emulated calibration targets.
struct EmulatorWave {
  int wave = 0;
  int training_sets = 0;
  int targets = 0;            ///< calibration targets emulated
  int constant_targets = 0;   ///< of them, with one value on every set (emulated exactly)
  double loo_within_3 = 0.0;  ///< share of leave-one-out errors within +-3
  double loo_median_abs = 0.0;
  int candidates = 0;         ///< candidate sets scored on the emulators
  int candidates_kept = 0;    ///< of them, not ruled out by the emulated implausibility
  int new_sets = 0;           ///< the wave's sets run on the simulator and checked
  double new_within_3 = 0.0;  ///< share of (set, target) errors within +-3
  double new_median_abs = 0.0;
  std::string worst_target;  ///< the target with the smallest share within +-3 on the new sets
  double worst_within_3 = 0.0;
};

struct FitReport {
  std::string name;
  std::string calibration_file;
  std::string observations_file;
  std::vector<std::string> scenarios;  ///< "file (events: a, b)"
  std::string validation_rule;         ///< how targets were assigned to validation
  int sets = 0;
  int waves = 0;  ///< including the space-filling wave
  int seeds = 0;
  long long member_runs = 0;
  double cutoff = 0.0;
  std::string measure;
  double discrepancy_log10 = 0.0;
  int accepted = 0;
  int best_set = -1;
  bool best_accepted = false;
  std::vector<FittedParameter> parameters;
  ScoreTable calibration_best;  ///< the best set's seeds
  ScoreTable validation_best;
  ScoreTable calibration_accepted;  ///< every accepted set's seeds (empty when none)
  ScoreTable validation_accepted;
  std::vector<Misfit> misfits;
  std::vector<std::string> unused_targets;   ///< "id (event)": no scenario is scored on them
  std::vector<EmulatorWave> emulator_waves;  ///< empty unless design.emulator
};

void write_fit_report(const FitReport& report, std::ostream& out);

}  // namespace displace::evaluation
