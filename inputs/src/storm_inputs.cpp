#include "displace/inputs/storm_inputs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "displace/common/error.hpp"
#include "displace/engine/vulnerability.hpp"
#include "displace/geo/admin.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/subgrid.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/storms/footprint.hpp"

namespace displace::inputs {
namespace {

using scenario::LayerKind;
using scenario::LayerSpec;

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr double kMetresPerDegree = 111320.0;

CivilDate date_of(std::int64_t time_s) {
  const std::int64_t days =
      time_s >= 0 ? time_s / kSecondsPerDay : -((-time_s + kSecondsPerDay - 1) / kSecondsPerDay);
  return date_from_days(days);
}

std::string storm_label(const storms::StormTrack& storm) {
  std::string name = storm.name;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    name[i] = static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c));
  }
  return name + " " + std::to_string(storm.season);
}

std::string storm_id(const storms::StormTrack& storm) {
  return !storm.sid.empty() ? storm.sid : storm.atcf_id;
}

std::string where(const LayerSpec& layer) {
  return "layer '" + layer.name + "' (" + layer.path.string() + ")";
}

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

/// Per grid cell, the mean of the fine cells inside it (exposure_slots = 1).
std::vector<float> cell_means(const std::vector<float>& fine, const geo::GridDefinition& grid,
                              int f) {
  const auto fine_width = static_cast<std::size_t>(grid.width) * static_cast<std::size_t>(f);
  std::vector<float> out(static_cast<std::size_t>(grid.cell_count()), 0.0f);
  for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
    const auto row = static_cast<std::size_t>(c / grid.width);
    const auto col = static_cast<std::size_t>(c % grid.width);
    double sum = 0.0;
    for (int dy = 0; dy < f; ++dy) {
      for (int dx = 0; dx < f; ++dx) {
        sum += static_cast<double>(
            fine[(row * static_cast<std::size_t>(f) + static_cast<std::size_t>(dy)) * fine_width +
                 col * static_cast<std::size_t>(f) + static_cast<std::size_t>(dx)]);
      }
    }
    out[static_cast<std::size_t>(c)] = static_cast<float>(sum / (f * f));
  }
  return out;
}

}  // namespace

int storm_refinement(const geo::GridDefinition& grid, double resolution_deg) {
  const double cell = std::abs(grid.geotransform[1]);
  const double cell_deg = grid.geographic ? cell : cell / kMetresPerDegree;
  int f = static_cast<int>(std::ceil(cell_deg / resolution_deg - 1e-9));
  f = std::clamp(f, 1, 16);
  while (f > 1 && static_cast<double>(grid.cell_count()) * f * f >
                      static_cast<double>(std::int64_t{1} << 25)) {
    --f;
  }
  return f;
}

std::vector<storms::StormTrack> storms_of_layer(const LayerSpec& layer, const Timeline& timeline) {
  if (layer.storms.empty()) return {};  // a forecast's layer (forecast.hpp): no file storm
  const auto all = storms::read_tracks(layer.path.string());
  std::vector<storms::StormTrack> chosen;
  const CivilDate first = timeline.step_start(0);
  const CivilDate end = timeline.step_start(timeline.step_count());
  for (const auto& selector : layer.storms) {
    const auto& storm = storms::select_storm(all, selector, layer.path.string());
    if (storm.fixes.size() < 2) {
      throw InputError(where(layer) + ": storm " + storm_label(storm) + " (" + storm_id(storm) +
                       ") has " + std::to_string(storm.fixes.size()) +
                       " fix; a track needs at least 2");
    }
    const CivilDate storm_first = date_of(storm.fixes.front().time_s);
    const CivilDate storm_last = date_of(storm.fixes.back().time_s);
    if (storm_last < first || !(storm_first < end)) {
      throw InputError(where(layer) + ": storm " + storm_label(storm) + " (" + storm_id(storm) +
                       ", " + format_civil_date(storm_first) + " to " +
                       format_civil_date(storm_last) + ") is outside the run (" +
                       format_civil_date(first) + " to " + format_civil_date(end) +
                       "); change time.start/end or the storm");
    }
    chosen.push_back(storm);
  }
  return chosen;
}

