// The yearly sampling of a hazard layer's events (scenario/event_sampling.hpp). The expected event
// sets were printed by the sampling as it stood in app/src/inputs.cpp before it moved here (its own
// SplitMix64 copy): the move keeps every sampled event, so runs with sampled storms (the
// caribbean-heat result checksum) keep their results.
#include "displace/scenario/event_sampling.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace displace::scenario {
namespace {

using Drawn = std::tuple<int, int, std::size_t, std::string>;  // year, index, pool index, date

std::vector<Drawn> drawn(const std::vector<SampledEvent>& events) {
  std::vector<Drawn> out;
  for (const SampledEvent& e : events)
    out.emplace_back(e.year, e.index, e.pool_index, format_civil_date(e.date));
  return out;
}

TEST(EventSampling, TheCaribbeanStormSetIsTheOneSampledBeforeTheMove) {
  // caribbean-2050/a1b.yaml: seed 2050, layer "wind", 1.318 events a year 2020-2050, 29 storms.
  const std::vector<Drawn> expected = {
      {2021, 0, 19, "2021-12-13"}, {2022, 0, 27, "2022-02-27"}, {2023, 0, 18, "2023-04-09"},
      {2024, 0, 12, "2024-01-27"}, {2025, 0, 7, "2025-02-27"},  {2026, 0, 17, "2026-01-19"},
      {2026, 1, 17, "2026-08-28"}, {2027, 0, 9, "2027-01-16"},  {2027, 1, 9, "2027-08-25"},
      {2029, 0, 25, "2029-11-14"}, {2029, 1, 19, "2029-02-14"}, {2030, 0, 21, "2030-08-18"},
      {2031, 0, 24, "2031-09-18"}, {2031, 1, 6, "2031-12-27"},  {2031, 2, 2, "2031-12-31"},
      {2031, 3, 6, "2031-10-23"},  {2032, 0, 11, "2032-10-27"}, {2032, 1, 9, "2032-11-04"},
      {2033, 0, 4, "2033-04-05"},  {2034, 0, 19, "2034-09-14"}, {2034, 1, 13, "2034-05-24"},
      {2035, 0, 24, "2035-01-10"}, {2036, 0, 4, "2036-08-18"},  {2039, 0, 19, "2039-09-27"},
      {2039, 1, 4, "2039-10-07"},  {2039, 2, 9, "2039-04-16"},  {2041, 0, 20, "2041-11-02"},
      {2041, 1, 16, "2041-06-27"}, {2041, 2, 26, "2041-09-05"}, {2042, 0, 10, "2042-06-20"},
      {2044, 0, 26, "2044-03-07"}, {2045, 0, 6, "2045-09-02"},  {2045, 1, 13, "2045-06-10"},
      {2046, 0, 10, "2046-06-11"}, {2047, 0, 16, "2047-06-01"}, {2050, 0, 5, "2050-10-01"},
      {2050, 1, 19, "2050-01-21"},
  };
  EXPECT_EQ(drawn(sample_events({1.318, 2020, 2050}, 2050, "wind", 29)), expected);
}

TEST(EventSampling, ManyEventsAYearFromASmallPool) {
  const std::vector<Drawn> expected = {
      {1999, 0, 1, "1999-01-24"}, {1999, 1, 1, "1999-12-08"}, {1999, 2, 3, "1999-03-27"},
      {1999, 3, 2, "1999-07-16"}, {1999, 4, 3, "1999-10-14"}, {1999, 5, 2, "1999-06-06"},
      {2000, 0, 1, "2000-01-13"}, {2000, 1, 0, "2000-09-17"}, {2000, 2, 0, "2000-09-19"},
      {2000, 3, 1, "2000-04-23"}, {2001, 0, 2, "2001-03-24"}, {2001, 1, 3, "2001-01-01"},
      {2001, 2, 0, "2001-12-24"}, {2001, 3, 0, "2001-09-04"},
  };
  EXPECT_EQ(drawn(sample_events({3.5, 1999, 2001}, 7, "storms", 4)), expected);
}

TEST(EventSampling, SameInputsSameEventsOtherSeedOrLayerOtherEvents) {
  const EventSampling sampling{2.0, 2000, 2040};
  const auto events = drawn(sample_events(sampling, 1, "wind", 10));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(drawn(sample_events(sampling, 1, "wind", 10)), events);
  EXPECT_NE(drawn(sample_events(sampling, 2, "wind", 10)), events);
  EXPECT_NE(drawn(sample_events(sampling, 1, "surge", 10)), events);
  for (const auto& [year, index, pool_index, date] : events) {
    EXPECT_LT(pool_index, 10U);
    EXPECT_EQ(date.substr(0, 4), std::to_string(year));
  }
}

TEST(EventSampling, NoneWithoutARateOrAPool) {
  EXPECT_TRUE(sample_events({0.0, 2000, 2040}, 1, "wind", 10).empty());
  EXPECT_TRUE(sample_events({2.0, 2000, 2040}, 1, "wind", 0).empty());
  EXPECT_TRUE(sample_events({2.0, 2041, 2040}, 1, "wind", 10).empty());
}

}  // namespace
}  // namespace displace::scenario
