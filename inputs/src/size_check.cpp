#include "displace/inputs/size_check.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>

#include "displace/common/error.hpp"
#include "displace/engine/household_table.hpp"

namespace displace::inputs {
namespace {

std::string format_count(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f", value);
  const std::string digits = text;
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

void refuse_if_over_memory(double bytes, const std::string& what, const std::string& advice) {
  const auto available = available_memory_bytes();
  if (available && bytes > *available) {
    throw InputError(what + " needs an estimated " + format_bytes(bytes) + " of memory; " +
                     format_bytes(*available) + " is available. " + advice);
  }
}

}  // namespace

std::optional<double> available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kilobytes = 0.0;
  std::string unit;
  while (meminfo >> key >> kilobytes >> unit) {
    if (key == "MemAvailable:") return kilobytes * 1024.0;
  }
  return std::nullopt;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int unit = 0;
  while (bytes >= 1024.0 && unit < 6) {
    bytes /= 1024.0;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

void check_grid_size(const geo::GridDefinition& grid, int layers) {
  const double cells = static_cast<double>(grid.width) * static_cast<double>(grid.height);
  const double bytes =
      cells * static_cast<double>(kBytesPerCell + std::int64_t{4} * std::max(layers, 0));
  refuse_if_over_memory(bytes,
                        "the simulation grid (" + std::to_string(grid.width) + " x " +
                            std::to_string(grid.height) + " = " + format_count(cells) + " cells)",
                        "Use a coarser grid (grid.resolution) or a smaller reference layer.");
}

SizeEstimate estimate_run_size(const engine::Landscape& landscape,
                               const engine::SynthesisParameters& synthesis) {
  SizeEstimate estimate;
  estimate.cells = landscape.cell_count();
  double households = 0.0;
  double people = 0.0;
  for (const float value : landscape.population_people) {
    people += static_cast<double>(value);
    households += engine::expected_households(static_cast<double>(value), synthesis);
  }
  if (!std::isfinite(people) || !std::isfinite(households)) {
    throw InputError(
        "population layer: the people on the grid do not add up to a finite number (a value "
        "of " +
        std::to_string(people) + "?); check the layer's values and its `nodata:`");
  }
  estimate.households = households;
  std::int64_t frames = 0;
  for (const auto& event : landscape.events)
    frames += event.intensity.empty() ? 0 : 1;
  for (const auto& driver : landscape.climate)
    frames += static_cast<std::int64_t>(driver.frames.size());
  estimate.bytes =
      households * static_cast<double>(engine::HouseholdTable::bytes_per_household()) +
      static_cast<double>(estimate.cells) * static_cast<double>(kBytesPerCell + 4 * frames);
  return estimate;
}

InputError no_households_error(const engine::SynthesisParameters& synthesis) {
  std::ostringstream text;
  text << "no households to simulate: the population on the grid gives 0 simulated households "
          "(households.mean_household_size_people "
       << synthesis.mean_household_size_people << ", households.households_per_agent "
       << synthesis.households_per_agent
       << "); check the population layer (all nodata? outside the grid?) and those two keys";
  return InputError(text.str());
}

void check_run_size(const SizeEstimate& estimate, const engine::SynthesisParameters& synthesis,
                    std::ostream& log) {
  const auto available = available_memory_bytes();
  log << "size      " << format_count(static_cast<double>(estimate.cells)) << " cells, ~"
      << format_count(estimate.households) << " simulated households, estimated memory "
      << format_bytes(estimate.bytes) << " for households and grid"
      << (available ? " (" + format_bytes(*available) + " available)" : std::string()) << "\n";
  std::ostringstream scale;
  scale << "households.mean_household_size_people " << synthesis.mean_household_size_people
        << ", households.households_per_agent " << synthesis.households_per_agent;
  if (!(estimate.households > 0.0)) throw no_households_error(synthesis);
  if (estimate.households > kMaxSimulatedHouseholds) {
    throw InputError("~" + format_count(estimate.households) +
                     " simulated households is more than the limit of " +
                     format_count(kMaxSimulatedHouseholds) + " (" + scale.str() +
                     "); raise households.households_per_agent or check the population layer");
  }
  refuse_if_over_memory(estimate.bytes,
                        "the run (~" + format_count(estimate.households) +
                            " simulated households on " +
                            format_count(static_cast<double>(estimate.cells)) + " cells)",
                        "Raise households.households_per_agent (one simulated household then "
                        "stands for more real ones) or use a coarser or smaller grid.");
}

}  // namespace displace::inputs
