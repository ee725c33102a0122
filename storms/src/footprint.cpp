// A storm's footprint: its track stepped in time (step_track), the wind and rain of each step
// evaluated at every place, summarised per place. Places are the outer, parallel loop and each
// place walks the steps in order, so results do not depend on the thread count.
#include "displace/storms/footprint.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <ctime>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/storms/rain_field.hpp"
#include "vortex_kernel.hpp"

namespace displace::storms {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kTropicalStormMS = 17.5;  // 34 kt
constexpr double kHurricaneMS = 32.9;      // 64 kt

std::string storm_label(const StormTrack& storm) {
  // Appended piece by piece: GCC 12's -Wrestrict misfires on "literal" + std::string chains.
  std::string label = "storm ";
  label.append(storm.name.empty() ? std::string_view("UNNAMED") : std::string_view(storm.name));
  if (storm.season != 0) {
    label.push_back(' ');
    label.append(std::to_string(storm.season));
  }
  const std::string& id = storm.sid.empty() ? storm.atcf_id : storm.sid;
  if (!id.empty()) {
    label.append(" (");
    label.append(id);
    label.push_back(')');
  }
  return label;
}

std::string iso_time(std::int64_t time_s) {
  const auto t = static_cast<std::time_t>(time_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%MZ", &tm);
  return buffer.data();
}

/// Longitude difference wrapped into [-180, 180).
double wrap_degrees(double d) {
  return d - 360.0 * std::floor((d + 180.0) / 360.0);
}

struct FixValues {
  double hours = 0.0;
  double lat = 0.0;
  double lon = 0.0;  // unwrapped: consecutive fixes differ by less than 180 degrees
  double vmax = 0.0;
  double deficit = 0.0;
  double rmw = 0.0;
  double vt_east = 0.0;
  double vt_north = 0.0;
};

/// Unit vector of a point on the sphere.
struct Unit {
  double x = 0.0;
  double y = 0.0;
  double z = 0.0;
};
Unit unit_vector(double lat_deg, double lon_deg) {
  const double phi = lat_deg * kDegToRad;
  const double lambda = lon_deg * kDegToRad;
  return {std::cos(phi) * std::cos(lambda), std::cos(phi) * std::sin(lambda), std::sin(phi)};
}

/// Angle (radians) between two unit vectors, from their chord (well conditioned when small).
double angle_between(const Unit& a, const Unit& b) {
  const double dx = a.x - b.x;
  const double dy = a.y - b.y;
  const double dz = a.z - b.z;
  return 2.0 * std::asin(std::min(1.0, 0.5 * std::sqrt(dx * dx + dy * dy + dz * dz)));
}

/// A spherical cap: every point of a set lies within `radius` (radians) of `centre`.
struct Cap {
  Unit centre{1.0, 0.0, 0.0};
  double radius = std::numbers::pi;  ///< the whole sphere when the points have no centroid
};

/// The cap around `count` points (`point(i)` their unit vectors): centred on their normalised
/// centroid, as wide as the farthest point. Bounds the distance from anything to every point.
template <class PointAt>
Cap cap_around(std::size_t count, const PointAt& point) {
  double sx = 0.0, sy = 0.0, sz = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const Unit u = point(i);
    sx += u.x;
    sy += u.y;
    sz += u.z;
  }
  const double norm = std::sqrt(sx * sx + sy * sy + sz * sz);
  Cap cap;
  if (norm > 1e-12) {
    cap.centre = {sx / norm, sy / norm, sz / norm};
    cap.radius = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
      cap.radius = std::max(cap.radius, angle_between(cap.centre, point(i)));
    }
  }
  return cap;
}

/// What the inner loop needs from one step, computed once.
struct StepKernel {
  Unit centre;
  double east_x = 0.0, east_y = 0.0;                   // local east unit vector (z = 0)
  double north_x = 0.0, north_y = 0.0, north_z = 0.0;  // local north unit vector
  double vmax = 0.0, b = 1.0, ln_rmw = 0.0, half_f = 0.0, hemisphere = 1.0;
  double background_east = 0.0, background_north = 0.0;
  double hours = 0.0, weight = 0.0;
  double rmw = 0.0, inv_dr = 0.0;  // the wind-bound table: radii rmw + j / inv_dr
  RcliperCoefficients rain;
  bool may_be_nearest = false;  // may hold the closest approach (see the visit selection)
};

