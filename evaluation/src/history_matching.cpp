#include "displace/evaluation/history_matching.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "displace/common/error.hpp"
#include "displace/engine/rng.hpp"

namespace displace::evaluation {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::uint64_t kDesignStream = 0x63616c6962726174ULL;  // "calibrat"

/// A uniform draw on [0, 1) keyed by (seed, stream, index, draw): independent of the runs' draws.
double draw_uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                    std::uint32_t draw) {
  const std::uint64_t key = engine::seed_key(seed ^ kDesignStream ^ engine::mix64(stream));
  return engine::uniform(key, index, static_cast<std::uint32_t>(draw >> 16u),
                         engine::Purpose::lottery, draw & 0xffffu);
}

double draw_normal(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                   std::uint32_t draw) {
  const std::uint64_t key = engine::seed_key(seed ^ kDesignStream ^ engine::mix64(stream));
  return engine::standard_normal(key, index, static_cast<std::uint32_t>(draw >> 16u),
                                 engine::Purpose::lottery, draw & 0xffffu);
}

double ratio_or_infinity(double numerator, double denominator) {
  if (numerator <= 0.0) return 0.0;
  if (denominator <= 0.0) return kInfinity;
  return numerator / denominator;
}

}  // namespace

double log10_scale(double value) {
  return std::log10(1.0 + std::max(0.0, value));
}

double observation_sd_log10(const Target& target) {
  if (target.bound != Bound::estimate) return 0.0;
  return (log10_scale(target.upper) - log10_scale(target.lower)) / 4.0;
}

namespace {

/// How far the model (log10 scale) is from an estimate, or beyond an unmet bound (0 when met).
double distance_to(const Target& target, double model_log10) {
  switch (target.bound) {
    case Bound::estimate:
      return std::abs(model_log10 - log10_scale(target.value));
    case Bound::upper:
      return std::max(0.0, model_log10 - log10_scale(target.upper));
    case Bound::lower:
      return std::max(0.0, log10_scale(target.lower) - model_log10);
  }
  return 0.0;
}

}  // namespace

TargetImplausibility implausibility(const Target& target, const std::vector<double>& modelled,
                                    double discrepancy_sd_log10) {
  if (modelled.empty()) throw Error("implausibility: no modelled value");
  TargetImplausibility result;
  double sum = 0.0;
  for (const double value : modelled)
    sum += log10_scale(value);
  const double n = static_cast<double>(modelled.size());
  result.model_log10 = sum / n;
  if (modelled.size() > 1) {
    double squares = 0.0;
    for (const double value : modelled) {
      const double d = log10_scale(value) - result.model_log10;
      squares += d * d;
    }
    result.ensemble_sd_log10 = std::sqrt(squares / (n - 1.0));
  }
  const double distance = distance_to(target, result.model_log10);
  result.implausibility = implausibility_of_mean(
      target, result.model_log10, result.ensemble_sd_log10 * result.ensemble_sd_log10,
      discrepancy_sd_log10);
  result.squared_error = distance * distance;
  return result;
}

double implausibility_of_mean(const Target& target, double model_log10, double model_variance_log10,
                              double discrepancy_sd_log10) {
  double variance = model_variance_log10 + discrepancy_sd_log10 * discrepancy_sd_log10;
  if (target.bound == Bound::estimate) {
    const double sd = observation_sd_log10(target);
    variance += sd * sd;
  }
  return ratio_or_infinity(distance_to(target, model_log10), std::sqrt(variance));
}

double kth_largest(const std::vector<double>& values, int rank) {
  std::vector<double> present;
  for (const double v : values)
    if (!std::isnan(v)) present.push_back(v);
  if (present.empty()) return 0.0;
  std::sort(present.begin(), present.end(), std::greater<>());
  const auto index =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(rank, 1)) - 1, present.size() - 1);
  return present[index];
}

