// Storm seasons benchmark (issue 26, "All 152 storms of 2015-2022 over the countries they touched
// in <= 2 min on 2 cores"): every storm of the chosen seasons of the shipped IBTrACS file, each
// computed over every country it touched, the way the hindcast set (tools/hindcast_set.py,
// scenarios/hindcast/) computes one storm over one country. Not a test: it asserts nothing about
// speed.
//
// What is computed, from the hindcast's base scenario (scenarios/hindcast/base.yaml, given as the
// first argument; it names the track file, the countries and the population, and carries the
// storm_track layer's options and the exposure slots):
//   * Countries touched: the Natural Earth countries of the scenario's admin layer whose polygon
//     the track comes within the storm layer's radius of influence of (500 km), as the hindcast
//     writes a scenario only for a country the track comes within 500 km of. The polygons are
//     read through geo::rasterize_admin (GDAL) onto an atlas grid (--atlas-resolution, 0.05
//     degrees, over --atlas-bounds, the countries file's extent rounded out); the distance is
//     that from each 30-min step of the track (storms::step_track) to the centres of the
//     country's cells on the atlas (0 inside the country).
//   * The grid of a storm and country: the hindcast's (tools/hindcast_set.py, grid_for): the
//     country's bounding box snapped outward to 0.1 degree; a country whose box exceeds 50 deg2
//     (Mexico, the United States, Colombia, ...) gets 0.25 degree over the part of its box
//     within 500 km of the track. The box is that of the country's atlas cells (the polygon's
//     envelope to within one atlas cell).
//   * The hazards: inputs::storm_cells (the fine cells of the storm layer at storm.resolution, 0.02
//     degrees, with the land share of the admin layer and the population weights), then
//     storms::compute_footprint with the layer's options (wind and rain), then the
//     population-weighted quantiles per cell (geo::quantiles_of_fine_field, the scenario's
//     exposure slots) of the wind and of the rain: what a hindcast run loads for its storm.
//
// Prints one line per storm and country (`pair`), one per storm (`storm`) and a summary
// (`storms=... goal_120s=...`). Seconds are wall clock (steady_clock) and CPU seconds of the
// process, all threads together (on a shared, loaded machine the wall clock overstates the cost;
// cpu_s / threads is what the run would take on idle cores).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <numbers>
#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/geo/admin.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/subgrid.hpp"
#include "displace/inputs/storm_inputs.hpp"
#include "displace/scenario/load.hpp"
#include "displace/scenario/scenario.hpp"
#include "displace/storms/footprint.hpp"
#include "displace/storms/track.hpp"

namespace {

using namespace displace;

constexpr double kKmPerDegree = 111.2;  // tools/hindcast_set.py's degrees of the radius
constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
constexpr double kLargeBoxDeg2 = 50.0;     // tools/hindcast_set.py: LARGE_BBOX_DEG2
constexpr double kSmallResolution = 0.1;   // its grid for a country whose box is small
constexpr double kLargeResolution = 0.25;  // and for a large one, clipped to the track

/// CPU seconds of this process, all threads.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Wall and CPU seconds since construction.
struct Clock {
  std::chrono::steady_clock::time_point wall0 = std::chrono::steady_clock::now();
  double cpu0 = cpu_seconds();
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  }
  double cpu() const { return cpu_seconds() - cpu0; }
};

struct Box {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  double area() const { return (x1 - x0) * (y1 - y0); }
};

/// A cell centre on a country's edge (a neighbour belongs to another region or to none).
struct EdgePoint {
  double lon, lat;
  int region;
};

/// The countries rasterised once onto the atlas grid: their boxes, and their edge cells binned by
/// whole degrees for the distance from a track.
struct Atlas {
  geo::GridDefinition grid;
  geo::AdminLayer admin;
  std::vector<Box> boxes;                    // per region: extent of its atlas cells
  std::vector<std::vector<EdgePoint>> bins;  // 360 x 180 one-degree bins
  static int bin_of(double lon, double lat) {
    const int i = std::clamp(static_cast<int>(std::floor(lon + 180.0)), 0, 359);
    const int j = std::clamp(static_cast<int>(std::floor(lat + 90.0)), 0, 179);
    return j * 360 + i;
  }
};