StormLayerKinds add_storm_kinds(const LayerSpec& layer, engine::Landscape& landscape) {
  // The hazard kinds: wind with the layer's curves, rain with its own.
  auto add_kind = [&](std::string name, std::string units, const engine::VulnerabilityCurve& curve,
                      const std::optional<double>& warning,
                      const engine::VulnerabilityCurve& services) {
    engine::HazardKind kind;
    kind.name = std::move(name);
    for (const engine::HazardKind& earlier : landscape.hazard_kinds) {
      if (earlier.name == kind.name) kind.name += " (" + layer.name + ")";
    }
    kind.units = std::move(units);
    kind.curve = curve;
    if (warning) kind.warning_intensity = *warning;
    kind.services_curve = services;
    landscape.hazard_kinds.push_back(std::move(kind));
    return static_cast<int>(landscape.hazard_kinds.size()) - 1;
  };
  StormLayerKinds kinds;
  kinds.layer = layer.name;
  kinds.wind =
      add_kind("wind", "m s-1", layer.curve, layer.warning_intensity, layer.services_curve);
  kinds.rain = layer.rain ? add_kind("rain", "mm", layer.rain_curve, layer.rain_warning_intensity,
                                     layer.rain_services_curve)
                          : -1;
  return kinds;
}

StormCells storm_cells(const LayerSpec& layer, const scenario::Scenario& s,
                       const geo::GridDefinition& grid) {
  // The fine cells the fields are computed at, their land share (from the first admin layer of
  // polygons; all land without one) and population (the weights of the quantiles).
  StormCells cells;
  cells.refinement = storm_refinement(grid, layer.storm_resolution_deg);
  const int f = cells.refinement;
  const geo::GridDefinition fine = geo::refined_grid(grid, f);
  geo::cell_centers_lonlat(fine, cells.lon, cells.lat);
  for (const auto& other : s.layers) {
    if (other.kind == LayerKind::admin && !other.code_field.empty() && cells.land.empty()) {
      const auto share = geo::land_fraction(other.name, other.path.string(), fine, 2);
      cells.land.assign(share.begin(), share.end());
    }
    if (other.kind == LayerKind::population && f > 1) {
      try {
        cells.weights =
            geo::read_aligned(source_of(other), other.band, fine, geo::Resampling::bilinear);
      } catch (const InputError&) {
        cells.weights.clear();  // no population on the fine cells: uniform within each cell
      }
    }
  }
  return cells;
}

