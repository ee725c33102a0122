#include "displace/evaluation/fit_report.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

#include "number_text.hpp"

namespace displace::evaluation {
namespace {

using Style = detail::NumberStyle;

std::string printf_text(Style style, double value) {
  return detail::number_text(style, value);
}

std::string special(double value) {
  if (std::isnan(value)) return "n/a";
  return value > 0 ? "inf" : "-inf";
}

/// Counts: whole numbers from 100 up, 3 significant digits below.
std::string count(double value) {
  if (!std::isfinite(value)) return special(value);
  return std::abs(value) >= 100.0 ? printf_text(Style::whole, value)
                                  : printf_text(Style::significant3, value);
}

std::string signed2(double value) {
  if (!std::isfinite(value)) return special(value);
  return printf_text(Style::signed2, value);
}

std::string general(double value) {
  if (!std::isfinite(value)) return special(value);
  return printf_text(Style::significant4, value);
}

std::string percent(double share) {
  if (!std::isfinite(share)) return special(share);
  return printf_text(Style::percent, share);
}

std::string yes_no(bool value) {
  return value ? "yes" : "no";
}

std::string cell(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

void summary_line(const ScoreSummary& s, std::ostream& out) {
  out << "- " << s.computed << " of " << s.targets << " targets computed; over the " << s.estimates
      << " estimates: ARD " << general(s.ard) << ", total relative difference "
      << general(s.total_relative_difference) << ", median |log10 ratio| "
      << general(s.median_abs_log10_ratio)
      << ", within a factor of 2: " << percent(s.share_within_factor_2)
      << ", ranges meet: " << percent(s.share_within_range) << "\n";
  if (s.bounds > 0) {
    out << "- bounds met: " << s.bounds_within_range << " of " << s.bounds << "\n";
  }
}

void score_table(const std::string& title, const ScoreTable& table, std::ostream& out) {
  out << "### " << title << "\n\n";
  if (table.rows.empty()) {
    out << "No target.\n\n";
    return;
  }
  out << "| target | event | quantity | place | period | observed | interval | modelled | 5-95 % "
         "| ratio | log10 error | in range |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const TargetScore& row : table.rows) {
    const Target& t = row.target;
    out << "| " << cell(t.id) << " | " << cell(t.event) << " | "
        << kQuantityNames[static_cast<std::size_t>(t.quantity)]
        << (t.bound == Bound::estimate
                ? ""
                : std::string(" (") + std::string(kBoundNames[static_cast<std::size_t>(t.bound)]) +
                      " bound)")
        << " | " << cell(describe_place(t)) << " | " << describe_period(t) << " | "
        << count(t.value) << " | " << count(t.lower) << "-" << count(t.upper) << " | ";
    if (!row.computed) {
      out << "not computed: " << cell(row.reason) << " | | | | |\n";
      continue;
    }
    out << count(row.modelled) << " | " << count(row.modelled_p05) << "-" << count(row.modelled_p95)
        << " | " << general(row.ratio) << " | " << signed2(row.log10_ratio) << " | "
        << yes_no(row.within_range) << " |\n";
  }
  out << "\n";
  summary_line(table.summary, out);
  out << "\n";
}

}  // namespace

bool at_prior_bound(const FittedParameter& p) {
  const bool log = p.scale == "log" && p.prior_min > 0.0 && p.best > 0.0;
  const auto on_scale = [log](double v) { return log ? std::log(v) : v; };
  const double low = on_scale(p.prior_min);
  const double high = on_scale(p.prior_max);
  const double best = on_scale(p.best);
  const double margin = 0.01 * (high - low);
  return best <= low + margin || best >= high - margin;
}

void write_fit_report(const FitReport& r, std::ostream& out) {
  out << "# Calibration fit: " << r.name << "\n\n"
      << "Written by `displace calibrate " << r.calibration_file
      << "` (method: docs/calibration.md). Observations: `" << r.observations_file << "`.\n\n";
  out << "## Design\n\n";
  out << "- scenarios: ";
  for (std::size_t i = 0; i < r.scenarios.size(); ++i)
    out << (i > 0 ? "; " : "") << r.scenarios[i];
  out << "\n- validation targets: " << r.validation_rule << "\n"
      << "- " << r.sets << " parameter sets in " << r.waves << " wave(s), " << r.seeds
      << " seed(s) each; " << r.member_runs << " member runs\n"
      << "- implausibility cut-off " << general(r.cutoff) << " on the " << r.measure
      << " over the calibration targets; model discrepancy " << general(r.discrepancy_log10)
      << " (sd, log10)\n"
      << "- accepted (not ruled out yet): " << r.accepted << " of " << r.sets << " sets\n";
  if (r.accepted == 0) {
    out << "\n**No parameter set met the cut-off.** The best set below is the one with the "
           "smallest squared log10 error, and it is ruled out: the model as configured cannot "
           "reproduce the calibration targets within their uncertainty.\n";
  }
  out << "\n## Parameters\n\n"
      << "| key | scale | prior | best | accepted min | 5 % | median | 95 % | accepted max |\n"
      << "|---|---|---|---|---|---|---|---|---|\n";
  for (const FittedParameter& p : r.parameters) {
    out << "| `" << p.key << "` | " << p.scale << " | " << general(p.prior_min) << " .. "
        << general(p.prior_max) << " | " << general(p.best) << " | " << general(p.accepted_min)
        << " | " << general(p.accepted_p05) << " | " << general(p.accepted_median) << " | "
        << general(p.accepted_p95) << " | " << general(p.accepted_max) << " |\n";
  }
  std::string pressed;
  for (const FittedParameter& p : r.parameters) {
    if (at_prior_bound(p)) pressed += std::string(pressed.empty() ? "" : ", ") + "`" + p.key + "`";
  }
  if (!pressed.empty()) {
    out << "\n**At a prior bound** (the best value within 1% of the prior range of a bound): "
        << pressed
        << ". The targets pull beyond the prior: widen it where wider values are plausible, or "
           "read it as a sign of the model's structure.\n";
  }
  if (!r.emulator_waves.empty()) {
    out << "\n## Emulator validation\n\n"
           "Each refocusing wave chose its sets with Gaussian-process emulators of the calibration "
           "targets fitted to the sets run before it (docs/calibration.md). Standardised error = "
           "(simulated - emulated) / emulator sd, log10(1 + x) scale, pooled over the targets; "
           "a trustworthy emulator has nearly all within +-3 and a median |error| near 0.67. "
           "Leave-one-out: on the training sets; new sets: the wave's sets once run on the "
           "simulator.\n\n"
           "| wave | training sets | targets (constant) | LOO within +-3 | LOO median abs | "
           "candidates | kept by emulators | new sets | new within +-3 | new median abs | "
           "worst target (within +-3) |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const EmulatorWave& w : r.emulator_waves) {
      out << "| " << w.wave << " | " << w.training_sets << " | " << w.targets << " ("
          << w.constant_targets << ") | " << percent(w.loo_within_3) << " | "
          << general(w.loo_median_abs) << " | " << w.candidates << " | " << w.candidates_kept
          << " | " << w.new_sets << " | " << percent(w.new_within_3) << " | "
          << general(w.new_median_abs) << " | " << cell(w.worst_target) << " ("
          << percent(w.worst_within_3) << ") |\n";
    }
  }
  out << "\n## Structural misfit\n\n";
  if (r.misfits.empty()) {
    out << "None: every target is within the cut-off for at least one parameter set.\n\n";
  } else {
    out << "No evaluated parameter set brings these targets within the cut-off. They are kept "
           "in every table; the model's structure (or the target's definition) has to change "
           "to meet them.\n\n"
           "| target | scenario | role | smallest implausibility | log10 ratio at best |\n"
           "|---|---|---|---|---|\n";
    for (const Misfit& m : r.misfits) {
      out << "| " << cell(m.target) << " | " << cell(m.scenario) << " | " << m.role << " | "
          << general(m.min_implausibility) << " | " << signed2(m.best_log10_ratio) << " |\n";
    }
    out << "\n";
  }
  out << "## Calibration targets\n\n"
      << "Used to accept or rule out parameter sets.\n\n";
  score_table("Best set (set " + std::to_string(r.best_set) +
                  (r.best_accepted ? "" : ", ruled out") + "; modelled = median over its seeds)",
              r.calibration_best, out);
  if (r.accepted > 0) {
    score_table("Accepted sets (median and 5-95 % over every accepted set and seed)",
                r.calibration_accepted, out);
  }
  out << "## Validation targets\n\n"
      << "Held out: scored here, never used to accept a parameter set.\n\n";
  score_table("Best set", r.validation_best, out);
  if (r.accepted > 0) {
    score_table("Accepted sets (median and 5-95 % over every accepted set and seed)",
                r.validation_accepted, out);
  }
  if (!r.unused_targets.empty()) {
    out << "## Targets not used\n\n"
           "No scenario of the calibration is scored on these targets (their event is named by "
           "none):\n\n";
    for (const std::string& t : r.unused_targets)
      out << "- " << cell(t) << "\n";
    out << "\n";
  }
}

}  // namespace displace::evaluation
