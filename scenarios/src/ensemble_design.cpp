#include "displace/scenario/ensemble_design.hpp"

#include <cstdio>
#include <numeric>

#include "displace/engine/rng.hpp"
#include "scalars.hpp"

namespace displace::scenario {
namespace {

constexpr std::uint64_t kDesignStream = 0x4c48535f64657369ULL;  // "LHS_desi"

/// A uniform draw on [0, 1) for the sweep design (its own stream, independent of the run's).
double design_uniform(std::uint64_t seed, std::uint64_t parameter, std::uint32_t draw) {
  const std::uint64_t key = engine::seed_key(seed ^ kDesignStream);
  return engine::uniform(key, parameter, 0, engine::Purpose::lottery, draw);
}

}  // namespace

std::vector<std::string> DesignPoint::overrides() const {
  std::vector<std::string> result;
  for (const auto& [key, value] : values) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    result.push_back(key + "=" + text);
  }
  return result;
}

std::vector<DesignPoint> sweep_design(const EnsembleSpec& ensemble, std::uint64_t seed) {
  const auto& parameters = ensemble.sweep;
  if (parameters.empty()) return {DesignPoint{}};
  std::vector<DesignPoint> points;
  if (ensemble.method == SweepMethod::grid) {
    std::vector<std::vector<double>> values;
    std::size_t count = 1;
    for (const auto& parameter : parameters) {
      std::vector<double> numbers;
      for (const auto& text : parameter.values)
        numbers.push_back(detail::parse_number(text).value_or(0.0));
      count *= numbers.size();
      values.push_back(std::move(numbers));
    }
    for (std::size_t n = 0; n < count; ++n) {
      DesignPoint point;
      std::size_t rest = n;
      std::vector<double> chosen(parameters.size());
      for (std::size_t j = parameters.size(); j-- > 0;) {  // last parameter varies fastest
        chosen[j] = values[j][rest % values[j].size()];
        rest /= values[j].size();
      }
      for (std::size_t j = 0; j < parameters.size(); ++j)
        point.values.emplace_back(parameters[j].key, chosen[j]);
      points.push_back(std::move(point));
    }
    return points;
  }
  const auto samples = static_cast<std::size_t>(ensemble.samples);
  points.resize(samples);
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    // A random permutation of the strata (Fisher-Yates, draws keyed by parameter and position).
    std::vector<std::size_t> stratum(samples);
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    for (std::size_t i = samples; i-- > 1;) {
      const auto pick = static_cast<std::size_t>(
          design_uniform(seed, j, static_cast<std::uint32_t>(i)) * static_cast<double>(i + 1));
      std::swap(stratum[i], stratum[std::min(pick, i)]);
    }
    const double low = parameters[j].min.value_or(0.0);
    const double high = parameters[j].max.value_or(1.0);
    for (std::size_t i = 0; i < samples; ++i) {
      const double within = design_uniform(seed, j, static_cast<std::uint32_t>(samples + i));
      const double u = (static_cast<double>(stratum[i]) + within) / static_cast<double>(samples);
      points[i].values.emplace_back(parameters[j].key, low + u * (high - low));
    }
  }
  return points;
}

std::uint64_t member_seed(std::uint64_t seed, int member) {
  if (member == 0) return seed;
  return engine::mix64(engine::seed_key(seed) +
                       std::uint64_t{0x9e3779b97f4a7c15ULL} * static_cast<unsigned>(member));
}

}  // namespace displace::scenario
