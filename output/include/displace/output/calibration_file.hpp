#pragma once
// The calibration results file (docs/calibration.md): one HDF5 (netCDF-4 readable) file with
// every parameter set a calibration ran, each target's modelled values per seed, the
// implausibilities, the accepted (not ruled out yet) flag and the best point.
//
// Dimensions: set (parameter sets, in the order run), parameter (fitted keys), seed (runs per set
// and scenario), row (a target scored on one scenario).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace displace::output {

struct CalibrationResults {
  std::string name;              ///< the calibration's name
  std::string calibration_yaml;  ///< the calibration file as written
  std::string engine_version;
  std::string git_revision;
  std::string created_utc;
  double cutoff = 3.0;
  std::string measure;  ///< "max" or "second_max"
  double discrepancy_log10 = 0.0;
  int ranks = 1;
  int threads = 1;

  // parameter
  std::vector<std::string> parameter_key;
  std::vector<std::string> parameter_group;  ///< "" = every scenario
  std::vector<double> parameter_min;
  std::vector<double> parameter_max;
  std::vector<std::string> parameter_scale;
  // set
  std::vector<std::int32_t> set_wave;
  std::vector<double> set_values;          ///< set x parameter
  std::vector<double> set_measure;         ///< the implausibility measure over calibration rows
  std::vector<double> set_squared_error;   ///< mean squared log10 error over calibration rows
  std::vector<std::uint8_t> set_accepted;  ///< measure <= cutoff
  std::int32_t best_set = -1;
  // seed
  std::vector<std::int32_t> seed_index;
  // row
  std::vector<std::string> row_target;
  std::vector<std::string> row_event;
  std::vector<std::string> row_scenario;
  std::vector<std::string> row_role;  ///< "calibration" or "validation"
  std::vector<std::string> row_quantity;
  std::vector<std::string> row_bound;
  std::vector<double> row_observed;
  std::vector<double> row_lower;
  std::vector<double> row_upper;
  std::vector<double> row_min_implausibility;       ///< over every set the row was run for
  std::vector<std::uint8_t> row_structural_misfit;  ///< no set brings it within the cutoff
  // set x seed x row (NaN: not run for that set, e.g. a validation scenario of a ruled-out set)
  std::vector<double> modelled;
  // set x row
  std::vector<double> implausibility;
};

/// Writes the file as `<path>.partial` and renames it when complete; never leaves a file under
/// `path` unless complete. Throws InputError for an existing file without `overwrite` or a
/// missing folder, Error on write failures or inconsistent sizes.
void write_calibration_results(const std::filesystem::path& path, const CalibrationResults& results,
                               bool overwrite);

/// The parts a reader (tests, the bench) needs back.
struct CalibrationResultsSummary {
  int sets = 0;
  int parameters = 0;
  int seeds = 0;
  int rows = 0;
  std::int32_t best_set = -1;
  std::vector<std::string> parameter_key;
  std::vector<std::string> parameter_group;  ///< "" = every scenario (and in files before groups)
  std::vector<double> set_values;
  std::vector<std::uint8_t> set_accepted;
  std::vector<double> modelled;  ///< set x seed x row
  std::vector<std::uint8_t> row_structural_misfit;
  std::vector<std::string> row_target;
};
CalibrationResultsSummary read_calibration_results(const std::filesystem::path& path);

}  // namespace displace::output
