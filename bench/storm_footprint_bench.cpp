// Storm footprint benchmark (issue 26): the wind and rain footprint of one synthetic, Maria-like
// track (80 fixes, 6-hourly, 474 h, across the Caribbean and over Puerto Rico) on lon/lat grids
// around Puerto Rico. Needs no data file. Prints one line per grid:
//   grid=pr_250x100km places=... steps=... near_steps=... threads=... seconds=...
//   place_steps_per_s=... near_place_steps_per_s=...
// steps are all the track's time steps; near_steps those whose centre comes within the radius of
// influence of the grid (the others are skipped after a bound), so near_place_steps_per_s is the
// rate of the real work. seconds is the best of --repeat runs of compute_footprint (wall clock);
// cpu_s the smallest CPU time of a run, all threads together (on a shared, loaded machine the
// wall clock overstates the cost; cpu_s / threads is what the run would take on idle cores).
// Not a test: it asserts nothing about speed.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "displace/storms/footprint.hpp"
#include "displace/storms/wind_field.hpp"

namespace {

using namespace displace::storms;

struct Waypoint {
  double hours, lat, lon, vmax_kt;
};

/// Maria (2017) in outline: genesis east of the Antilles, Dominica at 145 kt, Puerto Rico at
/// 135 kt, then north and out to sea. 80 fixes every 6 h, interpolated between the waypoints.
StormTrack maria_like() {
  const std::vector<Waypoint> w = {
      {0, 12.0, -50.0, 30},    {72, 14.5, -58.5, 110},  {96, 15.5, -61.5, 145},
      {120, 17.0, -64.5, 150}, {138, 18.1, -66.0, 135}, {150, 18.7, -67.3, 95},
      {180, 20.5, -69.0, 100}, {240, 25.5, -72.0, 100}, {300, 30.5, -73.0, 80},
      {360, 35.0, -70.0, 60},  {474, 37.5, -50.0, 40}};
  StormTrack s;
  s.name = "SYNTHETIC";
  s.season = 2017;
  std::size_t seg = 0;
  for (int i = 0; i < 80; ++i) {
    const double h = 6.0 * i;
    while (seg + 2 < w.size() && h > w[seg + 1].hours)
      ++seg;
    const Waypoint& a = w[seg];
    const Waypoint& b = w[seg + 1];
    const double f = (h - a.hours) / (b.hours - a.hours);
    TrackFix fix;
    fix.time_s = 1505520000 + static_cast<std::int64_t>(h * 3600.0);
    fix.lat_deg = a.lat + f * (b.lat - a.lat);
    fix.lon_deg = a.lon + f * (b.lon - a.lon);
    const double kt = a.vmax_kt + f * (b.vmax_kt - a.vmax_kt);
    fix.max_wind_m_s = kt * kMetresPerSecondPerKnot;
    if (i % 4 != 3) fix.pressure_hpa = 1010.0 - 0.75 * (kt - 25.0);  // every 4th: estimated
    if (i >= 10) fix.rmw_km = kt > 100 ? 20.0 : 40.0;                // the first 10: estimated
    s.fixes.push_back(fix);
  }
  return s;
}

/// CPU seconds of this process, all threads (to read figures from a shared, loaded machine).
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Grid {
  std::string name;
  double lon0, lon1, lat0, lat1, step;
};

void run(const StormTrack& storm, const Grid& g, int repeat, bool rain) {
  std::vector<double> lon, lat;
  std::vector<float> land;
  const auto nx = static_cast<int>(std::lround((g.lon1 - g.lon0) / g.step));
  const auto ny = static_cast<int>(std::lround((g.lat1 - g.lat0) / g.step));
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      const double x = g.lon0 + (i + 0.5) * g.step;
      const double y = g.lat0 + (j + 0.5) * g.step;
      lon.push_back(x);
      lat.push_back(y);
      // An island shaped roughly like Puerto Rico: an ellipse 1.7 x 0.5 degrees.
      const double ex = (x + 66.45) / 0.85;
      const double ey = (y - 18.22) / 0.25;
      land.push_back(ex * ex + ey * ey <= 1.0 ? 1.0F : 0.0F);
    }
  }
  FootprintOptions options;
  options.rain = rain;
  const SteppedTrack steps = step_track(storm, options);
  const double half_diagonal = haversine_km(g.lat0, g.lon0, g.lat1, g.lon1) * 0.5;
  const double clat = 0.5 * (g.lat0 + g.lat1);
  const double clon = 0.5 * (g.lon0 + g.lon1);
  std::size_t near = 0;
  for (const auto& s : steps.steps) {
    if (haversine_km(s.state.lat_deg, s.state.lon_deg, clat, clon) <=
        options.radius_of_influence_km + half_diagonal) {
      ++near;
    }
  }
  double best = 1e300;
  double best_cpu = 1e300;
  float peak = 0.0F;
  for (int r = 0; r < repeat; ++r) {
    const double c0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    const StormFootprint fp = compute_footprint(storm, lon, lat, land, options);
    const auto t1 = std::chrono::steady_clock::now();
    best_cpu = std::min(best_cpu, cpu_seconds() - c0);
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    peak = *std::max_element(fp.max_wind_m_s.begin(), fp.max_wind_m_s.end());
  }
  const double places = static_cast<double>(lon.size());
  std::printf(
      "grid=%s rain=%d places=%zu steps=%zu near_steps=%zu threads=%d seconds=%.4f cpu_s=%.4f "
      "place_steps_per_s=%.4g near_place_steps_per_s=%.4g peak_wind_m_s=%.1f\n",
      g.name.c_str(), rain ? 1 : 0, lon.size(), steps.steps.size(), near, omp_get_max_threads(),
      best, best_cpu, places * static_cast<double>(steps.steps.size()) / best,
      places * static_cast<double>(near) / best, static_cast<double>(peak));
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 3;
  bool rain = true;
  bool small = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--small") == 0) {
      small = true;
    } else if (std::strcmp(argv[i], "--no-rain") == 0) {
      rain = false;
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      omp_set_num_threads(std::max(1, std::atoi(argv[++i])));
    } else {
      std::fprintf(
          stderr,
          "usage: storm_footprint_bench [--repeat N] [--threads T] [--no-rain] [--small]\n");
      return 2;
    }
  }
  const StormTrack storm = maria_like();
  // About 250 x 100 km around Puerto Rico at 0.01 degree, then (unless --small) about
  // 650 x 550 km (300k places).
  run(storm, {"pr_250x100km", -67.5, -65.0, 17.6, 18.6, 0.01}, repeat, rain);
  if (!small) run(storm, {"pr_650x550km", -69.0, -63.0, 15.5, 20.5, 0.01}, repeat, rain);
  return 0;
}