/// Places per block: a block walks the steps once, its places in an inner loop, so each step's
/// data is read once per block; its accumulators stay in L1 (about 22 KB).
constexpr std::size_t kBlock = 256;

/// One place's accumulators while its block walks the steps.
struct PlaceAcc {
  Unit p;
  double surface = 0.0;
  double peak = 0.0, peak_hours = 0.0, hours_ts = 0.0, hours_hu = 0.0;
  double rain_total = 0.0, rain_peak = 0.0;
  double nearest = 0.0;  // smallest squared chord to a step centre
  std::size_t nearest_step = 0;
  double floor = 0.0;  // the wind at the nearest step: the peak is at least this
};

/// Entries of each step's wind-bound table (radii evenly spaced from R to the radius of
/// influence).
constexpr std::size_t kBoundEntries = 128;

}  // namespace

SteppedTrack step_track(const StormTrack& storm, const FootprintOptions& options) {
  const std::string label = storm_label(storm);
  if (!(options.time_step_minutes > 0.0 && options.time_step_minutes <= 60.0)) {
    throw InputError(label + ": time step of " + std::to_string(options.time_step_minutes) +
                     " minutes is outside (0, 60]");
  }
  const auto& fixes = storm.fixes;
  if (fixes.size() < 2) {
    throw InputError(label + ": " + std::to_string(fixes.size()) +
                     " fix(es); a footprint needs at least two");
  }
  SteppedTrack out;
  const std::size_t n = fixes.size();
  std::vector<FixValues> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TrackFix& f = fixes[i];
    if (!std::isfinite(f.max_wind_m_s)) {
      throw InputError(label + ": the fix at " + iso_time(f.time_s) + " has no maximum wind");
    }
    if (i > 0 && f.time_s <= fixes[i - 1].time_s) {
      throw InputError(label + ": the fix at " + iso_time(f.time_s) +
                       " is not after the one before it");
    }
    v[i].hours = static_cast<double>(f.time_s - fixes[0].time_s) / 3600.0;
    v[i].lat = f.lat_deg;
    v[i].lon = i == 0 ? f.lon_deg : v[i - 1].lon + wrap_degrees(f.lon_deg - fixes[i - 1].lon_deg);
    v[i].vmax = f.max_wind_m_s;
  }
  // Translation velocity at each fix: centred differences (one-sided at the ends), in a local
  // east/north frame (longitude difference scaled by the cosine of the fix's latitude).
  const double m_per_deg = kEarthRadiusKm * 1000.0 * kDegToRad;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t a = i == 0 ? 0 : i - 1;
    const std::size_t b = i + 1 == n ? n - 1 : i + 1;
    const double seconds = (v[b].hours - v[a].hours) * 3600.0;
    v[i].vt_east = (v[b].lon - v[a].lon) * m_per_deg * std::cos(v[i].lat * kDegToRad) / seconds;
    v[i].vt_north = (v[b].lat - v[a].lat) * m_per_deg / seconds;
  }
  // Radius of maximum wind and pressure deficit, estimated where the track has none.
  for (std::size_t i = 0; i < n; ++i) {
    const TrackFix& f = fixes[i];
    const double vt = std::hypot(v[i].vt_east, v[i].vt_north);
    if (std::isfinite(f.rmw_km) && f.rmw_km > 0.0) {
      v[i].rmw = f.rmw_km;
    } else {
      v[i].rmw = estimate_rmw_km(f.max_wind_m_s, f.lat_deg);
      ++out.fixes_with_estimated_rmw;
    }
    const double env =
        std::isfinite(f.env_pressure_hpa) ? f.env_pressure_hpa : kDefaultEnvPressureHpa;
    if (std::isfinite(f.pressure_hpa)) {
      v[i].deficit = env - f.pressure_hpa;
    } else {
      v[i].deficit = estimate_pressure_deficit_hpa(f.max_wind_m_s, f.lat_deg, vt);
      ++out.fixes_with_estimated_pressure;
    }
  }
  // Steps at k * dt from the first fix, the last one at the last fix; trapezoid weights.
  const double span = v[n - 1].hours;
  const double dt = options.time_step_minutes / 60.0;
  const auto intervals = static_cast<std::size_t>(std::ceil(span / dt - 1e-9));
  out.steps.resize(intervals + 1);
  for (std::size_t k = 0; k <= intervals; ++k) {
    out.steps[k].hours_after_first = std::min(static_cast<double>(k) * dt, span);
  }
  std::size_t seg = 0;
  for (std::size_t k = 0; k <= intervals; ++k) {
    TrackStep& step = out.steps[k];
    const double t = step.hours_after_first;
    const double before = k == 0 ? t : out.steps[k - 1].hours_after_first;
    const double after = k == intervals ? t : out.steps[k + 1].hours_after_first;
    step.weight_hours = 0.5 * (after - before);
    while (seg + 2 < n && t > v[seg + 1].hours)
      ++seg;
    const FixValues& a = v[seg];
    const FixValues& b = v[seg + 1];
    const double w = (t - a.hours) / (b.hours - a.hours);
    const auto lerp = [w](double x, double y) { return x + w * (y - x); };
    VortexState& s = step.state;
    s.lat_deg = lerp(a.lat, b.lat);
    s.lon_deg = wrap_degrees(lerp(a.lon, b.lon));
    s.vmax_m_s = lerp(a.vmax, b.vmax);
    s.pressure_deficit_hpa = lerp(a.deficit, b.deficit);
    s.rmw_km = lerp(a.rmw, b.rmw);
    s.vt_east_m_s = lerp(a.vt_east, b.vt_east);
    s.vt_north_m_s = lerp(a.vt_north, b.vt_north);
  }
  return out;
}

