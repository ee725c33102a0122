#include "report_data.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/ensemble_reader.hpp"
#include "displace/output/schema.hpp"

namespace displace::report {
namespace {

using output::ColumnKind;
using output::ComparisonMetric;
using output::RunReader;
using output::VariableData;

/// Which members of a file make up the described group (the factual one, or all of a plain
/// ensemble's first design group) and, for a pair, their counterfactual partners (same seeds).
struct Members {
  std::size_t count = 1;
  bool ensemble = false;
  std::vector<std::size_t> main;
  std::vector<std::size_t> counterfactual;
  std::optional<output::EnsembleReader> file;  ///< the ensemble file's design table
};

Members members_of(const RunReader& run) {
  Members members;
  members.main = {0};
  if (!output::is_ensemble_file(run)) return members;
  const output::EnsembleReader& ensemble = members.file.emplace(run);
  const auto& variants = ensemble.design_variants();
  members.count = ensemble.member_count();
  members.ensemble = true;
  members.main = ensemble.members_of_design(0);
  if (variants.size() > 1 && variants[0] == "factual" && variants[1] == "counterfactual") {
    members.counterfactual = ensemble.members_of_design(1);
  }
  return members;
}

/// `variable` of every member (one entry for a single run); empty when the file lacks it.
std::vector<VariableData> per_member(const RunReader& run, const Members& members,
                                     std::string_view variable) {
  std::vector<VariableData> out;
  if (!members.file) {
    if (run.has_variable(variable)) out.push_back(run.read(variable));
    return out;
  }
  if (!members.file->has_variable(variable)) return out;
  const VariableData stacked = members.file->read_members(variable);
  for (std::size_t m = 0; m < members.count; ++m)
    out.push_back(output::member_slice(stacked, m, variable));
  return out;
}

Summary summarise(const std::vector<double>& values, const std::vector<std::size_t>& which,
                  bool ensemble) {
  Summary summary;
  std::vector<double> sample;
  for (const std::size_t m : which)
    if (m < values.size()) sample.push_back(values[m]);
  if (sample.empty()) return summary;
  if (!ensemble) {
    summary.value = sample.front();
    return summary;
  }
  summary.low = output::linear_quantile(sample, 0.05);
  summary.value = output::linear_quantile(sample, 0.5);
  summary.high = output::linear_quantile(sample, 0.95);
  return summary;
}

/// The paired difference main - counterfactual, member by member in order (same seeds).
std::optional<Summary> paired_difference(const std::vector<double>& values,
                                         const Members& members) {
  if (members.counterfactual.empty()) return std::nullopt;
  std::vector<double> differences;
  const std::size_t n = std::min(members.main.size(), members.counterfactual.size());
  for (std::size_t i = 0; i < n; ++i) {
    differences.push_back(values[members.main[i]] - values[members.counterfactual[i]]);
  }
  std::vector<std::size_t> all(differences.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  return summarise(differences, all, true);
}

std::size_t dimension_index(const VariableData& data, std::string_view name) {
  const auto found = std::find(data.dimensions.begin(), data.dimensions.end(), name);
  return static_cast<std::size_t>(found - data.dimensions.begin());
}

/// Sum of `data` over every element whose index along dimension `axis` is `index`
/// (axis out of range: the sum of everything).
double sum_where(const VariableData& data, std::size_t axis, std::size_t index,
                 const std::function<bool(const std::vector<std::size_t>&)>& keep = {}) {
  double total = 0.0;
  std::vector<std::size_t> position(data.shape.size(), 0);
  // Along the first axis the elements are one contiguous block.
  std::size_t begin = 0;
  std::size_t end = data.values.size();
  if (axis == 0 && !data.shape.empty() && data.shape[0] > 0) {
    const std::size_t block = data.values.size() / data.shape[0];
    begin = index * block;
    end = std::min(end, begin + block);
  }
  for (std::size_t flat = begin; flat < end; ++flat) {
    // Position of `flat` (row-major).
    std::size_t rest = flat;
    for (std::size_t d = data.shape.size(); d-- > 0;) {
      position[d] = rest % data.shape[d];
      rest /= data.shape[d];
    }
    if (axis < position.size() && position[axis] != index) continue;
    if (keep && !keep(position)) continue;
    const double v = data.values[flat];
    if (std::isfinite(v)) total += v;
  }
  return total;
}

Summary table_summary(const output::ComparisonTable& table, std::size_t column,
                      ComparisonMetric metric, std::size_t row) {
  const auto k = static_cast<std::size_t>(metric);
  return {table.values[column][k][row], table.low[column][k][row], table.high[column][k][row]};
}

/// The map to show of a gridded variable: the member median for an ensemble (when the file has
/// quantiles), at the map date where its total is largest.
MapData read_map(const RunReader& run, std::string_view name,
                 const std::optional<output::EnsembleReader>& ensemble,
                 const output::RunFileLayout& layout) {
  MapData map;
  if (!run.has_variable(name) || layout.grid.width <= 0 || layout.map_dates.empty()) return map;
  map.present = true;
  VariableData data;
  if (ensemble && run.has_variable(std::string(name) + "_quantiles")) {
    // The median of the first design group (the factual one of a pair).
    data = ensemble->read_quantile(name, 0, 0.5);
    map.median = true;
  } else {
    data = run.read(name);
  }
  if (data.shape.size() != 3) return map;
  const std::size_t times = data.shape[0];
  const std::size_t cells = data.shape[1] * data.shape[2];
  std::size_t best = 0;
  double best_total = -1.0;
  for (std::size_t t = 0; t < times; ++t) {
    double total = 0.0;
    for (std::size_t c = 0; c < cells; ++c) {
      const double v = data.values[t * cells + c];
      if (std::isfinite(v)) total += v;
    }
    if (total > best_total) {
      best_total = total;
      best = t;
    }
  }
  map.date = best < layout.map_dates.size() ? layout.map_dates[best] : "";
  // Nothing to show at any map date (a slow-onset run whose maps fall between departures): no
  // grid at all. Keeping the grid's size with no values made svg_grid_map read past them.
  if (best_total <= 0 || data.values.size() != times * cells) return map;
  map.values.height = static_cast<int>(data.shape[1]);
  map.values.width = static_cast<int>(data.shape[2]);
  map.values.values.assign(data.values.begin() + static_cast<std::ptrdiff_t>(best * cells),
                           data.values.begin() + static_cast<std::ptrdiff_t>((best + 1) * cells));
  // Grey background: where people live at the first map.
  if (run.has_variable(output::schema::kPresentPeopleMap)) {
    const VariableData present = run.read(output::schema::kPresentPeopleMap);
    if (present.shape.size() == 3 && present.shape[1] * present.shape[2] == cells) {
      map.background.height = map.values.height;
      map.background.width = map.values.width;
      map.background.values.assign(present.values.begin(),
                                   present.values.begin() + static_cast<std::ptrdiff_t>(cells));
    }
  }
  return map;
}

/// The finest admin level's table at the step with the most displaced people (nullopt when the
/// run records no admin level, or nobody is displaced).
std::optional<AdminLevelTable> admin_table(const RunReader& run) {
  const auto& levels = run.layout().admin_levels;
  if (levels.empty()) return std::nullopt;
  const output::AdminLevelAxes& level = levels.back();
  const VariableData people =
      run.read(level.group + "/" + std::string(output::schema::kDisplacedPeople));
  if (people.shape.size() != 4 || people.shape[0] == 0) return std::nullopt;
  const std::size_t steps = people.shape[0];
  const std::size_t units = people.shape[1];
  const std::size_t currents = people.shape[2];
  const std::size_t breakdowns = people.shape[3];
  constexpr auto kAll = static_cast<std::size_t>(engine::Breakdown::all);
  std::size_t peak = 0;
  double peak_people = 0.0;
  for (std::size_t t = 0; t < steps; ++t) {
    const double total =
        sum_where(people, 0, t, [&](const std::vector<std::size_t>& p) { return p[3] == kAll; });
    if (total > peak_people) {
      peak_people = total;
      peak = t;
    }
  }
  if (peak_people <= 0.0) return std::nullopt;
  AdminLevelTable table;
  table.level = level.level;
  table.layer = level.layer;
  table.date = run.layout().step_dates.at(peak);
  table.breakdowns = run.read_strings(output::schema::kBreakdown);
  for (std::size_t o = 0; o < units; ++o) {
    for (std::size_t c = 0; c < currents; ++c) {
      AdminLevelTable::Row row{level.unit_codes.at(o),
                               level.unit_names.at(o),
                               level.current_ids.at(c),
                               level.current_names.at(c),
                               {}};
      for (std::size_t b = 0; b < breakdowns; ++b)
        row.people.push_back(people.values[people.index_of({peak, o, c, b})]);
      if (row.people.at(kAll) > 0.0) table.rows.push_back(std::move(row));
    }
  }
  std::stable_sort(table.rows.begin(), table.rows.end(),
                   [](const auto& a, const auto& b) { return a.people[kAll] > b.people[kAll]; });
  if (table.rows.size() > kAdminTableRows) {
    table.rows_left_out = table.rows.size() - kAdminTableRows;
    table.rows.resize(kAdminTableRows);
  }
  return table;
}

}  // namespace

ReportData collect_report_data(const std::vector<std::filesystem::path>& runs) {
  if (runs.empty()) throw InputError("displace report: no run file given");
  ReportData data;
  data.file = runs.front();
  const RunReader run(runs.front());
  data.provenance = run.provenance();
  data.ended_utc = run.ended_utc();
  data.layout = run.layout();
  data.facts = scenario::scenario_facts(data.provenance.scenario_yaml,
                                        runs.front().string() + " (scenario_yaml)");
  data.households_per_agent = run.number_attribute("households_per_agent").value_or(kNoValue);
  data.agents = run.number_attribute("households_simulated").value_or(kNoValue);
  const Members members = members_of(run);
  data.ensemble = members.ensemble;
  data.runs_in_file = static_cast<int>(members.count);
  data.paired = !members.counterfactual.empty();
  const std::size_t regions = data.layout.region_codes.size();
  const std::size_t steps = data.layout.step_dates.size();
  constexpr auto kAll = static_cast<std::size_t>(engine::Breakdown::all);

  // Households and people at the start: every status, breakdown "all", first step.
  const auto households = per_member(run, members, output::schema::kHouseholds);
  const auto people = per_member(run, members, output::schema::kPeople);
  auto at_start = [&](const std::vector<VariableData>& variable) {
    std::vector<double> totals;
    for (const VariableData& v : variable) {
      totals.push_back(
          sum_where(v, 0, 0, [&](const std::vector<std::size_t>& p) { return p[3] == kAll; }));
    }
    return summarise(totals, members.main, members.ensemble);
  };
  data.households_at_start = at_start(households);
  data.people_at_start = at_start(people);

  // Headline figures from the comparison of this one file (its first column, and the paired
  // difference when there is one).
  const output::ComparisonTable table = output::summarise_runs({runs.front()});
  const auto due_column =
      std::find(table.column_kinds.begin(), table.column_kinds.end(), ColumnKind::due_to_hazard);
  const bool has_due = due_column != table.column_kinds.end();
  const auto due_index = static_cast<std::size_t>(due_column - table.column_kinds.begin());
  for (const ComparisonMetric metric :
       {ComparisonMetric::peak_displaced, ComparisonMetric::people_months_displaced,
        ComparisonMetric::evacuated, ComparisonMetric::migrated, ComparisonMetric::peak_trapped,
        ComparisonMetric::relocated}) {
    Headline headline;
    headline.key = output::metric_key(metric);
    headline.main = table_summary(table, 0, metric, regions);
    if (std::isnan(headline.main.value)) continue;  // a flow figure of a run without flows
    const bool optional_figure =
        metric == ComparisonMetric::evacuated || metric == ComparisonMetric::relocated;
    if (optional_figure && headline.main.value == 0.0) continue;
    if (has_due) headline.due = table_summary(table, due_index, metric, regions);
    data.headlines.push_back(std::move(headline));
  }

  // People who left home, by cause (when the engine records it).
  const auto by_cause = per_member(run, members, "displacements_people");
  std::vector<std::vector<double>> by_region_cause_totals;  // [member][region]
  if (!by_cause.empty()) {
    const VariableData& first = by_cause.front();
    const std::size_t cause_axis = first.dimensions.size() - 1;
    const std::string cause_dimension = first.dimensions.back();
    std::vector<std::string> causes;
    if (run.has_variable(cause_dimension)) {
      try {
        causes = run.read_strings(cause_dimension);
      } catch (const InputError&) {
        causes.clear();
      }
    }
    if (causes.size() != first.shape.back()) {
      causes.assign(engine::kDisplacementCauseNames.begin(), engine::kDisplacementCauseNames.end());
    }
    for (std::size_t c = 0; c < causes.size() && c < first.shape.back(); ++c) {
      std::vector<double> totals;
      for (const VariableData& v : by_cause)
        totals.push_back(sum_where(v, cause_axis, c));
      Headline headline;
      headline.key = "displaced_people_" + causes[c];
      headline.main = summarise(totals, members.main, members.ensemble);
      headline.due = paired_difference(totals, members);
      if (headline.main.value > 0.0) data.headlines.push_back(std::move(headline));
    }
    const std::size_t region_axis = dimension_index(first, output::schema::kRegion);
    for (const VariableData& v : by_cause) {
      std::vector<double> per_region(regions, 0.0);
      for (std::size_t r = 0; r < regions && region_axis < v.shape.size(); ++r) {
        per_region[r] = sum_where(v, region_axis, r);
      }
      by_region_cause_totals.push_back(std::move(per_region));
    }
  }

  // With several hazards: people who left a home made uninhabitable, by the hazard that damaged it
  // most.
  const std::vector<std::string>& hazards = run.layout().hazard_names;
  const auto by_hazard =
      hazards.size() > 1 ? per_member(run, members, output::schema::kUninhabitablePeopleByHazard)
                         : std::vector<VariableData>{};
  if (!by_hazard.empty() && by_hazard.front().shape.back() == hazards.size()) {
    const std::size_t hazard_axis = by_hazard.front().dimensions.size() - 1;
    for (std::size_t k = 0; k < hazards.size(); ++k) {
      std::vector<double> totals;
      for (const VariableData& v : by_hazard)
        totals.push_back(sum_where(v, hazard_axis, k));
      Headline headline;
      headline.key = "uninhabitable_by_hazard";
      headline.detail = hazards[k];
      headline.main = summarise(totals, members.main, members.ensemble);
      headline.due = paired_difference(totals, members);
      if (headline.main.value > 0.0) data.headlines.push_back(std::move(headline));
    }
  }

  // People protected by early warning: evacuated from homes that then proved uninhabitable.
  const auto protected_people = per_member(run, members, output::schema::kProtectedPeople);
  if (!protected_people.empty()) {
    std::vector<double> totals;
    for (const VariableData& v : protected_people)
      totals.push_back(sum_where(v, v.shape.size(), 0));
    Headline headline;
    headline.key = "protected_people";
    headline.main = summarise(totals, members.main, members.ensemble);
    headline.due = paired_difference(totals, members);
    if (headline.main.value > 0.0) data.headlines.push_back(std::move(headline));
  }

  // People who moved to places outside the area (external destinations), every kind but return.
  const auto people_flows = per_member(run, members, "flows_people");
  if (!people_flows.empty() && data.layout.place_ids.size() > regions) {
    const VariableData& first = people_flows.front();
    const std::size_t kind_axis = dimension_index(first, output::schema::kFlowKind);
    const std::size_t destination_axis = dimension_index(first, output::schema::kDestination);
    std::size_t return_kind = static_cast<std::size_t>(engine::FlowKind::return_home);
    if (run.has_variable(output::schema::kFlowKind)) {
      try {
        const auto kinds = run.read_strings(output::schema::kFlowKind);
        const auto found = std::find(kinds.begin(), kinds.end(), "return");
        if (found != kinds.end()) return_kind = static_cast<std::size_t>(found - kinds.begin());
      } catch (const InputError&) {
      }
    }
    if (kind_axis < first.shape.size() && destination_axis < first.shape.size()) {
      std::vector<double> totals;
      for (const VariableData& v : people_flows) {
        totals.push_back(sum_where(v, v.shape.size(), 0, [&](const std::vector<std::size_t>& p) {
          return p[kind_axis] != return_kind && p[destination_axis] >= regions;
        }));
      }
      Headline headline;
      headline.key = "people_to_external";
      headline.main = summarise(totals, members.main, members.ensemble);
      headline.due = paired_difference(totals, members);
      data.headlines.push_back(std::move(headline));
    }
  }

  // Rows by region.
  data.regions_have_due = has_due;
  data.regions_have_displacements = !by_region_cause_totals.empty();
  for (std::size_t r = 0; r < regions; ++r) {
    RegionRow row;
    row.code = data.layout.region_codes[r];
    row.name = r < data.layout.region_names.size() ? data.layout.region_names[r] : "";
    std::vector<double> region_people;
    for (const VariableData& v : people) {
      region_people.push_back(sum_where(
          v, 0, 0, [&](const std::vector<std::size_t>& p) { return p[1] == r && p[3] == kAll; }));
    }
    row.people = summarise(region_people, members.main, members.ensemble).value;
    row.peak_displaced = table_summary(table, 0, ComparisonMetric::peak_displaced, r).value;
    row.people_months = table_summary(table, 0, ComparisonMetric::people_months_displaced, r).value;
    row.evacuated = table_summary(table, 0, ComparisonMetric::evacuated, r).value;
    row.migrated = table_summary(table, 0, ComparisonMetric::migrated, r).value;
    if (has_due) {
      row.people_months_due =
          table_summary(table, due_index, ComparisonMetric::people_months_displaced, r).value;
    }
    if (!by_region_cause_totals.empty()) {
      std::vector<double> totals;
      for (const auto& member : by_region_cause_totals)
        totals.push_back(member[r]);
      row.displacements_people = summarise(totals, members.main, members.ensemble).value;
    }
    data.regions.push_back(std::move(row));
  }

  // Households by status over time (all regions), plus trapped households.
  constexpr std::array<engine::Status, 5> kShown = {
      engine::Status::evacuated, engine::Status::displaced, engine::Status::migrated,
      engine::Status::relocated, engine::Status::returned};
  const auto trapped = per_member(run, members, output::schema::kTrappedHouseholds);
  auto add_series = [&](const std::string& status,
                        const std::function<double(std::size_t member, std::size_t t)>& total) {
    StatusSeries series;
    series.status = status;
    bool any = false;
    for (std::size_t t = 0; t < steps; ++t) {
      std::vector<double> values(members.count, 0.0);
      for (const std::size_t m : members.main)
        values[m] = total(m, t);
      const Summary s = summarise(values, members.main, members.ensemble);
      series.median.push_back(s.value);
      if (members.ensemble) {
        series.low.push_back(s.low);
        series.high.push_back(s.high);
      }
      any = any || s.value > 0 || (members.ensemble && s.high > 0);
    }
    if (any) data.series.push_back(std::move(series));
  };
  for (const engine::Status status : kShown) {
    const auto s = static_cast<std::size_t>(status);
    add_series(std::string(engine::kStatusNames[s]), [&](std::size_t m, std::size_t t) {
      const VariableData& v = households[m];
      double total = 0.0;
      for (std::size_t r = 0; r < regions; ++r)
        total += v.values[v.index_of({t, r, s, kAll})];
      return total;
    });
  }
  if (!trapped.empty()) {
    add_series("trapped", [&](std::size_t m, std::size_t t) {
      const VariableData& v = trapped[m];
      double total = 0.0;
      for (std::size_t r = 0; r < regions; ++r)
        total += v.values[v.index_of({t, r})];
      return total;
    });
  }

  data.displaced_from =
      read_map(run, output::schema::kDisplacedFromPeopleMap, members.file, data.layout);
  data.arrivals = read_map(run, output::schema::kArrivalsPeopleMap, members.file, data.layout);

  if (!members.ensemble) data.shelters = output::summarise_shelters_and_protection(run).shelters;
  if (!members.ensemble) data.admin_table = admin_table(run);

  if (runs.size() > 1) data.comparison = output::compare_runs(runs);
  return data;
}

}  // namespace displace::report
