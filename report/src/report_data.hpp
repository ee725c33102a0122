#pragma once
// What the report shows, read from run files: the scenario in facts, headline figures (median and
// 5-95% for ensembles, the paired difference when a counterfactual exists), per-region rows, the
// status series and the maps. Separate from the HTML so that each can be checked on its own.
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "displace/output/compare.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/shelter_summary.hpp"
#include "displace/scenario/facts.hpp"
#include "svg.hpp"

namespace displace::report {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

/// The scenario as recorded in the run file (`scenario_yaml`), read by the scenario module.
using scenario::HazardFact;
using scenario::PolicyFact;
using scenario::ScenarioFacts;

/// A figure: the value (median over the runs of an ensemble), and its 5-95% range (NaN for one
/// run).
struct Summary {
  double value = kNoValue, low = kNoValue, high = kNoValue;
};

struct Headline {
  std::string key;     ///< message "metric.<key>" and the HTML data-key
  std::string detail;  ///< a name from the run shown after the message (data-key "<key>.<detail>")
  Summary main;
  std::optional<Summary> due;  ///< factual - counterfactual, when the file has a pair
};

struct RegionRow {
  std::string code, name;
  double people = kNoValue;
  double peak_displaced = kNoValue, people_months = kNoValue, evacuated = kNoValue,
         migrated = kNoValue, displacements_people = kNoValue;
  double people_months_due = kNoValue;
};

struct StatusSeries {
  std::string status;  ///< message "status.<status>"
  std::vector<double> median, low, high;
};

struct MapData {
  bool present = false;  ///< the run has this map variable
  std::string date;      ///< ISO date of the map shown
  GridValues values, background;
  bool median = false;  ///< median over the members of an ensemble
};

/// The DTM-style table of the finest admin level (docs/output-format.md, groups admin_<level>):
/// displaced or evacuated people by unit of origin and current unit, at the step with the most.
struct AdminLevelTable {
  int level = 0;
  std::string layer;
  std::string date;                     ///< ISO date of the step shown
  std::vector<std::string> breakdowns;  ///< labels of the people columns (`all` first)
  struct Row {
    std::string origin_code, origin_name, current_code, current_name;
    std::vector<double> people;  ///< one per breakdown
  };
  std::vector<Row> rows;  ///< most people first, at most kAdminTableRows
  std::size_t rows_left_out = 0;
};
inline constexpr std::size_t kAdminTableRows = 25;

struct ReportData {
  std::filesystem::path file;
  output::Provenance provenance;
  std::string ended_utc;
  output::RunFileLayout layout;
  ScenarioFacts facts;
  int runs_in_file = 1;  ///< member runs (1 for a single run)
  bool ensemble = false;
  bool paired = false;
  double households_per_agent = kNoValue;
  double agents = kNoValue;
  Summary households_at_start, people_at_start;
  std::vector<Headline> headlines;
  std::vector<RegionRow> regions;
  bool regions_have_due = false, regions_have_displacements = false;
  std::vector<StatusSeries> series;
  MapData displaced_from, arrivals;
  /// Shelter sites of a single run (occupancy per step, capacity, peak); empty for an ensemble
  /// file or a run without shelter sites.
  std::vector<output::ShelterFigures> shelters;
  std::optional<AdminLevelTable> admin_table;  ///< a single run with admin levels
  /// All the files side by side (only when several are given).
  std::optional<output::ComparisonTable> comparison;
};

/// Reads everything the report shows from `runs` (the first is described; all are compared).
/// Throws InputError for a file the reader refuses or runs that cannot be compared.
ReportData collect_report_data(const std::vector<std::filesystem::path>& runs);

}  // namespace displace::report
