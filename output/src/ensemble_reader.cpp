#include "displace/output/ensemble_reader.hpp"

#include <cmath>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_file.hpp"

namespace displace::output {

namespace {

constexpr std::string_view kMemberDesign = "member_design";
constexpr std::string_view kDesignVariant = "design_variant";
constexpr std::string_view kDesignPoint = "design_point";
constexpr std::string_view kMembersSuffix = "_members";

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
  slice.long_name = stacked.long_name;
  const std::string_view suffix = kMembersLongNameSuffix;
  if (slice.long_name.size() >= suffix.size() &&
      std::string_view(slice.long_name).substr(slice.long_name.size() - suffix.size()) == suffix) {
    slice.long_name.resize(slice.long_name.size() - suffix.size());
  }
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

}  // namespace displace::output
