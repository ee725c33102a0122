#pragma once
// History matching evaluated directly on the simulator (docs/calibration.md): the implausibility
// of a parameter set for one observed target, the measure held against the cut-off, and the
// designs that spread parameter sets over the prior box (a maximin Latin hypercube) and refocus
// them on the sets not ruled out yet (a Gaussian kernel, as ABC-SMC's perturbation kernel).
//
// References: Vernon, Goldstein & Bower (2010), Galaxy formation: a Bayesian uncertainty analysis,
// Bayesian Analysis 5(4); Andrianakis et al. (2015), Bayesian history matching of complex
// infectious disease models using emulation, PLoS Comput. Biol. 11(1):e1003968; Morris & Mitchell
// (1995), Exploratory designs for computational experiments, J. Stat. Plan. Inference 43:381-402;
// Toni et al. (2009), Approximate Bayesian computation scheme for parameter inference and model
// selection in dynamical systems, J. R. Soc. Interface 6:187-202; Beaumont et al. (2009),
// Adaptive approximate Bayesian computation, Biometrika 96(4):983-990.
//
// Everything here is engine-independent arithmetic on numbers; all values are in the log10(1 + x)
// scale, so a count of zero is finite and factors count alike for small and large targets.
#include <cstdint>
#include <vector>

#include "displace/evaluation/observations.hpp"

namespace displace::evaluation {

/// log10(1 + x): the scale every comparison is made on.
double log10_scale(double value);

/// Standard deviation of an observation in log10(1 + x) units: for an estimate, a quarter of the
/// width of its interval (the interval read as +-2 standard deviations); 0 for a bound.
double observation_sd_log10(const Target& target);

/// One target against one parameter set's runs (one value per seed).
struct TargetImplausibility {
  double implausibility = 0.0;     ///< >= 0; +inf when the model misses with zero variance
  double model_log10 = 0.0;        ///< mean over the seeds of log10(1 + modelled)
  double ensemble_sd_log10 = 0.0;  ///< sample standard deviation over the seeds (0 for one seed)
  /// The squared log10 error: (model - observed)^2 for an estimate, the squared distance to the
  /// bound for a bound that is not met, 0 for one that is.
  double squared_error = 0.0;
};

/// I = |m - z| / sqrt(sd_obs^2 + sd_ens^2 + discrepancy^2) for an estimate (m: mean of
/// log10(1 + modelled) over the seeds, z: log10(1 + observed)); for an upper (lower) bound 0 when
/// m is at most (at least) the bound, else the distance to the bound over
/// sqrt(sd_ens^2 + discrepancy^2). `modelled` must not be empty.
TargetImplausibility implausibility(const Target& target, const std::vector<double>& modelled,
                                    double discrepancy_sd_log10);

/// The same implausibility for a model value known only by its mean `model_log10` and the variance
/// `model_variance_log10` around it (an emulator's prediction: its variance plus the seeds'):
/// I = |m - z| / sqrt(sd_obs^2 + model variance + discrepancy^2) for an estimate, the distance to
/// an unmet bound over sqrt(model variance + discrepancy^2) for a bound (Vernon et al. 2010, eq.
/// 5).
double implausibility_of_mean(const Target& target, double model_log10, double model_variance_log10,
                              double discrepancy_sd_log10);

/// The `rank`-th largest value (1 = the maximum, 2 = the second largest); the smallest value when
/// there are fewer than `rank`; 0 for none. NaN values (targets not run) are skipped.
double kth_largest(const std::vector<double>& values, int rank);

/// The indices of the `keep` least implausible sets (fewer when there are fewer sets), best first:
/// by `measure`, and where measures tie (one target no set can reach dominates every set's
/// maximum) by `squared_error`, then by index. NaN sorts last in both. `squared_error` must have
/// the size of `measure`.
std::vector<std::size_t> least_implausible(const std::vector<double>& measure,
                                           const std::vector<double>& squared_error,
                                           std::size_t keep);

/// `n` points in the unit cube [0, 1)^d: the Latin hypercube (one point per 1/n stratum of every
/// coordinate) with the largest smallest distance between two points among `candidates` random
/// ones (Morris & Mitchell's maximin criterion). Random numbers are counter-based, keyed by `seed`.
std::vector<std::vector<double>> maximin_latin_hypercube(int n, int d, std::uint64_t seed,
                                                         int candidates = 20);

/// `n` new points in [0, 1]^d around `centres` (the parameter sets not ruled out yet, in unit
/// coordinates): each picks a centre at random and adds a Gaussian step whose covariance is twice
/// the centres' sample covariance (Beaumont et al. 2009), each variance at least `min_sd`^2;
/// steps that leave the box are redrawn (up to 100 times, then clamped). `stream` separates the
/// draws of successive waves.
std::vector<std::vector<double>> refocus(const std::vector<std::vector<double>>& centres, int n,
                                         std::uint64_t seed, std::uint64_t stream,
                                         double min_sd = 0.02);

}  // namespace displace::evaluation
