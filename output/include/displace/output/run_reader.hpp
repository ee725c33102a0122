#pragma once
// Reading a finished run file back (for compare, export and tests). Refuses anything that is not a
// complete displace run: a foreign HDF5 file, a ".partial" file, or a run without completion mark.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "displace/output/run_writer.hpp"

namespace displace::output {

/// One variable as plain values in row-major (C) order, with its dimension names.
struct VariableData {
  std::string name;
  std::vector<std::string> dimensions;  ///< one name per axis ("" for a scalar's none)
  std::vector<std::size_t> shape;
  std::vector<double> values;
  std::string units;
  std::string long_name;

  /// Flat index of a multi-dimensional position (one index per dimension).
  std::size_t index_of(const std::vector<std::size_t>& position) const;
};

/// One further admin level of a run (a group of the file, see schema.hpp).
struct AdminLevelAxes {
  std::string group;  ///< "admin_2"; its variables read as "admin_2/<name>"
  int level = 0;
  std::string layer;                    ///< scenario layer it came from
  std::vector<std::string> unit_codes;  ///< dimension unit (of origin)
  std::vector<std::string> unit_names;
  std::vector<std::string> current_ids;  ///< dimension current: unit codes then external names
  std::vector<std::string> current_names;
};

/// What a run file's axes mean.
struct RunFileLayout {
  std::vector<std::string> region_codes;
  std::vector<std::string> region_names;
  std::vector<std::string> place_ids;    ///< region codes then external names
  std::vector<std::string> place_names;  ///< region names then external names
  std::vector<std::string> step_dates;   ///< ISO start date of each recorded step
  std::vector<std::string> map_dates;    ///< ISO start date of each step with maps
  std::vector<int> map_steps;            ///< step index of each map
  double step_length_years = 0.0;
  int duration_bins = 0;
  bool has_flows = false;
  bool has_flows_people = false;          ///< flows_people (people moved, origin x destination)
  bool has_displacements_people = false;  ///< displacements_people (region x cause)
  std::vector<std::string> displacement_causes;  ///< labels of displacement_cause, when present
  std::vector<std::string>
      hazard_names;  ///< labels of uninhabitable_people_by_hazard's hazard axis
  std::vector<std::string> shelter_names;           ///< shelter sites, when the run has any
  std::vector<double> shelter_capacity_households;  ///< per shelter site (real households)
  bool has_protected = false;  ///< protected_households / protected_people (by home region)
  RunGrid grid;                ///< width/height 0 when the run has no maps
  std::vector<AdminLevelAxes> admin_levels;  ///< by level, coarsest first; may be empty
};

/// An open, complete run file.
class RunReader {
 public:
  /// Throws InputError naming the file if it is missing, not HDF5, not a displace run (no
  /// displace attributes), a newer format, or incomplete (".partial", or no completion mark).
  explicit RunReader(std::filesystem::path path);
  ~RunReader();
  RunReader(RunReader&&) noexcept;
  RunReader& operator=(RunReader&&) noexcept;
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  const std::filesystem::path& path() const;
  const RunFileLayout& layout() const;
  /// Provenance as recorded (started_utc included; see ended_utc()).
  const Provenance& provenance() const;
  std::string ended_utc() const;

  /// Every variable (HDF5 dataset) in the file, coordinates included, sorted by name; those of an
  /// admin level's group as "<group>/<name>".
  std::vector<std::string> variable_names() const;
  bool has_variable(std::string_view name) const;
  /// A numeric variable converted to double. Throws InputError naming the file and listing the
  /// variables when absent.
  VariableData read(std::string_view name) const;
  /// A 1-D string variable (a label coordinate such as status or region_name). Throws InputError
  /// naming the file when absent or not strings.
  std::vector<std::string> read_strings(std::string_view name) const;
  /// A global text attribute, nullopt when absent.
  std::optional<std::string> text_attribute(std::string_view name) const;
  /// A global numeric attribute, nullopt when absent.
  std::optional<double> number_attribute(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace displace::output
