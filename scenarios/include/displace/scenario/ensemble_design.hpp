#pragma once
// The runs an `ensemble:` block asks for: member seeds and the points of a parameter sweep.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "displace/scenario/scenario.hpp"

namespace displace::scenario {

/// One point of a sweep: a value for every swept key (in the order of ensemble.sweep).
struct DesignPoint {
  std::vector<std::pair<std::string, double>> values;

  /// The point as `--set` overrides ("key=value", value printed with 17 significant digits).
  std::vector<std::string> overrides() const;
};

/// The sweep's points: one empty point without a sweep; every combination of the values for a
/// grid (the first parameter varies slowest); `samples` Latin-hypercube points otherwise, each
/// parameter's range cut into `samples` equal strata, one point per stratum, strata paired by
/// permutations drawn from counter-based random numbers keyed by `seed` (reproducible).
std::vector<DesignPoint> sweep_design(const EnsembleSpec& ensemble, std::uint64_t seed);

/// The seed of member `member`: the scenario seed for member 0, else a SplitMix64 mix of the seed
/// and the index. A factual and a counterfactual run of the same member share it.
std::uint64_t member_seed(std::uint64_t seed, int member);

}  // namespace displace::scenario
