#include "displace/output/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"
#include "displace/output/csv.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/ensemble_reader.hpp"
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
  // The same grid written from a raster's georeferencing and from scenario bounds can differ in
  // the last bits of the cell size (0.10000000000000009 against 0.1): equal within a millionth of
  // a cell is the same grid.
  const double cell = std::max(std::abs(a.grid.geotransform[1]), std::abs(a.grid.geotransform[5]));
  for (std::size_t i = 0; i < 6; ++i) {
    if (!(std::abs(a.grid.geotransform[i] - b.grid.geotransform[i]) <= 1e-6 * cell)) {
      return "different grid geotransforms";
    }
  }
  if (a.grid.crs_wkt != b.grid.crs_wkt) return "different grid CRS";
  return "";
}

/// values[metric][row] for one run.
using Figures = std::vector<std::vector<double>>;  // [metric][row]

/// Reads one variable of one run: the run itself, or one member of an ensemble file.
using VariableSource = std::function<VariableData(std::string_view)>;

Figures run_figures(const RunFileLayout& layout, const VariableSource& run);

Figures run_figures(const RunReader& run) {
  return run_figures(run.layout(), [&run](std::string_view name) { return run.read(name); });
}

Figures run_figures(const RunFileLayout& layout, const VariableSource& run) {
  const std::size_t regions = layout.region_codes.size();
  const std::size_t steps = layout.step_dates.size();
  std::vector<std::vector<double>> figures(kComparisonMetricCount,
                                           std::vector<double>(regions + 1, 0.0));
  auto at = [&](ComparisonMetric metric) -> std::vector<double>& {
    return figures[metric_index(metric)];
  };

  const VariableData households = run(schema::kHouseholds);
  const VariableData people = run(schema::kPeople);
  const VariableData trapped = run(schema::kTrappedHouseholds);
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
  const VariableData flows = run(schema::kFlows);
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

bool ComparisonTable::has_intervals() const {
  for (const auto& run : low) {
    for (const auto& metric : run) {
      for (const double v : metric) {
        if (!std::isnan(v)) return true;
      }
    }
  }
  return false;
}

namespace {

Figures nan_figures(std::size_t rows) {
  return Figures(kComparisonMetricCount, std::vector<double>(rows, kNaN));
}

/// Median and 5-95% interval over members, element by element.
void add_summary_column(ComparisonTable& table, const std::vector<Figures>& per_member,
                        const std::string& label, const std::filesystem::path& file,
                        ColumnKind kind) {
  const std::size_t rows = table.row_count();
  Figures median = nan_figures(rows);
  Figures low = nan_figures(rows);
  Figures high = nan_figures(rows);
  std::vector<double> sample;
  for (std::size_t k = 0; k < static_cast<std::size_t>(kComparisonMetricCount); ++k) {
    for (std::size_t r = 0; r < rows; ++r) {
      sample.clear();
      for (const Figures& f : per_member)
        sample.push_back(f[k][r]);
      low[k][r] = linear_quantile(sample, 0.05);
      median[k][r] = linear_quantile(sample, 0.5);
      high[k][r] = linear_quantile(sample, 0.95);
    }
  }
  table.run_labels.push_back(label);
  table.run_files.push_back(file);
  table.column_kinds.push_back(kind);
  table.values.push_back(std::move(median));
  table.low.push_back(std::move(low));
  table.high.push_back(std::move(high));
}

/// One column per design group of an ensemble file, plus paired differences.
void add_ensemble_columns(ComparisonTable& table, const RunReader& run, const std::string& name) {
  const RunFileLayout& layout = run.layout();
  const EnsembleReader ensemble(run);
  const std::vector<std::size_t>& member_design = ensemble.member_design();
  const std::vector<std::string>& variants = ensemble.design_variants();
  const std::vector<double>& points = ensemble.design_points();
  std::map<std::string, VariableData, std::less<>> stacked;
  std::vector<Figures> figures(member_design.size());
  for (std::size_t m = 0; m < member_design.size(); ++m) {
    figures[m] = run_figures(layout, [&](std::string_view variable) {
      auto found = stacked.find(variable);
      if (found == stacked.end()) {
        found = stacked.emplace(std::string(variable), ensemble.read_members(variable)).first;
      }
      return member_slice(found->second, m, variable);
    });
  }
  // "point 3 (recovery_rate_per_year=0.5, return_rate_per_year=1.5)" from the design table.
  std::vector<std::pair<std::string, std::vector<double>>> swept;
  for (const SweptKey& key : ensemble.swept_keys())
    swept.emplace_back(key.key.substr(key.key.rfind('.') + 1), key.values);
  auto point_label = [&](std::size_t g) {
    std::string text =
        "point " + (g < points.size() ? std::to_string(static_cast<int>(points[g])) : "?");
    for (std::size_t k = 0; k < swept.size(); ++k) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", swept[k].second[g]);
      text.append(k == 0 ? " (" : ", ").append(swept[k].first).append("=").append(value);
    }
    return swept.empty() ? text : text + ")";
  };
  const bool several_points =
      !points.empty() &&
      std::any_of(points.begin(), points.end(), [&](double p) { return p != points.front(); });
  for (std::size_t g = 0; g < variants.size(); ++g) {
    std::vector<Figures> group;
    for (std::size_t m = 0; m < member_design.size(); ++m) {
      if (member_design[m] == g) group.push_back(figures[m]);
    }
    std::string label = name;
    if (!variants[g].empty()) label.append(" ").append(variants[g]);
    if (several_points) label.append(" ").append(point_label(g));
    label.append(" (median of ").append(std::to_string(group.size())).append(")");
    add_summary_column(
        table, group, label, run.path(),
        variants[g] == "counterfactual" ? ColumnKind::counterfactual : ColumnKind::ensemble_group);
    // A counterfactual follows its factual (same point): members pair up in order (same seeds).
    if (variants[g] == "counterfactual" && g > 0 && variants[g - 1] == "factual") {
      std::vector<Figures> factual;
      for (std::size_t m = 0; m < member_design.size(); ++m) {
        if (member_design[m] == g - 1) factual.push_back(figures[m]);
      }
      std::vector<Figures> difference(std::min(factual.size(), group.size()),
                                      nan_figures(table.row_count()));
      for (std::size_t i = 0; i < difference.size(); ++i) {
        for (std::size_t k = 0; k < difference[i].size(); ++k) {
          for (std::size_t r = 0; r < difference[i][k].size(); ++r) {
            difference[i][k][r] = factual[i][k][r] - group[i][k][r];
          }
        }
      }
      std::string diff_label = name + " factual - counterfactual";
      if (several_points) diff_label.append(" ").append(point_label(g));
      add_summary_column(table, difference, diff_label + " (paired, median)", run.path(),
                         ColumnKind::due_to_hazard);
    }
  }
}

}  // namespace

