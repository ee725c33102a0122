#include "displace/inputs/simulation_inputs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <stdexcept>

#include "displace/common/error.hpp"
#include "displace/engine/vulnerability.hpp"
#include "displace/geo/admin.hpp"
#include "displace/geo/population.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/subgrid.hpp"
#include "displace/geo/time_axis.hpp"
#include "displace/inputs/size_check.hpp"
#include "displace/inputs/storm_inputs.hpp"
#include "displace/scenario/event_sampling.hpp"

namespace displace::inputs {
namespace {

using scenario::LayerKind;
using scenario::LayerSpec;

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

}  // namespace

bool is_warning(const std::string& note) {
  return note.rfind("warning: ", 0) == 0;
}

void print_notes(const std::vector<std::string>& notes, std::ostream& log, std::ostream& warnings) {
  for (const auto& note : notes) {
    if (is_warning(note)) {
      warnings << note << "\n";
    } else {
      log << "note: " << note << "\n";
    }
  }
}

geo::RasterSource source_of(const LayerSpec& layer) {
  geo::RasterSource source;
  source.layer_name = layer.name;
  source.path = layer.path.string();
  source.variable = layer.variable;
  source.crs_override = layer.crs_override;
  source.nodata_override = layer.nodata_override;
  return source;
}

namespace {

/// Resampling for a continuous field: the user's choice, else bilinear onto finer grids and
/// average onto coarser ones.
geo::Resampling continuous_resampling(const LayerSpec& layer, const geo::GridDefinition& grid) {
  switch (layer.resampling) {
    case scenario::Resampling::nearest:
      return geo::Resampling::nearest;
    case scenario::Resampling::bilinear:
      return geo::Resampling::bilinear;
    case scenario::Resampling::average:
      return geo::Resampling::average;
    case scenario::Resampling::mode:
      return geo::Resampling::mode;
    case scenario::Resampling::sum:
      return geo::Resampling::sum;
    case scenario::Resampling::automatic:
      break;
  }
  // A series given by `files:` has no `path`: its first file stands for the others.
  auto source = source_of(layer);
  if (!layer.files.empty()) source.path = layer.files.front().path.string();
  const auto source_grid = geo::grid_of(source);
  const bool same_units = source_grid.geographic == grid.geographic;
  const bool source_coarser =
      !same_units || std::abs(source_grid.geotransform[1]) >= std::abs(grid.geotransform[1]);
  return source_coarser ? geo::Resampling::bilinear : geo::Resampling::average;
}

/// A hazard layer whose largest intensity is over this many times the intensity at which its curve
/// saturates (99% of its largest damage) gets a warning: docs/reliability.md.
constexpr double kSaturationFactor = 20.0;

/// A number for a message: up to 4 significant digits.
std::string format_value(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

std::vector<float> zero_nodata(std::vector<float> values) {
  for (auto& v : values) {
    if (std::isnan(v)) v = 0.0f;
  }
  return values;
}

const LayerSpec* find_layer(const scenario::Scenario& s, const std::string& name) {
  for (const auto& layer : s.layers) {
    if (layer.name == name) return &layer;
  }
  return nullptr;
}

/// Refuses a layer with values at or below -999 that its file does not declare nodata: a nodata
/// sentinel (-9999, -999) read as data would be an intensity or a mask value.
void refuse_sentinels(const LayerSpec& layer, std::span<const std::vector<float>> fields) {
  constexpr float kSentinel = -999.0F;
  float lowest = 0.0F;
  std::size_t count = 0;
  for (const auto& field : fields) {
    for (const float v : field) {
      if (!std::isnan(v) && v <= kSentinel) {
        lowest = std::min(lowest, v);
        ++count;
      }
    }
  }
  if (count == 0) return;
  throw InputError("layer '" + layer.name + "' (" + layer.path.string() + "): " +
                   std::to_string(count) + " value(s) on the grid at or below -999 (down to " +
                   format_value(static_cast<double>(lowest)) +
                   "), not declared nodata in the file: a nodata sentinel? Declare the "
                   "file's sentinel with `nodata:` in the layer (e.g. `nodata: -9999`)");
}

/// The intensity from which `curve` gives 99% of its largest damage (emanuel_wind: v_n =
/// 99^(1/3); step: the threshold; table: the first point at 99% of the table's largest damage).
double saturation_intensity(const engine::VulnerabilityCurve& curve) {
  switch (curve.kind) {
    case engine::CurveKind::emanuel_wind:
      return curve.v_thresh_m_s + std::cbrt(99.0) * (curve.v_half_m_s - curve.v_thresh_m_s);
    case engine::CurveKind::step:
      return curve.step_threshold;
    case engine::CurveKind::table: {
      if (curve.table_damage.empty()) return 0.0;
      const double top = *std::max_element(curve.table_damage.begin(), curve.table_damage.end());
      for (std::size_t i = 0; i < curve.table_damage.size(); ++i) {
        if (curve.table_damage[i] >= 0.99 * top) return curve.table_intensity[i];
      }
      return curve.table_intensity.back();
    }
  }
  return 0.0;
}

/// Words in a raster's labels or file name that say it holds people per area, not people.
bool says_density(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"density", "per km", "per_km", "per sq", "/km", "km-2", "km^-2",
                           "km**-2", "persons per square"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  return false;
}

/// A population layer read as counts (quantity: count) that looks like a density (people/km²):
/// its file name, band description, units or metadata say density, or its populated cells hold
/// fewer than kCountsPerKm2 people per km² on cells of over kDensityCellKm2 km² (a density of
/// tens to thousands per km² read as the people of a cell of hundreds of km²). A warning, with
/// the total a density reading would give.
constexpr double kCountsPerKm2 = 1.0;
constexpr double kDensityCellKm2 = 10.0;

void check_counts_look_like_counts(const LayerSpec& layer, const geo::GridDefinition& grid,
                                   const std::vector<float>& people,
                                   std::vector<std::string>& notes) {
  const auto area = geo::cell_area_km2(grid);
  double total = 0.0;
  double populated_area = 0.0;
  std::size_t populated_cells = 0;
  for (std::size_t c = 0; c < people.size() && c < area.size(); ++c) {
    if (people[c] > 0.0F) {
      total += static_cast<double>(people[c]);
      populated_area += area[c];
      ++populated_cells;
    }
  }
  if (populated_cells == 0 || populated_area <= 0.0) return;
  const double per_km2 = total / populated_area;
  std::string why;
  std::string labels = layer.path.filename().string();
  try {
    labels += "; " + geo::band_labels(source_of(layer), layer.band);
  } catch (const InputError&) {  // the layer was read; its labels are a hint only
  }
  if (says_density(labels)) {
    why = "its file name or labels say density";
  } else if (per_km2 < kCountsPerKm2 &&
             populated_area / static_cast<double>(populated_cells) > kDensityCellKm2) {
    why = "its " + format_value(total) + " people are " + format_value(per_km2) +
          " per km2 of populated cells, fewer than " + format_value(kCountsPerKm2) +
          " per km2 (a density read as counts?)";
  }
  if (why.empty()) return;
  const auto as_density = geo::read_population_people(source_of(layer), layer.band, grid, true);
  double density_total = 0.0;
  for (const float p : as_density)
    if (!std::isnan(p)) density_total += static_cast<double>(p);
  notes.push_back("warning: layer '" + layer.name + "' (" + layer.path.string() +
                  ") is read as people per cell (quantity: count, the default) but " + why +
                  ": read so it gives " + format_value(total) + " people; read as people per km2 " +
                  "it would give " + format_value(density_total) +
                  ". Say which with `quantity: count`, `density_per_km2` or "
                  "`density_per_land_km2`");
}

}  // namespace

geo::GridDefinition simulation_grid(const scenario::Scenario& s) {
  if (!s.grid.reference_layer.empty()) {
    const auto* layer = find_layer(s, s.grid.reference_layer);
    if (layer == nullptr) {
      throw InputError("grid.reference: no layer named " + quoted(s.grid.reference_layer));
    }
    return geo::grid_of(source_of(*layer));
  }
  return geo::grid_from_bounds(s.grid.crs, s.grid.xmin, s.grid.ymin, s.grid.xmax, s.grid.ymax,
                               s.grid.resolution_x, s.grid.resolution_y);
}

namespace {

geo::AdminLayer read_admin(const LayerSpec& layer, const geo::GridDefinition& grid) {
  return layer.code_field.empty()
             ? geo::admin_from_raster(source_of(layer), layer.band, grid, layer.code_names)
             : geo::rasterize_admin(layer.name, layer.path.string(), layer.code_field,
                                    layer.name_field, grid);
}

/// Units of an admin layer on the grid; cells outside every unit share one `_NONE` unit.
std::pair<std::vector<engine::Region>, std::vector<std::int32_t>> admin_units(
    geo::AdminLayer admin, const std::string& outside_name) {
  std::vector<engine::Region> units;
  for (std::size_t r = 0; r < admin.codes.size(); ++r) {
    units.push_back({admin.codes[r], admin.names[r]});
  }
  const bool any_unassigned = std::any_of(admin.region_of_cell.begin(), admin.region_of_cell.end(),
                                          [](std::int32_t r) { return r < 0; });
  const auto unassigned = static_cast<std::int32_t>(units.size());
  if (any_unassigned) units.push_back({"_NONE", outside_name});
  for (auto& r : admin.region_of_cell) {
    if (r < 0) r = unassigned;
  }
  return {std::move(units), std::move(admin.region_of_cell)};
}

/// The regions from the first admin layer (one region "ALL" without one), then every admin layer
/// with a `level` as an admin level, coarsest first.
void load_admin(const std::vector<const LayerSpec*>& layers, const scenario::Scenario& s,
                const geo::GridDefinition& grid, engine::Landscape& landscape) {
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  if (layers.empty()) {
    landscape.regions.push_back({"ALL", s.name.empty() ? "whole grid" : s.name});
    landscape.region_of_cell.assign(cells, 0);
    return;
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& layer = *layers[i];
    if (i > 0 && !layer.admin_level) continue;  // refused by the scenario checks
    try {
      auto [units, unit_of_cell] = admin_units(read_admin(layer, grid), "outside admin regions");
      if (layer.admin_level) {
        landscape.admin_levels.push_back({layer.name, *layer.admin_level, units, unit_of_cell});
      }
      if (i == 0) {
        landscape.regions = std::move(units);
        landscape.region_of_cell = std::move(unit_of_cell);
      }
    } catch (...) {
      if (i == 0) throw;  // the regions' errors are worded as they always were
      rethrow_with_context("admin level " + std::to_string(*layer.admin_level));
    }
  }
  std::stable_sort(landscape.admin_levels.begin(), landscape.admin_levels.end(),
                   [](const auto& a, const auto& b) { return a.level < b.level; });
}

void load_hazard_layer(const LayerSpec& layer, const scenario::Scenario& s,
                       const Timeline& timeline, const geo::GridDefinition& grid,
                       engine::Landscape& landscape, std::vector<std::string>& notes) {
  const auto kind_index = static_cast<int>(landscape.hazard_kinds.size());
  engine::HazardKind kind;
  kind.name = layer.hazard.empty() ? layer.name : layer.hazard;
  // Kinds label the run file's `hazard` axis: a second layer of the same hazard is told apart by
  // its layer name ("wind (gusts)").
  for (const engine::HazardKind& earlier : landscape.hazard_kinds) {
    if (earlier.name == kind.name) kind.name += " (" + layer.name + ")";
  }
  kind.units = layer.units;
  kind.curve = layer.curve;
  if (layer.warning_intensity) kind.warning_intensity = *layer.warning_intensity;
  kind.services_curve = layer.services_curve;
  landscape.hazard_kinds.push_back(std::move(kind));
  const auto source = source_of(layer);
  const auto resampling = continuous_resampling(layer, grid);

  struct Planned {
    int band;
    std::string id;
    std::string name;
    int step;
  };
  std::vector<Planned> planned;
  for (const auto& event : layer.events) {
    const auto step = timeline.step_of(event.date);
    if (!step) {
      notes.push_back("warning: layer '" + layer.name + "': event " + event.name + " (" +
                      format_civil_date(event.date) + ") is outside the run (" +
                      format_civil_date(timeline.step_start(0)) + " to " +
                      format_civil_date(timeline.step_start(timeline.step_count())) +
                      "); not used");
      continue;
    }
    planned.push_back({event.band, event.id, event.name, *step});
  }
  if (layer.sampling.events_per_year > 0.0) {
    // The event set: the listed events, or every band of the file.
    std::vector<std::pair<int, std::string>> pool;
    for (const auto& event : layer.events)
      pool.emplace_back(event.band, event.name);
    if (pool.empty()) {
      const int bands = geo::band_count(source);
      for (int b = 1; b <= bands; ++b)
        pool.emplace_back(b, "band " + std::to_string(b));
    }
    for (const scenario::SampledEvent& event :
         scenario::sample_events(layer.sampling, s.seed, layer.name, pool.size())) {
      const auto step = timeline.step_of(event.date);
      if (!step) continue;
      const auto& [band, name] = pool[event.pool_index];
      planned.push_back(
          {band, "sampled-" + std::to_string(event.year) + "-" + std::to_string(event.index),
           name + " (sampled " + format_civil_date(event.date) + ")", *step});
    }
  }
  if (planned.empty()) return;

  std::vector<int> bands;
  for (const auto& p : planned)
    bands.push_back(p.band);
  std::sort(bands.begin(), bands.end());
  bands.erase(std::unique(bands.begin(), bands.end()), bands.end());
  // Sub-grid exposure: a hazard finer than the grid keeps its population-weighted quantiles per
  // cell (one slot per quantile) instead of the cell mean.
  std::optional<geo::RasterSource> weights;
  int weights_band = 1;
  for (const auto& other : s.layers) {
    if (other.kind == LayerKind::population) {
      weights = source_of(other);
      weights_band = other.band;
    }
  }
  const auto fields = geo::read_subgrid_quantiles(source, bands, grid, landscape.exposure_slots,
                                                  resampling, weights, weights_band);
  double max_on_grid = 0.0;
  double max_at_source = 0.0;
  for (std::size_t b = 0; b < fields.values.size(); ++b) {
    for (const float v : fields.values[b])
      if (!std::isnan(v)) max_on_grid = std::max(max_on_grid, static_cast<double>(v));
    max_at_source = std::max(max_at_source, fields.max_at_source[b]);
  }
  refuse_sentinels(layer, fields.values);
  const engine::HazardKind& hazard = landscape.hazard_kinds.back();
  // Far beyond where the curve saturates: intensities in other units (flood depth in cm for a
  // curve in m, wind in cm/s) damage every dwelling fully and say nothing.
  const double saturation = saturation_intensity(hazard.curve);
  const double largest = std::max(max_on_grid, max_at_source);
  if (saturation > 0.0 && largest > kSaturationFactor * saturation) {
    notes.push_back("warning: layer '" + layer.name + "' (" + layer.path.string() +
                    "): its largest intensity " + format_value(largest) +
                    (layer.units.empty() ? std::string() : " " + layer.units) + " is over " +
                    format_value(kSaturationFactor) +
                    " times the intensity at which its damage curve saturates (" +
                    format_value(saturation) +
                    "): are the values in other units than the curve's (cm for m)?");
  }
  if (engine::curve_damage(hazard.curve, max_on_grid) <= 0.0) {
    notes.push_back("warning: layer '" + layer.name + "' never reaches its damage curve's " +
                    "threshold on the grid (largest intensity " + format_value(max_on_grid) +
                    " on the grid, " + format_value(max_at_source) +
                    " at source resolution): it damages no dwelling");
  }
  // The grid covering far more than the hazard (a global population raster as the grid for a
  // regional storm) costs time and memory for households the hazard never reaches. With one slot
  // per cell a missing value is NaN; with sub-grid quantiles it counts as 0, so there a cell whose
  // slots are all 0 counts as not covered.
  const auto slots = static_cast<std::size_t>(std::max(fields.slots, 1));
  std::vector<std::uint8_t> covered(static_cast<std::size_t>(grid.cell_count()), 0);
  for (const auto& field : fields.values) {
    for (std::size_t v = 0; v < field.size() && v / slots < covered.size(); ++v)
      if (!std::isnan(field[v]) && (slots == 1 || field[v] != 0.0F)) covered[v / slots] = 1;
  }
  const auto covered_cells = std::count(covered.begin(), covered.end(), std::uint8_t{1});
  if (static_cast<double>(covered_cells) < 0.1 * static_cast<double>(covered.size())) {
    notes.push_back("layer '" + layer.name + "' covers " + std::to_string(covered_cells) +
                    " of the grid's " + std::to_string(covered.size()) +
                    " cells; a grid closer to the hazard (grid.bounds, or a smaller reference "
                    "layer) would run faster in less memory");
  }
  for (const auto& p : planned) {
    const auto at = std::lower_bound(bands.begin(), bands.end(), p.band) - bands.begin();
    engine::HazardEvent event;
    event.id = p.id;
    event.name = p.name;
    event.hazard_kind = kind_index;
    event.step = p.step;
    event.forecast = true;
    event.intensity = zero_nodata(fields.values[static_cast<std::size_t>(at)]);
    event.slots = fields.slots;
    landscape.events.push_back(std::move(event));
  }
  std::stable_sort(landscape.events.begin(), landscape.events.end(),
                   [](const auto& a, const auto& b) { return a.step < b.step; });
}

}  // namespace

/// Refuses a climate series that does not reach the run's first or last step: holding its first
/// or last value for years would silently drive the run with made-up numbers. One spacing of the
/// series is allowed beyond each end (yearly values dated mid-year, a run starting in January).
void require_series_covers_run(const LayerSpec& layer, const std::vector<CivilDate>& dates,
                               const Timeline& timeline) {
  if (dates.empty()) {
    throw InputError("layer '" + layer.name + "' (" + layer.path.string() + "): no dated values");
  }
  std::int64_t spacing_days = 31;
  for (std::size_t i = 1; i < dates.size(); ++i) {
    if (!(dates[i - 1] < dates[i])) {
      throw InputError("layer '" + layer.name + "' (" + layer.path.string() + "): dates " +
                       format_civil_date(dates[i - 1]) + " and " + format_civil_date(dates[i]) +
                       " are not in increasing order");
    }
    spacing_days =
        std::max(spacing_days, days_since_epoch(dates[i]) - days_since_epoch(dates[i - 1]));
  }
  const CivilDate& first_step = timeline.step_start(0);
  const CivilDate& last_step = timeline.step_start(timeline.step_count() - 1);
  const bool starts_late =
      days_since_epoch(first_step) < days_since_epoch(dates.front()) - spacing_days;
  const bool ends_early =
      days_since_epoch(last_step) > days_since_epoch(dates.back()) + spacing_days;
  if (starts_late || ends_early) {
    throw InputError("layer '" + layer.name + "' (" + layer.path.string() + "): its dates (" +
                     format_civil_date(dates.front()) + " to " + format_civil_date(dates.back()) +
                     ") do not cover the run's steps (" + format_civil_date(first_step) + " to " +
                     format_civil_date(last_step) +
                     "); give a series that spans the run, or shorten `time:`");
  }
}

namespace {

/// Populated cells without a baseline value of a climate layer get no change of climate. Named,
/// with their share of the people and the regions most affected: a warning above
/// kUncoveredWarningShare of the people, a note below it (coastal cells a coarse model's land
/// mask leaves out).
constexpr double kUncoveredWarningShare = 0.01;

void note_uncovered_people(const LayerSpec& layer, const engine::Landscape& landscape,
                           const std::vector<int>& baseline_count,
                           std::vector<std::string>& notes) {
  const auto& people = landscape.population_people;
  double total = 0.0;
  double uncovered = 0.0;
  std::size_t populated_cells = 0;
  std::size_t uncovered_cells = 0;
  std::map<std::int32_t, double> by_region;
  for (std::size_t c = 0; c < people.size() && c < baseline_count.size(); ++c) {
    const double p = static_cast<double>(people[c]);
    if (!(p > 0.0)) continue;
    total += p;
    ++populated_cells;
    if (baseline_count[c] > 0) continue;
    uncovered += p;
    ++uncovered_cells;
    if (c < landscape.region_of_cell.size()) by_region[landscape.region_of_cell[c]] += p;
  }
  if (uncovered_cells == 0 || total <= 0.0) return;
  std::vector<std::pair<double, std::int32_t>> regions;
  for (const auto& [region, p] : by_region)
    regions.emplace_back(p, region);
  std::sort(regions.rbegin(), regions.rend());
  std::string named;
  for (std::size_t i = 0; i < regions.size() && i < 5; ++i) {
    const auto r = static_cast<std::size_t>(regions[i].second);
    const std::string name =
        r < landscape.regions.size() ? landscape.regions[r].name : std::to_string(r);
    named += (named.empty() ? "" : ", ") + name + " " + format_value(regions[i].first) + " people";
  }
  if (regions.size() > 5) named += ", and " + std::to_string(regions.size() - 5) + " more";
  const double share = uncovered / total;
  notes.push_back(std::string(share > kUncoveredWarningShare ? "warning: " : "") + "layer '" +
                  layer.name + "' (" +
                  (layer.files.empty() ? layer.path : layer.files.front().path).string() +
                  (layer.files.size() > 1 ? ", ..." : "") + ") has no value at " +
                  std::to_string(uncovered_cells) + " of the " + std::to_string(populated_cells) +
                  " populated cells (" + format_value(100.0 * share) +
                  "% of the people), which get no change of climate; regions: " + named);
}

/// A climate series as an anomaly per step against the mean of its baseline years.
void load_climate_layer(const LayerSpec& layer, const Timeline& timeline,
                        const geo::GridDefinition& grid, engine::Landscape& landscape,
                        std::vector<std::string>& input_files, std::vector<std::string>& notes) {
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  // Dates and per-date fields (lazily: only the bands needed).
  std::vector<CivilDate> dates;
  const auto resampling = continuous_resampling(layer, grid);

  std::vector<std::size_t> needed;  // indices into dates
  auto collect_needed = [&](const std::vector<CivilDate>& all) {
    std::set<std::size_t> set;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const int year = all[i].year;
      if (layer.baseline_first_year != 0 && year >= layer.baseline_first_year &&
          year <= layer.baseline_last_year)
        set.insert(i);
    }
    if (layer.baseline_first_year == 0) set.insert(0);
    for (int k = 0; k < timeline.step_count(); ++k) {
      const auto w = geo::time_weights(all, timeline.step_start(k),
                                       layer.interpolation == scenario::TimeInterpolation::linear);
      set.insert(static_cast<std::size_t>(w.lower));
      set.insert(static_cast<std::size_t>(w.upper));
    }
    return std::vector<std::size_t>(set.begin(), set.end());
  };