StormFootprint compute_footprint(const StormTrack& storm, const std::vector<double>& lon_deg,
                                 const std::vector<double>& lat_deg,
                                 const std::vector<float>& land_fraction,
                                 const FootprintOptions& options) {
  const std::string label = storm_label(storm);
  const std::size_t places = lon_deg.size();
  if (lat_deg.size() != places || (!land_fraction.empty() && land_fraction.size() != places)) {
    throw InputError(label + ": " + std::to_string(places) + " longitudes, " +
                     std::to_string(lat_deg.size()) + " latitudes and " +
                     std::to_string(land_fraction.size()) + " land fractions (need equal counts)");
  }
  if (!(options.radius_of_influence_km > 0.0) || !(options.surface_factor_sea > 0.0) ||
      !(options.surface_factor_land > 0.0) || !(options.wind_conversion > 0.0)) {
    throw InputError(label +
                     ": radius of influence, surface factors and wind conversion must be "
                     "positive");
  }
  const SteppedTrack track = step_track(storm, options);
  StormFootprint fp;
  fp.fixes_with_estimated_rmw = track.fixes_with_estimated_rmw;
  fp.fixes_with_estimated_pressure = track.fixes_with_estimated_pressure;
  fp.max_wind_m_s.assign(places, 0.0F);
  fp.hours_tropical_storm.assign(places, 0.0F);
  fp.hours_hurricane.assign(places, 0.0F);
  fp.peak_hours.assign(places, 0.0F);
  fp.rain_total_mm.assign(places, 0.0F);
  fp.rain_peak_mm_per_h.assign(places, 0.0F);
  if (places == 0) return fp;

  // Per step, once: centre, local frame, profile parameters, rain coefficients.
  const std::size_t n_steps = track.steps.size();
  std::vector<StepKernel> kernels(n_steps);
  for (std::size_t k = 0; k < n_steps; ++k) {
    const TrackStep& step = track.steps[k];
    const VortexParameters p = vortex_parameters(step.state, options.surface_factor_sea);
    StepKernel& q = kernels[k];
    q.centre = unit_vector(step.state.lat_deg, step.state.lon_deg);
    const double phi = step.state.lat_deg * kDegToRad;
    const double lambda = step.state.lon_deg * kDegToRad;
    q.east_x = -std::sin(lambda);
    q.east_y = std::cos(lambda);
    q.north_x = -std::sin(phi) * std::cos(lambda);
    q.north_y = -std::sin(phi) * std::sin(lambda);
    q.north_z = std::cos(phi);
    q.vmax = p.cyclostrophic_vmax_m_s;
    q.half_f = p.coriolis_half_m_s_per_km;
    q.b = p.b;
    q.ln_rmw = std::log(p.rmw_km);
    q.hemisphere = p.hemisphere;
    q.background_east = p.background_east_m_s;
    q.background_north = p.background_north_m_s;
    q.hours = step.hours_after_first;
    q.weight = step.weight_hours;
    q.rain = rcliper_coefficients(step.state.vmax_m_s);
  }

  // Which steps can matter: a cap (centroid, angular radius) around all places bounds each step's
  // distance to every place. A step is visited when some place may be within the radius of
  // influence, or when it may hold the closest approach (its lower bound is below the smallest
  // upper bound of all steps).
  const Cap all_places =
      cap_around(places, [&](std::size_t i) { return unit_vector(lat_deg[i], lon_deg[i]); });
  const Unit centroid = all_places.centre;
  const double cap = all_places.radius;
  constexpr double kSlack = 1e-9;  // radians, against rounding in the bounds
  const double influence = options.radius_of_influence_km / kEarthRadiusKm;
  std::vector<double> to_centroid(n_steps);
  double min_upper = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < n_steps; ++k) {
    to_centroid[k] = angle_between(kernels[k].centre, centroid);
    min_upper = std::min(min_upper, to_centroid[k] + cap);
  }
  // The visited steps; their centres also apart (x, y, z in a row), for the cheap distance test
  // every place makes against every visited step.
  std::vector<StepKernel> visit;
  std::vector<double> centres;
  visit.reserve(n_steps);
  for (std::size_t k = 0; k < n_steps; ++k) {
    const double lower = std::max(0.0, to_centroid[k] - cap);
    const bool may_be_nearest = lower <= min_upper + kSlack;
    if (lower <= influence + kSlack || may_be_nearest) {
      visit.push_back(kernels[k]);
      visit.back().may_be_nearest = may_be_nearest;
      centres.insert(centres.end(),
                     {kernels[k].centre.x, kernels[k].centre.y, kernels[k].centre.z});
    }
  }
  const double* centre = centres.data();
  // An upper bound on each visited step's gradient-level speed beyond R: the symmetric gradient
  // wind decreases outward from R, so for r in [r_j, r_j+1) it is at most v(r_j), and the speed
  // at most v(r_j) + |background|. (A relative margin of 1e-12 covers rounding.) A place skips
  // the wind of a step when this bound, times its surface factor, is below 34 kt and not above
  // its peak so far: that wind could change none of its results.
  std::vector<double> bounds(visit.size() * kBoundEntries);
  for (std::size_t k = 0; k < visit.size(); ++k) {
    StepKernel& q = visit[k];
    q.rmw = std::exp(q.ln_rmw);
    const double end = std::max(options.radius_of_influence_km, q.rmw);
    const double dr = (end - q.rmw) / static_cast<double>(kBoundEntries - 1);
    q.inv_dr = dr > 0.0 ? 1.0 / dr : 0.0;
    const double background = std::hypot(q.background_east, q.background_north);
    for (std::size_t j = 0; j < kBoundEntries; ++j) {
      const double r = q.rmw + dr * static_cast<double>(j);
      bounds[k * kBoundEntries + j] =
          (detail::gradient_wind(q.vmax, q.b, q.ln_rmw, q.half_f, r) + background) * (1.0 + 1e-12);
    }
  }
  const double* bound = bounds.data();
  const double half_chord = std::sin(std::min(0.5 * influence, 0.5 * std::numbers::pi));
  const double influence_chord2 = 4.0 * half_chord * half_chord;
  const double rain_radius = std::min(options.radius_of_influence_km, kRcliperMaxRadiusKm);
  const bool rain = options.rain;
  const double conversion = options.wind_conversion;
  const double sea = options.surface_factor_sea;
  const double land = options.surface_factor_land;
  const StepKernel* steps = visit.data();
  const std::size_t n_visit = visit.size();
  const auto n_blocks = static_cast<std::ptrdiff_t>((places + kBlock - 1) / kBlock);

  // Places in blocks of kBlock, fixed by index (not by thread) and dealt round-robin to the
  // threads (static chunks of one block, so the band of the grid the track crosses is shared
  // out). Each block skips the steps that reach none of its places (a cap around the block, as
  // above), then walks the rest in time order; every place sees its steps in the same order and
  // with the same arithmetic whatever the thread count. A skipped step changes no place's
  // results (its wind and rain are 0 there, and a place's nearest step only matters within the
  // radius of influence); it can only hold the closest approach when no step comes within the
  // radius of influence of any place, which the loop after this one handles.
  double min_chord2 = std::numeric_limits<double>::infinity();
