// The track readers (issue #26): HURDAT2 and IBTrACS CSV written by hand into a temporary folder
// with values checked by hand (units, missing values, signs, longitudes), every refusal with its
// file, line and storm, and the bundled IBTrACS NetCDF and HURDAT2 files of scenarios/data/tracks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include "displace/common/error.hpp"
#include "displace/storms/track.hpp"
#include "support/temp_folder.hpp"

namespace displace::storms {
namespace {

const std::string kTracksDir = DISPLACE_TRACKS_DIR;
const std::string kIbtracs = kTracksDir + "/IBTrACS.NA.v04r00.nc";
const std::string kHurdat2 = kTracksDir + "/hurdat2_atlantic_2021-2022.txt";

/// 2017-09-16 12:00 UTC and friends (seconds since 1970, from Python's datetime).
constexpr std::int64_t k20170916_1200 = 1505563200;
constexpr std::int64_t k20170916_1500 = 1505574000;
constexpr std::int64_t k20170920_1015 = 1505902500;
constexpr std::int64_t k20170921_0000 = 1505952000;
constexpr std::int64_t k20210522_0000 = 1621641600;

class TrackFiles : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  /// The message of the InputError that reading `path` throws ("" when none is thrown).
  static std::string error_of(const std::string& path) {
    try {
      read_tracks(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }

 private:
  test_support::TempFolder folder_{"storms"};
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// --- HURDAT2 ----------------------------------------------------------------------------------

const std::string kRadii =
    "    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0";

std::string hurdat2_line(const std::string& date, const std::string& time,
                         const std::string& status, const std::string& lat, const std::string& lon,
                         const std::string& wind, const std::string& pressure,
                         const std::string& rmw) {
  std::string line = date + ", " + time + ",  , " + status + ", " + lat + ", " + lon + ", " + wind +
                     ", " + pressure + ", " + kRadii;
  if (!rmw.empty()) line += ", " + rmw;
  return line + "\n";
}

std::string two_storms_hurdat2() {
  return "AL152017,              MARIA,      3,\n" +
         hurdat2_line("20170916", "1200", "TD", "12.2N", " 49.7W", " 30", "1006", "  40") +
         hurdat2_line("20170920", "1015", "HU", "18.0N", " 65.9W", "135", " 920", "-999") +
         hurdat2_line("20170921", "0000", "HU", "18.7S", "190.0W", "-99", "-999", "   0") +
         "AL012021,                ANA,      1,\n" +
         hurdat2_line("20210522", "0000", "SS", "31.3N", " 68.0W", " 35", "1005", "");
}

TEST_F(TrackFiles, Hurdat2FixesAreInSIUnitsWithSignsAndMissingValues) {
  const auto path = write("two.txt", two_storms_hurdat2());
  EXPECT_EQ(track_format(path), TrackFormat::hurdat2);
  const auto storms = read_tracks(path);
  ASSERT_EQ(storms.size(), 2U);
  const auto& maria = storms[0];
  EXPECT_EQ(maria.sid, "");
  EXPECT_EQ(maria.atcf_id, "AL152017");
  EXPECT_EQ(maria.name, "MARIA");
  EXPECT_EQ(maria.season, 2017);
  ASSERT_EQ(maria.fixes.size(), 3U);

  const auto& first = maria.fixes[0];
  EXPECT_EQ(first.time_s, k20170916_1200);
  EXPECT_DOUBLE_EQ(first.lat_deg, 12.2);
  EXPECT_DOUBLE_EQ(first.lon_deg, -49.7);           // W is negative
  EXPECT_NEAR(first.max_wind_m_s, 15.43332, 1e-9);  // 30 kt
  EXPECT_DOUBLE_EQ(first.pressure_hpa, 1006.0);
  EXPECT_NEAR(first.rmw_km, 74.08, 1e-9);           // 40 nmi
  EXPECT_TRUE(std::isnan(first.env_pressure_hpa));  // HURDAT2 has no POCI
  EXPECT_EQ(first.nature, "TD");

  const auto& landfall = maria.fixes[1];
  EXPECT_EQ(landfall.time_s, k20170920_1015);
  EXPECT_NEAR(landfall.max_wind_m_s, 69.44994, 1e-9);  // 135 kt
  EXPECT_TRUE(std::isnan(landfall.rmw_km));            // -999

  const auto& last = maria.fixes[2];
  EXPECT_EQ(last.time_s, k20170921_0000);
  EXPECT_DOUBLE_EQ(last.lat_deg, -18.7);       // S is negative
  EXPECT_NEAR(last.lon_deg, 170.0, 1e-12);     // 190 W brought into -180..180
  EXPECT_TRUE(std::isnan(last.max_wind_m_s));  // -99
  EXPECT_TRUE(std::isnan(last.pressure_hpa));  // -999
  EXPECT_TRUE(std::isnan(last.rmw_km));        // 0: missing, not invented

  const auto& ana = storms[1];
  EXPECT_EQ(ana.atcf_id, "AL012021");
  EXPECT_EQ(ana.season, 2021);
  ASSERT_EQ(ana.fixes.size(), 1U);
  EXPECT_EQ(ana.fixes[0].time_s, k20210522_0000);
  EXPECT_TRUE(std::isnan(ana.fixes[0].rmw_km));  // a 20-field line: no radius column
  EXPECT_NEAR(peak_wind(ana), 18.00554, 1e-9);
}

TEST_F(TrackFiles, Hurdat2LineCutShortNamesFileLineAndStorm) {
  const auto path = write("short.txt", "AL152017,              MARIA,      2,\n" +
                                           hurdat2_line("20170916", "1200", "TD", "12.2N", "49.7W",
                                                        "30", "1006", "40") +
                                           "20170916, 1800,  , TD, 12.4N,  50.7W,  35\n");
  const auto message = error_of(path);
  EXPECT_TRUE(contains(message, "short.txt:3")) << message;
  EXPECT_TRUE(contains(message, "AL152017")) << message;
  EXPECT_TRUE(contains(message, "cut short")) << message;
}

TEST_F(TrackFiles, Hurdat2HeaderPromisingMoreLinesThanThereAreIsRefused) {
  // Followed by another storm's header...
  const auto before_next =
      write("promise.txt",
            "AL152017,              MARIA,      3,\n" +
                hurdat2_line("20170916", "1200", "TD", "12.2N", "49.7W", "30", "1006", "40") +
                "AL012021,                ANA,      1,\n" +
                hurdat2_line("20210522", "0000", "SS", "31.3N", "68.0W", "35", "1005", ""));
  auto message = error_of(before_next);
  EXPECT_TRUE(contains(message, "promise.txt:1")) << message;
  EXPECT_TRUE(contains(message, "AL152017 (MARIA 2017)")) << message;
  EXPECT_TRUE(contains(message, "promises 3 fix lines, the file has 1 before line 3")) << message;
  // ... and by the end of the file.
  const auto at_end = write(
      "end.txt", "AL152017,              MARIA,      2,\n" +
                     hurdat2_line("20170916", "1200", "TD", "12.2N", "49.7W", "30", "1006", "40"));
  message = error_of(at_end);
  EXPECT_TRUE(contains(message, "end.txt:1")) << message;
  EXPECT_TRUE(contains(message, "before its end")) << message;
}

TEST_F(TrackFiles, Hurdat2ExtraFixLineIsRefused) {
  const auto path =
      write("extra.txt",
            "AL152017,              MARIA,      1,\n" +
                hurdat2_line("20170916", "1200", "TD", "12.2N", "49.7W", "30", "1006", "40") +
                hurdat2_line("20170916", "1800", "TD", "12.4N", "50.7W", "35", "1004", "40"));
  const auto message = error_of(path);
  EXPECT_TRUE(contains(message, "extra.txt:3")) << message;
  EXPECT_TRUE(contains(message, "promised 1")) << message;
}

TEST_F(TrackFiles, Hurdat2FixesOutOfTimeOrderAreRefused) {
  const auto duplicate = write(
      "dup.txt", "AL152017,              MARIA,      2,\n" +
                     hurdat2_line("20170916", "1200", "TD", "12.2N", "49.7W", "30", "1006", "40") +
                     hurdat2_line("20170916", "1200", "TD", "12.4N", "50.7W", "35", "1004", "40"));
  auto message = error_of(duplicate);
  EXPECT_TRUE(contains(message, "dup.txt:3")) << message;
  EXPECT_TRUE(contains(message, "AL152017")) << message;
  EXPECT_TRUE(contains(message, "same time")) << message;

  const auto backwards = write(
      "back.txt", "AL152017,              MARIA,      2,\n" +
                      hurdat2_line("20170916", "1200", "TD", "12.2N", "49.7W", "30", "1006", "40") +
                      hurdat2_line("20170916", "0600", "TD", "12.4N", "50.7W", "35", "1004", "40"));
  message = error_of(backwards);
  EXPECT_TRUE(contains(message, "back.txt:3")) << message;
  EXPECT_TRUE(contains(message, "earlier than the fix before it")) << message;
}

TEST_F(TrackFiles, Hurdat2PositionOutOfRangeIsRefused) {
  const auto lat = write(
      "lat.txt", "AL152017,              MARIA,      1,\n" +
                     hurdat2_line("20170916", "1200", "TD", "95.0N", "49.7W", "30", "1006", "40"));
  auto message = error_of(lat);
  EXPECT_TRUE(contains(message, "lat.txt:2")) << message;
  EXPECT_TRUE(contains(message, "MARIA")) << message;
  EXPECT_TRUE(contains(message, "latitude 95 is out of range")) << message;

  const auto lon = write(
      "lon.txt", "AL152017,              MARIA,      1,\n" +
                     hurdat2_line("20170916", "1200", "TD", "12.2N", "400.0W", "30", "1006", "40"));
  message = error_of(lon);
  EXPECT_TRUE(contains(message, "lon.txt:2")) << message;
  EXPECT_TRUE(contains(message, "longitude -400 is out of range")) << message;

  const auto garbled = write("garbled.txt", "AL152017,              MARIA,      1,\n" +
                                                hurdat2_line("20170916", "1200", "TD", "12.2X",
                                                             "49.7W", "30", "1006", "40"));
  message = error_of(garbled);
  EXPECT_TRUE(contains(message, "garbled.txt:2")) << message;
  EXPECT_TRUE(contains(message, "12.2X")) << message;
}

TEST_F(TrackFiles, AFileOfNoKnownFormatIsRefusedByName) {
  const auto path = write("notes.txt", "these are not tracks\n");
  EXPECT_EQ(track_format(path), TrackFormat::none);
  const auto message = error_of(path);
  EXPECT_TRUE(contains(message, "notes.txt: not a track file")) << message;
  EXPECT_TRUE(contains(error_of(path + ".missing"), "file not found"));
}

// --- IBTrACS CSV ------------------------------------------------------------------------------

const std::string kCsvHeader =
    "SID,SEASON,NUMBER,NAME,ISO_TIME,NATURE,LAT,LON,USA_ATCF_ID,USA_WIND,USA_PRES,USA_RMW,"
    "USA_POCI\n"
    " ,Year, , , , ,degrees_north,degrees_east, ,kts,mb,nmile,mb\n";

TEST_F(TrackFiles, IbtracsCsvFixesAreInSIUnitsWithMissingValues) {
  const auto path =
      write("tracks.csv",
            kCsvHeader +
                "2017260N12310,2017,15,MARIA,2017-09-16 12:00:00,TS,12.2,-49.7, ,30,1006,40,1010\n"
                "2017260N12310,2017,15,MARIA,2017-09-16 15:00:00,TS,12.19,300.0,AL152017,35, "
                ",0, \n"
                "2017260N12310,2017,15,MARIA,2017-09-16 18:00:00,TS, , , ,40,1004,-5, \n"
                "2017001N00000,2017,1,NOT_NAMED,2017-01-01 00:00:00,DS, , , , , , , \n");
  EXPECT_EQ(track_format(path), TrackFormat::ibtracs_csv);
  const auto storms = read_tracks(path);
  ASSERT_EQ(storms.size(), 1U);  // the storm without a position is dropped
  const auto& maria = storms[0];
  EXPECT_EQ(maria.sid, "2017260N12310");
  EXPECT_EQ(maria.atcf_id, "AL152017");  // the first fix that has one
  EXPECT_EQ(maria.name, "MARIA");
  EXPECT_EQ(maria.season, 2017);
  ASSERT_EQ(maria.fixes.size(), 2U);  // the fix without a position is dropped
  const auto& first = maria.fixes[0];
  EXPECT_EQ(first.time_s, k20170916_1200);
  EXPECT_DOUBLE_EQ(first.lat_deg, 12.2);
  EXPECT_DOUBLE_EQ(first.lon_deg, -49.7);
  EXPECT_NEAR(first.max_wind_m_s, 15.43332, 1e-9);
  EXPECT_DOUBLE_EQ(first.pressure_hpa, 1006.0);
  EXPECT_NEAR(first.rmw_km, 74.08, 1e-9);
  EXPECT_DOUBLE_EQ(first.env_pressure_hpa, 1010.0);
  EXPECT_EQ(first.nature, "TS");
  const auto& second = maria.fixes[1];
  EXPECT_EQ(second.time_s, k20170916_1500);
  EXPECT_NEAR(second.lon_deg, -60.0, 1e-12);  // 300 E
  EXPECT_NEAR(second.max_wind_m_s, 18.00554, 1e-9);
  EXPECT_TRUE(std::isnan(second.pressure_hpa));
  EXPECT_TRUE(std::isnan(second.rmw_km));  // 0 nmi: missing
  EXPECT_TRUE(std::isnan(second.env_pressure_hpa));
}

TEST_F(TrackFiles, IbtracsCsvWithoutARequiredColumnIsRefused) {
  const auto path = write("nowind.csv",
                          "SID,SEASON,NAME,ISO_TIME,LAT,LON\n"
                          "2017260N12310,2017,MARIA,2017-09-16 12:00:00,12.2,-49.7\n");
  const auto message = error_of(path);
  EXPECT_TRUE(contains(message, "nowind.csv:1")) << message;
  EXPECT_TRUE(contains(message, "no column USA_WIND")) << message;
}

TEST_F(TrackFiles, IbtracsCsvBadValuesNameLineAndStorm) {
  const std::string row = "2017260N12310,2017,15,MARIA,2017-09-16 12:00:00,TS,12.2,-49.7, ,30,,,\n";
  const auto half = write("half.csv", kCsvHeader + row +
                                          "2017260N12310,2017,15,MARIA,2017-09-16 15:00:00,TS,"
                                          "12.3, , ,30,,,\n");
  auto message = error_of(half);
  EXPECT_TRUE(contains(message, "half.csv:4")) << message;
  EXPECT_TRUE(contains(message, "2017260N12310 (MARIA 2017)")) << message;
  EXPECT_TRUE(contains(message, "position is incomplete")) << message;

  const auto text = write("text.csv", kCsvHeader +
                                          "2017260N12310,2017,15,MARIA,2017-09-16 "
                                          "12:00:00,TS,north,-49.7, ,30,,,\n");
  message = error_of(text);
  EXPECT_TRUE(contains(message, "text.csv:3")) << message;
  EXPECT_TRUE(contains(message, "LAT 'north' is not a number")) << message;

  const auto nan = write("nan.csv", kCsvHeader +
                                        "2017260N12310,2017,15,MARIA,2017-09-16 "
                                        "12:00:00,TS,nan,-49.7, ,30,,,\n");
  message = error_of(nan);
  EXPECT_TRUE(contains(message, "nan.csv:3")) << message;
  EXPECT_TRUE(contains(message, "MARIA")) << message;

  const auto order = write("order.csv", kCsvHeader + row + row);
  message = error_of(order);
  EXPECT_TRUE(contains(message, "order.csv:4")) << message;
  EXPECT_TRUE(contains(message, "same time")) << message;

  const auto lat = write("lat.csv", kCsvHeader +
                                        "2017260N12310,2017,15,MARIA,2017-09-16 "
                                        "12:00:00,TS,-91,-49.7, ,30,,,\n");
  message = error_of(lat);
  EXPECT_TRUE(contains(message, "lat.csv:3")) << message;
  EXPECT_TRUE(contains(message, "latitude -91 is out of range")) << message;

  const auto cut = write("cut.csv", kCsvHeader + "2017260N12310,2017,15,MARIA\n");
  message = error_of(cut);
  EXPECT_TRUE(contains(message, "cut.csv:3")) << message;
  EXPECT_TRUE(contains(message, "cut short")) << message;
}

// --- Selecting a storm --------------------------------------------------------------------------

StormTrack storm(const std::string& sid, const std::string& atcf, const std::string& name,
                 int season) {
  StormTrack s;
  s.sid = sid;
  s.atcf_id = atcf;
  s.name = name;
  s.season = season;
  return s;
}

std::string selection_error(const std::vector<StormTrack>& storms, const std::string& selector) {
  try {
    select_storm(storms, selector, "tracks.nc");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SelectStorm, AmbiguousNameListsTheMatches) {
  const std::vector<StormTrack> storms = {storm("2005001N00001", "AL012005", "UNNAMED", 2005),
                                          storm("2005002N00002", "AL022005", "UNNAMED", 2005)};
  const auto message = selection_error(storms, "unnamed 2005");
  EXPECT_TRUE(contains(message, "tracks.nc")) << message;
  EXPECT_TRUE(contains(message, "matches 2 storms")) << message;
  EXPECT_TRUE(contains(message, "2005001N00001")) << message;
  EXPECT_TRUE(contains(message, "AL022005")) << message;
  EXPECT_EQ(&select_storm(storms, "al022005", "tracks.nc"), &storms[1]);
}

TEST(SelectStorm, UnknownSelectorsSayWhatToWrite) {
  const std::vector<StormTrack> storms = {storm("2017260N12310", "AL152017", "MARIA", 2017)};
  EXPECT_TRUE(contains(selection_error(storms, "AL992017"), "no storm with sid or ATCF id"));
  EXPECT_TRUE(contains(selection_error(storms, "MARIA 1700"), "no storm of season 1700"));
  EXPECT_TRUE(contains(selection_error(storms, "MARIA"), "needs a season"));
}

// --- The bundled IBTrACS NetCDF and HURDAT2 files ------------------------------------------------

class BundledTracks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ibtracs_ = new std::vector<StormTrack>(read_tracks(kIbtracs)); }
  static void TearDownTestSuite() {
    delete ibtracs_;
    ibtracs_ = nullptr;
  }
  static const std::vector<StormTrack>& ibtracs() { return *ibtracs_; }

 private:
  static std::vector<StormTrack>* ibtracs_;
};
std::vector<StormTrack>* BundledTracks::ibtracs_ = nullptr;

TEST_F(BundledTracks, IbtracsNetcdfHasEveryStormInOrder) {
  EXPECT_EQ(track_format(kIbtracs), TrackFormat::ibtracs_netcdf);
  ASSERT_EQ(ibtracs().size(), 2323U);
  EXPECT_EQ(ibtracs().front().season, 1851);
  EXPECT_EQ(ibtracs().back().sid, "2022309N16290");  // Nicole, the file's last storm
  EXPECT_EQ(ibtracs().back().name, "NICOLE");
  for (const auto& s : ibtracs()) {
    ASSERT_FALSE(s.fixes.empty()) << s.sid;
    for (std::size_t i = 1; i < s.fixes.size(); ++i)
      ASSERT_LT(s.fixes[i - 1].time_s, s.fixes[i].time_s) << s.sid;
  }
}

TEST_F(BundledTracks, TimesBefore1970AreRightToTheSecond) {
  // time = -2703.5 days since 1858-11-17 00:00 (gdalmdiminfo), three-hourly after it.
  const auto& first = ibtracs().front();
  ASSERT_GE(first.fixes.size(), 2U);
  EXPECT_EQ(format_utc(first.fixes[0].time_s), "1851-06-23 12:00");
  EXPECT_EQ(first.fixes[1].time_s - first.fixes[0].time_s, 3 * 3600);
  EXPECT_EQ(format_utc(-1), "1969-12-31 23:59");
  EXPECT_EQ(format_utc(0), "1970-01-01 00:00");
}

TEST_F(BundledTracks, MariaIsFoundByEachKindOfSelector) {
  const auto& by_sid = select_storm(ibtracs(), "2017260N12310", kIbtracs);
  EXPECT_EQ(by_sid.name, "MARIA");
  EXPECT_EQ(by_sid.season, 2017);
  EXPECT_EQ(by_sid.atcf_id, "AL152017");
  for (const char* selector : {"AL152017", "al152017", "MARIA 2017", "Maria:2017", "maria 2017"})
    EXPECT_EQ(&select_storm(ibtracs(), selector, kIbtracs), &by_sid) << selector;
}

TEST_F(BundledTracks, MariaFixesAreConverted) {
  const auto& maria = select_storm(ibtracs(), "2017260N12310", kIbtracs);
  // 131 three-hourly fixes (gdalmdiminfo: 131 slots with a time), 2017-09-16 12:00 to 10-02 12:00.
  ASSERT_EQ(maria.fixes.size(), 131U);
  EXPECT_EQ(maria.fixes.front().time_s, k20170916_1200);
  EXPECT_EQ(format_utc(maria.fixes.back().time_s), "2017-10-02 12:00");
  EXPECT_NEAR(maria.fixes.front().lat_deg, 12.2, 1e-5);
  EXPECT_NEAR(maria.fixes.front().lon_deg, -49.7, 1e-5);
  EXPECT_NEAR(maria.fixes.front().max_wind_m_s, 30 * kMetresPerSecondPerKnot, 1e-9);
  EXPECT_NEAR(maria.fixes.front().rmw_km, 40 * kKmPerNauticalMile, 1e-9);
  EXPECT_EQ(maria.fixes.front().nature, "TS");
  EXPECT_DOUBLE_EQ(maria.fixes.front().pressure_hpa, 1006.0);
  EXPECT_DOUBLE_EQ(maria.fixes.front().env_pressure_hpa, 1012.0);
  EXPECT_NEAR(peak_wind(maria), 77.2, 0.05);  // 150 kt
  EXPECT_DOUBLE_EQ(peak_wind(maria), 150 * kMetresPerSecondPerKnot);
}

TEST_F(BundledTracks, AnUnknownNameListsTheSeasonsNearestNames) {
  std::string message;
  try {
    select_storm(ibtracs(), "MARIAA 2017", kIbtracs);
  } catch (const InputError& e) {
    message = e.what();
  }
  EXPECT_TRUE(contains(message, "IBTrACS.NA.v04r00.nc")) << message;
  EXPECT_TRUE(contains(message, "no storm named MARIAA in season 2017")) << message;
  EXPECT_TRUE(contains(message, ": MARIA,")) << message;  // the nearest comes first
}

TEST_F(BundledTracks, MariaPassedSanJuan) {
  const auto passages = storms_near(ibtracs(), -66.1, 18.4, 100.0, 2017, 2017);
  const auto maria = std::find_if(passages.begin(), passages.end(),
                                  [](const StormPassage& p) { return p.sid == "2017260N12310"; });
  ASSERT_NE(maria, passages.end());
  EXPECT_EQ(maria->name, "MARIA");
  EXPECT_EQ(maria->atcf_id, "AL152017");
  EXPECT_EQ(maria->fix_count, 131U);
  EXPECT_LT(maria->closest_km, 40.0);  // its eye crossed the island from Yabucoa to the northwest
  EXPECT_EQ(format_utc(maria->closest_time_s).substr(0, 10), "2017-09-20");
  EXPECT_DOUBLE_EQ(maria->peak_wind_m_s, 150 * kMetresPerSecondPerKnot);
  EXPECT_GT(maria->peak_wind_within_m_s, 100 * kMetresPerSecondPerKnot);  // a major hurricane
  EXPECT_LT(maria->peak_wind_within_m_s, maria->peak_wind_m_s);           // weaker than at its peak
  for (std::size_t i = 1; i < passages.size(); ++i) {
    EXPECT_LE(passages[i - 1].closest_time_s, passages[i].closest_time_s);
  }
  for (const auto& p : passages) {
    EXPECT_EQ(p.season, 2017);
    EXPECT_LE(p.closest_km, 100.0);
  }
  // Only the years asked for; nothing far out in the South Atlantic.
  for (const auto& p : storms_near(ibtracs(), -66.1, 18.4, 100.0, 2018, 2019)) {
    EXPECT_GE(p.season, 2018);
    EXPECT_LE(p.season, 2019);
    EXPECT_NE(p.sid, "2017260N12310");
  }
  EXPECT_TRUE(storms_near(ibtracs(), -30.0, -60.0, 100.0, 1851, 2022).empty());
}

TEST_F(BundledTracks, AFileWithoutTrackVariablesIsRefusedByName) {
  const std::string raster =
      kTracksDir + "/../puerto-rico/PRI_max_wind_field.nc";  // a NetCDF raster, not tracks
  EXPECT_EQ(track_format(raster), TrackFormat::none);
  std::string message;
  try {
    read_tracks(raster);
  } catch (const InputError& e) {
    message = e.what();
  }
  EXPECT_TRUE(contains(message, "PRI_max_wind_field.nc")) << message;
  EXPECT_TRUE(contains(message, "variable 'sid' is missing")) << message;
}

TEST(BundledHurdat2, FionaIsFoundByItsNhcId) {
  EXPECT_EQ(track_format(kHurdat2), TrackFormat::hurdat2);
  const auto storms = read_tracks(kHurdat2);
  EXPECT_EQ(storms.size(), 37U);  // all storms of 2021 and 2022
  const auto& fiona = select_storm(storms, "AL072022", kHurdat2);
  EXPECT_EQ(fiona.name, "FIONA");
  EXPECT_EQ(fiona.season, 2022);
  EXPECT_EQ(fiona.fixes.size(), 61U);  // its header's count
  EXPECT_EQ(&select_storm(storms, "fiona 2022", kHurdat2), &fiona);
  EXPECT_EQ(format_utc(fiona.fixes.front().time_s), "2022-09-14 06:00");
  EXPECT_NEAR(fiona.fixes.front().lon_deg, -47.9, 1e-12);
  EXPECT_NEAR(fiona.fixes.front().rmw_km, 70 * kKmPerNauticalMile, 1e-9);
}

}  // namespace
}  // namespace displace::storms