  std::map<std::size_t, std::vector<float>> by_index;
  if (!layer.files.empty()) {
    for (const auto& file : layer.files)
      dates.push_back(file.date);
    needed = collect_needed(dates);
    for (auto i : needed) {
      auto source = source_of(layer);
      source.path = layer.files[i].path.string();
      input_files.push_back(source.path);
      by_index[i] = geo::read_aligned(source, layer.band, grid, resampling);
    }
  } else {
    const auto source = source_of(layer);
    if (!layer.dates.empty()) {
      dates = layer.dates;
    } else {
      const auto axis = geo::read_time_axis(source);
      if (!axis) {
        throw InputError("layer '" + layer.name + "' (" + layer.path.string() +
                         "): no time axis in the file; give `dates:` or `files:`");
      }
      dates = axis->dates;
    }
    const int bands = geo::band_count(source);
    if (static_cast<int>(dates.size()) != bands) {
      throw InputError("layer '" + layer.name + "' (" + layer.path.string() +
                       "): " + std::to_string(dates.size()) + " dates for " +
                       std::to_string(bands) + " bands");
    }
    needed = collect_needed(dates);
    std::vector<int> band_numbers;
    for (auto i : needed)
      band_numbers.push_back(static_cast<int>(i) + 1);
    auto read = geo::read_aligned_bands(source, band_numbers, grid, resampling);
    for (std::size_t j = 0; j < needed.size(); ++j)
      by_index[needed[j]] = std::move(read[j]);
  }

