// The ATCF a-deck forecast reader (issue #28): small a-decks and CSVs written here with values
// checked by hand (tenths of degrees, knots, nautical miles, the radii lines of one lead time
// merged), the choice of technique and issue time, every refusal with its file and line, and the
// bundled synthetic Maria a-deck of scenarios/data/forecasts.
#include "displace/storms/atcf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "displace/common/error.hpp"
#include "support/temp_folder.hpp"

namespace displace::storms {
namespace {

/// 2017-09-18 12:00 UTC in seconds since 1970 (Python: datetime(2017,9,18,12,tzinfo=utc)).
constexpr std::int64_t k2017091812 = 1505736000;
constexpr std::int64_t k2017091800 = 1505692800;

/// A CARQ line, then the OFCL of 2017091800 (two points), then the OFCL of 2017091812 with the
/// 34-, 50- and 64-kt radii lines at tau 0 and a 34-kt line at tau 12.
constexpr const char* kDeck =
    "AL, 15, 2017091800, 01, CARQ,   0, 140N,  580W,  75,  979, HU,  34, NEQ,   60,   50,   40,"
    "   50, 1009,  150,  10,\n"
    "AL, 15, 2017091800, 03, OFCL,   0, 140N,  580W,  75,  979, HU,  34, NEQ,   60,   50,   40,"
    "   50, 1009,  150,  10,\n"
    "AL, 15, 2017091800, 03, OFCL,  12, 145N,  597W, 100,    0, HU,   0,    ,    0,    0,    0,"
    "    0,    0,    0,   0,\n"
    "AL, 15, 2017091812, 03, OFCL,   0, 145N,  597W, 100,  967, HU,  34, NEQ,  100,   80,   60,"
    "   90, 1010,  180,  10,   0,   0,    ,   0,    ,   0,   0,      MARIA,\n"
    "AL, 15, 2017091812, 03, OFCL,   0, 145N,  597W, 100,  967, HU,  50, NEQ,   50,   40,   30,"
    "   40, 1010,  180,  10,   0,   0,    ,   0,    ,   0,   0,      MARIA,\n"
    "AL, 15, 2017091812, 03, OFCL,   0, 145N,  597W, 100,  967, HU,  64, NEQ,   25,   20,    0,"
    "   20, 1010,  180,  10,   0,   0,    ,   0,    ,   0,   0,      MARIA,\n"
    "AL, 15, 2017091812, 03, OFCL,  12, 153N,  611W, 145,    0, HU,  34, AAA,  120,    0,    0,"
    "    0,    0,    0,   0,   0,   0,    ,   0,    ,   0,   0,      MARIA,\n"
    "AL, 15, 2017091812, 03, OFCL,  24, 161N,  627W, 140,    0, HU,   0,    ,    0,    0,    0,"
    "    0,    0,    0,   0,   0,   0,    ,   0,    ,   0,   0,      MARIA,\n";

/// One OFCL record of 2017091812 at `tau` (position and wind given).
std::string ofcl(int tau, const std::string& lat = "161N", const std::string& lon = "627W",
                 const std::string& vmax = "140", const std::string& issue = "2017091812") {
  return "AL, 15, " + issue + ", 03, OFCL, " + std::to_string(tau) + ", " + lat + ", " + lon +
         ", " + vmax + ", 0, HU, 0, , 0, 0, 0, 0, 0, 0, 0,\n";
}

class ForecastFiles : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  /// The message of the InputError that reading `path` throws ("" when none is thrown).
  static std::string error_of(const std::string& path, const ForecastSelection& selection = {}) {
    try {
      read_forecast(path, selection);
    } catch (const InputError& error) {
      return error.what();
    }
    return "";
  }
  test_support::TempFolder folder_{"atcf"};
};

TEST(ForecastIssueTime, ParsesAndFormatsYyyymmddhh) {
  EXPECT_EQ(parse_issue_time("2017091812"), k2017091812);
  EXPECT_EQ(format_issue_time(k2017091812), "2017091812");
  EXPECT_FALSE(parse_issue_time("20170918"));
  EXPECT_FALSE(parse_issue_time("2017093112"));  // 31 September
  EXPECT_FALSE(parse_issue_time("2017091825"));
  EXPECT_FALSE(parse_issue_time("20170918x2"));
}

TEST_F(ForecastFiles, ReadsTheLatestOfficialForecastAndMergesItsRadiiLines) {
  const auto path = write("deck.dat", kDeck);
  const TrackForecast forecast = read_forecast(path);
  EXPECT_EQ(forecast.atcf_id, "AL152017");
  EXPECT_EQ(forecast.name, "MARIA");
  EXPECT_EQ(forecast.technique, "OFCL");
  EXPECT_EQ(forecast.issue_time_s, k2017091812);
  ASSERT_EQ(forecast.points.size(), 3u);  // five lines, three lead times
  const ForecastPoint& now = forecast.points[0];
  EXPECT_EQ(now.lead_hours, 0);
  EXPECT_EQ(now.line, 4);
  EXPECT_DOUBLE_EQ(now.fix.lat_deg, 14.5);
  EXPECT_DOUBLE_EQ(now.fix.lon_deg, -59.7);
  EXPECT_DOUBLE_EQ(now.fix.max_wind_m_s, 100 * 0.514444);
  EXPECT_DOUBLE_EQ(now.fix.pressure_hpa, 967.0);
  EXPECT_DOUBLE_EQ(now.fix.env_pressure_hpa, 1010.0);
  EXPECT_DOUBLE_EQ(now.fix.rmw_km, 10 * 1.852);
  EXPECT_EQ(now.fix.time_s, k2017091812);
  EXPECT_DOUBLE_EQ(now.radius_34kt_km[0], 100 * 1.852);  // NE
  EXPECT_DOUBLE_EQ(now.radius_34kt_km[3], 90 * 1.852);   // NW
  EXPECT_DOUBLE_EQ(now.radius_50kt_km[2], 30 * 1.852);   // SW
  EXPECT_DOUBLE_EQ(now.radius_64kt_km[2], 0.0);          // no hurricane wind to the SW
  const ForecastPoint& next = forecast.points[1];
  EXPECT_EQ(next.lead_hours, 12);
  EXPECT_EQ(next.fix.time_s, k2017091812 + 12 * 3600);
  EXPECT_TRUE(std::isnan(next.fix.pressure_hpa));  // MSLP 0: not given
  EXPECT_TRUE(std::isnan(next.fix.rmw_km));
  for (const double r : next.radius_34kt_km)
    EXPECT_DOUBLE_EQ(r, 120 * 1.852);  // AAA: the full circle
  EXPECT_TRUE(std::isnan(next.radius_50kt_km[0]));

  const StormTrack track = forecast_track(forecast);
  EXPECT_EQ(track.atcf_id, "AL152017");
  EXPECT_EQ(track.season, 2017);
  ASSERT_EQ(track.fixes.size(), 3u);
  EXPECT_DOUBLE_EQ(track.fixes[2].lat_deg, 16.1);
}

TEST_F(ForecastFiles, ChoosesTheIssueTimeAskedFor) {
  const auto path = write("deck.dat", kDeck);
  ForecastSelection selection;
  selection.issue_time_s = k2017091800;
  const TrackForecast forecast = read_forecast(path, selection);
  ASSERT_EQ(forecast.points.size(), 2u);  // the CARQ line is not the official forecast
  EXPECT_EQ(forecast.points[0].line, 2);
  EXPECT_DOUBLE_EQ(forecast.points[1].fix.lon_deg, -59.7);
  EXPECT_EQ(forecast.name, "UNNAMED");
}

TEST_F(ForecastFiles, ReadsAPlainCsvWithTheSameColumns) {
  const auto path = write("forecast.csv",
                          "BASIN,CY,YYYYMMDDHH,TECH,TAU,LAT,LON,VMAX,MSLP,RMW,STORMNAME\n"
                          "AL,15,2017091812,OFCL,0,14.5,-59.7,100,967,10,MARIA\n"
                          "AL,15,2017091812,OFCL,12,153N,611W,145,,,MARIA\n");
  const TrackForecast forecast = read_forecast(path);
  ASSERT_EQ(forecast.points.size(), 2u);
  EXPECT_DOUBLE_EQ(forecast.points[0].fix.lon_deg, -59.7);
  EXPECT_DOUBLE_EQ(forecast.points[1].fix.lat_deg, 15.3);
  EXPECT_DOUBLE_EQ(forecast.points[0].fix.rmw_km, 18.52);
  EXPECT_TRUE(std::isnan(forecast.points[1].fix.pressure_hpa));
  EXPECT_EQ(forecast.points[1].line, 3);
  // A header without a required column.
  const auto bad = write("bad.csv", "BASIN,CY,YYYYMMDDHH,TECH,TAU,LAT,VMAX\n");
  EXPECT_EQ(error_of(bad), bad +
                               ":1: the header has no column LON (a forecast CSV needs BASIN, "
                               "CY, YYYYMMDDHH, TECH, TAU, LAT, LON, VMAX)");
}

TEST_F(ForecastFiles, RefusesAForecastOfOnePoint) {
  const auto path = write("one.dat", ofcl(0) + ofcl(0));
  EXPECT_EQ(error_of(path), path +
                                ":1: the OFCL forecast issued at 2017091812 has one point (tau 0 "
                                "h); a forecast track needs at least 2");
}

TEST_F(ForecastFiles, RefusesTimesOutOfOrder) {
  const auto path = write("order.dat", ofcl(0) + ofcl(24) + ofcl(12));
  EXPECT_EQ(error_of(path),
            path + ":3: times out of order: tau 12 h comes after tau 24 h (line 2)");
}

TEST_F(ForecastFiles, RefusesAnIssueTimeAfterTheFirstPoint) {
  const auto path = write("before.dat", ofcl(-6) + ofcl(0) + ofcl(12));
  EXPECT_EQ(error_of(path),
            path + ":1: tau -6 h: the issue time 2017091812 is after this point of the forecast");
}

TEST_F(ForecastFiles, RefusesAnIssueTimeNotInTheFile) {
  const auto path = write("deck.dat", kDeck);
  ForecastSelection selection;
  selection.issue_time_s = k2017091812 + 6 * 3600;
  EXPECT_EQ(error_of(path, selection),
            path +
                ": no OFCL forecast issued at 2017091818; the file has OFCL forecasts issued "
                "at 2017091812, 2017091800");
  selection.issue_time_s.reset();
  selection.technique = "XTRP";
  EXPECT_EQ(error_of(path, selection),
            path + ": no XTRP forecast in the file (its techniques: CARQ, OFCL)");
}

TEST_F(ForecastFiles, RefusesLeadTimesBeyond120Hours) {
  const auto path = write("long.dat", ofcl(0) + ofcl(120) + ofcl(132));
  EXPECT_EQ(error_of(path),
            path + ":3: tau 132 h is beyond 120 h, the longest lead time of a forecast");
}

TEST_F(ForecastFiles, RefusesMalformedFieldsByLine) {
  const auto lat = write("lat.dat", ofcl(0) + ofcl(12, "16.1N"));
  EXPECT_EQ(error_of(lat), lat +
                               ":2: latitude '16.1N' is not tenths of a degree with N or S "
                               "(like 153N)");
  const auto lon = write("lon.dat", ofcl(0) + ofcl(12, "161N", "627"));
  EXPECT_EQ(error_of(lon),
            lon + ":2: longitude '627' is not tenths of a degree with E or W (like 609W)");
  const auto wind = write("wind.dat", ofcl(0) + ofcl(12, "161N", "627W", "strong"));
  EXPECT_EQ(error_of(wind), wind + ":2: VMAX (maximum wind, kt) 'strong' is not a number");
  const auto calm = write("calm.dat", ofcl(0) + ofcl(12, "161N", "627W", "0"));
  EXPECT_EQ(error_of(calm),
            calm + ":2: tau 12 h has no maximum wind (VMAX 0); a forecast point needs it");
  const auto date = write("date.dat", ofcl(0) + ofcl(12, "161N", "627W", "140", "2017093112"));
  EXPECT_EQ(error_of(date),
            date + ":2: YYYYMMDDHH '2017093112' is not a date and hour (like 2017091812)");
  const auto tau = write("tau.dat", ofcl(0) + "AL, 15, 2017091812, 03, OFCL, 1x, 161N, 627W, 90\n");
  EXPECT_EQ(error_of(tau), tau + ":2: TAU (lead time, h) '1x' is not a whole number");
  const auto short_line = write("short.dat", ofcl(0) + "AL, 15, 2017091812, 03, OFCL, 12, 161N\n");
  EXPECT_EQ(error_of(short_line),
            short_line +
                ":2: a record needs at least 9 fields (BASIN, CY, YYYYMMDDHH, TECHNUM, "
                "TECH, TAU, LAT, LON, VMAX); this line has 7");
  const auto twice = write("twice.dat", ofcl(0) + ofcl(12) + ofcl(12, "162N"));
  EXPECT_EQ(error_of(twice), twice +
                                 ":3: tau 12 h is given again (first on line 2) with another "
                                 "position or maximum wind");
  const auto radii =
      write("radii.dat", ofcl(0) +
                             "AL, 15, 2017091812, 03, OFCL, 12, 161N, 627W, 140, 0, HU, 34, NEQ, "
                             "100, -5, 60, 90,\n");
  EXPECT_EQ(error_of(radii), radii + ":2: RAD2 (wind radius, nmi) '-5' is not a number >= 0");
  const auto two =
      write("two.dat", ofcl(0) + "AL, 16, 2017091812, 03, OFCL, 12, 161N, 627W, 90,\n");
  EXPECT_EQ(error_of(two), two +
                               ":2: a record of storm AL162017 among the forecast of AL152017; "
                               "one file, one storm");
  const auto missing = (folder_ / "nothing.dat").string();
  EXPECT_EQ(error_of(missing), missing + ": file not found");
}

TEST_F(ForecastFiles, PrependsTheTrackSoFar) {
  const auto path = write("deck.dat", kDeck);
  const TrackForecast forecast = read_forecast(path);
  StormTrack history;
  history.name = "MARIA";
  history.season = 2017;
  history.atcf_id = "AL152017";
  for (int h = -24; h <= 6; h += 6) {
    TrackFix fix;
    fix.time_s = k2017091812 + h * 3600;
    fix.lat_deg = 14.0;
    fix.lon_deg = -58.0 - 0.1 * h;
    history.fixes.push_back(fix);
  }
  const StormTrack track = track_with_history(history, forecast);
  ASSERT_EQ(track.fixes.size(), 4u + 3u);  // -24, -18, -12, -6 h, then the forecast
  EXPECT_EQ(track.fixes[3].time_s, k2017091812 - 6 * 3600);
  EXPECT_EQ(track.fixes[4].time_s, k2017091812);
  EXPECT_DOUBLE_EQ(track.fixes[4].lat_deg, 14.5);
  history.fixes.erase(history.fixes.begin(), history.fixes.begin() + 4);  // from 0 h on
  EXPECT_THROW(track_with_history(history, forecast), InputError);
}

TEST(BundledForecast, SyntheticMariaADeckHasTwoOfficialForecasts) {
  const std::string path = std::string(DISPLACE_FORECASTS_DIR) + "/maria-2017-synthetic-adeck.dat";
  const TrackForecast latest = read_forecast(path);
  EXPECT_EQ(latest.atcf_id, "AL152017");
  EXPECT_EQ(latest.issue_time_s, k2017091812);
  ASSERT_EQ(latest.points.size(), 8u);  // 0, 12, 24, 36, 48, 72, 96, 120 h
  EXPECT_EQ(latest.points.back().lead_hours, 120);
  ForecastSelection earlier;
  earlier.issue_time_s = k2017091800;
  EXPECT_EQ(read_forecast(path, earlier).points.size(), 8u);
}

}  // namespace
}  // namespace displace::storms
