#include "displace/engine/parameter_ranges.hpp"

#include <charconv>
#include <optional>
#include <string>

#include "displace/common/error.hpp"

namespace displace::engine {

namespace {

std::string format_bound(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::string ParameterRange::describe() const {
  const std::string low = (min_exclusive ? "> " : ">= ") + format_bound(min);
  const std::string high = (max_exclusive ? "< " : "<= ") + format_bound(max);
  if (has_min() && has_max()) {
    if (!min_exclusive && !max_exclusive) return format_bound(min) + " .. " + format_bound(max);
    return low + " and " + high;
  }
  if (has_min()) return low;
  if (has_max()) return high;
  return "any";
}

ParameterRange parameter_range(std::string_view name) {
  std::optional<ParameterRange> found;
  const ModelParameters defaults;
  for_each_parameter_range(
      defaults, [&](std::string_view parameter, const auto&, const ParameterRange& range) {
        if (parameter == name) found = range;
      });
  if (!found) throw Error("engine: no model parameter named '" + std::string(name) + "'");
  return *found;
}

}  // namespace displace::engine