std::vector<std::vector<double>> maximin_latin_hypercube(int n, int d, std::uint64_t seed,
                                                         int candidates) {
  if (n < 1 || d < 1) throw Error("latin hypercube: needs n >= 1 and d >= 1");
  const auto count = static_cast<std::size_t>(n);
  const auto dims = static_cast<std::size_t>(d);
  // Keep the search affordable for large designs: about 2e8 distance terms in all.
  const double work =
      static_cast<double>(count) * static_cast<double>(count) * static_cast<double>(dims);
  const int tries = std::max(1, std::min(candidates, static_cast<int>(2e8 / std::max(1.0, work))));
  std::vector<std::vector<double>> best;
  double best_distance = -1.0;
  for (int c = 0; c < tries; ++c) {
    std::vector<std::vector<double>> points(count, std::vector<double>(dims));
    for (std::size_t j = 0; j < dims; ++j) {
      std::vector<std::size_t> stratum(count);
      std::iota(stratum.begin(), stratum.end(), std::size_t{0});
      const std::uint64_t stream =
          static_cast<std::uint64_t>(c) * std::uint64_t{1000003} + std::uint64_t{j};
      for (std::size_t i = count; i-- > 1;) {  // Fisher-Yates
        const auto pick =
            static_cast<std::size_t>(draw_uniform(seed, stream, i, 0) * static_cast<double>(i + 1));
        std::swap(stratum[i], stratum[std::min(pick, i)]);
      }
      for (std::size_t i = 0; i < count; ++i) {
        points[i][j] = (static_cast<double>(stratum[i]) + draw_uniform(seed, stream, i, 1)) /
                       static_cast<double>(count);
      }
    }
    double smallest = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < count && smallest > best_distance; ++a) {
      for (std::size_t b = a + 1; b < count; ++b) {
        double s = 0.0;
        for (std::size_t j = 0; j < dims; ++j) {
          const double diff = points[a][j] - points[b][j];
          s += diff * diff;
        }
        smallest = std::min(smallest, s);
      }
    }
    if (smallest > best_distance) {
      best_distance = smallest;
      best = std::move(points);
    }
  }
  return best;
}

std::vector<std::size_t> least_implausible(const std::vector<double>& measure,
                                           const std::vector<double>& squared_error,
                                           std::size_t keep) {
  if (squared_error.size() != measure.size()) {
    throw Error("least_implausible: " + std::to_string(measure.size()) + " measures but " +
                std::to_string(squared_error.size()) + " squared errors");
  }
  // a before b, NaN (a set not scored) after every number.
  const auto nan_last = [](double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return !std::isnan(a) && std::isnan(b);
    return a < b;
  };
  std::vector<std::size_t> order(measure.size());
  for (std::size_t s = 0; s < order.size(); ++s)
    order[s] = s;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (nan_last(measure[a], measure[b])) return true;
    if (nan_last(measure[b], measure[a])) return false;
    return nan_last(squared_error[a], squared_error[b]);
  });
  order.resize(std::min(keep, order.size()));
  return order;
}

std::vector<std::vector<double>> refocus(const std::vector<std::vector<double>>& centres, int n,
                                         std::uint64_t seed, std::uint64_t stream, double min_sd) {
  if (centres.empty()) throw Error("refocus: no centres");
  const auto dims = static_cast<Eigen::Index>(centres.front().size());
  const auto m = static_cast<Eigen::Index>(centres.size());
  Eigen::MatrixXd x(m, dims);
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < dims; ++j)
      x(i, j) = centres[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(dims, dims);
  if (m > 1) {
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const Eigen::MatrixXd centred = x.rowwise() - mean;
    covariance = centred.transpose() * centred / static_cast<double>(m - 1);
  }
  covariance *= 2.0;
  for (Eigen::Index j = 0; j < dims; ++j)
    covariance(j, j) = std::max(covariance(j, j), min_sd * min_sd);
  Eigen::LLT<Eigen::MatrixXd> cholesky(covariance);
  Eigen::MatrixXd lower;
  if (cholesky.info() == Eigen::Success) {
    lower = cholesky.matrixL();
  } else {  // degenerate (collinear centres): independent steps with the same variances
    lower = covariance.diagonal().cwiseSqrt().asDiagonal();
  }
  std::vector<std::vector<double>> points;
  points.reserve(static_cast<std::size_t>(std::max(n, 0)));
  Eigen::VectorXd z(dims);
  for (int p = 0; p < n; ++p) {
    const auto index = static_cast<std::uint64_t>(p);
    const auto centre = std::min(
        static_cast<std::size_t>(draw_uniform(seed, stream, index, 0) * static_cast<double>(m)),
        centres.size() - 1);
    Eigen::VectorXd candidate(dims);
    bool inside = false;
    for (std::uint32_t attempt = 0; attempt < 100 && !inside; ++attempt) {
      for (Eigen::Index j = 0; j < dims; ++j) {
        z(j) = draw_normal(
            seed, stream, index,
            2u + 2u * (attempt * static_cast<std::uint32_t>(dims) + static_cast<std::uint32_t>(j)));
      }
      candidate = lower * z;
      inside = true;
      for (Eigen::Index j = 0; j < dims; ++j) {
        candidate(j) += centres[centre][static_cast<std::size_t>(j)];
        if (candidate(j) < 0.0 || candidate(j) > 1.0) inside = false;
      }
    }
    std::vector<double> point(static_cast<std::size_t>(dims));
    for (Eigen::Index j = 0; j < dims; ++j)
      point[static_cast<std::size_t>(j)] = std::clamp(candidate(j), 0.0, 1.0);
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace displace::evaluation
