// NetCDF time axes on model calendars, converted to civil dates; and picking bands for a date.
#include <cmath>

#include "displace/geo/time_axis.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;

class TimeAxisReading : public testing::GeoTest {
 protected:
  std::vector<CivilDate> dates_of(const std::string& calendar, const std::vector<double>& days) {
    const auto file = write_time_series("series-" + calendar + ".nc", calendar, days);
    const auto axis = read_time_axis(RasterSource{"heat", file, "", "", std::nullopt});
    EXPECT_TRUE(axis.has_value());
    return axis ? axis->dates : std::vector<CivilDate>{};
  }
};

TEST_F(TimeAxisReading, StandardCalendar) {
  const auto dates = dates_of("standard", {0, 59, 366});
  ASSERT_EQ(dates.size(), 3u);
  EXPECT_EQ(dates[0], (CivilDate{2000, 1, 1}));
  EXPECT_EQ(dates[1], (CivilDate{2000, 2, 29}));  // 2000 is a leap year
  EXPECT_EQ(dates[2], (CivilDate{2001, 1, 1}));
}

TEST_F(TimeAxisReading, NoLeapCalendar) {
  const auto dates = dates_of("noleap", {59, 365, 730});
  ASSERT_EQ(dates.size(), 3u);
  EXPECT_EQ(dates[0], (CivilDate{2000, 3, 1}));  // no 29 February in a 365-day year
  EXPECT_EQ(dates[1], (CivilDate{2001, 1, 1}));
  EXPECT_EQ(dates[2], (CivilDate{2002, 1, 1}));
  EXPECT_EQ(dates_of("365_day", {59}).front(), (CivilDate{2000, 3, 1}));
}

TEST_F(TimeAxisReading, Day360CalendarClampsToTheCivilMonth) {
  const auto dates = dates_of("360_day", {0, 59, 389, 360 * 10});
  ASSERT_EQ(dates.size(), 4u);
  EXPECT_EQ(dates[0], (CivilDate{2000, 1, 1}));
  EXPECT_EQ(dates[1], (CivilDate{2000, 2, 29}));  // model day 30 February -> last civil day
  EXPECT_EQ(dates[2], (CivilDate{2001, 1, 30}));
  EXPECT_EQ(dates[3], (CivilDate{2010, 1, 1}));  // ten 360-day years later
}

TEST_F(TimeAxisReading, UnknownCalendarIsAnInputError) {
  const auto file = write_time_series("julian.nc", "martian", {0, 1});
  expect_input_error(
      [&] {
        read_time_axis(RasterSource{"heat", file, "", "", std::nullopt});
      },
      {"layer 'heat'", file, "calendar 'martian'"});
}

TEST_F(TimeAxisReading, DecreasingTimesAreAnInputError) {
  const auto file = write_time_series("backwards.nc", "standard", {10, 5});
  expect_input_error(
      [&] {
        read_time_axis(RasterSource{"heat", file, "", "", std::nullopt});
      },
      {"layer 'heat'", file, "increasing"});
}

TEST_F(TimeAxisReading, GeoTiffHasNoTimeAxis) {
  testing::RasterSpec spec;
  spec.bands = {std::vector<float>(12, 1.0f)};
  const auto file = write_raster("plain.tif", spec);
  EXPECT_FALSE(read_time_axis(RasterSource{"x", file, "", "", std::nullopt}).has_value());
}

TEST(TimeWeights, SingleDateAlwaysPicksIt) {
  const std::vector<CivilDate> one = {{2020, 6, 1}};
  for (const CivilDate date :
       {CivilDate{2019, 1, 1}, CivilDate{2020, 6, 1}, CivilDate{2030, 1, 1}}) {
    const auto w = time_weights(one, date, true);
    EXPECT_EQ(w.lower, 0);
    EXPECT_EQ(w.upper, 0);
    EXPECT_EQ(w.weight_upper, 0.0);
  }
}

TEST(TimeWeights, RepeatedCivilDatesNeverDivideByZero) {
  // A 360_day daily series maps model days 29 and 30 February 2001 to the same civil date.
  const std::vector<CivilDate> dates = {{2001, 2, 27}, {2001, 2, 28}, {2001, 2, 28}, {2001, 3, 1}};
  const auto on = time_weights(dates, {2001, 2, 28}, true);
  EXPECT_TRUE(std::isfinite(on.weight_upper));
  EXPECT_GE(on.weight_upper, 0.0);
  EXPECT_LE(on.weight_upper, 1.0);
  EXPECT_EQ(dates[static_cast<std::size_t>(on.lower)], (CivilDate{2001, 2, 28}));
}

TEST(TimeWeights, HoldPreviousAndLinearWithEndClamps) {
  const std::vector<CivilDate> dates = {{2000, 1, 1}, {2000, 1, 11}, {2000, 1, 21}};
  const auto before = time_weights(dates, {1999, 6, 1}, true);
  EXPECT_EQ(before.lower, 0);
  EXPECT_EQ(before.upper, 0);
  const auto after = time_weights(dates, {2001, 1, 1}, true);
  EXPECT_EQ(after.lower, 2);
  EXPECT_EQ(after.upper, 2);
  const auto held = time_weights(dates, {2000, 1, 15}, false);
  EXPECT_EQ(held.lower, 1);
  EXPECT_EQ(held.upper, 1);
  EXPECT_EQ(held.weight_upper, 0.0);
  const auto linear = time_weights(dates, {2000, 1, 15}, true);
  EXPECT_EQ(linear.lower, 1);
  EXPECT_EQ(linear.upper, 2);
  EXPECT_DOUBLE_EQ(linear.weight_upper, 0.4);
  const auto exact = time_weights(dates, {2000, 1, 11}, true);
  EXPECT_EQ(exact.lower, 1);
  EXPECT_DOUBLE_EQ(exact.weight_upper, 0.0);
}

}  // namespace
}  // namespace displace::geo
