#include "displace/output/ensemble_reader.hpp"

#include <algorithm>
#include <cmath>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_file.hpp"

namespace displace::output {

namespace {

constexpr std::string_view kMemberDesign = "member_design";
constexpr std::string_view kDesignVariant = "design_variant";
constexpr std::string_view kDesignPoint = "design_point";
constexpr std::string_view kMembersSuffix = "_members";

/// `long_name` without `suffix` at its end (as is when it does not end so).
std::string without_suffix(const std::string& long_name, std::string_view suffix) {
  if (long_name.size() >= suffix.size() &&
      std::string_view(long_name).substr(long_name.size() - suffix.size()) == suffix) {
    return long_name.substr(0, long_name.size() - suffix.size());
  }
  return long_name;
}

}  // namespace

bool is_ensemble_file(const RunReader& run) {
  return run.has_variable(kMemberDesign);
}

VariableData member_slice(const VariableData& stacked, std::size_t member, std::string_view name) {
  if (stacked.shape.empty()) {
    throw InputError("variable '" + stacked.name + "' has no member dimension");
  }
  if (member >= stacked.shape.front()) {
    throw InputError("variable '" + stacked.name + "' has " +
                     std::to_string(stacked.shape.front()) + " members; no member " +
                     std::to_string(member));
  }
  VariableData slice;
  slice.name = std::string(name);
  slice.dimensions.assign(stacked.dimensions.begin() + 1, stacked.dimensions.end());
  slice.shape.assign(stacked.shape.begin() + 1, stacked.shape.end());
  std::size_t size = 1;
  for (const std::size_t s : slice.shape)
    size *= s;
  const auto first = stacked.values.begin() + static_cast<std::ptrdiff_t>(member * size);
  slice.values.assign(first, first + static_cast<std::ptrdiff_t>(size));
  slice.units = stacked.units;
  slice.long_name = without_suffix(stacked.long_name, kMembersLongNameSuffix);
  return slice;
}

EnsembleReader::EnsembleReader(const RunReader& run) : run_(&run) {
  const std::string file = run.path().string();
  if (!run.has_variable(kMemberDesign) || !run.has_variable(kDesignVariant)) {
    throw InputError(file + ": not an ensemble file (no " + std::string(kMemberDesign) + " and " +
                     std::string(kDesignVariant) + ")");
  }
  design_variants_ = run.read_strings(kDesignVariant);
  if (run.has_variable(kDesignPoint)) design_points_ = run.read(kDesignPoint).values;
  for (const double design : run.read(kMemberDesign).values) {
    if (!(design >= 0.0) || design != std::floor(design) ||
        design >= static_cast<double>(design_variants_.size())) {
      throw InputError(file + ": member_design " + std::to_string(design) +
                       " is not one of the file's " + std::to_string(design_variants_.size()) +
                       " design groups");
    }
    member_design_.push_back(static_cast<std::size_t>(design));
  }
  // "behaviour.recovery_rate_per_year, ..." with one sweep_variable_name(key) per key.
  const std::string keys = run.text_attribute("ensemble_swept_keys").value_or("");
  for (std::size_t begin = 0; begin < keys.size();) {
    std::size_t end = keys.find(", ", begin);
    if (end == std::string::npos) end = keys.size();
    const std::string key = keys.substr(begin, end - begin);
    const std::string variable = sweep_variable_name(key);
    if (run.has_variable(variable)) swept_keys_.push_back({key, run.read(variable).values});
    begin = end + 2;
  }
}

std::vector<std::size_t> EnsembleReader::members_of_design(std::size_t design) const {
  std::vector<std::size_t> members;
  for (std::size_t m = 0; m < member_design_.size(); ++m) {
    if (member_design_[m] == design) members.push_back(m);
  }
  return members;
}

bool EnsembleReader::has_variable(std::string_view name) const {
  return run_->has_variable(std::string(name) + std::string(kMembersSuffix));
}

VariableData EnsembleReader::read_members(std::string_view name) const {
  return run_->read(std::string(name) + std::string(kMembersSuffix));
}

VariableData EnsembleReader::read_member(std::string_view name, std::size_t member) const {
  const VariableData stacked = read_members(name);
  try {
    return member_slice(stacked, member, name);
  } catch (const InputError& e) {
    throw InputError(run_->path().string() + ": " + e.what());
  }
}

VariableData EnsembleReader::read_quantile(std::string_view name, std::size_t design,
                                           double q) const {
  const std::string variable = std::string(name) + "_quantiles";
  const VariableData stored = run_->read(variable);
  const std::string where = run_->path().string() + ": variable '" + variable + "'";
  const auto found = std::find(kEnsembleQuantiles.begin(), kEnsembleQuantiles.end(), q);
  const auto quantile = static_cast<std::size_t>(found - kEnsembleQuantiles.begin());
  if (stored.shape.size() < 2 || found == kEnsembleQuantiles.end() || quantile >= stored.shape[1]) {
    throw InputError(where + " holds no quantile " + std::to_string(q));
  }
  if (design >= stored.shape[0]) {
    throw InputError(where + " has " + std::to_string(stored.shape[0]) +
                     " design groups; no design group " + std::to_string(design));
  }
  VariableData slice;
  slice.name = std::string(name);
  slice.dimensions.assign(stored.dimensions.begin() + 2, stored.dimensions.end());
  slice.shape.assign(stored.shape.begin() + 2, stored.shape.end());
  std::size_t size = 1;
  for (const std::size_t s : slice.shape)
    size *= s;
  const auto first = stored.values.begin() +
                     static_cast<std::ptrdiff_t>((design * stored.shape[1] + quantile) * size);
  slice.values.assign(first, first + static_cast<std::ptrdiff_t>(size));
  slice.units = stored.units;
  slice.long_name = without_suffix(stored.long_name, kQuantilesLongNameSuffix);
  return slice;
}

}  // namespace displace::output
