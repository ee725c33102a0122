#pragma once
// A calibration file (docs/calibration.md): which scenarios to run (one per event, normally),
// the observations, which targets are held out for validation, the parameters to fit with their
// prior ranges, the history-matching design and where the results go. Read with the same schema
// machinery as scenarios, so every problem is "file:line:column: key.path: message".
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "displace/scenario/scenario.hpp"

namespace displace::scenario {

enum class ParameterScale { linear, log };

/// One fitted key with its prior range (sampled uniformly on `scale`).
struct CalibrationParameter {
  std::string key;  ///< a key ensembles can sweep: numeric households.*, behaviour.*, policies.N.*
  double min = 0.0;
  double max = 0.0;
  ParameterScale scale = ParameterScale::linear;
  /// Empty: the key is fitted for every scenario (except those of a group that fits the same key
  /// on its own). Otherwise only for the scenarios that list this group (`scenarios[].groups`).
  std::string group;
};

/// Where an item of a list was written ("file:line:column"), for errors found later (a target id
/// the observations do not have).
struct Located {
  std::string value;
  std::string where;
};

/// One scenario of the calibration and the events whose targets it is scored on.
struct CalibrationScenario {
  std::filesystem::path path;   ///< absolute
  std::vector<Located> events;  ///< event ids; empty = every target
  std::vector<Located> groups;  ///< named groups, for parameters fitted to some scenarios only
  Scenario scenario;            ///< loaded and validated (filled by load_calibration)
};

/// How a parameter set's implausibilities over the calibration targets are summarised.
enum class ImplausibilityMeasure { max, second_max };

struct CalibrationDesign {
  int initial = 200;    ///< parameter sets of the space-filling first wave
  int waves = 3;        ///< refocusing waves after the first
  int per_wave = 200;   ///< parameter sets per refocusing wave
  int seeds = 3;        ///< runs per parameter set and scenario (common random numbers)
  double cutoff = 3.0;  ///< implausibility cut-off
  ImplausibilityMeasure measure = ImplausibilityMeasure::max;
  double discrepancy_log10 = 0.1;  ///< model discrepancy, standard deviation in log10 units
  std::uint64_t seed = 1;          ///< the design's random numbers
  /// Choose each refocusing wave's sets with Gaussian-process emulators of the targets (fitted to
  /// every set run so far) instead of the kernel around the sets not ruled out.
  bool emulator = false;
};

struct CalibrationOutputs {
  std::filesystem::path path;      ///< the HDF5 results file (absolute)
  std::filesystem::path scenario;  ///< the calibrated scenario (absolute); empty = none
  std::filesystem::path report;    ///< the fit report, markdown (absolute); empty = none
};

struct CalibrationSpec {
  std::string name;
  std::string description;
  std::filesystem::path source_file;  ///< absolute
  std::string text;                   ///< the file as written (recorded in the results)
  std::vector<CalibrationScenario> scenarios;
  std::filesystem::path observations;      ///< absolute
  std::vector<Located> validation_events;  ///< targets of these events validate
  std::vector<Located> validation_ids;     ///< these targets validate
  std::vector<CalibrationParameter> parameters;
  CalibrationDesign design;
  CalibrationOutputs outputs;
};

/// Reads and checks a calibration file, then loads every scenario it names and checks each
/// parameter key against them (a sweepable numeric key whose min and max the scenario accepts).
/// Throws ScenarioError (load.hpp) listing every problem found.
CalibrationSpec load_calibration(const std::filesystem::path& file);

/// Whether parameter `p` of `spec` sets its key in scenario `s`: a grouped parameter in the
/// scenarios of its group; an ungrouped one in every scenario where no grouped parameter of the
/// same key applies (the group's own value replaces the general one there).
bool parameter_applies(const CalibrationSpec& spec, std::size_t p, std::size_t s);

/// "key" or "key (group NAME)": how a fitted parameter is named in logs and reports.
std::string parameter_label(const CalibrationParameter& parameter);

/// The reference of the calibration file's keys (generated from the same declarations).
std::string calibration_reference_markdown();

/// A scenario that `extends` `original` (path written relative to `output`'s folder) and sets
/// `values` (key path -> value): the fitted scenario, ready to run. Keys inside the `policies`
/// list are written by copying the original's composed list with the values set (a list is
/// replaced, not merged, by `extends`). Its name gets "-calibrated" and its outputs.path the
/// original's file name with "-calibrated" before the extension. `comment` lines open the file.
std::string calibrated_scenario_yaml(const Scenario& original, const std::filesystem::path& output,
                                     const std::vector<std::pair<std::string, double>>& values,
                                     const std::string& comment);

}  // namespace displace::scenario