bool add_storm_events(const LayerSpec& layer, const StormCells& cells, const StormLayerKinds& kinds,
                      const std::vector<storms::StormTrack>& chosen, const Timeline& timeline,
                      const geo::GridDefinition& grid, engine::Landscape& landscape,
                      std::vector<std::string>& notes) {
  storms::FootprintOptions options;
  options.time_step_minutes = layer.storm_time_step_minutes;
  options.radius_of_influence_km = layer.storm_radius_km;
  options.wind_conversion = layer.wind_conversion;
  options.rain = layer.rain;
  const int f = cells.refinement;
  const int slots = landscape.exposure_slots;
  auto per_cell = [&](const std::vector<float>& field) {
    if (f == 1) return field;
    if (slots <= 1) return cell_means(field, grid, f);
    return geo::quantiles_of_fine_field(field, cells.weights, grid, f, slots);
  };
  const int event_slots = (f > 1 && slots > 1) ? slots : 1;

  bool every_one_reaches = true;
  for (const auto& storm : chosen) {
    storms::StormFootprint print;
    try {
      print = storms::compute_footprint(storm, cells.lon, cells.lat, cells.land, options);
    } catch (...) {
      rethrow_with_context(where(layer) + ": storm " + storm_label(storm));
    }
    // The storm strikes in the step of its peak wind on the grid (its closest approach when it
    // brings no wind).
    const auto peak = std::max_element(print.max_wind_m_s.begin(), print.max_wind_m_s.end());
    const bool reaches = peak != print.max_wind_m_s.end() && *peak > 0.0f;
    if (!reaches) {
      every_one_reaches = false;
      notes.push_back("warning: " + where(layer) + ": storm " + storm_label(storm) + " (" +
                      storm_id(storm) + ") never comes within " +
                      one_decimal(layer.storm_radius_km) + " km of the grid (closest approach " +
                      one_decimal(print.closest_approach_km) + " km): it brings no wind or rain");
    }
    const std::int64_t strike_s =
        reaches ? storm.fixes.front().time_s +
                      static_cast<std::int64_t>(std::llround(
                          3600.0 * static_cast<double>(print.peak_hours[static_cast<std::size_t>(
                                       peak - print.max_wind_m_s.begin())])))
                : storm.fixes.front().time_s;
    const auto step = timeline.step_of(date_of(strike_s));
    if (!step) {
      throw InputError(where(layer) + ": storm " + storm_label(storm) + " strikes on " +
                       format_civil_date(date_of(strike_s)) + ", outside the run");
    }
    if (print.fixes_with_estimated_rmw > 0 || print.fixes_with_estimated_pressure > 0) {
      notes.push_back(where(layer) + ": storm " + storm_label(storm) + ": " +
                      std::to_string(print.fixes_with_estimated_rmw) + " of " +
                      std::to_string(storm.fixes.size()) +
                      " fixes have no radius of maximum wind and " +
                      std::to_string(print.fixes_with_estimated_pressure) +
                      " no central pressure; estimated (docs/model.md, \"Storms from their "
                      "tracks\")");
    }
    engine::HazardEvent wind;
    wind.id = storm_id(storm);
    wind.name = storm_label(storm);
    wind.hazard_kind = kinds.wind;
    wind.step = *step;
    wind.forecast = true;
    wind.intensity = per_cell(print.max_wind_m_s);
    wind.slots = event_slots;
    if (engine::curve_damage(layer.curve, static_cast<double>(reaches ? *peak : 0.0f)) <= 0.0 &&
        reaches) {
      notes.push_back("warning: " + where(layer) + ": storm " + storm_label(storm) +
                      "'s strongest wind on the grid (" + one_decimal(static_cast<double>(*peak)) +
                      " m/s) never reaches the wind curve's threshold: it damages no dwelling");
    }
    landscape.events.push_back(std::move(wind));
    if (kinds.rain >= 0) {
      engine::HazardEvent rain;
      rain.id = storm_id(storm);
      rain.name = storm_label(storm) + " (rain)";
      rain.hazard_kind = kinds.rain;
      rain.step = *step;
      rain.forecast = true;
      rain.intensity = per_cell(print.rain_total_mm);
      rain.slots = event_slots;
      landscape.events.push_back(std::move(rain));
    }
  }
  std::stable_sort(landscape.events.begin(), landscape.events.end(),
                   [](const auto& a, const auto& b) { return a.step < b.step; });
  return every_one_reaches;
}

StormLayerKinds load_storm_layer(const LayerSpec& layer, const scenario::Scenario& s,
                                 const Timeline& timeline, const geo::GridDefinition& grid,
                                 engine::Landscape& landscape, std::vector<std::string>& notes) {
  std::vector<storms::StormTrack> chosen;
  try {
    chosen = storms_of_layer(layer, timeline);
  } catch (...) {
    rethrow_with_context(where(layer));
  }
  const StormLayerKinds kinds = add_storm_kinds(layer, landscape);
  if (chosen.empty()) return kinds;  // a forecast's layer: its members' storms come later
  add_storm_events(layer, storm_cells(layer, s, grid), kinds, chosen, timeline, grid, landscape,
                   notes);
  return kinds;
}

}  // namespace displace::inputs
