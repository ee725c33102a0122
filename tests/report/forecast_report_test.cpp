// The forecast's report section (issue #28): the map puts the official track, the members' tracks
// and the cone circles at their projected places; the ranges by region are the members' quantiles
// at the peak step and the exceedance the share of members above each threshold; the action's
// change is paired member by member; the section is in both languages on the test run's report.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/report/forecast_report.hpp"
#include "forecast_data.hpp"
#include "forecast_map.hpp"
#include "test_run.hpp"

namespace displace::report {
namespace {

using output::testing::TempFolder;
using output::testing::write_test_run;

std::string two_decimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

/// The numbers of attribute `name` of the first element starting with `element`.
std::vector<double> attribute_numbers(const std::string& svg, const std::string& element,
                                      const std::string& name) {
  const auto at = svg.find(element);
  if (at == std::string::npos) return {};
  const auto value = svg.find(name + "=\"", at) + name.size() + 2;
  const std::string text = svg.substr(value, svg.find('"', value) - value);
  std::vector<double> out;
  const char* p = text.c_str();
  char* end = nullptr;
  for (double v = std::strtod(p, &end); end != p; v = std::strtod(p, &end)) {
    out.push_back(v);
    p = end + (*end == ',' || *end == ' ' ? 1 : 0);
  }
  return out;
}

output::RunGrid degree_grid() {
  output::RunGrid grid;
  const double transform[6] = {-66.0, 0.1, 0.0, 18.0, 0.0, -0.1};
  std::copy(std::begin(transform), std::end(transform), std::begin(grid.geotransform));
  grid.width = 10;
  grid.height = 10;
  grid.geographic = true;
  return grid;
}

ForecastReportInput track_input() {
  ForecastReportInput input;
  input.storm = "TEST (AL092020)";
  input.official = {
      {17.5, -63.0, 0.0, 0.0}, {17.5, -64.5, 12.0, 48.152}, {17.6, -66.0, 24.0, 72.2}};
  input.member_tracks = {{{17.5, -63.0, 0, 0}, {17.9, -64.4, 12, 0}, {18.2, -65.8, 24, 0}},
                         {{17.5, -63.0, 0, 0}, {17.1, -64.6, 12, 0}, {16.9, -66.3, 24, 0}}};
  return input;
}

TEST(ForecastMap, TracksAndConeCirclesLandAtTheirProjectedPlaces) {
  const ForecastReportInput input = track_input();
  const output::RunGrid grid = degree_grid();
  const MapFrame frame = forecast_map_frame(input, grid, 760.0);
  // The frame holds the grid and the cone circles; it keeps distances true at its middle latitude.
  EXPECT_LE(frame.west, -66.0 - 72.2 / kKmPerDegree / std::cos(17.6 * std::numbers::pi / 180));
  EXPECT_GE(frame.east, -63.0);
  EXPECT_NEAR(frame.x(frame.east), 760.0, 1e-9);
  EXPECT_NEAR(frame.y(frame.south), frame.height, 1e-9);
  EXPECT_NEAR(frame.x(-64.0) - frame.x(-65.0),
              frame.scale * std::cos(0.5 * (frame.north + frame.south) * std::numbers::pi / 180),
              1e-9);

  GridValues inhabited{10, 10, std::vector<double>(100, 0.0)};
  inhabited.values[3 * 10 + 4] = 5.0;  // row 3, column 4: 17.7 N, -65.6 E at its corner
  const std::string svg = svg_forecast_map(input, frame, grid, inhabited, "map");

  // The official polyline: each fix at (x(lon), y(lat)).
  const auto official = attribute_numbers(svg, "<polyline class=\"official\"", "points");
  ASSERT_EQ(official.size(), 6u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(official[2 * i], frame.x(input.official[i].lon_deg), 0.006) << i;
    EXPECT_NEAR(official[2 * i + 1], frame.y(input.official[i].lat_deg), 0.006) << i;
  }
  // Independently of the frame's helpers: -64.5 is 1.5 degrees east of -66, scaled by cos(lat).
  EXPECT_NEAR(official[2] - official[4], 1.5 * frame.width / (frame.east - frame.west), 0.01);
  // One thin polyline per member, the second member's last point at its place.
  std::size_t members = 0;
  for (auto at = svg.find("class=\"member\""); at != std::string::npos;
       at = svg.find("class=\"member\"", at + 1))
    ++members;
  EXPECT_EQ(members, 2u);
  const auto second =
      attribute_numbers(svg.substr(svg.find("class=\"member\"") + 1), "class=\"member\"", "points");
  ASSERT_EQ(second.size(), 6u);
  EXPECT_NEAR(second[4], frame.x(-66.3), 0.006);
  EXPECT_NEAR(second[5], frame.y(16.9), 0.006);

  // The cone circle at +12 h: centred on the fix, its north-south radius 48.152 km in degrees of
  // latitude, its east-west one wider by 1 / cos(lat) against the frame's middle latitude.
  const std::string circle = svg.substr(svg.find("class=\"cone-circle\""));
  EXPECT_NEAR(attribute_numbers(circle, "class", "cx").at(0), frame.x(-64.5), 0.006);
  EXPECT_NEAR(attribute_numbers(circle, "class", "cy").at(0), frame.y(17.5), 0.006);
  const double ry = attribute_numbers(circle, "class", "ry").at(0);
  EXPECT_NEAR(ry, 48.152 / kKmPerDegree * frame.height / (frame.north - frame.south), 0.006);
  EXPECT_NEAR(attribute_numbers(circle, "class", "rx").at(0),
              ry * frame.cos_lat / std::cos(17.5 * std::numbers::pi / 180), 0.01);
  // Circles at the two points after the issue are outlined; the union has those and the ones
  // between (none at the issue, where the radius is 0).
  std::size_t outlined = 0;
  for (auto at = svg.find("cone-circle"); at != std::string::npos;
       at = svg.find("cone-circle", at + 1))
    ++outlined;
  EXPECT_EQ(outlined, 1u + 2u) << "the group's class and two circles";
  const std::string cone = svg.substr(svg.find("<g class=\"cone\""));
  std::size_t filled = 0;
  for (auto at = cone.find("<ellipse"); at < cone.find("</g>"); at = cone.find("<ellipse", at + 1))
    ++filled;
  EXPECT_EQ(filled, static_cast<std::size_t>(2 * kConeStepsBetweenPoints - 1 + 1));
  // Lead-time labels, and the inhabited cell at its corner.
  EXPECT_NE(svg.find(">+12 h</text>"), std::string::npos);
  EXPECT_NE(svg.find(">+24 h</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0 h</text>"), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"" + two_decimals(frame.x(-65.6)) + "\" y=\"" +
                     two_decimals(frame.y(17.7)) + "\""),
            std::string::npos)
      << svg;
}

/// 5 members, 2 steps, 2 regions: member m has displaced (10 m + step * 100 + region) ...
ForecastReportInput table_input(bool action) {
  ForecastReportInput input = track_input();
  input.step_dates = {"2020-01-01", "2020-02-01"};
  input.region_codes = {"A", "B"};
  input.region_names = {"Alpha", "Beta"};
  input.exceed_people = {125, 1000};
  // step_sign -1: the first step has the more (the peak of uninhabitable homes comes first).
  auto quantity = [](const std::string& name, double factor, double shift, double step_sign = 1) {
    ForecastQuantity q{name, {}};
    for (int m = 0; m < 5; ++m) {
      std::vector<double> v;
      for (int t = 0; t < 2; ++t)
        for (int r = 0; r < 2; ++r)
          v.push_back(factor * (10.0 * m + step_sign * 100.0 * t + (r == 1 ? 50.0 : 0.0)) + shift +
                      (step_sign < 0 ? 100.0 : 0.0));
      q.values.push_back(v);
    }
    return q;
  };
  input.quantities = {quantity("displaced_people", 1.0, 0.0),
                      quantity("evacuated_people", 2.0, 0.0),
                      quantity("damaged_home_households", 0.5, 0.0, -1)};
  if (action) {
    input.action_name = "warning";
    input.with_action = {quantity("displaced_people", 1.0, -20.0),
                         quantity("evacuated_people", 2.0, 30.0),
                         quantity("damaged_home_households", 0.5, 0.0, -1)};
  }
  return input;
}

TEST(ForecastTables, RangesAndExceedanceAreTheMembersAtThePeakStep) {
  const ForecastTables tables = forecast_tables(table_input(false));
  // evacuated_people in place of left_home_evacuation_people, which the members lack.
  ASSERT_EQ(tables.quantities,
            (std::vector<std::string>{"displaced_people", "damaged_home_households",
                                      "evacuated_people"}));
  // Each at its peak: the second step has 100 more displaced and evacuated in each region, the
  // first 50 more uninhabitable homes.
  EXPECT_EQ(tables.steps, (std::vector<std::size_t>{1, 0, 1}));
  EXPECT_EQ(tables.dates, (std::vector<std::string>{"2020-02-01", "2020-01-01", "2020-02-01"}));
  ASSERT_EQ(tables.rows.size(), 2u);
  // Beta (50 more) first. Its displaced at step 1: 150, 160, ..., 190.
  const ForecastRow& beta = tables.rows[0];
  EXPECT_EQ(beta.code, "B");
  EXPECT_DOUBLE_EQ(beta.figures[0].value, 170.0);
  EXPECT_DOUBLE_EQ(beta.figures[0].low, 150.0 + 0.05 * 4 * 10);
  EXPECT_DOUBLE_EQ(beta.figures[0].high, 150.0 + 0.95 * 4 * 10);
  EXPECT_DOUBLE_EQ(beta.figures[1].value, 135.0);  // uninhabitable at step 0: 125 + 5 m
  EXPECT_DOUBLE_EQ(beta.figures[2].value, 340.0);  // evacuated: twice
  // Alpha's displaced: 100, 110, 120, 130, 140: 2 of 5 above 125, none above 1000.
  const ForecastRow& alpha = tables.rows[1];
  EXPECT_EQ(alpha.code, "A");
  ASSERT_EQ(alpha.p_above.size(), 2u);
  EXPECT_DOUBLE_EQ(alpha.p_above[0], 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(alpha.p_above[1], 0.0);
  EXPECT_DOUBLE_EQ(beta.p_above[0], 1.0);
  // All regions: the members' sums 250, 270, ..., 330.
  EXPECT_TRUE(tables.total.code.empty());
  EXPECT_DOUBLE_EQ(tables.total.figures[0].value, 290.0);
  EXPECT_DOUBLE_EQ(tables.total.p_above[0], 1.0);
  EXPECT_TRUE(tables.total.avoided.empty());
  EXPECT_FALSE(tables.action);
}

TEST(ForecastTables, TheActionsChangeIsPairedOnTheMembers) {
  const ForecastTables tables = forecast_tables(table_input(true));
  ASSERT_TRUE(tables.action);
  const ForecastRow& alpha = tables.rows[1];
  ASSERT_EQ(alpha.avoided.size(), 3u);
  // Displaced with the action: 20 fewer in every member (the pairing leaves no spread), so 20
  // avoided; evacuated: 30 more, so -30; uninhabitable: unchanged.
  EXPECT_DOUBLE_EQ(alpha.avoided[0].value, 20.0);
  EXPECT_DOUBLE_EQ(alpha.avoided[0].low, 20.0);
  EXPECT_DOUBLE_EQ(alpha.avoided[0].high, 20.0);
  EXPECT_DOUBLE_EQ(alpha.avoided[1].value, 0.0);
  EXPECT_DOUBLE_EQ(alpha.avoided[2].value, -30.0);
  EXPECT_DOUBLE_EQ(tables.total.avoided[0].value, 40.0);
  // With the action Alpha's displaced are 80..120: none above 125 (2 of 5 without).
  EXPECT_DOUBLE_EQ(alpha.p_above[0], 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(alpha.p_above_with[0], 0.0);
  EXPECT_DOUBLE_EQ(tables.rows[0].p_above_with[0], 1.0);  // Beta: 130..170
}

TEST(ForecastTables, RefusesMembersOfDifferentSizes) {
  ForecastReportInput input = table_input(false);
  input.quantities[1].values.pop_back();
  EXPECT_THROW(forecast_tables(input), Error);
  input = table_input(false);
  input.quantities.erase(input.quantities.begin());
  EXPECT_THROW(forecast_tables(input), Error);
}

TEST(ForecastReport, TheSectionIsInBothLanguagesBeforeTheHeadline) {
  const TempFolder folder;
  const auto run = write_test_run(folder.path() / "run.h5");
  ForecastReportInput input = table_input(true);
  input.step_dates = {"2020-01-01", "2020-02-01"};
  input.region_codes = {"MZ01", "MZ02"};
  input.forecast_file = "storm-synthetic-adeck.dat";
  input.issue_time = "2020-01-14 12:00";
  input.issue_date = "2020-01-14";
  input.members = 5;
  input.seed = 11;
  input.synthetic = true;
  for (const Language language : {Language::en, Language::es}) {
    const std::string html = render_forecast_report(run, input, language);
    const auto section = html.find("<section id=\"forecast\">");
    ASSERT_NE(section, std::string::npos);
    EXPECT_LT(section, html.find("<section id=\"headline\">"));
    EXPECT_NE(html.find("class=\"map forecast-map\""), std::string::npos);
    EXPECT_NE(html.find("<g class=\"inhabited\""), std::string::npos) << "the test run has maps";
    EXPECT_NE(html.find("class=\"forecast-ranges\""), std::string::npos);
    EXPECT_NE(html.find("class=\"forecast-action\""), std::string::npos);
    EXPECT_NE(html.find("<p class=\"synthetic\">"), std::string::npos);
    EXPECT_NE(html.find("storm-synthetic-adeck.dat"), std::string::npos);
    EXPECT_NE(html.find("data-key=\"p_above_125\" data-value=\"0.40000000000000002\""),
              std::string::npos);
    EXPECT_NE(html.find("data-key=\"change.displaced_people\" data-date=\"2020-02-01\" "
                        "data-value=\"40\""),
              std::string::npos);
  }
  // The Spanish section has the Spanish words, none of the English ones.
  const std::string es = render_forecast_report(run, input, Language::es);
  EXPECT_NE(es.find("Viviendas inhabitables"), std::string::npos);
  for (const char* english :
       {"Forecast:", "Ranges by municipality", "Chance of more than", "What the action changes",
        "synthetic forecast", "Displaced people", "the official track"}) {
    EXPECT_EQ(es.find(english), std::string::npos) << english;
  }
  input.synthetic = false;
  input.action_name.clear();
  const std::string plain = render_forecast_report(run, input, Language::en);
  EXPECT_EQ(plain.find("<p class=\"synthetic\">"), std::string::npos);
  EXPECT_EQ(plain.find("class=\"forecast-action\""), std::string::npos);
}

}  // namespace
}  // namespace displace::report
