// gp_emulator_bench: times the Gaussian-process emulator of design.emulator
// (evaluation/gp_emulator.hpp) at the sizes a calibration wave meets: fitting to n training sets
// in d dimensions (hyperparameters on at most 200 of them, then conditioned on all), the
// leave-one-out errors, and predicting at a pool of candidates. The training outputs are a smooth
// synthetic response (a sum of sines, one per input at its own frequency). Prints one line per n:
// `n d candidates fit_s loo_s predict_s nugget`, plus the process CPU time of each step
// (`*_cpu_s`), which on a loaded machine says more than the wall clock. bench/README.md has the
// figures. One thread: calibrate fits its targets' emulators side by side, one each.
//
//   gp_emulator_bench [--d D] [--candidates M] [--sizes n1,n2,...]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <string>
#include <vector>

#include "displace/evaluation/gp_emulator.hpp"
#include "displace/evaluation/history_matching.hpp"

namespace {

double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

double wall_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace displace::evaluation;
  int d = 14;
  int candidates = 4000;
  std::vector<int> sizes = {160, 500, 1000};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    const std::string value = argv[i + 1];
    if (option == "--d") {
      d = std::stoi(value);
    } else if (option == "--candidates") {
      candidates = std::stoi(value);
    } else if (option == "--sizes") {
      sizes.clear();
      std::istringstream list(value);
      std::string item;
      while (std::getline(list, item, ','))
        sizes.push_back(std::stoi(item));
    } else {
      std::fprintf(stderr, "gp_emulator_bench: unknown option %s\n", option.c_str());
      return 2;
    }
  }
  const auto pool = maximin_latin_hypercube(candidates, d, 9);
  Eigen::MatrixXd points(candidates, d);
  for (int i = 0; i < candidates; ++i)
    for (int j = 0; j < d; ++j)
      points(i, j) = pool[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  for (const int n : sizes) {
    const auto inputs = maximin_latin_hypercube(n, d, 3);
    std::vector<double> outputs;
    for (const auto& x : inputs) {
      double y = 0.0;
      for (int j = 0; j < d; ++j)
        y += std::sin(3.0 * x[static_cast<std::size_t>(j)] * (j + 1) / d);
      outputs.push_back(y);
    }
    auto start = std::chrono::steady_clock::now();
    double cpu = cpu_seconds();
    const GpEmulator emulator = fit_gp_emulator(inputs, outputs, 200);
    const double fit_s = wall_since(start);
    const double fit_cpu_s = cpu_seconds() - cpu;
    start = std::chrono::steady_clock::now();
    cpu = cpu_seconds();
    const auto loo = leave_one_out_errors(emulator);
    const double loo_s = wall_since(start);
    const double loo_cpu_s = cpu_seconds() - cpu;
    start = std::chrono::steady_clock::now();
    cpu = cpu_seconds();
    const auto predictions = predict_many(emulator, points);
    const double predict_s = wall_since(start);
    const double predict_cpu_s = cpu_seconds() - cpu;
    std::printf(
        "n=%d d=%d candidates=%d fit_s=%.3f fit_cpu_s=%.3f loo_s=%.3f loo_cpu_s=%.3f "
        "predict_s=%.3f predict_cpu_s=%.3f nugget=%.3g loo_points=%zu\n",
        n, d, candidates, fit_s, fit_cpu_s, loo_s, loo_cpu_s, predict_s, predict_cpu_s,
        emulator.nugget, loo.size());
    if (predictions.size() != static_cast<std::size_t>(candidates)) return 1;
  }
  return 0;
}
