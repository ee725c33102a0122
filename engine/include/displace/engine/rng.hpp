#pragma once
// Counter-based random numbers: every draw is a pure function of (seed, household id, step,
// purpose, draw index). There is no generator object and no state shared between threads, so a
// household's draws do not depend on which thread handles it or on how many threads run.
//
// The mixing function is the SplitMix64 finaliser (Steele, Lea & Flood 2014; the output stage of
// Java's SplittableRandom), applied twice: once to (seed key, id) and once more to the counter.
#include <cmath>
#include <cstdint>

#include "displace/common/mix64.hpp"

namespace displace::engine {

/// What a draw is for. Each purpose is an independent stream; never reuse a value for two uses.
enum class Purpose : std::uint32_t {
  household_count = 1,  ///< rounding of households per cell (id = cell index)
  household_size = 2,
  household_wealth = 3,  ///< two normals (draws 0..1) shared by wealth and income
  household_flags = 4,   ///< draws 0..5: agriculture, female-headed, children, elderly, disability
  household_fragility = 5,
  household_kin = 6,         ///< draw 0: kin region yes/no, 1: which region, 2+e: kin at external e
  adaptation_uptake = 10,    ///< draw = policy index
  evacuation = 11,           ///< early-warning compliance
  aspiration = 12,           ///< migration wish
  trapped_persistence = 13,  ///< does a trapped wish survive this step
  relocation_uptake = 14,    ///< draw = policy index
  destination_sample = 15,   ///< draws 0..n-1: alias-table samples, draw 0xfff0: the logit choice
  return_home = 16,
  protracted_conversion = 17,
  lottery = 18,                ///< ordering key for capacity-limited resources
  exposure_slot = 19,          ///< step 0: the household's sub-grid exposure slot in its cell
  entry_right = 20,            ///< step 0, draw = external: may the household enter it
  services_displacement = 21,  ///< leaving a standing home for lost services
};

using displace::mix64;  // common/mix64.hpp: the SplitMix64 finaliser
using displace::unit_interval;

/// The per-run key derived from the user's seed (computed once per run).
constexpr std::uint64_t seed_key(std::uint64_t seed) {
  return mix64(seed ^ 0x243f6a8885a308d3ULL);
}

/// The first half of random_bits, which depends on (key, id) only: a household that needs several
/// draws computes it once and passes it to stream_bits / stream_uniform (the same bits as
/// random_bits / uniform, one mix64 fewer per draw).
constexpr std::uint64_t household_stream(std::uint64_t key, std::uint64_t id) {
  return mix64(key ^ (id * 0x9e3779b97f4a7c15ULL));
}

/// 64 random bits for (stream = household_stream(key, id), step, purpose, draw).
constexpr std::uint64_t stream_bits(std::uint64_t stream, std::uint32_t step, Purpose purpose,
                                    std::uint32_t draw = 0) {
  const std::uint64_t counter = (static_cast<std::uint64_t>(step) << 32) |
                                (static_cast<std::uint64_t>(purpose) << 16) |
                                static_cast<std::uint64_t>(draw & 0xffffu);
  return mix64(stream + counter * 0xd1b54a32d192ed03ULL);
}

/// 64 random bits for (key, id, step, purpose, draw). step < 2^32, purpose < 2^16, draw < 2^16.
constexpr std::uint64_t random_bits(std::uint64_t key, std::uint64_t id, std::uint32_t step,
                                    Purpose purpose, std::uint32_t draw = 0) {
  return stream_bits(household_stream(key, id), step, purpose, draw);
}

/// A uniform draw on [0, 1) for (key, id, step, purpose, draw).
constexpr double uniform(std::uint64_t key, std::uint64_t id, std::uint32_t step, Purpose purpose,
                         std::uint32_t draw = 0) {
  return unit_interval(random_bits(key, id, step, purpose, draw));
}

/// A uniform draw on [0, 1) for (stream = household_stream(key, id), step, purpose, draw).
constexpr double stream_uniform(std::uint64_t stream, std::uint32_t step, Purpose purpose,
                                std::uint32_t draw = 0) {
  return unit_interval(stream_bits(stream, step, purpose, draw));
}

/// A standard normal from two uniform draws (Box-Muller; draws `draw` and `draw + 1`).
inline double standard_normal(std::uint64_t key, std::uint64_t id, std::uint32_t step,
                              Purpose purpose, std::uint32_t draw = 0) {
  const double u1 = 1.0 - uniform(key, id, step, purpose, draw);  // (0, 1]
  const double u2 = uniform(key, id, step, purpose, draw + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace displace::engine
