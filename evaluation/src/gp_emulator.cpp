// The evaluation library is built without OpenMP, so Eigen's products here run on one thread and
// their rounding never depends on a thread count.
#include "displace/evaluation/gp_emulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "displace/common/error.hpp"

namespace displace::evaluation {
namespace {

constexpr double kMinLogLength = -3.912023005428146;   // log(0.02)
constexpr double kMaxLogLength = 2.995732273553991;    // log(20)
constexpr double kMinLogNugget = -18.420680743952367;  // log(1e-8)
constexpr double kMaxLogNugget = 0.0;                  // log(1)
constexpr double kJitter = 1e-10;                      // added to the diagonal always
constexpr int kMaxEvaluations = 400;

/// The squared-exponential correlation of two points: exp(-sum_j ((a_j - b_j) / l_j)^2).
double correlation(const Eigen::Ref<const Eigen::RowVectorXd>& a,
                   const Eigen::Ref<const Eigen::RowVectorXd>& b,
                   const Eigen::VectorXd& inverse_length) {
  double s = 0.0;
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    const double t = (a(j) - b(j)) * inverse_length(j);
    s += t * t;
  }
  return std::exp(-s);
}

Eigen::VectorXd inverse_lengths(const std::vector<double>& length_scales) {
  Eigen::VectorXd inverse(static_cast<Eigen::Index>(length_scales.size()));
  for (std::size_t j = 0; j < length_scales.size(); ++j)
    inverse(static_cast<Eigen::Index>(j)) = 1.0 / length_scales[j];
  return inverse;
}

/// The state of the emulator for given hyperparameters on points x with outputs y.
struct Conditioned {
  bool ok = false;
  double log_likelihood = -std::numeric_limits<double>::infinity();
  double beta = 0.0;
  double sigma2 = 0.0;
  Eigen::MatrixXd lower;
  Eigen::VectorXd alpha;
  Eigen::VectorXd inverse_ones;
  double ones_inverse_ones = 0.0;
};

Conditioned condition(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                      const std::vector<double>& length_scales, double nugget) {
  Conditioned c;
  const Eigen::Index n = x.rows();
  const Eigen::VectorXd inverse = inverse_lengths(length_scales);
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    a(i, i) = 1.0 + nugget + kJitter;
    for (Eigen::Index k = 0; k < i; ++k) {
      const double r = correlation(x.row(i), x.row(k), inverse);
      a(i, k) = r;
      a(k, i) = r;
    }
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(a);
  if (llt.info() != Eigen::Success) return c;
  c.lower = llt.matrixL();
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
  c.inverse_ones = llt.solve(ones);
  const Eigen::VectorXd inverse_y = llt.solve(y);
  c.ones_inverse_ones = ones.dot(c.inverse_ones);
  if (!(c.ones_inverse_ones > 0.0)) return c;
  c.beta = ones.dot(inverse_y) / c.ones_inverse_ones;
  c.alpha = inverse_y - c.beta * c.inverse_ones;
  const Eigen::VectorXd residual = y - c.beta * ones;
  c.sigma2 = residual.dot(c.alpha) / static_cast<double>(n);
  if (!(c.sigma2 > 0.0) || !std::isfinite(c.sigma2)) return c;
  double log_det = 0.0;
  for (Eigen::Index i = 0; i < n; ++i)
    log_det += 2.0 * std::log(c.lower(i, i));
  c.log_likelihood = -0.5 * static_cast<double>(n) * std::log(c.sigma2) - 0.5 * log_det;
  c.ok = std::isfinite(c.log_likelihood);
  return c;
}

/// Up to `count` of the rows of x, spread out: the first row, then repeatedly the row farthest
/// from those chosen (ties to the lowest index).
std::vector<Eigen::Index> farthest_points(const Eigen::MatrixXd& x, Eigen::Index count) {
  const Eigen::Index n = x.rows();
  std::vector<Eigen::Index> chosen;
  if (n <= count) {
    for (Eigen::Index i = 0; i < n; ++i)
      chosen.push_back(i);
    return chosen;
  }
  Eigen::VectorXd nearest = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::infinity());
  Eigen::Index next = 0;
  while (static_cast<Eigen::Index>(chosen.size()) < count) {
    chosen.push_back(next);
    Eigen::Index best = -1;
    double best_distance = -1.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      nearest(i) = std::min(nearest(i), (x.row(i) - x.row(next)).squaredNorm());
      if (nearest(i) > best_distance) {
        best_distance = nearest(i);
        best = i;
      }
    }
    next = best;
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<double> lengths_of(const std::vector<double>& theta) {
  std::vector<double> lengths(theta.size() - 1);
  for (std::size_t j = 0; j + 1 < theta.size(); ++j)
    lengths[j] = std::exp(theta[j]);
  return lengths;
}

}  // namespace

