#pragma once
// A track forecast from an ATCF a-deck (the Automated Tropical Cyclone Forecasting system's
// comma-separated forecast records; NRL/NHC, "ATCF a-deck/b-deck format"), or from a plain CSV
// with the same columns under a header row. One forecast is one technique's (default the
// official forecast, OFCL) records of one issue time; its several lines per lead time (one per
// wind-radii threshold, 34, 50 and 64 kt) are merged into one point. Plain data in SI units.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "displace/storms/track.hpp"

namespace displace::storms {

/// The longest lead time a forecast may have (NHC's official forecasts reach 120 h).
inline constexpr int kMaxForecastLeadHours = 120;

/// One lead time of a forecast.
struct ForecastPoint {
  int lead_hours = 0;  ///< TAU: hours after the issue time
  TrackFix fix;        ///< time = issue + lead; wind, pressure, RMW, POCI (NaN when not given)
  /// Wind radii (km) of the 34-, 50- and 64-kt winds in the NE, SE, SW, NW quadrants; NaN when
  /// the forecast gives none for that threshold (0 when it says no such wind there).
  std::array<double, 4> radius_34kt_km{kMissing, kMissing, kMissing, kMissing};
  std::array<double, 4> radius_50kt_km{kMissing, kMissing, kMissing, kMissing};
  std::array<double, 4> radius_64kt_km{kMissing, kMissing, kMissing, kMissing};
  int line = 0;  ///< first line of this lead time in the file (1-based)
};

/// One forecast: a technique's points of one issue time, in increasing lead time.
struct TrackForecast {
  std::string file;
  std::string atcf_id;    ///< BASIN + CY + year, e.g. AL152017
  std::string name;       ///< STORMNAME when the file gives it, else "UNNAMED"
  std::string technique;  ///< e.g. OFCL
  std::int64_t issue_time_s = 0;
  std::vector<ForecastPoint> points;
};

struct ForecastSelection {
  std::string technique = "OFCL";
  /// The issue time (seconds since 1970-01-01Z); nullopt = the latest of the technique's.
  std::optional<std::int64_t> issue_time_s;
};

/// Reads the forecast of `selection` from an ATCF a-deck or a plain CSV (first line a header
/// naming BASIN, CY, YYYYMMDDHH, TECH, TAU, LAT, LON, VMAX and optionally MSLP, RAD, WINDCODE,
/// RAD1..RAD4, POUTER, ROUTER, RMW, STORMNAME; LAT/LON either as the a-deck's tenths with a
/// hemisphere, 153N, 609W, or as signed decimal degrees). Throws InputError naming the file and,
/// where one is at fault, the line: a malformed field or a line cut short; no record of the
/// technique, or none of the issue time asked for (listing those in the file); lead times out of
/// order or a lead time given twice with different positions or winds; a negative lead time (the
/// issue time after the forecast's first point); a lead time beyond 120 h; a forecast of one
/// point; a point without its maximum wind.
TrackForecast read_forecast(const std::string& path, const ForecastSelection& selection = {});

/// "2017091812" -> seconds since 1970-01-01Z; nullopt when malformed or impossible.
std::optional<std::int64_t> parse_issue_time(std::string_view yyyymmddhh);

/// "2017091812" of seconds since 1970-01-01Z.
std::string format_issue_time(std::int64_t time_s);

/// The forecast as a track (its points' fixes), named by its ATCF id and name.
StormTrack forecast_track(const TrackForecast& forecast);

/// The storm's observed fixes before the issue time, then the forecast's points: one track from
/// the past into the forecast. Throws InputError when `history` has no fix before the issue time.
StormTrack track_with_history(const StormTrack& history, const TrackForecast& forecast);

}  // namespace displace::storms