ComparisonTable compare_runs(const std::vector<std::filesystem::path>& run_files) {
  if (run_files.empty()) throw InputError("compare needs at least two run files");
  ComparisonTable table = summarise_runs(run_files);
  if (table.run_labels.size() < 2) {
    throw InputError("compare needs at least two run files (or one ensemble file)");
  }
  return table;
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
  table.region_codes = runs.front().layout().region_codes;
  table.region_names = runs.front().layout().region_names;
  std::multiset<std::string> names;
  for (const RunReader& run : runs)
    names.insert(run.provenance().scenario_name);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string& scenario = runs[i].provenance().scenario_name;
    const std::string label =
        scenario.empty() || names.count(scenario) > 1 ? run_files[i].filename().string() : scenario;
    if (is_ensemble_file(runs[i])) {
      add_ensemble_columns(table, runs[i], label);
      continue;
    }
    table.run_labels.push_back(label);
    table.run_files.push_back(run_files[i]);
    table.column_kinds.push_back(ColumnKind::run);
    table.values.push_back(run_figures(runs[i]));
    table.low.push_back(nan_figures(table.row_count()));
    table.high.push_back(nan_figures(table.row_count()));
  }
  return table;
}

namespace {

/// "1234567.4" -> "1,234,567" (rounded; "n/a" for NaN), for terminals.
std::string grouped(double value) {
  if (std::isnan(value)) return "n/a";
  char digits[64];
  std::snprintf(digits, sizeof digits, "%.0f", std::abs(value));
  std::string text = digits;
  for (auto i = static_cast<std::ptrdiff_t>(text.size()) - 3; i > 0; i -= 3) {
    text.insert(static_cast<std::size_t>(i), ",");
  }
  return (value < 0 && text != "0" ? "-" : "") + text;
}

}  // namespace