  require_series_covers_run(layer, dates, timeline);

  // Baseline: mean of the baseline years' values (or the first value).
  std::vector<double> baseline(cells, 0.0);
  std::vector<int> baseline_count(cells, 0);
  for (const auto& [i, field] : by_index) {
    const int year = dates[i].year;
    const bool in_baseline = layer.baseline_first_year == 0 ? i == 0
                                                            : (year >= layer.baseline_first_year &&
                                                               year <= layer.baseline_last_year);
    if (!in_baseline) continue;
    for (std::size_t c = 0; c < cells; ++c) {
      if (!std::isnan(field[c])) {
        baseline[c] += static_cast<double>(field[c]);
        ++baseline_count[c];
      }
    }
  }
  if (std::all_of(baseline_count.begin(), baseline_count.end(), [](int n) { return n == 0; })) {
    throw InputError("layer '" + layer.name + "': no values in the baseline period " +
                     std::to_string(layer.baseline_first_year) + "-" +
                     std::to_string(layer.baseline_last_year));
  }
  for (std::size_t c = 0; c < cells; ++c) {
    if (baseline_count[c] > 0) baseline[c] /= baseline_count[c];
  }
  note_uncovered_people(layer, landscape, baseline_count, notes);

  engine::ClimateDriver driver;
  driver.name = layer.driver;
  driver.units = layer.units;
  std::map<std::tuple<int, int, double>, int> frame_index;
  for (int k = 0; k < timeline.step_count(); ++k) {
    const auto w = geo::time_weights(dates, timeline.step_start(k),
                                     layer.interpolation == scenario::TimeInterpolation::linear);
    const auto key = std::make_tuple(w.lower, w.upper, w.weight_upper);
    auto found = frame_index.find(key);
    if (found == frame_index.end()) {
      const auto& lo = by_index.at(static_cast<std::size_t>(w.lower));
      const auto& hi = by_index.at(static_cast<std::size_t>(w.upper));
      std::vector<float> frame(cells, 0.0f);
      for (std::size_t c = 0; c < cells; ++c) {
        const double value = (1.0 - w.weight_upper) * static_cast<double>(lo[c]) +
                             w.weight_upper * static_cast<double>(hi[c]);
        frame[c] = (std::isnan(value) || baseline_count[c] == 0)
                       ? 0.0f
                       : static_cast<float>(value - baseline[c]);
      }
      found = frame_index.emplace(key, static_cast<int>(driver.frames.size())).first;
      driver.frames.push_back(std::move(frame));
    }
    driver.frame_of_step.push_back(found->second);
  }
  landscape.climate.push_back(std::move(driver));
}

}  // namespace

namespace {

bool same_curve(const engine::VulnerabilityCurve& a, const engine::VulnerabilityCurve& b) {
  return a.kind == b.kind && a.v_thresh_m_s == b.v_thresh_m_s && a.v_half_m_s == b.v_half_m_s &&
         a.step_threshold == b.step_threshold && a.step_damage == b.step_damage &&
         a.table_intensity == b.table_intensity && a.table_damage == b.table_damage;
}

bool same_warning(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace

std::shared_ptr<const engine::Landscape> with_hazard_curves(
    std::shared_ptr<const engine::Landscape> landscape, const scenario::Scenario& scenario) {
  // The kinds in the order load_inputs adds them: a hazard_events layer's one kind, a
  // storm_track layer's wind and then (when computed) its rain.
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::vector<engine::HazardKind> curves;
  const auto add = [&](const engine::VulnerabilityCurve& curve,
                       const std::optional<double>& warning,
                       const engine::VulnerabilityCurve& services) {
    engine::HazardKind kind;
    kind.curve = curve;
    kind.warning_intensity = warning.value_or(kNone);
    kind.services_curve = services;
    curves.push_back(std::move(kind));
  };
  for (const LayerSpec& layer : scenario.layers) {
    if (layer.kind == LayerKind::hazard_events) {
      add(layer.curve, layer.warning_intensity, layer.services_curve);
    } else if (layer.kind == LayerKind::storm_track) {
      add(layer.curve, layer.warning_intensity, layer.services_curve);
      if (layer.rain)
        add(layer.rain_curve, layer.rain_warning_intensity, layer.rain_services_curve);
    }
  }
  if (curves.size() != landscape->hazard_kinds.size()) {
    throw std::logic_error("with_hazard_curves: scenario '" + scenario.name + "' gives " +
                           std::to_string(curves.size()) + " hazard kinds, the landscape has " +
                           std::to_string(landscape->hazard_kinds.size()));
  }
  bool same = true;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const engine::HazardKind& was = landscape->hazard_kinds[k];
    same = same && same_curve(was.curve, curves[k].curve) &&
           same_curve(was.services_curve, curves[k].services_curve) &&
           same_warning(was.warning_intensity, curves[k].warning_intensity);
  }
  if (same) return landscape;
  auto copy = std::make_shared<engine::Landscape>(*landscape);
  for (std::size_t k = 0; k < curves.size(); ++k) {
    copy->hazard_kinds[k].curve = curves[k].curve;
    copy->hazard_kinds[k].services_curve = curves[k].services_curve;
    copy->hazard_kinds[k].warning_intensity = curves[k].warning_intensity;
  }
  return copy;
}

SimulationInputs load_inputs(const scenario::Scenario& s, const Timeline& timeline) {
  SimulationInputs inputs;
  auto landscape = std::make_shared<engine::Landscape>();
  inputs.grid = simulation_grid(s);
  const auto& grid = inputs.grid;
  check_grid_size(grid, static_cast<int>(s.layers.size()));
  landscape->width = grid.width;
  landscape->height = grid.height;
  landscape->exposure_slots = s.grid.exposure_slots;
  geo::cell_centers_lonlat(grid, landscape->cell_lon_deg, landscape->cell_lat_deg);

  const LayerSpec* population = nullptr;
  const LayerSpec* admin = nullptr;  ///< the first admin layer: the regions
  std::vector<const LayerSpec*> admins;
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> masks;
  for (const auto& layer : s.layers) {
    inputs.input_files.push_back(layer.path.string());
    if (layer.kind == LayerKind::population) {
      if (population != nullptr) {
        throw InputError("layers: more than one population layer ('" + population->name + "', '" +
                         layer.name + "')");
      }
      population = &layer;
    } else if (layer.kind == LayerKind::admin) {
      if (admin != nullptr && (!admin->admin_level || !layer.admin_level)) {
        throw InputError("layers: more than one admin layer ('" + admin->name + "', '" +
                         layer.name + "') and not every one has a `level`");
      }
      if (admin == nullptr) admin = &layer;
      admins.push_back(&layer);
    }
  }
  if (population == nullptr) throw InputError("layers: a population layer is required");

  try {
    const bool density = population->quantity != scenario::PopulationQuantity::count;
    landscape->population_people =
        geo::read_population_people(source_of(*population), population->band, grid, density);
    if (population->quantity == scenario::PopulationQuantity::density_per_land_km2) {
      if (admin == nullptr || admin->code_field.empty()) {
        throw InputError(
            "quantity: density_per_land_km2 needs an admin layer of polygons (the land)");
      }
      const auto land = geo::land_fraction(admin->name, admin->path.string(), grid);
      for (std::size_t i = 0; i < land.size(); ++i) {
        landscape->population_people[i] =
            static_cast<float>(static_cast<double>(landscape->population_people[i]) * land[i]);
      }
    }
    if (!density) {
      check_counts_look_like_counts(*population, grid, landscape->population_people, inputs.notes);
    }
  } catch (...) {
    rethrow_with_context("layer '" + population->name + "'");
  }
  load_admin(admins, s, grid, *landscape);

  for (const auto& layer : s.layers) {
    switch (layer.kind) {
      case LayerKind::hazard_events:
        load_hazard_layer(layer, s, timeline, grid, *landscape, inputs.notes);
        break;
      case LayerKind::storm_track:
        inputs.storm_layers.push_back(
            load_storm_layer(layer, s, timeline, grid, *landscape, inputs.notes));
        break;
      case LayerKind::climate_series:
        load_climate_layer(layer, timeline, grid, *landscape, inputs.input_files, inputs.notes);
        break;
      case LayerKind::attractiveness:
        landscape->attractiveness = zero_nodata(geo::read_aligned(
            source_of(layer), layer.band, grid, continuous_resampling(layer, grid)));
        break;
      case LayerKind::mask: {
        const auto values =
            geo::read_aligned(source_of(layer), layer.band, grid, geo::Resampling::nearest);
        refuse_sentinels(layer, std::span(&values, 1));
        std::vector<std::uint8_t> mask(values.size());
        for (std::size_t c = 0; c < values.size(); ++c) {
          mask[c] = (!std::isnan(values[c]) && values[c] > 0.5f) ? 1 : 0;
        }
        masks.emplace_back(layer.name, std::move(mask));
        break;
      }
      case LayerKind::population:
      case LayerKind::admin:
        break;
    }
  }

  landscape->externals = s.externals;
  for (const auto& shelter : s.shelters) {
    const auto cell = geo::cell_index_of(grid, shelter.x, shelter.y);
    if (cell < 0) {
      throw InputError("shelters: site '" + shelter.name + "' (" + std::to_string(shelter.x) +
                       ", " + std::to_string(shelter.y) + ") lies outside the simulation grid");
    }
    landscape->shelters.push_back(
        {shelter.name, static_cast<std::int32_t>(cell), shelter.capacity_households});
  }

  inputs.policies = resolve_policies(s, timeline, *landscape, grid, masks);
  inputs.masks = std::move(masks);
  inputs.landscape = std::move(landscape);
  return inputs;
}

namespace {

/// Marks the cells of the region, or else of the admin-level unit, whose code is `code`; false when
/// no region or unit has it. A code of the regions wins over a unit with the same code.
bool mark_admin_code(const engine::Landscape& landscape, const std::string& code,
                     std::vector<std::uint8_t>& cells) {
  auto mark = [&](const std::vector<engine::Region>& units,
                  const std::vector<std::int32_t>& unit_of_cell) {
    const auto unit = std::find_if(units.begin(), units.end(),
                                   [&](const engine::Region& r) { return r.code == code; });
    if (unit == units.end()) return false;
    const auto index = static_cast<std::int32_t>(unit - units.begin());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (unit_of_cell[c] == index) cells[c] = 1;
    }
    return true;
  };
  if (mark(landscape.regions, landscape.region_of_cell)) return true;
  for (const auto& level : landscape.admin_levels) {
    if (mark(level.units, level.unit_of_cell)) return true;
  }
  return false;
}

}  // namespace

std::vector<engine::Policy> resolve_policies(
    const scenario::Scenario& s, const Timeline& timeline, const engine::Landscape& landscape,
    const geo::GridDefinition& grid,
    const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& masks) {
  std::vector<engine::Policy> policies;
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  const auto last_step = timeline.step_count() - 1;
  for (const auto& spec : s.policies) {
    engine::Policy policy = spec.policy;
    const std::string where = "policy '" + policy.name + "'";
    // Window: steps whose start lies in [start, end].
    policy.first_step = timeline.step_count();
    policy.last_step = -1;
    for (int k = 0; k < timeline.step_count(); ++k) {
      const auto& date = timeline.step_start(k);
      const CivilDate next = timeline.step_start(k + 1);
      const bool started = next > spec.start;
      const bool not_ended = !spec.end || !(*spec.end < date);
      if (started && not_ended) {
        policy.first_step = std::min(policy.first_step, k);
        policy.last_step = std::max(policy.last_step, k);
      }
    }
    if (policy.last_step < 0) {
      throw InputError(where + ": its window (" + format_civil_date(spec.start) +
                       (spec.end ? " to " + format_civil_date(*spec.end) : std::string(" on")) +
                       ") does not overlap the run (" + format_civil_date(timeline.step_start(0)) +
                       " to " + format_civil_date(timeline.step_start(last_step + 1)) + ")");
    }
    // Target cells.
    if (!spec.target_admin_codes.empty()) {
      policy.target_cells.assign(cells, 0);
      for (const auto& code : spec.target_admin_codes) {
        if (!mark_admin_code(landscape, code, policy.target_cells)) {
          std::string known;
          for (const auto& r : landscape.regions)
            known += (known.empty() ? "" : ", ") + r.code;
          for (const auto& level : landscape.admin_levels) {
            for (const auto& unit : level.units)
              known += ", " + unit.code;
          }
          throw InputError(where + ": admin code '" + code +
                           "' is not a region on the grid (regions: " + known + ")");
        }
      }
    } else if (!spec.target_mask_layer.empty()) {
      const auto mask = std::find_if(masks.begin(), masks.end(), [&](const auto& m) {
        return m.first == spec.target_mask_layer;
      });
      if (mask == masks.end()) {
        throw InputError(where + ": no mask layer named '" + spec.target_mask_layer + "'");
      }
      policy.target_cells = mask->second;
    }
    // Sites and destinations by name.
    auto external_index = [&](const std::string& name) {
      for (std::size_t e = 0; e < landscape.externals.size(); ++e) {
        if (landscape.externals[e].name == name) return static_cast<std::int32_t>(e);
      }
      return std::int32_t{-1};
    };
    auto shelter_index = [&](const std::string& name) {
      for (std::size_t i = 0; i < landscape.shelters.size(); ++i) {
        if (landscape.shelters[i].name == name) return static_cast<std::int32_t>(i);
      }
      return std::int32_t{-1};
    };
    if (policy.kind == engine::PolicyKind::planned_relocation) {
      if (spec.site_xy) {
        const auto cell = geo::cell_index_of(grid, spec.site_xy->first, spec.site_xy->second);
        if (cell < 0) throw InputError(where + ": relocation site lies outside the grid");
        policy.site_cell = static_cast<std::int32_t>(cell);
      } else if (!spec.site_name.empty()) {
        policy.site_external = external_index(spec.site_name);
        if (policy.site_external < 0) {
          const auto shelter = shelter_index(spec.site_name);
          if (shelter < 0) {
            throw InputError(where + ": site '" + spec.site_name +
                             "' is neither an external destination nor a shelter");
          }
          policy.site_cell = landscape.shelters[static_cast<std::size_t>(shelter)].cell;
        }
      } else {
        throw InputError(where + ": planned_relocation needs a site");
      }
    }
    if (policy.kind == engine::PolicyKind::migration_pathway) {
      policy.destination_external = external_index(spec.destination_name);
      if (policy.destination_external < 0) {
        throw InputError(where + ": destination '" + spec.destination_name +
                         "' is not an external destination");
      }
    }
    if (policy.kind == engine::PolicyKind::shelter) {
      policy.shelter_sites.clear();
      for (const auto& name : spec.shelter_names) {
        const auto index = shelter_index(name);
        if (index < 0) throw InputError(where + ": no shelter named '" + name + "'");
        policy.shelter_sites.push_back(index);
      }
    }
    policies.push_back(std::move(policy));
  }
  return policies;
}

}  // namespace displace::inputs