Atlas make_atlas(const scenario::LayerSpec& countries, const Box& bounds, double resolution) {
  Atlas a;
  a.grid = geo::grid_from_bounds("EPSG:4326", bounds.x0, bounds.y0, bounds.x1, bounds.y1,
                                 resolution, resolution);
  a.admin = geo::rasterize_admin(countries.name, countries.path.string(), countries.code_field,
                                 countries.name_field, a.grid);
  a.boxes.resize(a.admin.codes.size());
  a.bins.resize(std::size_t{360} * 180);
  const int w = a.grid.width;
  const int h = a.grid.height;
  const auto& region = a.admin.region_of_cell;
  auto at = [&](int row, int col) {
    if (row < 0 || col < 0 || row >= h || col >= w) return -1;
    return region[static_cast<std::size_t>(row) * static_cast<std::size_t>(w) +
                  static_cast<std::size_t>(col)];
  };
  const double half = 0.5 * resolution;
  for (int row = 0; row < h; ++row) {
    for (int col = 0; col < w; ++col) {
      const int r = at(row, col);
      if (r < 0) continue;
      const double x = a.grid.cell_center_x(col);
      const double y = a.grid.cell_center_y(row);
      Box& b = a.boxes[static_cast<std::size_t>(r)];
      b.x0 = std::min(b.x0, x - half);
      b.x1 = std::max(b.x1, x + half);
      b.y0 = std::min(b.y0, y - half);
      b.y1 = std::max(b.y1, y + half);
      if (at(row - 1, col) != r || at(row + 1, col) != r || at(row, col - 1) != r ||
          at(row, col + 1) != r) {
        a.bins[static_cast<std::size_t>(Atlas::bin_of(x, y))].push_back({x, y, r});
      }
    }
  }
  return a;
}

/// The regions of the atlas whose cells the track's steps come within `radius_km` of.
std::vector<int> countries_touched(const Atlas& a, const storms::SteppedTrack& steps,
                                   double radius_km) {
  std::vector<char> touched(a.admin.codes.size(), 0);
  const double dlat = radius_km / kKmPerDegree;
  for (const auto& step : steps.steps) {
    const double lat = step.state.lat_deg;
    double lon = step.state.lon_deg;
    lon = lon > 180.0 ? lon - 360.0 : (lon < -180.0 ? lon + 360.0 : lon);
    const std::int64_t inside = geo::cell_index_of(a.grid, lon, lat);
    if (inside >= 0) {
      const int r = a.admin.region_of_cell[static_cast<std::size_t>(inside)];
      if (r >= 0) touched[static_cast<std::size_t>(r)] = 1;
    }
    const double cos_lat = std::cos(std::min(std::abs(lat) + dlat, 89.0) * kRadiansPerDegree);
    const double dlon = std::min(180.0, dlat / cos_lat);
    const int j0 = std::max(0, static_cast<int>(std::floor(lat - dlat + 90.0)));
    const int j1 = std::min(179, static_cast<int>(std::floor(lat + dlat + 90.0)));
    const int i0 = static_cast<int>(std::floor(lon - dlon + 180.0));
    const int i1 = static_cast<int>(std::floor(lon + dlon + 180.0));
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const int wrapped = ((i % 360) + 360) % 360;
        const auto bin = static_cast<std::size_t>(j) * 360 + static_cast<std::size_t>(wrapped);
        for (const EdgePoint& p : a.bins[bin]) {
          if (touched[static_cast<std::size_t>(p.region)] != 0) continue;
          if (std::abs(p.lat - lat) > dlat) continue;
          if (storms::great_circle_km(lon, lat, p.lon, p.lat) <= radius_km) {
            touched[static_cast<std::size_t>(p.region)] = 1;
          }
        }
      }
    }
  }
  std::vector<int> out;
  for (std::size_t r = 0; r < touched.size(); ++r) {
    if (touched[r] != 0) out.push_back(static_cast<int>(r));
  }
  return out;
}

double snap_down(double v, double res) {
  return std::floor(std::round(v / res * 1e6) / 1e6) * res;
}
double snap_up(double v, double res) {
  return std::ceil(std::round(v / res * 1e6) / 1e6) * res;
}

/// tools/hindcast_set.py's grid_for: the country's box at 0.1 degree, or, for a large country,
/// the part of its box within the radius of the track at 0.25 degree.
struct PairGrid {
  Box bounds;
  double resolution = kSmallResolution;
  bool large = false;
  bool clipped = false;
};