#pragma omp parallel reduction(min : min_chord2)
  {
    std::vector<std::size_t> reaching;  // the visited steps that reach the block (per thread)
    reaching.reserve(n_visit);
#pragma omp for schedule(static, 1)
    for (std::ptrdiff_t blk = 0; blk < n_blocks; ++blk) {
      const std::size_t i0 = static_cast<std::size_t>(blk) * kBlock;
      const std::size_t n = std::min(kBlock, places - i0);
      std::array<PlaceAcc, kBlock> acc;
      // The places' unit vectors apart, and per step the squared chord, half-chord and distance
      // (series) of every place: loops over these run in SIMD lanes with the same operations, in
      // the same order, as one place at a time, so every value is the same to the bit.
      alignas(64) std::array<double, kBlock> px, py, pz;
      alignas(64) std::array<double, kBlock> nearest;
      alignas(64) std::array<std::size_t, kBlock> nearest_step;
      alignas(64) std::array<double, kBlock> chord2s, halves, series_km;
      alignas(64) std::array<std::size_t, kBlock> within;
      for (std::size_t i = 0; i < n; ++i) {
        PlaceAcc& a = acc[i];
        a = PlaceAcc{};
        a.p = unit_vector(lat_deg[i0 + i], lon_deg[i0 + i]);
        const double lf = land_fraction.empty()
                              ? 1.0
                              : std::clamp(static_cast<double>(land_fraction[i0 + i]), 0.0, 1.0);
        a.surface = sea + (land - sea) * lf;
        px[i] = a.p.x;
        py[i] = a.p.y;
        pz[i] = a.p.z;
        nearest[i] = std::numeric_limits<double>::infinity();
        nearest_step[i] = 0;
      }
      const Cap block = cap_around(n, [&](std::size_t i) { return acc[i].p; });
      // The steps this block walks, in time order: those that may reach one of its places.
      reaching.clear();
      for (std::size_t k = 0; k < n_visit; ++k) {
        const StepKernel& q = steps[k];
        if (angle_between(q.centre, block.centre) - block.radius <= influence + kSlack) {
          reaching.push_back(k);
        }
      }
      // The 10 m wind of step q at place a, r km from the centre (one expression for both
      // passes).
      const auto wind_at = [](const StepKernel& q, const PlaceAcc& a, double r) {
        const double de = a.p.x * q.east_x + a.p.y * q.east_y;
        const double dn = a.p.x * q.north_x + a.p.y * q.north_y + a.p.z * q.north_z;
        return a.surface * detail::gradient_speed(q.vmax, q.b, q.ln_rmw, q.half_f, q.hemisphere,
                                                  q.background_east, q.background_north, r, de, dn);
      };
      // Pass 1: each place's nearest step (the first of equals), and the wind there, a floor
      // under its peak.
      for (const std::size_t k : reaching) {
        const double cx = centre[3 * k];
        const double cy = centre[3 * k + 1];
        const double cz = centre[3 * k + 2];
#pragma omp simd
        for (std::size_t i = 0; i < n; ++i) {
          const double dx = px[i] - cx;
          const double dy = py[i] - cy;
          const double dz = pz[i] - cz;
          const double chord2 = dx * dx + dy * dy + dz * dz;
          const double so_far = nearest[i];
          const std::size_t so_far_step = nearest_step[i];
          nearest[i] = chord2 < so_far ? chord2 : so_far;
          nearest_step[i] = chord2 < so_far ? k : so_far_step;
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        PlaceAcc& a = acc[i];
        a.nearest = nearest[i];
        a.nearest_step = nearest_step[i];
        if (!(a.nearest <= influence_chord2)) continue;
        const double r = detail::chord2_to_km(a.nearest);
        if (r <= options.radius_of_influence_km) a.floor = wind_at(steps[a.nearest_step], a, r);
      }
      // Pass 2: the steps in time order. A step's wind is skipped when its bound is below 34 kt
      // and either not above the peak so far (it cannot raise it) or below the floor (it cannot
      // be the final peak, which is at least the floor): no output can change.
      for (const std::size_t k : reaching) {
        const StepKernel& q = steps[k];
        const double cx = centre[3 * k];
        const double cy = centre[3 * k + 1];
        const double cz = centre[3 * k + 2];
        const double* step_bound = bound + k * kBoundEntries;
#pragma omp simd
        for (std::size_t i = 0; i < n; ++i) {
          const double dx = px[i] - cx;
          const double dy = py[i] - cy;
          const double dz = pz[i] - cz;
          chord2s[i] = dx * dx + dy * dy + dz * dz;
        }
        // The places within the radius of influence (a block of a grid stored row by row can be
        // a long strip, most of it out of reach of a step), then their distances.
        std::size_t m = 0;
        for (std::size_t i = 0; i < n; ++i) {
          within[m] = i;
          m += chord2s[i] > influence_chord2 ? std::size_t{0} : std::size_t{1};
        }
#pragma omp simd
        for (std::size_t t = 0; t < m; ++t) {
          const double half = 0.5 * std::sqrt(chord2s[within[t]]);
          halves[t] = half;
          series_km[t] = detail::half_chord_to_km_series(half);
        }
        for (std::size_t t = 0; t < m; ++t) {
          PlaceAcc& a = acc[within[t]];
          // chord2_to_km: the series below the limit (computed above), asin from it.
          const double half = halves[t];
          const double r =
              half < detail::kHalfChordSeriesLimit ? series_km[t] : detail::half_chord_to_km(half);
          if (r > options.radius_of_influence_km) continue;
          bool wind_matters = true;
          if (r >= q.rmw) {
            const auto j =
                std::min(static_cast<std::size_t>((r - q.rmw) * q.inv_dr), kBoundEntries - 1);
            const double most = a.surface * step_bound[j];
            wind_matters = most >= kTropicalStormMS || (most > a.peak && most >= a.floor);
          }
          if (wind_matters) {
            const double wind = wind_at(q, a, r);
            if (wind >= kTropicalStormMS) a.hours_ts += q.weight;
            if (wind >= kHurricaneMS) a.hours_hu += q.weight;
            if (wind > a.peak) {
              a.peak = wind;
              a.peak_hours = q.hours;
            }
          }
          if (rain && r <= rain_radius) {
            const double rate = detail::rcliper_rate(q.rain, r);
            a.rain_total += rate * q.weight;
            a.rain_peak = std::max(a.rain_peak, rate);
          }
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        const PlaceAcc& a = acc[i];
        min_chord2 = std::min(min_chord2, a.nearest);
        fp.max_wind_m_s[i0 + i] = static_cast<float>(a.peak * conversion);
        fp.peak_hours[i0 + i] = static_cast<float>(a.peak_hours);
        fp.hours_tropical_storm[i0 + i] = static_cast<float>(a.hours_ts);
        fp.hours_hurricane[i0 + i] = static_cast<float>(a.hours_hu);
        fp.rain_total_mm[i0 + i] = static_cast<float>(a.rain_total);
        fp.rain_peak_mm_per_h[i0 + i] = static_cast<float>(a.rain_peak);
      }
    }
  }
  // The closest approach: when some place is within the radius of influence of some step, the
  // smallest squared chord is among the steps the blocks walked (a step that reaches a place
  // reaches its block); otherwise it is the smallest over every place and every step that may
  // hold it (a minimum, the same whatever the order).
  if (!(min_chord2 <= influence_chord2)) {
    std::vector<const double*> candidates;
    for (std::size_t k = 0; k < n_visit; ++k) {
      if (steps[k].may_be_nearest) candidates.push_back(centre + 3 * k);
    }
    const auto n_places = static_cast<std::ptrdiff_t>(places);
#pragma omp parallel for schedule(static) reduction(min : min_chord2)
    for (std::ptrdiff_t i = 0; i < n_places; ++i) {
      const auto u = static_cast<std::size_t>(i);
      const Unit p = unit_vector(lat_deg[u], lon_deg[u]);
      for (const double* c : candidates) {
        const double dx = p.x - c[0];
        const double dy = p.y - c[1];
        const double dz = p.z - c[2];
        min_chord2 = std::min(min_chord2, dx * dx + dy * dy + dz * dz);
      }
    }
  }
  fp.closest_approach_km = detail::chord2_to_km(min_chord2);
  return fp;
}

}  // namespace displace::storms