std::string format_count_text(double value) {
  return grouped(value);
}

namespace {

/// Each run's cell of one metric/row in the wrapped layout: value [range] (relative vs [1]).
std::string wrapped_cell(const ComparisonTable& table, std::size_t run, std::size_t metric,
                         std::size_t row) {
  const double v = table.values[run][metric][row];
  std::string cell = grouped(v);
  const double lo = table.low[run][metric][row];
  if (!std::isnan(lo)) {
    cell += " [" + grouped(lo) + ", " + grouped(table.high[run][metric][row]) + "]";
  }
  const bool difference_column =
      run < table.column_kinds.size() && table.column_kinds[run] == ColumnKind::due_to_hazard;
  if (run > 0 && !difference_column) {
    const double base = table.values[0][metric][row];
    if (!std::isnan(v) && !std::isnan(base) && v != base && base != 0.0) {
      cell += " (" + relative(v, base) + ")";
    }
  }
  return cell;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string trimmed(std::string line) {
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  return line;
}

std::string wide_text(const ComparisonTable& table) {
  const std::size_t runs = table.run_labels.size();
  std::string out;
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
      auto shown = [&](std::size_t run) {
        const double v = table.value(run, metric, row);
        const double lo = table.low[run][static_cast<std::size_t>(k)][row];
        if (std::isnan(lo)) return number(v);
        return number(v) + " [" + number(lo) + ", " +
               number(table.high[run][static_cast<std::size_t>(k)][row]) + "]";
      };
      std::vector<std::string> cells = {k == 0 ? region : "", metric_label(metric), shown(0)};
      for (std::size_t i = 1; i < runs; ++i) {
        const double value = table.value(i, metric, row);
        cells.insert(cells.end(), {shown(i), difference(value, base), relative(value, base)});
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
      line += c < 2 ? pad_right(cells[c], widths[c]) : pad_left(cells[c], widths[c]);
      if (c + 1 < cells.size()) line += "  ";
    }
    out += trimmed(line) + "\n";
  }
  return out;
}

/// One block per region (total first); within it the run columns, wrapped into groups of columns
/// that fit `max_width` characters, each group repeating the metric labels.
std::string wrapped_text(const ComparisonTable& table, std::size_t max_width) {
  const std::size_t runs = table.run_labels.size();
  const std::size_t regions = table.region_codes.size();
  const auto metrics = static_cast<std::size_t>(kComparisonMetricCount);
  std::size_t label_width = 0;
  for (std::size_t k = 0; k < metrics; ++k) {
    label_width = std::max(label_width, metric_label(static_cast<ComparisonMetric>(k)).size());
  }
  auto header_of = [&](std::size_t run) {
    const bool due =
        run < table.column_kinds.size() && table.column_kinds[run] == ColumnKind::due_to_hazard;
    std::string tag;
    tag.append("[").append(std::to_string(run + 1)).append(due ? "] due to hazard" : "]");
    return tag;
  };
  // Column widths over every region, so that the blocks line up from region to region.
  std::vector<std::size_t> widths(runs, 0);
  for (std::size_t i = 0; i < runs; ++i) {
    widths[i] = header_of(i).size();
    for (std::size_t row = 0; row < table.row_count(); ++row) {
      for (std::size_t k = 0; k < metrics; ++k) {
        widths[i] = std::max(widths[i], wrapped_cell(table, i, k, row).size());
      }
    }
  }
  // What the hazard caused goes next to the figures with the hazard, before the counterfactual.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < runs; ++i) {
    const bool swap = i + 1 < runs && i + 1 < table.column_kinds.size() &&
                      table.column_kinds[i] == ColumnKind::counterfactual &&
                      table.column_kinds[i + 1] == ColumnKind::due_to_hazard;
    if (swap) {
      order.insert(order.end(), {i + 1, i});
      ++i;
    } else {
      order.push_back(i);
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // [first, last) positions in order
  for (std::size_t first = 0; first < runs;) {
    std::size_t width = 2 + label_width;
    std::size_t last = first;
    while (last < runs && (last == first || width + 2 + widths[order[last]] <= max_width)) {
      width += 2 + widths[order[last]];
      ++last;
    }
    groups.emplace_back(first, last);
    first = last;
  }
  std::string out;
  for (std::size_t n = 0; n < table.row_count(); ++n) {
    const std::size_t row = n == 0 ? regions : n - 1;  // total first
    out += "\n" +
           (row == regions ? std::string("TOTAL")
                           : table.region_codes[row] + " " + table.region_names[row]) +
           "\n";
    for (const auto& [first, last] : groups) {
      std::string line = "  " + pad_right("", label_width);
      for (std::size_t p = first; p < last; ++p)
        line += "  " + pad_left(header_of(order[p]), widths[order[p]]);
      out += trimmed(line) + "\n";
      for (std::size_t k = 0; k < metrics; ++k) {
        line = "  " + pad_right(metric_label(static_cast<ComparisonMetric>(k)), label_width);
        for (std::size_t p = first; p < last; ++p) {
          line += "  " + pad_left(wrapped_cell(table, order[p], k, row), widths[order[p]]);
        }
        out += trimmed(line) + "\n";
      }
    }
  }
  return out;
}

}  // namespace

std::string format_comparison_text(const ComparisonTable& table, bool wide, std::size_t max_width) {
  const std::size_t runs = table.run_labels.size();
  std::string out = wide || runs < 2 ? "Runs (differences against [1]):\n"
                                     : "Runs (relative differences against [1] in brackets):\n";
  if (runs == 1) out = "Run:\n";
  for (std::size_t i = 0; i < runs; ++i) {
    out.append("  [").append(std::to_string(i + 1)).append("] ").append(table.run_labels[i]);
    out.append("  (").append(table.run_files[i].string()).append(")\n");
  }
  if (table.has_intervals()) {
    out += "Ensemble columns: median over the members [5%, 95%].";
    if (std::find(table.column_kinds.begin(), table.column_kinds.end(),
                  ColumnKind::due_to_hazard) != table.column_kinds.end()) {
      out += " \"due to hazard\": paired difference, factual - counterfactual.";
    }
    out += "\n";
  }
  if (wide) return out + "\n" + wide_text(table);
  return out + wrapped_text(table, max_width);
}

std::string format_comparison_csv(const ComparisonTable& table) {
  const std::size_t runs = table.run_labels.size();
  std::string out = "region_code,region_name,metric";
  for (const std::string& label : table.run_labels)
    out.append(",").append(csv_field(label));
  for (std::size_t i = 1; i < runs; ++i) {
    out.append(",").append(csv_field(table.run_labels[i] + "_minus_" + table.run_labels[0]));
  }
  const bool intervals = table.has_intervals();
  if (intervals) {
    for (const std::string& label : table.run_labels) {
      out.append(",").append(csv_field(label + "_p05"));
      out.append(",").append(csv_field(label + "_p95"));
    }
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
      if (intervals) {
        for (std::size_t i = 0; i < runs; ++i) {
          out.append(",").append(csv_number(table.low[i][static_cast<std::size_t>(k)][row]));
          out.append(",").append(csv_number(table.high[i][static_cast<std::size_t>(k)][row]));
        }
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace displace::output
