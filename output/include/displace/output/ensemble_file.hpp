#pragma once
// The ensemble file: many member runs of one scenario in one HDF5 (netCDF-4) file.
//
// It is a complete run file of member 0 (so `displace compare/export`, xarray and QGIS read it as
// one run), plus, for every recorded variable V (a variable with a time, map_time or duration
// dimension):
//   V_members   (member, <V's dimensions>)            every member's values
//   V_quantiles (design, quantile, <V's dimensions>)  5%, 50%, 95% over the members of each
//                                                      design group (linear interpolation between
//                                                      order statistics, numpy's default)
// and the design table: member_seed, member_design (member); design_variant, design_point and
// one sweep_<key> per swept key (design). A design group is one sweep point under one variant
// ("factual", "counterfactual", or "" without a pair).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace displace::output {

/// What the long_name of `V_members` adds to V's own (output/ensemble_reader.hpp takes it off).
inline constexpr std::string_view kMembersLongNameSuffix = " (every ensemble member)";
/// What the long_name of `V_quantiles` adds to V's own.
inline constexpr std::string_view kQuantilesLongNameSuffix = " (quantiles over members)";
/// The quantiles `V_quantiles` holds, in its `quantile` order.
inline constexpr std::array<double, 3> kEnsembleQuantiles = {0.05, 0.5, 0.95};

/// The design-table variable of a swept scenario key: "sweep_" + key with dots as underscores
/// ("behaviour.recovery_rate_per_year" -> "sweep_behaviour_recovery_rate_per_year").
std::string sweep_variable_name(const std::string& key);

struct EnsembleDesignGroup {
  std::string variant;  ///< "factual", "counterfactual", or "" for an ensemble without a pair
  int point = 0;        ///< sweep point index
  std::vector<std::pair<std::string, double>> sweep_values;  ///< swept key -> value
};

struct EnsembleMemberRun {
  std::filesystem::path run_file;  ///< a complete member run file
  std::uint64_t seed = 0;
  int design = 0;  ///< index into the design groups
};

/// Writes the ensemble file at `path` (as `<path>.partial`, renamed when complete) from finished
/// member run files, the first of which becomes the base run. All members must share the layout
/// (grid, regions, steps). Throws InputError for an existing file without `overwrite`, Error on
/// write failures; never leaves a file under `path` unless complete.
/// `scenario_yaml` (when not empty) replaces the base run's resolved scenario text, so the file
/// records the scenario with its `ensemble:` block.
void write_ensemble_file(const std::filesystem::path& path,
                         const std::vector<EnsembleDesignGroup>& designs,
                         const std::vector<EnsembleMemberRun>& members, bool overwrite,
                         const std::string& scenario_yaml = "", int ranks = 1);

/// Quantile `q` (0..1) of `values` with linear interpolation between order statistics (numpy's
/// default "linear" method); NaN if any value is NaN or `values` is empty. Sorts `values`.
double linear_quantile(std::vector<double>& values, double q);

}  // namespace displace::output
