// History matching's arithmetic against hand-computed cases: the implausibility of estimates and
// bounds, the measure, the Latin hypercube's strata and the refocusing kernel's box.
#include "displace/evaluation/history_matching.hpp"

#include <sstream>

#include "displace/common/error.hpp"
#include "displace/evaluation/fit_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace displace::evaluation {
namespace {

Target estimate(double value, double lower, double upper) {
  Target t;
  t.id = "t";
  t.value = value;
  t.lower = lower;
  t.upper = upper;
  return t;
}

TEST(HistoryMatching, EstimateImplausibilityByHand) {
  // Observed 999 in [99, 9999]: log10(1 + x) = 3 in [2, 4], so sd_obs = (4 - 2) / 4 = 0.5.
  const Target t = estimate(999, 99, 9999);
  EXPECT_DOUBLE_EQ(observation_sd_log10(t), 0.5);
  // Two seeds give 99 and 9999: mean log10(1 + x) = 3, sample sd = sqrt(2) -> I = 0.
  auto r = implausibility(t, {99, 9999}, 0.0);
  EXPECT_DOUBLE_EQ(r.model_log10, 3.0);
  EXPECT_NEAR(r.ensemble_sd_log10, std::sqrt(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(r.implausibility, 0.0);
  // One seed at 99999 (log 5), no discrepancy: |5 - 3| / 0.5 = 4.
  r = implausibility(t, {99999}, 0.0);
  EXPECT_DOUBLE_EQ(r.ensemble_sd_log10, 0.0);
  EXPECT_NEAR(r.implausibility, 2.0 / 0.5, 1e-12);
  EXPECT_NEAR(r.squared_error, 4.0, 1e-12);
  // The discrepancy adds to the variance: sqrt(0.5^2 + 1.2^2) = 1.3.
  r = implausibility(t, {99999}, 1.2);
  EXPECT_NEAR(r.implausibility, 2.0 / 1.3, 1e-12);
}

TEST(HistoryMatching, ZeroIsFiniteOnTheLogScale) {
  const Target t = estimate(9, 9, 9);  // an exact observation: sd_obs = 0
  EXPECT_DOUBLE_EQ(log10_scale(0.0), 0.0);
  EXPECT_DOUBLE_EQ(log10_scale(9.0), 1.0);
  const auto r = implausibility(t, {0.0}, 0.25);  // |0 - 1| / 0.25
  EXPECT_NEAR(r.implausibility, 4.0, 1e-12);
  // Nothing to absorb a miss: infinitely implausible; a hit: 0.
  EXPECT_TRUE(std::isinf(implausibility(t, {0.0}, 0.0).implausibility));
  EXPECT_DOUBLE_EQ(implausibility(t, {9.0}, 0.0).implausibility, 0.0);
}

TEST(HistoryMatching, BoundsCountOnlyWhenNotMet) {
  Target upper = estimate(999, 0, 999);  // at most 999: log 3
  upper.bound = Bound::upper;
  EXPECT_DOUBLE_EQ(observation_sd_log10(upper), 0.0);
  EXPECT_DOUBLE_EQ(implausibility(upper, {500}, 0.1).implausibility, 0.0);
  EXPECT_DOUBLE_EQ(implausibility(upper, {500}, 0.1).squared_error, 0.0);
  // 9999 (log 4) is 1 above the bound; only the model's variance (discrepancy 0.5) counts.
  auto r = implausibility(upper, {9999}, 0.5);
  EXPECT_NEAR(r.implausibility, 2.0, 1e-12);
  EXPECT_NEAR(r.squared_error, 1.0, 1e-12);

  Target lower = estimate(99, 99, std::numeric_limits<double>::infinity());  // at least 99
  lower.bound = Bound::lower;
  EXPECT_DOUBLE_EQ(implausibility(lower, {1000}, 0.1).implausibility, 0.0);
  r = implausibility(lower, {9}, 0.25);  // log 1 is 1 below log 2
  EXPECT_NEAR(r.implausibility, 4.0, 1e-12);
}

TEST(HistoryMatching, MeasureIsTheLargestOrTheSecondLargest) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_DOUBLE_EQ(kth_largest({1.0, 5.0, nan, 3.0}, 1), 5.0);
  EXPECT_DOUBLE_EQ(kth_largest({1.0, 5.0, nan, 3.0}, 2), 3.0);
  EXPECT_DOUBLE_EQ(kth_largest({4.0}, 2), 4.0) << "fewer values than the rank: the smallest";
  EXPECT_DOUBLE_EQ(kth_largest({}, 1), 0.0);
}

TEST(HistoryMatching, LeastImplausibleBreaksTiesBySquaredError) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Sets 0..4 share the largest implausibility (one unreachable target); 5 is better; 6 is
  // unscored.
  const std::vector<double> measure = {9, 9, 9, 9, 9, 2, nan};
  const std::vector<double> squared = {0.8, 0.3, nan, 0.1, 0.3, 5.0, 0.0};
  EXPECT_EQ(evaluation::least_implausible(measure, squared, 4),
            (std::vector<std::size_t>{5, 3, 1, 4}))
      << "ties go to the smaller squared error, then the earlier set";
  EXPECT_EQ(evaluation::least_implausible(measure, squared, 99),
            (std::vector<std::size_t>{5, 3, 1, 4, 0, 2, 6}));
  EXPECT_THROW((void)evaluation::least_implausible(measure, {1.0}, 2), Error);
}

TEST(HistoryMatching, LatinHypercubeHasOnePointPerStratumAndIsReproducible) {
  const int n = 37;
  const auto points = maximin_latin_hypercube(n, 3, 11);
  ASSERT_EQ(points.size(), static_cast<std::size_t>(n));
  for (std::size_t j = 0; j < 3; ++j) {
    std::vector<int> strata;
    for (const auto& p : points) {
      ASSERT_GE(p[j], 0.0);
      ASSERT_LT(p[j], 1.0);
      strata.push_back(static_cast<int>(p[j] * n));
    }
    std::sort(strata.begin(), strata.end());
    for (int i = 0; i < n; ++i)
      EXPECT_EQ(strata[static_cast<std::size_t>(i)], i);
  }
  EXPECT_EQ(points, maximin_latin_hypercube(n, 3, 11));
  EXPECT_NE(points, maximin_latin_hypercube(n, 3, 12));
}

TEST(HistoryMatching, MaximinSpreadsPointsBetterThanOneRandomHypercube) {
  const auto smallest_distance = [](const std::vector<std::vector<double>>& points) {
    double smallest = 1e9;
    for (std::size_t a = 0; a < points.size(); ++a)
      for (std::size_t b = a + 1; b < points.size(); ++b)
        smallest = std::min(smallest,
                            std::hypot(points[a][0] - points[b][0], points[a][1] - points[b][1]));
    return smallest;
  };
  const auto chosen = maximin_latin_hypercube(30, 2, 5, 20);
  const auto single = maximin_latin_hypercube(30, 2, 5, 1);  // the first candidate alone
  EXPECT_GE(smallest_distance(chosen), smallest_distance(single));
}

TEST(HistoryMatching, RefocusStaysInTheBoxNearTheCentres) {
  const std::vector<std::vector<double>> centres = {{0.50, 0.98}, {0.52, 0.97}, {0.49, 0.99}};
  const auto points = refocus(centres, 200, 3, 1);
  ASSERT_EQ(points.size(), 200u);
  double mean_x = 0.0;
  for (const auto& p : points) {
    for (const double v : p) {
      EXPECT_GE(v, 0.0);
      EXPECT_LE(v, 1.0);
    }
    mean_x += p[0] / 200.0;
  }
  EXPECT_NEAR(mean_x, 0.503, 0.03);
  EXPECT_EQ(points, refocus(centres, 200, 3, 1));
  EXPECT_NE(points, refocus(centres, 200, 3, 2)) << "each wave draws its own numbers";
  // A single centre still spreads (the minimum step).
  const auto one = refocus({{0.5, 0.5}}, 50, 3, 1);
  EXPECT_NE(one.front(), one.back());
}

TEST(FitReport, ParametersPressingOnTheirPriorAreNamed) {
  // Log scale: 0.5 .. 5 spans ln 10; 1% of it is a factor 1.023 from a bound.
  const FittedParameter at_low{"households.fragility_mean", "log", 0.5, 5.0, 0.5};
  const FittedParameter near_low{"a", "log", 0.5, 5.0, 0.51};
  const FittedParameter inside{"b", "log", 0.5, 5.0, 0.52};
  const FittedParameter at_high{"c", "linear", -4.0, 3.0, 2.95};
  const FittedParameter middle{"d", "linear", -4.0, 3.0, 0.0};
  EXPECT_TRUE(at_prior_bound(at_low));
  EXPECT_TRUE(at_prior_bound(near_low));
  EXPECT_FALSE(at_prior_bound(inside));
  EXPECT_TRUE(at_prior_bound(at_high));
  EXPECT_FALSE(at_prior_bound(middle));
  FitReport report;
  report.parameters = {at_low, middle, at_high};
  std::ostringstream text;
  write_fit_report(report, text);
  EXPECT_NE(text.str().find("**At a prior bound** (the best value within 1% of the prior range "
                            "of a bound): `households.fragility_mean`, `c`."),
            std::string::npos)
      << text.str();
  report.parameters = {middle};
  std::ostringstream none;
  write_fit_report(report, none);
  EXPECT_EQ(none.str().find("At a prior bound"), std::string::npos);
}

}  // namespace
}  // namespace displace::evaluation
