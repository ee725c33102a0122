#include "displace/output/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <string_view>

#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/schema.hpp"

namespace displace::output {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kDisplaced = static_cast<std::size_t>(engine::Status::displaced);
constexpr std::size_t kMigrated = static_cast<std::size_t>(engine::Status::migrated);
constexpr std::size_t kAll = static_cast<std::size_t>(engine::Breakdown::all);

std::size_t metric_index(ComparisonMetric metric) {
  return static_cast<std::size_t>(metric);
}

/// Why two runs cannot be compared, or "" when they can.
std::string incompatibility(const RunFileLayout& a, const RunFileLayout& b) {
  if (a.region_codes != b.region_codes) return "different regions";
  if (a.step_dates != b.step_dates) return "different step dates";
  if (a.grid.width != b.grid.width || a.grid.height != b.grid.height) {
    return "different grid sizes";
  }
  if (!std::equal(std::begin(a.grid.geotransform), std::end(a.grid.geotransform),
                  std::begin(b.grid.geotransform))) {
    return "different grid geotransforms";
  }
  if (a.grid.crs_wkt != b.grid.crs_wkt) return "different grid CRS";
  return "";
}

/// values[metric][row] for one run.
std::vector<std::vector<double>> run_figures(const RunReader& run) {
  const RunFileLayout& layout = run.layout();
  const std::size_t regions = layout.region_codes.size();
  const std::size_t steps = layout.step_dates.size();
  std::vector<std::vector<double>> figures(kComparisonMetricCount,
                                           std::vector<double>(regions + 1, 0.0));
  auto at = [&](ComparisonMetric metric) -> std::vector<double>& {
    return figures[metric_index(metric)];
  };

  const VariableData households = run.read(schema::kHouseholds);
  const VariableData people = run.read(schema::kPeople);
  const VariableData trapped = run.read(schema::kTrappedHouseholds);
  const double months_per_step = layout.step_length_years * 12.0;
  for (std::size_t t = 0; t < steps; ++t) {
    double displaced_total = 0.0;
    double trapped_total = 0.0;
    for (std::size_t r = 0; r < regions; ++r) {
      const double displaced = households.values[households.index_of({t, r, kDisplaced, kAll})];
      const double trapped_here = trapped.values[trapped.index_of({t, r})];
      auto& peak = at(ComparisonMetric::peak_displaced);
      peak[r] = std::max(peak[r], displaced);
      auto& peak_trapped = at(ComparisonMetric::peak_trapped);
      peak_trapped[r] = std::max(peak_trapped[r], trapped_here);
      at(ComparisonMetric::people_months_displaced)[r] +=
          people.values[people.index_of({t, r, kDisplaced, kAll})] * months_per_step;
      displaced_total += displaced;
      trapped_total += trapped_here;
    }
    auto& peak = at(ComparisonMetric::peak_displaced);
    peak[regions] = std::max(peak[regions], displaced_total);
    auto& peak_trapped = at(ComparisonMetric::peak_trapped);
    peak_trapped[regions] = std::max(peak_trapped[regions], trapped_total);
  }
  auto& people_months = at(ComparisonMetric::people_months_displaced);
  people_months[regions] = 0.0;
  for (std::size_t r = 0; r < regions; ++r)
    people_months[regions] += people_months[r];
  auto& migrated = at(ComparisonMetric::migrated);
  for (std::size_t r = 0; r < regions && steps > 0; ++r) {
    migrated[r] = households.values[households.index_of({steps - 1, r, kMigrated, kAll})];
    migrated[regions] += migrated[r];
  }

  if (!layout.has_flows) {
    for (const ComparisonMetric metric :
         {ComparisonMetric::cumulative_displaced, ComparisonMetric::evacuated,
          ComparisonMetric::returned, ComparisonMetric::relocated}) {
      std::fill(at(metric).begin(), at(metric).end(), kNaN);
    }
    return figures;
  }
  const VariableData flows = run.read(schema::kFlows);
  const std::size_t places = layout.place_ids.size();
  auto add_flows = [&](engine::FlowKind kind, ComparisonMetric metric, bool by_origin) {
    const auto k = static_cast<std::size_t>(kind);
    auto& row = at(metric);
    for (std::size_t t = 0; t < steps; ++t) {
      for (std::size_t o = 0; o < places; ++o) {
        for (std::size_t d = 0; d < places; ++d) {
          const double moved = flows.values[flows.index_of({t, k, o, d})];
          const std::size_t place = by_origin ? o : d;
          if (place < regions) row[place] += moved;
          row[regions] += moved;
        }
      }
    }
  };
  add_flows(engine::FlowKind::displacement, ComparisonMetric::cumulative_displaced, true);
  add_flows(engine::FlowKind::evacuation, ComparisonMetric::evacuated, true);
  add_flows(engine::FlowKind::return_home, ComparisonMetric::returned, false);
  add_flows(engine::FlowKind::relocation, ComparisonMetric::relocated, true);
  return figures;
}

std::string number(double value) {
  if (std::isnan(value)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string difference(double value, double base) {
  if (std::isnan(value) || std::isnan(base)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%+.1f", value - base);
  return text;
}

std::string relative(double value, double base) {
  if (std::isnan(value) || std::isnan(base) || base == 0.0) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%+.1f%%", 100.0 * (value - base) / base);
  return text;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

std::string metric_key(ComparisonMetric metric) {
  switch (metric) {
    case ComparisonMetric::peak_displaced:
      return "peak_displaced_households";
    case ComparisonMetric::cumulative_displaced:
      return "cumulative_displaced_households";
    case ComparisonMetric::evacuated:
      return "evacuated_households";
    case ComparisonMetric::migrated:
      return "migrated_households";
    case ComparisonMetric::returned:
      return "returned_households";
    case ComparisonMetric::peak_trapped:
      return "peak_trapped_households";
    case ComparisonMetric::people_months_displaced:
      return "people_months_displaced";
    case ComparisonMetric::relocated:
      return "relocated_households";
  }
  return "unknown";
}

std::string metric_label(ComparisonMetric metric) {
  switch (metric) {
    case ComparisonMetric::peak_displaced:
      return "peak displaced (households)";
    case ComparisonMetric::cumulative_displaced:
      return "cumulative displaced (households)";
    case ComparisonMetric::evacuated:
      return "evacuated (households)";
    case ComparisonMetric::migrated:
      return "migrated at end (households)";
    case ComparisonMetric::returned:
      return "returned (households)";
    case ComparisonMetric::peak_trapped:
      return "peak trapped (households)";
    case ComparisonMetric::people_months_displaced:
      return "people-months displaced";
    case ComparisonMetric::relocated:
      return "relocated (households)";
  }
  return "unknown";
}

double ComparisonTable::value(std::size_t run, ComparisonMetric metric, std::size_t row) const {
  return values.at(run).at(metric_index(metric)).at(row);
}

ComparisonTable compare_runs(const std::vector<std::filesystem::path>& run_files) {
  if (run_files.size() < 2) throw InputError("compare needs at least two run files");
  return summarise_runs(run_files);
}

ComparisonTable summarise_runs(const std::vector<std::filesystem::path>& run_files) {
  if (run_files.empty()) throw InputError("no run file given");
  std::vector<RunReader> runs;
  runs.reserve(run_files.size());
  for (const auto& file : run_files)
    runs.emplace_back(file);
  for (std::size_t i = 1; i < runs.size(); ++i) {
    const std::string why = incompatibility(runs.front().layout(), runs[i].layout());
    if (!why.empty()) {
      throw InputError("cannot compare '" + run_files.front().string() + "' with '" +
                       run_files[i].string() + "': " + why);
    }
  }
  ComparisonTable table;
  table.run_files = run_files;
  table.region_codes = runs.front().layout().region_codes;
  table.region_names = runs.front().layout().region_names;
  std::multiset<std::string> names;
  for (const RunReader& run : runs)
    names.insert(run.provenance().scenario_name);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string& scenario = runs[i].provenance().scenario_name;
    table.run_labels.push_back(scenario.empty() || names.count(scenario) > 1
                                   ? run_files[i].filename().string()
                                   : scenario);
    table.values.push_back(run_figures(runs[i]));
  }
  return table;
}

std::string format_comparison_text(const ComparisonTable& table) {
  const std::size_t runs = table.run_labels.size();
  std::string out = "Runs (differences against [1]):\n";
  for (std::size_t i = 0; i < runs; ++i) {
    out.append("  [").append(std::to_string(i + 1)).append("] ").append(table.run_labels[i]);
    out.append("  (").append(table.run_files[i].string()).append(")\n");
  }
  out += "\n";
  // Build every cell first, then pad columns to their widest cell.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"region", "metric", "[1]"};
  for (std::size_t i = 1; i < runs; ++i) {
    const std::string tag = std::string("[").append(std::to_string(i + 1)).append("]");
    header.insert(header.end(), {tag, tag + "-[1]", tag + " vs [1]"});
  }
  rows.push_back(header);
  const std::size_t regions = table.region_codes.size();
  for (std::size_t n = 0; n < table.row_count(); ++n) {
    const std::size_t row = n == 0 ? regions : n - 1;  // total first
    const std::string region =
        row == regions ? "TOTAL" : table.region_codes[row] + " " + table.region_names[row];
    for (int k = 0; k < kComparisonMetricCount; ++k) {
      const auto metric = static_cast<ComparisonMetric>(k);
      const double base = table.value(0, metric, row);
      std::vector<std::string> cells = {k == 0 ? region : "", metric_label(metric), number(base)};
      for (std::size_t i = 1; i < runs; ++i) {
        const double value = table.value(i, metric, row);
        cells.insert(cells.end(), {number(value), difference(value, base), relative(value, base)});
      }
      rows.push_back(std::move(cells));
    }
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& cells : rows) {
    for (std::size_t c = 0; c < cells.size(); ++c)
      widths[c] = std::max(widths[c], cells[c].size());
  }
  for (const auto& cells : rows) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(widths[c] - cells[c].size(), ' ');
      line += c < 2 ? cells[c] + pad : pad + cells[c];  // labels left, numbers right
      if (c + 1 < cells.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string format_comparison_csv(const ComparisonTable& table) {
  const std::size_t runs = table.run_labels.size();
  std::string out = "region_code,region_name,metric";
  for (const std::string& label : table.run_labels)
    out.append(",").append(csv_field(label));
  for (std::size_t i = 1; i < runs; ++i) {
    out.append(",").append(csv_field(table.run_labels[i] + "_minus_" + table.run_labels[0]));
  }
  out += "\n";
  const std::size_t regions = table.region_codes.size();
  for (std::size_t n = 0; n < table.row_count(); ++n) {
    const std::size_t row = n == 0 ? regions : n - 1;
    const std::string code = row == regions ? "TOTAL" : table.region_codes[row];
    const std::string region_name = row == regions ? "all regions" : table.region_names[row];
    for (int k = 0; k < kComparisonMetricCount; ++k) {
      const auto metric = static_cast<ComparisonMetric>(k);
      out += csv_field(code) + "," + csv_field(region_name) + "," + metric_key(metric);
      for (std::size_t i = 0; i < runs; ++i)
        out.append(",").append(csv_number(table.value(i, metric, row)));
      const double base = table.value(0, metric, row);
      for (std::size_t i = 1; i < runs; ++i) {
        out.append(",").append(csv_number(table.value(i, metric, row) - base));
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace displace::output
