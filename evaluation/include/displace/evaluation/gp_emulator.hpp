#pragma once
// A Gaussian-process emulator of one scalar simulator output over inputs in the unit cube [0, 1]^d
// (docs/calibration.md, "Emulator-based waves"): a constant mean estimated by generalised least
// squares, a squared-exponential correlation with one length scale per input, and a nugget for
// the simulator's stochasticity (the outputs are means over seeds, so they carry noise). The
// length scales and the nugget maximise the profile log marginal likelihood, found by a
// deterministic pattern search in their logarithms on at most `max_fit_points` of the points (a
// farthest-point subset); the emulator is then conditioned on every point.
//
// References: Rasmussen & Williams (2006), Gaussian Processes for Machine Learning, MIT Press
// (chapters 2 and 5: prediction, marginal likelihood, leave-one-out in closed form, eq. 5.12);
// Vernon, Goldstein & Bower (2010), Galaxy formation: a Bayesian uncertainty analysis, Bayesian
// Analysis 5(4); Andrianakis et al. (2015), Bayesian history matching of complex infectious
// disease models using emulation, PLoS Comput. Biol. 11(1):e1003968.
//
// Pure arithmetic: no random numbers, no shared state; a fitted emulator is immutable, so
// `predict` may be called from many threads at once. Same inputs give bit-identical results.
#include <Eigen/Dense>
#include <vector>

namespace displace::evaluation {

/// A fitted emulator. `constant` is set when every output is the same value (within 1e-12 of
/// it, relative): it then predicts the first output with zero variance (nothing to learn, nothing
/// uncertain on the evidence).
struct GpEmulator {
  bool constant = false;
  double mean = 0.0;                  ///< the GLS constant mean (beta)
  double variance = 0.0;              ///< the process variance sigma^2 (profile estimate)
  double nugget = 0.0;                ///< nugget as a share of sigma^2 (noise variance / sigma^2)
  std::vector<double> length_scales;  ///< one per input, in unit-cube units
  double log_likelihood = 0.0;        ///< profile log marginal likelihood at the optimum
  Eigen::MatrixXd inputs;             ///< n x d training inputs
  Eigen::VectorXd weights;            ///< A^-1 (y - beta 1), A = R + nugget I
  Eigen::MatrixXd lower;              ///< Cholesky factor L of A
  Eigen::VectorXd inverse_ones;       ///< A^-1 1
  double ones_inverse_ones = 0.0;     ///< 1' A^-1 1
  Eigen::VectorXd outputs;            ///< the training outputs
};

/// The emulator's belief about the simulator's mean output at one point.
struct GpPrediction {
  double mean = 0.0;
  /// Variance of the mean function (without the nugget): ~0 at a training point when the nugget
  /// is ~0, up to sigma^2 (plus the mean's own uncertainty) far from every point.
  double variance = 0.0;
  /// Variance of a new simulator output there: `variance` + nugget * sigma^2.
  double output_variance = 0.0;
};

/// Fits the emulator to n points (`inputs`: n rows of d coordinates in [0, 1], `outputs`: n
/// values). Needs n >= 2 finite outputs and rows of one size; throws Error otherwise.
GpEmulator fit_gp_emulator(const std::vector<std::vector<double>>& inputs,
                           const std::vector<double>& outputs, int max_fit_points = 300);

/// Predicts at `x` (d coordinates).
GpPrediction predict(const GpEmulator& emulator, const std::vector<double>& x);

/// Predicts at every row of `points` (m x d) at once (one triangular solve with m right-hand
/// sides): the predictions of `predict` one by one, up to rounding (the same `points` always give
/// the same bits).
std::vector<GpPrediction> predict_many(const GpEmulator& emulator, const Eigen::MatrixXd& points);

/// Leave-one-out standardised errors at the training points, in closed form with the
/// hyperparameters and mean held (Rasmussen & Williams eq. 5.12): (y_i - mu_-i) / sd_-i. A
/// well-calibrated emulator has about 95% of them within +-2 and nearly all within +-3. Empty
/// for a constant emulator.
std::vector<double> leave_one_out_errors(const GpEmulator& emulator);

}  // namespace displace::evaluation
