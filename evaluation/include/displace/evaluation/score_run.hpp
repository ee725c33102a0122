#pragma once
// Scoring a run file: a single run, or an ensemble file (every member, or the members of one
// design group), against observed targets.
#include <filesystem>
#include <optional>
#include <vector>

#include "displace/evaluation/score.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::evaluation {

/// Each member's modelled values, read from the run file. For an ensemble file (variables
/// `<V>_members`) every member of design group `design` (all members when the file has one design
/// group); for a single run one member. Throws InputError when the ensemble has several design
/// groups and `design` is not given or out of range.
std::vector<std::vector<Modelled>> modelled_from_run(const output::RunReader& run,
                                                     TargetAccumulator& accumulator,
                                                     std::optional<int> design = std::nullopt);

/// Reads the run file and scores the targets against it.
ScoreTable score_run(const output::RunReader& run, const std::vector<Target>& targets,
                     std::optional<int> design = std::nullopt);

}  // namespace displace::evaluation
