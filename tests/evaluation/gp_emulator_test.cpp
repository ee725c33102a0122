// The Gaussian-process emulator on known smooth functions: it interpolates deterministic training
// points, predicts held-out points within tolerance, knows where it is uncertain, standardises
// its leave-one-out errors sensibly, stays bit-identical and refuses bad input.
#include "displace/evaluation/gp_emulator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/evaluation/history_matching.hpp"

namespace displace::evaluation {
namespace {

double smooth_1d(double x) {
  return std::sin(6.0 * x) + 0.5 * x;
}

double smooth_2d(const std::vector<double>& x) {
  return std::sin(3.0 * x[0]) * std::cos(2.0 * x[1]) + x[1];
}

TEST(GpEmulator, InterpolatesASmoothFunctionAndPredictsBetweenPoints) {
  std::vector<std::vector<double>> inputs;
  std::vector<double> outputs;
  for (int i = 0; i < 12; ++i) {
    const double x = i / 11.0;
    inputs.push_back({x});
    outputs.push_back(smooth_1d(x));
  }
  const GpEmulator e = fit_gp_emulator(inputs, outputs);
  EXPECT_FALSE(e.constant);
  EXPECT_LT(e.nugget, 1e-3) << "deterministic outputs want (almost) no nugget";
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const GpPrediction p = predict(e, inputs[i]);
    EXPECT_NEAR(p.mean, outputs[i], 1e-3) << "at training point " << i;
    EXPECT_LT(p.variance, 1e-4 * e.variance) << "at training point " << i;
  }
  // Half-way between the training points.
  double far_variance = 0.0;
  for (int i = 0; i < 11; ++i) {
    const double x = (i + 0.5) / 11.0;
    const GpPrediction p = predict(e, {x});
    EXPECT_NEAR(p.mean, smooth_1d(x), 0.02) << "at " << x;
    EXPECT_LE(std::abs(p.mean - smooth_1d(x)), 3.0 * std::sqrt(p.variance) + 1e-6)
        << "the truth lies within 3 sd at " << x;
    far_variance = std::max(far_variance, p.variance);
  }
  EXPECT_GT(far_variance, predict(e, inputs[5]).variance);
  // Far outside the data, the emulator falls back to its mean with (nearly) the prior variance.
  const GpPrediction outside = predict(e, {4.0});
  EXPECT_NEAR(outside.mean, e.mean, 1e-6);
  EXPECT_GT(outside.variance, 0.9 * e.variance);
}

TEST(GpEmulator, PredictsATwoDimensionalFunctionAndLearnsWhichInputMatters) {
  std::vector<std::vector<double>> inputs;
  std::vector<double> outputs;
  const auto design = maximin_latin_hypercube(40, 2, 7);
  for (const auto& x : design) {
    inputs.push_back(x);
    outputs.push_back(smooth_2d(x));
  }
  const GpEmulator e = fit_gp_emulator(inputs, outputs);
  ASSERT_EQ(e.length_scales.size(), 2U);
  const auto held_out = maximin_latin_hypercube(50, 2, 99);
  int within = 0;
  double worst = 0.0;
  for (const auto& x : held_out) {
    const GpPrediction p = predict(e, x);
    const double error = std::abs(p.mean - smooth_2d(x));
    worst = std::max(worst, error);
    if (error <= 3.0 * std::sqrt(p.output_variance)) ++within;
  }
  EXPECT_LT(worst, 0.05);
  EXPECT_GE(within, 45) << "nearly all held-out points within 3 emulator sd";

  // A third input that does nothing gets a long length scale.
  std::vector<std::vector<double>> with_idle;
  for (const auto& x : maximin_latin_hypercube(40, 3, 11))
    with_idle.push_back(x);
  std::vector<double> y;
  for (const auto& x : with_idle)
    y.push_back(smooth_2d({x[0], x[1]}));
  const GpEmulator idle = fit_gp_emulator(with_idle, y);
  EXPECT_GT(idle.length_scales[2], 2.0 * idle.length_scales[0]);
  EXPECT_GT(idle.length_scales[2], 2.0 * idle.length_scales[1]);
}

TEST(GpEmulator, LeaveOneOutErrorsAreStandardAndFlagAWrongPoint) {
  std::vector<std::vector<double>> inputs;
  std::vector<double> outputs;
  for (const auto& x : maximin_latin_hypercube(30, 2, 3)) {
    inputs.push_back(x);
    outputs.push_back(smooth_2d(x));
  }
  const GpEmulator e = fit_gp_emulator(inputs, outputs);
  const auto errors = leave_one_out_errors(e);
  ASSERT_EQ(errors.size(), inputs.size());
  int within = 0;
  for (const double z : errors)
    if (std::abs(z) <= 3.0) ++within;
  EXPECT_GE(within, 27);

  // Corrupt one output: its leave-one-out error must stand out from the rest.
  std::vector<double> corrupted = outputs;
  corrupted[4] += 5.0;
  const GpEmulator bad = fit_gp_emulator(inputs, corrupted);
  const auto bad_errors = leave_one_out_errors(bad);
  const auto largest =
      std::max_element(bad_errors.begin(), bad_errors.end(),
                       [](double a, double b) { return std::abs(a) < std::abs(b); });
  EXPECT_EQ(largest - bad_errors.begin(), 4);
}

TEST(GpEmulator, ANoisyFunctionGetsANuggetAndDoesNotChaseTheNoise) {
  std::vector<std::vector<double>> inputs;
  std::vector<double> outputs;
  for (int i = 0; i < 40; ++i) {
    const double x = i / 39.0;
    inputs.push_back({x});
    // Deterministic "noise" of sd ~0.1 that alternates: no smooth function of x follows it.
    outputs.push_back(smooth_1d(x) + ((i % 2 == 0) ? 0.1 : -0.1));
  }
  const GpEmulator e = fit_gp_emulator(inputs, outputs);
  EXPECT_GT(e.nugget * e.variance, 0.001) << "noise variance ~0.01 estimated";
  const GpPrediction p = predict(e, {0.5});
  EXPECT_NEAR(p.mean, smooth_1d(0.5), 0.08);
  EXPECT_GT(p.output_variance, p.variance);
}

TEST(GpEmulator, SameInputsGiveBitIdenticalPredictions) {
  std::vector<std::vector<double>> inputs;
  std::vector<double> outputs;
  for (const auto& x : maximin_latin_hypercube(60, 4, 5)) {
    inputs.push_back(x);
    outputs.push_back(smooth_2d({x[0], x[2]}) + x[3] * x[1]);
  }
  const GpEmulator a = fit_gp_emulator(inputs, outputs, 25);
  const GpEmulator b = fit_gp_emulator(inputs, outputs, 25);
  EXPECT_EQ(a.length_scales, b.length_scales);
  EXPECT_EQ(a.nugget, b.nugget);
  const std::vector<double> x = {0.3, 0.6, 0.1, 0.9};
  EXPECT_EQ(predict(a, x).mean, predict(b, x).mean);
  EXPECT_EQ(predict(a, x).variance, predict(b, x).variance);
  EXPECT_EQ(leave_one_out_errors(a), leave_one_out_errors(b));
  // Many points at once agree with one at a time (up to rounding).
  Eigen::MatrixXd points(3, 4);
  points << 0.3, 0.6, 0.1, 0.9, 0.0, 0.0, 0.0, 0.0, 0.5, 0.2, 0.8, 0.4;
  const auto many = predict_many(a, points);
  ASSERT_EQ(many.size(), 3U);
  for (Eigen::Index r = 0; r < 3; ++r) {
    const auto one = predict(a, {points(r, 0), points(r, 1), points(r, 2), points(r, 3)});
    EXPECT_NEAR(many[static_cast<std::size_t>(r)].mean, one.mean, 1e-10);
    EXPECT_NEAR(many[static_cast<std::size_t>(r)].variance, one.variance, 1e-10);
  }
  // A subset of 25 for the hyperparameters, then conditioned on all 60: interpolates all.
  EXPECT_EQ(a.inputs.rows(), 60);
  EXPECT_NEAR(predict(a, inputs[59]).mean, outputs[59], 0.05);
}

TEST(GpEmulator, ConstantOutputsGiveAConstantEmulatorAndBadInputIsRefused) {
  const GpEmulator e = fit_gp_emulator({{0.1}, {0.5}, {0.9}}, {0.0, 0.0, 0.0});
  EXPECT_TRUE(e.constant);
  EXPECT_EQ(predict(e, {0.3}).mean, 0.0);
  EXPECT_EQ(predict(e, {0.3}).variance, 0.0);
  EXPECT_TRUE(leave_one_out_errors(e).empty());
  // A value the mean of its copies does not give back exactly (a target of a calibration that
  // no fitted key changes): the emulator predicts the value itself.
  const double value = 4.2599940976356585;
  std::vector<std::vector<double>> inputs;
  for (int i = 0; i < 60; ++i)
    inputs.push_back({i / 59.0});
  const GpEmulator same = fit_gp_emulator(inputs, std::vector<double>(60, value));
  EXPECT_TRUE(same.constant);
  EXPECT_EQ(predict(same, {0.25}).mean, value);
  EXPECT_THROW(fit_gp_emulator({{0.1}}, {1.0}), Error);
  EXPECT_THROW(fit_gp_emulator({{0.1}, {0.2}}, {1.0}), Error);
  EXPECT_THROW(fit_gp_emulator({{0.1}, {0.2, 0.3}}, {1.0, 2.0}), Error);
  EXPECT_THROW(fit_gp_emulator({{0.1}, {0.2}}, {1.0, std::nan("")}), Error);
}

TEST(HistoryMatching, EmulatedImplausibilityAddsTheEmulatorVariance) {
  Target t;
  t.id = "t";
  t.value = 999;   // log 3
  t.lower = 99;    // log 2
  t.upper = 9999;  // log 4: sd_obs 0.5
  // |4 - 3| / sqrt(0.25 + 0 + 0) = 2; with emulator variance 0.75: 1 / 1 = 1.
  EXPECT_NEAR(implausibility_of_mean(t, 4.0, 0.0, 0.0), 2.0, 1e-12);
  EXPECT_NEAR(implausibility_of_mean(t, 4.0, 0.75, 0.0), 1.0, 1e-12);
  // Same numbers as from runs: the mean and variance of two seeds.
  const auto runs = implausibility(t, {99, 9999}, 0.3);
  EXPECT_EQ(runs.implausibility,
            implausibility_of_mean(t, runs.model_log10,
                                   runs.ensemble_sd_log10 * runs.ensemble_sd_log10, 0.3));
  t.bound = Bound::upper;
  t.upper = 999;
  EXPECT_EQ(implausibility_of_mean(t, 2.0, 1.0, 0.1), 0.0);
  EXPECT_NEAR(implausibility_of_mean(t, 4.0, 0.75, 0.5), 1.0, 1e-12);
}

}  // namespace
}  // namespace displace::evaluation
