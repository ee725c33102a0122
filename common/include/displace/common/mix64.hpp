#pragma once
// The mixing function of every counter-based draw (engine/rng.hpp for households, storms/ for
// forecast members, scenarios/ for sampled events): the SplitMix64 finaliser (Steele, Lea & Flood
// 2014; the output stage of Java's SplittableRandom). Here, below every module that draws, so that
// none keeps a copy of its own.
#include <cstdint>

namespace displace {

/// SplitMix64 finaliser: a bijective 64-bit mixer with full avalanche.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Maps 64 random bits to a double uniform on [0, 1) with 53 random bits.
constexpr double unit_interval(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace displace
