#pragma once
// The modelled value of each target, computed from a run's StepRecords as they come: the seam
// between the engine and scoring. `displace score` feeds it records rebuilt from a run file;
// calibration feeds it the records of members run in memory, without writing run files.
//
//   TargetAccumulator acc(axes, targets);   // resolves places and periods once
//   for each member: acc.reset(); for each step: acc.add(record); values = acc.values();
//
// add() costs a few additions per target and step (index lists are resolved up front); it never
// allocates after the first step.
#include <string>
#include <vector>

#include "displace/engine/records.hpp"
#include "displace/evaluation/observations.hpp"
#include "displace/evaluation/run_axes.hpp"

namespace displace::evaluation {

/// One target's modelled value in one run, or why the run cannot give it.
struct Modelled {
  bool computed = false;
  double value = 0.0;
  std::string reason;  ///< when not computed: what the run lacks (never a silent zero)
  /// The steps the value comes from (first..last, inclusive; -1 when not computed).
  int first_step = -1;
  int last_step = -1;
};

class TargetAccumulator {
 public:
  /// Resolves every target against the run's axes. A target whose place is not in the run, whose
  /// period or date lies (partly) outside the run, or that asks for something the run cannot
  /// record (a shelter site in a run without them) is kept and reported as not computed, with the
  /// reason.
  TargetAccumulator(RunAxes axes, std::vector<Target> targets);

  /// Adds one step's record (steps in order 0, 1, ...). A target that needs a tally the record
  /// leaves empty (flows_people, displacements_people, flows, protected_households, ...) becomes
  /// not computed.
  void add(const engine::StepRecord& record);
  /// Starts the next run (member) over the same axes and targets.
  void reset();
  /// The targets' modelled values in target order. Throws Error when fewer steps were added
  /// than a computable target needs.
  std::vector<Modelled> values() const;

  const std::vector<Target>& targets() const { return targets_; }
  const RunAxes& axes() const { return axes_; }
  /// The record tallies the targets read (so a file reader loads only those variables).
  bool needs_people() const;
  bool needs_households() const;
  bool needs_present() const;
  bool needs_flows() const;
  bool needs_flows_people() const;
  bool needs_displacements_people() const;

  /// How a target reads the records (resolved once; public for the file reader and tests).
  enum class Tally {
    none,
    people,
    households,
    present_people,
    present_households,
    flows,
    flows_people,
    displacements_people,
    damaged_home_households,
    protected_households,
    shelter_people,
    shelter_households
  };
  /// Whether a computable target reads `tally`.
  bool needs(Tally tally) const;
  /// One record tally and the entries of it a target sums.
  struct Part {
    Tally tally = Tally::none;
    std::vector<std::size_t> indices;  ///< into the tally's vector; summed
  };
  struct Plan {
    std::vector<Part> parts;  ///< summed together (one, or two for uninhabitable_homes)
    int first_step = -1;      ///< stocks: first == last
    int last_step = -1;
    std::string reason;  ///< not computable from the axes alone
  };
  /// Each target's plan, resolved against the axes (in target order).
  const std::vector<Plan>& plans() const { return plans_; }

 private:
  RunAxes axes_;
  std::vector<Target> targets_;
  std::vector<Plan> plans_;
  std::vector<double> sums_;
  std::vector<std::string> missing_;  ///< per target: set when a record lacked its tally
  int steps_added_ = 0;
};

}  // namespace displace::evaluation
