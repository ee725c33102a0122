#pragma once
// Reading an ensemble file (output/ensemble_file.hpp) back: its design table and each member's
// values of a recorded variable. The one reader of the format: compare, the report and score use
// it, so a member's variable reads the same everywhere (its name, dimensions, units, long_name).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "displace/output/run_reader.hpp"

namespace displace::output {

/// Whether `run` is an ensemble file (it has the design table's `member_design`).
bool is_ensemble_file(const RunReader& run);

/// Member `member` of `stacked`, a `<name>_members` variable (member, <name's dimensions>): the
/// member dimension dropped, named `name`, with the units and long_name of the member's own
/// variable (the stacked long_name without its " (every ensemble member)"). Throws InputError
/// naming the variable when it has no member axis or `member` is past its last member.
VariableData member_slice(const VariableData& stacked, std::size_t member, std::string_view name);

/// A swept scenario key of the design table, with its value at each design group.
struct SweptKey {
  std::string key;             ///< as in the scenario's sweep ("behaviour.recovery_rate_per_year")
  std::vector<double> values;  ///< one per design group
};

/// The design table and members of an open ensemble file (it reads through `run`, which must
/// outlive it).
class EnsembleReader {
 public:
  /// Reads the design table. Throws InputError naming the file when it is not an ensemble file
  /// (no member_design or design_variant), or when a member's design group is not one of the
  /// table's groups.
  explicit EnsembleReader(const RunReader& run);

  const RunReader& run() const { return *run_; }
  std::size_t member_count() const { return member_design_.size(); }
  std::size_t design_count() const { return design_variants_.size(); }
  /// The design group of each member (an index into the design table).
  const std::vector<std::size_t>& member_design() const { return member_design_; }
  /// "factual", "counterfactual", or "" (an ensemble without a pair), per design group.
  const std::vector<std::string>& design_variants() const { return design_variants_; }
  /// The sweep point of each design group (empty when the file does not record them).
  const std::vector<double>& design_points() const { return design_points_; }
  /// The swept keys named in the file's `ensemble_swept_keys` that have a `sweep_<key>` variable.
  const std::vector<SweptKey>& swept_keys() const { return swept_keys_; }
  /// The members of design group `design`, in member order.
  std::vector<std::size_t> members_of_design(std::size_t design) const;

  /// Whether the file stacks `name` over the members (`<name>_members`).
  bool has_variable(std::string_view name) const;
  /// `<name>_members` as stored: (member, <name's dimensions>). Throws InputError when absent.
  VariableData read_members(std::string_view name) const;
  /// `name` of one member (member_slice of read_members). Throws InputError when absent or when
  /// `member` is out of range.
  VariableData read_member(std::string_view name, std::size_t member) const;
  /// `<name>_quantiles` of design group `design` at quantile `q` (one of kEnsembleQuantiles, as
  /// 0.5 for the median): `name`'s dimensions, shape, units and long_name. Throws InputError
  /// when absent, or when the file holds no such design group or quantile.
  VariableData read_quantile(std::string_view name, std::size_t design, double q) const;

 private:
  const RunReader* run_;
  std::vector<std::size_t> member_design_;
  std::vector<std::string> design_variants_;
  std::vector<double> design_points_;
  std::vector<SweptKey> swept_keys_;
};

}  // namespace displace::output
