#pragma once
// Private to engine/src: the index and enum conversions every phase uses (signed household and
// cell indices into std::vector, enums into their stored bytes).
#include <cstddef>
#include <cstdint>

#include "displace/engine/household_table.hpp"
#include "displace/engine/status.hpp"

namespace displace::engine {

inline std::size_t at(std::int64_t i) {
  return static_cast<std::size_t>(i);
}
inline std::size_t at32(std::int32_t i) {
  return static_cast<std::size_t>(i);
}
constexpr std::uint8_t u8(Status s) {
  return static_cast<std::uint8_t>(s);
}
constexpr std::uint8_t u8(Intent s) {
  return static_cast<std::uint8_t>(s);
}

}  // namespace displace::engine