PairGrid grid_for(const Box& country, const storms::SteppedTrack& steps, double radius_km) {
  PairGrid g;
  Box b = country;
  g.large = b.area() > kLargeBoxDeg2;
  if (g.large) {
    Box track;
    const double dlat = radius_km / kKmPerDegree;
    for (const auto& step : steps.steps) {
      const double lat = step.state.lat_deg;
      const double lon = step.state.lon_deg;
      const double dlon =
          radius_km / (kKmPerDegree * std::cos(std::min(std::abs(lat), 80.0) * kRadiansPerDegree));
      track.x0 = std::min(track.x0, lon - dlon);
      track.x1 = std::max(track.x1, lon + dlon);
      track.y0 = std::min(track.y0, lat - dlat);
      track.y1 = std::max(track.y1, lat + dlat);
    }
    const Box clip{std::max(b.x0, track.x0), std::max(b.y0, track.y0), std::min(b.x1, track.x1),
                   std::min(b.y1, track.y1)};
    if (clip.x0 < clip.x1 && clip.y0 < clip.y1 && clip.area() < b.area()) {
      b = clip;
      g.clipped = true;
    }
  }
  g.resolution = g.large ? kLargeResolution : kSmallResolution;
  g.bounds = {snap_down(b.x0, g.resolution), snap_down(b.y0, g.resolution),
              snap_up(b.x1, g.resolution), snap_up(b.y1, g.resolution)};
  return g;
}

float largest(const std::vector<float>& v) {
  return v.empty() ? 0.0F : *std::max_element(v.begin(), v.end());
}

/// Seconds of one storm over one country, by phase.
struct PairTimes {
  double cells_wall = 0, footprint_wall = 0, quantiles_wall = 0, wall = 0, cpu = 0;
};

struct Totals {
  double cells_wall = 0, footprint_wall = 0, quantiles_wall = 0, wall = 0, cpu = 0;
  std::int64_t grid_cells = 0, places = 0;
  void add(const PairTimes& t) {
    cells_wall += t.cells_wall;
    footprint_wall += t.footprint_wall;
    quantiles_wall += t.quantiles_wall;
    wall += t.wall;
    cpu += t.cpu;
  }
  void add(const Totals& t) {
    add(PairTimes{t.cells_wall, t.footprint_wall, t.quantiles_wall, t.wall, t.cpu});
    grid_cells += t.grid_cells;
    places += t.places;
  }
};

const scenario::LayerSpec* first_layer(const scenario::Scenario& s, scenario::LayerKind kind) {
  for (const auto& layer : s.layers) {
    if (layer.kind == kind && (kind != scenario::LayerKind::admin || !layer.code_field.empty())) {
      return &layer;
    }
  }
  return nullptr;
}

bool parse_box(const char* text, Box& box) {
  return std::sscanf(text, "%lf,%lf,%lf,%lf", &box.x0, &box.y0, &box.x1, &box.y1) == 4 &&
         box.x0 < box.x1 && box.y0 < box.y1;
}

int usage() {
  std::fprintf(stderr,
               "usage: storm_seasons_bench HINDCAST_BASE_YAML [--seasons A..B] [--storm SELECTOR]"
               "... [--threads T] [--atlas-resolution DEG] [--atlas-bounds X0,Y0,X1,Y1] "
               "[--quiet]\n");
  return 2;
}

