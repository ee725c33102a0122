#include "displace/common/civil_date.hpp"

#include <gtest/gtest.h>

namespace displace {
namespace {

TEST(CivilDate, EpochIsDayZero) {
  EXPECT_EQ(days_since_epoch(CivilDate{1970, 1, 1}), 0);
  EXPECT_EQ(days_since_epoch(CivilDate{2000, 3, 1}), 11017);
  EXPECT_EQ(days_since_epoch(CivilDate{1969, 12, 31}), -1);
}

TEST(CivilDate, RoundTripsEveryDayOverFourCenturies) {
  for (std::int64_t d = -200000; d < 200000; d += 7) {
    EXPECT_EQ(days_since_epoch(date_from_days(d)), d);
  }
}

TEST(CivilDate, ParsesIsoAndRejectsImpossibleDates) {
  EXPECT_EQ(parse_civil_date("2017-09-20"), (CivilDate{2017, 9, 20}));
  EXPECT_EQ(parse_civil_date("2017-09"), (CivilDate{2017, 9, 1}));
  EXPECT_EQ(parse_civil_date("2050"), (CivilDate{2050, 1, 1}));
  EXPECT_EQ(parse_civil_date("2020-02-29"), (CivilDate{2020, 2, 29}));
  EXPECT_FALSE(parse_civil_date("2019-02-29"));
  EXPECT_FALSE(parse_civil_date("2017-13-01"));
  EXPECT_FALSE(parse_civil_date("2017-9-20"));
  EXPECT_FALSE(parse_civil_date("20x7-09-20"));
  EXPECT_FALSE(parse_civil_date(""));
}

TEST(CivilDate, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(add_months(CivilDate{2017, 1, 31}, 1), (CivilDate{2017, 2, 28}));
  EXPECT_EQ(add_months(CivilDate{2017, 9, 1}, 4), (CivilDate{2018, 1, 1}));
  EXPECT_EQ(add_months(CivilDate{2017, 1, 15}, -1), (CivilDate{2016, 12, 15}));
}

TEST(CivilDate, DecimalYearIsMonotoneWithinAYear) {
  EXPECT_DOUBLE_EQ(decimal_year(CivilDate{2017, 1, 1}), 2017.0);
  EXPECT_LT(decimal_year(CivilDate{2017, 6, 30}), 2017.5);
  EXPECT_GT(decimal_year(CivilDate{2017, 7, 3}), 2017.5);
  EXPECT_EQ(format_civil_date(CivilDate{987, 3, 4}), "0987-03-04");
}

}  // namespace
}  // namespace displace
