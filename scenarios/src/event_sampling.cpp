#include "displace/scenario/event_sampling.hpp"

#include <algorithm>
#include <cmath>

#include "displace/engine/rng.hpp"

namespace displace::scenario {
namespace {

/// The SplitMix64 step: the golden-ratio increment, then engine/rng.hpp's finaliser.
std::uint64_t splitmix(std::uint64_t z) {
  return engine::mix64(z + 0x9e3779b97f4a7c15ULL);
}

/// Uniform double in [0, 1) keyed by (seed, a, b). Only for the yearly event set, never inside
/// the step (the step draws with engine::uniform, keyed by household, step and purpose).
double keyed_uniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  return engine::unit_interval(splitmix(splitmix(splitmix(seed) ^ a) ^ b));
}

/// FNV-1a: a hash of a name that is the same on every platform and run (std::hash is not).
std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char ch : text) {
    h ^= static_cast<unsigned char>(ch);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Poisson draw by inversion from a keyed uniform (small means only: events per year).
int keyed_poisson(double mean, std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  const double u = keyed_uniform(seed, a, b);
  double p = std::exp(-mean);
  double cumulative = p;
  int k = 0;
  while (u > cumulative && k < 1000) {
    ++k;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

}  // namespace

std::vector<SampledEvent> sample_events(const EventSampling& sampling, std::uint64_t seed,
                                        std::string_view layer_name, std::size_t pool_size) {
  std::vector<SampledEvent> events;
  if (!(sampling.events_per_year > 0.0) || pool_size == 0) return events;
  const std::uint64_t layer_key = stable_hash(layer_name);
  for (int year = sampling.first_year; year <= sampling.last_year; ++year) {
    const auto y = static_cast<std::uint64_t>(year);
    const int count = keyed_poisson(sampling.events_per_year, seed, layer_key, y << 8);
    for (int e = 0; e < count; ++e) {
      const auto e64 = static_cast<std::uint64_t>(e);
      const auto pick = static_cast<std::size_t>(
          keyed_uniform(seed, layer_key, (y << 8) + 2 * e64 + 1) * static_cast<double>(pool_size));
      const auto day =
          static_cast<std::int64_t>(keyed_uniform(seed, layer_key, (y << 8) + 2 * e64 + 2) *
                                    (is_leap_year(year) ? 366 : 365));
      events.push_back({year, e, std::min(pick, pool_size - 1),
                        date_from_days(days_since_epoch(CivilDate{year, 1, 1}) + day)});
    }
  }
  return events;
}

}  // namespace displace::scenario