int run(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return usage();
  const std::string base = argv[1];
  int first_season = 2015;
  int last_season = 2022;
  std::vector<std::string> selectors;
  double atlas_resolution = 0.05;
  Box atlas_bounds{-180.0, -60.0, -20.0, 85.0};  // the countries file's extent, rounded out
  bool quiet = false;
  for (int i = 2; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--seasons") == 0 && has_value) {
      if (std::sscanf(argv[++i], "%d..%d", &first_season, &last_season) != 2) return usage();
    } else if (std::strcmp(argv[i], "--storm") == 0 && has_value) {
      selectors.emplace_back(argv[++i]);
    } else if (std::strcmp(argv[i], "--threads") == 0 && has_value) {
      omp_set_num_threads(std::max(1, std::atoi(argv[++i])));
    } else if (std::strcmp(argv[i], "--atlas-resolution") == 0 && has_value) {
      atlas_resolution = std::atof(argv[++i]);
      if (!(atlas_resolution >= 0.01 && atlas_resolution <= 0.5)) return usage();
    } else if (std::strcmp(argv[i], "--atlas-bounds") == 0 && has_value) {
      if (!parse_box(argv[++i], atlas_bounds)) return usage();
    } else if (std::strcmp(argv[i], "--quiet") == 0) {
      quiet = true;
    } else {
      return usage();
    }
  }

  const Clock total;
  const scenario::Scenario s = scenario::load_scenario(base);
  const scenario::LayerSpec* storm_layer = first_layer(s, scenario::LayerKind::storm_track);
  const scenario::LayerSpec* countries = first_layer(s, scenario::LayerKind::admin);
  if (storm_layer == nullptr || countries == nullptr) {
    std::fprintf(stderr, "%s: needs a storm_track layer and an admin layer of polygons\n",
                 base.c_str());
    return 1;
  }
  storms::FootprintOptions options;  // as inputs::add_storm_events sets them from the layer
  options.time_step_minutes = storm_layer->storm_time_step_minutes;
  options.radius_of_influence_km = storm_layer->storm_radius_km;
  options.wind_conversion = storm_layer->wind_conversion;
  options.rain = storm_layer->rain;
  const int slots = s.grid.exposure_slots;

  // The storms: every one of the seasons (or those --storm names), in file order.
  const Clock select;
  const auto all = storms::read_tracks(storm_layer->path.string());
  std::vector<const storms::StormTrack*> chosen;
  for (const auto& storm : all) {
    if (storm.season >= first_season && storm.season <= last_season) chosen.push_back(&storm);
  }
  const std::size_t in_seasons = chosen.size();
  if (!selectors.empty()) {
    chosen.clear();
    for (const auto& selector : selectors) {
      chosen.push_back(&storms::select_storm(all, selector, storm_layer->path.string()));
    }
  }
  const double read_wall = select.wall();
  const Atlas atlas = make_atlas(*countries, atlas_bounds, atlas_resolution);
  const double atlas_wall = select.wall() - read_wall;
  std::printf(
      "# %s: %zu storms in the file, %zu of seasons %d..%d; %zu regions of '%s' on a %dx%d atlas "
      "of %g deg; radius %g km, step %g min, rain %d, wind conversion %g, storm resolution %g "
      "deg, %d exposure slots\n",
      storm_layer->path.filename().string().c_str(), all.size(), in_seasons, first_season,
      last_season, atlas.admin.codes.size(), countries->name.c_str(), atlas.grid.width,
      atlas.grid.height, atlas_resolution, options.radius_of_influence_km,
      options.time_step_minutes, options.rain ? 1 : 0, options.wind_conversion,
      storm_layer->storm_resolution_deg, slots);

  Totals totals;
  double touch_wall = 0.0;
  std::size_t pairs = 0;
  std::size_t storms_touching = 0;
  std::size_t skipped = 0;
  double max_storm_wall = 0.0;
  std::string max_storm;
  double peak_wind = 0.0;
  for (const storms::StormTrack* storm : chosen) {
    const Clock touch;
    storms::SteppedTrack steps;
    try {
      steps = storms::step_track(*storm, options);
    } catch (const InputError& e) {  // e.g. a storm of one fix: no track to step
      ++skipped;
      std::printf("skipped %s %s %d: %s\n", storm->sid.c_str(), storm->name.c_str(), storm->season,
                  e.what());
      continue;
    }
    const std::vector<int> touched =
        countries_touched(atlas, steps, options.radius_of_influence_km);
    touch_wall += touch.wall();
    Totals of_storm;
    std::string codes;
    float storm_peak = 0.0F;
    for (const int r : touched) {
      const std::string& code = atlas.admin.codes[static_cast<std::size_t>(r)];
      const PairGrid pg =
          grid_for(atlas.boxes[static_cast<std::size_t>(r)], steps, options.radius_of_influence_km);
      const auto grid = geo::grid_from_bounds("EPSG:4326", pg.bounds.x0, pg.bounds.y0, pg.bounds.x1,
                                              pg.bounds.y1, pg.resolution, pg.resolution);
      PairTimes t;
      const Clock pair;
      const inputs::StormCells cells = inputs::storm_cells(*storm_layer, s, grid);
      t.cells_wall = pair.wall();
      const storms::StormFootprint print =
          storms::compute_footprint(*storm, cells.lon, cells.lat, cells.land, options);
      t.footprint_wall = pair.wall() - t.cells_wall;
      std::vector<float> wind = print.max_wind_m_s;
      std::vector<float> rain = print.rain_total_mm;
      if (cells.refinement > 1 && slots > 1) {
        wind = geo::quantiles_of_fine_field(print.max_wind_m_s, cells.weights, grid,
                                            cells.refinement, slots);
        if (options.rain) {
          rain = geo::quantiles_of_fine_field(print.rain_total_mm, cells.weights, grid,
                                              cells.refinement, slots);
        }
      }
      t.wall = pair.wall();
      t.quantiles_wall = t.wall - t.cells_wall - t.footprint_wall;
      t.cpu = pair.cpu();
      of_storm.add(t);
      of_storm.grid_cells += grid.cell_count();
      of_storm.places += static_cast<std::int64_t>(cells.lon.size());
      const auto expected = static_cast<std::size_t>(grid.cell_count()) *
                            static_cast<std::size_t>(cells.refinement > 1 ? slots : 1);
      if (wind.size() != expected || (options.rain && rain.size() != expected)) {
        std::fprintf(stderr, "%s over %s: %zu wind values per grid, expected %zu\n",
                     storm->sid.c_str(), code.c_str(), wind.size(), expected);
        return 1;
      }
      const float pair_wind = largest(print.max_wind_m_s);
      const float pair_rain = largest(print.rain_total_mm);
      storm_peak = std::max(storm_peak, pair_wind);
      ++pairs;
      codes += (codes.empty() ? "" : ",") + code;
      if (!quiet) {
        std::printf(
            "pair %s %s %d %s bounds=%.2f,%.2f,%.2f,%.2f res=%g%s cells=%lld places=%zu "
            "wall_s=%.3f cpu_s=%.3f cells_s=%.3f footprint_s=%.3f quantiles_s=%.3f "
            "max_wind_m_s=%.1f max_rain_mm=%.0f\n",
            storm->sid.c_str(), storm->name.c_str(), storm->season, code.c_str(), pg.bounds.x0,
            pg.bounds.y0, pg.bounds.x1, pg.bounds.y1, pg.resolution, pg.clipped ? " clipped" : "",
            static_cast<long long>(grid.cell_count()), cells.lon.size(), t.wall, t.cpu,
            t.cells_wall, t.footprint_wall, t.quantiles_wall, static_cast<double>(pair_wind),
            static_cast<double>(pair_rain));
      }
    }
    if (!touched.empty()) ++storms_touching;
    if (of_storm.wall > max_storm_wall) {
      max_storm_wall = of_storm.wall;
      max_storm = storm->sid + " " + storm->name + " " + std::to_string(storm->season);
    }
    peak_wind = std::max(peak_wind, static_cast<double>(storm_peak));
    if (!quiet) {
      std::printf(
          "storm %s %s %d fixes=%zu steps=%zu countries=%zu [%s] cells=%lld places=%lld "
          "wall_s=%.3f cpu_s=%.3f\n",
          storm->sid.c_str(), storm->name.c_str(), storm->season, storm->fixes.size(),
          steps.steps.size(), touched.size(), codes.c_str(),
          static_cast<long long>(of_storm.grid_cells), static_cast<long long>(of_storm.places),
          of_storm.wall, of_storm.cpu);
    }
    totals.add(of_storm);
  }
  const double total_wall = total.wall();
  const double total_cpu = total.cpu();
  const int threads = omp_get_max_threads();
  std::printf(
      "storms=%zu seasons=%d..%d skipped=%zu storms_touching=%zu pairs=%zu grid_cells=%lld "
      "places=%lld "
      "threads=%d read_s=%.2f atlas_s=%.2f touched_s=%.2f hazards_wall_s=%.2f hazards_cpu_s=%.2f "
      "cells_s=%.2f footprint_s=%.2f quantiles_s=%.2f total_wall_s=%.2f total_cpu_s=%.2f "
      "max_storm_wall_s=%.2f max_storm=\"%s\" peak_wind_m_s=%.1f goal_120s=%s "
      "goal_120s_by_cpu=%s\n",
      chosen.size(), first_season, last_season, skipped, storms_touching, pairs,
      static_cast<long long>(totals.grid_cells), static_cast<long long>(totals.places), threads,
      read_wall, atlas_wall, touch_wall, totals.wall, totals.cpu, totals.cells_wall,
      totals.footprint_wall, totals.quantiles_wall, total_wall, total_cpu, max_storm_wall,
      max_storm.c_str(), peak_wind, total_wall <= 120.0 ? "met" : "not_met",
      total_cpu / threads <= 120.0 ? "met" : "not_met");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "storm_seasons_bench: %s\n", e.what());
    return 1;
  }
}
