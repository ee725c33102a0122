#pragma once
// `displace compare`: headline figures of two or more runs side by side, per region and in total,
// with differences against the first run.
#include <filesystem>
#include <string>
#include <vector>

namespace displace::output {

/// The figures compare reports, in table order.
enum class ComparisonMetric {
  peak_displaced,           ///< max over steps of households with status displaced (breakdown all)
  cumulative_displaced,     ///< sum of displacement flows, by origin place
  evacuated,                ///< sum of evacuation flows, by origin place
  migrated,                 ///< households with status migrated at the last step
  returned,                 ///< sum of return flows, by destination place
  peak_trapped,             ///< max over steps of trapped households
  people_months_displaced,  ///< sum over steps of displaced people x step length in months
  relocated,                ///< sum of planned-relocation flows, by origin place
};
inline constexpr int kComparisonMetricCount = 8;

/// Machine name of a metric ("peak_displaced_households", ...), used as CSV key.
std::string metric_key(ComparisonMetric metric);
/// Human label of a metric ("peak displaced (households)", ...).
std::string metric_label(ComparisonMetric metric);

/// What a column of the table holds.
enum class ColumnKind {
  run,             ///< one run file
  ensemble_group,  ///< one design group of an ensemble (median over its members)
  counterfactual,  ///< the counterfactual group of a paired ensemble
  due_to_hazard,   ///< paired difference factual - counterfactual: what the hazard caused
};

/// Figures of each run for each region and the total. Flow-based figures are NaN for a run written
/// without flows.
struct ComparisonTable {
  std::vector<std::string> run_labels;  ///< scenario names (file names where they clash)
  std::vector<std::filesystem::path> run_files;
  std::vector<ColumnKind> column_kinds;   ///< one per column
  std::vector<std::string> region_codes;  ///< the shared regions; the total row follows them
  std::vector<std::string> region_names;
  /// values[run][metric][row]; row r < region count is region r, row region count is the total.
  /// For an ensemble column: the median over its members.
  std::vector<std::vector<std::vector<double>>> values;
  /// 5% and 95% quantiles over the members of an ensemble column; NaN for a single run.
  std::vector<std::vector<std::vector<double>>> low;
  std::vector<std::vector<std::vector<double>>> high;

  std::size_t row_count() const { return region_codes.size() + 1; }
  double value(std::size_t run, ComparisonMetric metric, std::size_t row) const;
  /// Whether any column is an ensemble summary (then the text shows [5%, 95%] intervals).
  bool has_intervals() const;
};

/// Reads every run and computes the table. An ensemble file (output/ensemble_file.hpp) gives one
/// column per design group (figures computed per member; median with the 5-95% interval), and for
/// a pair one more column per sweep point: the paired difference factual - counterfactual, member
/// by member (same seeds), summarised the same way. Throws InputError for fewer than two files, for
/// any file the reader refuses, and for incompatible runs (different grid, regions or step dates),
/// naming both files.
ComparisonTable compare_runs(const std::vector<std::filesystem::path>& run_files);

/// The same table for one or more runs (one run: its own summary, as `displace run` prints).
ComparisonTable summarise_runs(const std::vector<std::filesystem::path>& run_files);

/// Text table: total first then regions; per metric one column per run, each with its relative
/// difference against the first (a "due to the hazard" column shows the paired difference, with
/// its range). By default the columns wrap into blocks that fit `max_width` characters; `wide`
/// puts every column on one line (and adds the absolute differences).
std::string format_comparison_text(const ComparisonTable& table, bool wide = false,
                                   std::size_t max_width = 100);

/// "1234567.4" -> "1,234,567" (rounded; "n/a" for NaN): how the terminal tables write counts.
std::string format_count_text(double value);

/// Wide CSV with the same content: region_code,region_name,metric,<run 1>,<run k>,
/// <run k>_minus_<run 1>... (region_code "TOTAL" for the total).
std::string format_comparison_csv(const ComparisonTable& table);

}  // namespace displace::output
