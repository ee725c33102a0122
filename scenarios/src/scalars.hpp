#pragma once
// Locale-independent reading and writing of scalar text (std::from_chars / std::to_chars), so a
// scenario means the same under a German or French locale as under "C".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "displace/common/edit_distance.hpp"

namespace displace::scenario::detail {

/// A finite decimal number ("0.55", "-3", "1e-3", "+2"); nullopt otherwise (also for "0,55").
std::optional<double> parse_number(std::string_view text);
/// A whole number in int64 range ("42", "-7", "+3"); nullopt otherwise ("4.0", "1e3").
std::optional<std::int64_t> parse_integer(std::string_view text);
/// true/false (also True/TRUE/False/FALSE); nullopt otherwise.
std::optional<bool> parse_boolean(std::string_view text);
/// Shortest text that reads back to exactly `value` ("0.55", "20000", "1e-07").
std::string format_number(double value);

/// The candidate closest to `word` when it is close enough to be a likely typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace displace::scenario::detail