GpEmulator fit_gp_emulator(const std::vector<std::vector<double>>& inputs,
                           const std::vector<double>& outputs, int max_fit_points) {
  const std::size_t n = inputs.size();
  if (n != outputs.size()) {
    throw Error("emulator: " + std::to_string(n) + " input rows but " +
                std::to_string(outputs.size()) + " outputs");
  }
  if (n < 2) throw Error("emulator: needs at least 2 points, got " + std::to_string(n));
  const std::size_t d = inputs.front().size();
  if (d == 0) throw Error("emulator: inputs have no coordinate");
  GpEmulator e;
  e.inputs.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  e.outputs.resize(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (inputs[i].size() != d) {
      throw Error("emulator: input row " + std::to_string(i) + " has " +
                  std::to_string(inputs[i].size()) + " coordinates, not " + std::to_string(d));
    }
    if (!std::isfinite(outputs[i])) {
      throw Error("emulator: output " + std::to_string(i) + " is not a finite number");
    }
    for (std::size_t j = 0; j < d; ++j)
      e.inputs(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = inputs[i][j];
    e.outputs(static_cast<Eigen::Index>(i)) = outputs[i];
  }
  e.length_scales.assign(d, 1.0);
  const double lowest = e.outputs.minCoeff();
  const double highest = e.outputs.maxCoeff();
  if (highest - lowest <= 1e-12 * std::max(1.0, std::abs(highest))) {
    e.constant = true;
    e.mean = e.outputs(0);  // the value itself: the mean of n copies may differ in the last bit
    return e;
  }

  // Hyperparameters on a spread-out subset.
  const auto subset = farthest_points(e.inputs, std::max(2, max_fit_points));
  Eigen::MatrixXd x_fit(static_cast<Eigen::Index>(subset.size()), e.inputs.cols());
  Eigen::VectorXd y_fit(static_cast<Eigen::Index>(subset.size()));
  for (std::size_t i = 0; i < subset.size(); ++i) {
    x_fit.row(static_cast<Eigen::Index>(i)) = e.inputs.row(subset[i]);
    y_fit(static_cast<Eigen::Index>(i)) = e.outputs(subset[i]);
  }
  // theta = (log l_1 .. log l_d, log nugget); start at l = sqrt(d) / 2, nugget 1e-3.
  std::vector<double> theta(d + 1, std::log(0.5 * std::sqrt(static_cast<double>(d))));
  theta[d] = std::log(1e-3);
  const auto score = [&](const std::vector<double>& t) {
    return condition(x_fit, y_fit, lengths_of(t), std::exp(t[d])).log_likelihood;
  };
  double best = score(theta);
  int evaluations = 1;
  double step = 1.0;
  while (step >= 0.1 && evaluations < kMaxEvaluations) {
    bool improved = false;
    for (std::size_t k = 0; k <= d && evaluations < kMaxEvaluations; ++k) {
      const double low = k < d ? kMinLogLength : kMinLogNugget;
      const double high = k < d ? kMaxLogLength : kMaxLogNugget;
      for (const double direction : {1.0, -1.0}) {
        std::vector<double> trial = theta;
        trial[k] = std::clamp(theta[k] + direction * step, low, high);
        if (trial[k] == theta[k]) continue;
        const double value = score(trial);
        ++evaluations;
        if (value > best + 1e-9) {
          best = value;
          theta = std::move(trial);
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2.0;
  }

  // Condition on every point; if the factorisation fails (points closer than the length scales
  // resolve), raise the nugget until it succeeds.
  e.length_scales = lengths_of(theta);
  e.nugget = std::exp(theta[d]);
  Conditioned c = condition(e.inputs, e.outputs, e.length_scales, e.nugget);
  while (!c.ok && e.nugget < 1.0) {
    e.nugget = std::max(e.nugget * 10.0, 1e-8);
    c = condition(e.inputs, e.outputs, e.length_scales, e.nugget);
  }
  if (!c.ok) {
    throw Error("emulator: the correlation matrix of " + std::to_string(n) +
                " points cannot be factorised even with a nugget of 1");
  }
  e.mean = c.beta;
  e.variance = c.sigma2;
  e.log_likelihood = c.log_likelihood;
  e.lower = std::move(c.lower);
  e.weights = std::move(c.alpha);
  e.inverse_ones = std::move(c.inverse_ones);
  e.ones_inverse_ones = c.ones_inverse_ones;
  return e;
}

std::vector<GpPrediction> predict_many(const GpEmulator& e, const Eigen::MatrixXd& points) {
  const Eigen::Index m = points.rows();
  std::vector<GpPrediction> predictions(static_cast<std::size_t>(m));
  if (e.constant) {
    for (auto& p : predictions)
      p.mean = e.mean;
    return predictions;
  }
  if (points.cols() != e.inputs.cols()) {
    throw Error("emulator: points have " + std::to_string(points.cols()) +
                " coordinates, the emulator " + std::to_string(e.inputs.cols()));
  }
  const Eigen::Index n = e.inputs.rows();
  const Eigen::VectorXd inverse = inverse_lengths(e.length_scales);
  Eigen::MatrixXd r(n, m);
  for (Eigen::Index c = 0; c < m; ++c)
    for (Eigen::Index i = 0; i < n; ++i)
      r(i, c) = correlation(e.inputs.row(i), points.row(c), inverse);
  const Eigen::MatrixXd v = e.lower.triangularView<Eigen::Lower>().solve(r);
  for (Eigen::Index c = 0; c < m; ++c) {
    GpPrediction& p = predictions[static_cast<std::size_t>(c)];
    p.mean = e.mean + r.col(c).dot(e.weights);
    const double u = 1.0 - e.inverse_ones.dot(r.col(c));
    const double share = 1.0 - v.col(c).squaredNorm() + u * u / e.ones_inverse_ones;
    p.variance = e.variance * std::max(0.0, share);
    p.output_variance = p.variance + e.variance * e.nugget;
  }
  return predictions;
}

GpPrediction predict(const GpEmulator& e, const std::vector<double>& x) {
  Eigen::MatrixXd point(1, static_cast<Eigen::Index>(x.size()));
  for (std::size_t j = 0; j < x.size(); ++j)
    point(0, static_cast<Eigen::Index>(j)) = x[j];
  return predict_many(e, point).front();
}

std::vector<double> leave_one_out_errors(const GpEmulator& e) {
  std::vector<double> errors;
  if (e.constant) return errors;
  const Eigen::Index n = e.inputs.rows();
  const Eigen::MatrixXd inverse_lower =
      e.lower.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
  // diag(A^-1)_i = ||column i of L^-1||^2; LOO residual alpha_i / diag_i, variance sigma^2 /
  // diag_i.
  for (Eigen::Index i = 0; i < n; ++i) {
    const double diagonal = inverse_lower.col(i).squaredNorm();
    errors.push_back(e.weights(i) / std::sqrt(e.variance * diagonal));
  }
  return errors;
}

}  // namespace displace::evaluation
