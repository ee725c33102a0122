// CF NetCDF files as climate models write them: several variables (chosen with `variable`),
// latitudes stored south first, a time coordinate with units and a calendar.
#include <cmath>

#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/time_axis.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;

class NetcdfReading : public testing::GeoTest {
 protected:
  static GridDefinition same_grid() {
    return grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  }
  /// With the scenario's `crs:` given explicitly (see CfLatLonAxesMeanWgs84 for without).
  static RasterSource variable(const std::string& file, const std::string& name) {
    return RasterSource{"climate", file, name, "EPSG:4326", std::nullopt};
  }
};

TEST_F(NetcdfReading, VariableIsChosenByName) {
  const auto file = write_cf_netcdf("cmip.nc", "days since 2000-01-01", "standard", {0, 31}, false);
  const auto pr = read_aligned(variable(file, "pr"), 1, same_grid(), Resampling::nearest);
  ASSERT_EQ(pr.size(), 12u);
  for (int k = 0; k < 12; ++k)
    EXPECT_EQ(pr[static_cast<std::size_t>(k)], -static_cast<float>(k + 1)) << "cell " << k;
  const auto tas = read_aligned(variable(file, "tas"), 2, same_grid(), Resampling::nearest);
  EXPECT_EQ(tas[0], 201.0f);   // second time step, north-west cell
  EXPECT_EQ(tas[11], 212.0f);  // second time step, south-east cell
  EXPECT_EQ(band_count(variable(file, "tas")), 2);
}

TEST_F(NetcdfReading, CfLatLonAxesMeanWgs84WithoutACrs) {
  // GDAL 3.6 reports no CRS for a CF file on plain lat/lon coordinates (no grid_mapping), as most
  // climate-model files are; their degrees_north/degrees_east axes are taken as WGS84.
  const auto file = write_cf_netcdf("cmip.nc", "days since 2000-01-01", "standard", {0, 31}, false);
  const RasterSource without_crs{"climate", file, "tas", "", std::nullopt};
  EXPECT_TRUE(grid_of(without_crs).geographic);
  EXPECT_EQ(read_aligned(without_crs, 2, same_grid(), Resampling::nearest),
            read_aligned(variable(file, "tas"), 2, same_grid(), Resampling::nearest));
  const auto text = describe_raster("NETCDF:\"" + file + "\":tas");
  EXPECT_NE(text.find("read as EPSG:4326"), std::string::npos) << text;
}

TEST_F(NetcdfReading, SouthUpLatitudesLandInTheRightRows) {
  const auto file = write_cf_netcdf("southup.nc", "days since 2000-01-01", "standard", {0}, true);
  const auto tas = read_aligned(variable(file, "tas"), 1, same_grid(), Resampling::nearest);
  for (int k = 0; k < 12; ++k) {
    EXPECT_EQ(tas[static_cast<std::size_t>(k)], 100.0f + static_cast<float>(k + 1))
        << "cell " << k << " (row " << k / 4 << ")";
  }
  const auto grid = grid_of(variable(file, "tas"));
  EXPECT_EQ(grid.width, 4);
  EXPECT_EQ(grid.height, 3);
  EXPECT_TRUE(grid.geographic);
}

TEST_F(NetcdfReading, FileWithSeveralVariablesNeedsTheVariableNamed) {
  const auto file = write_cf_netcdf("two.nc", "days since 2000-01-01", "standard", {0}, false);
  expect_input_error(
      [&] {
        read_aligned(RasterSource{"climate", file, "", "EPSG:4326", std::nullopt}, 1, same_grid(),
                     Resampling::nearest);
      },
      {"layer 'climate'", file, "variable:"});
  expect_input_error(
      [&] { read_aligned(variable(file, "tasmax"), 1, same_grid(), Resampling::nearest); },
      {"layer 'climate'", file, "tasmax"});
}

TEST_F(NetcdfReading, TimeAxisOfAVariable) {
  const auto file =
      write_cf_netcdf("noleap.nc", "days since 2030-01-01", "noleap", {0, 59, 365}, true);
  const auto axis = read_time_axis(variable(file, "tas"));
  ASSERT_TRUE(axis.has_value());
  EXPECT_EQ(axis->calendar, Calendar::noleap);
  ASSERT_EQ(axis->dates.size(), 3u);
  EXPECT_EQ(axis->dates[0], (CivilDate{2030, 1, 1}));
  EXPECT_EQ(axis->dates[1], (CivilDate{2030, 3, 1}));
  EXPECT_EQ(axis->dates[2], (CivilDate{2031, 1, 1}));
}

TEST_F(NetcdfReading, HoursSinceAReferenceTime) {
  // 12:00 on 1 January plus 12 hours is 2 January; plus 36 hours is 3 January.
  const auto file = write_cf_netcdf("hours.nc", "hours since 1990-01-01 12:00:00", "gregorian",
                                    {0, 12, 36}, false);
  const auto axis = read_time_axis(variable(file, "pr"));
  ASSERT_TRUE(axis.has_value());
  EXPECT_EQ(axis->calendar, Calendar::standard);
  ASSERT_EQ(axis->dates.size(), 3u);
  EXPECT_EQ(axis->dates[0], (CivilDate{1990, 1, 1}));
  EXPECT_EQ(axis->dates[1], (CivilDate{1990, 1, 2}));
  EXPECT_EQ(axis->dates[2], (CivilDate{1990, 1, 3}));
}

TEST_F(NetcdfReading, MissingCalendarMeansStandard) {
  const auto file = write_cf_netcdf("plain.nc", "days since 2000-02-28", "", {0, 1, 2}, false);
  const auto axis = read_time_axis(variable(file, "tas"));
  ASSERT_TRUE(axis.has_value());
  EXPECT_EQ(axis->calendar, Calendar::standard);
  EXPECT_EQ(axis->dates[1], (CivilDate{2000, 2, 29}));
  EXPECT_EQ(axis->dates[2], (CivilDate{2000, 3, 1}));
}

TEST_F(NetcdfReading, AllLeapAndProlepticCalendars) {
  const auto leap =
      write_cf_netcdf("leap.nc", "days since 2001-01-01", "all_leap", {59, 366}, false);
  const auto leap_axis = read_time_axis(variable(leap, "tas"));
  ASSERT_TRUE(leap_axis.has_value());
  EXPECT_EQ(leap_axis->calendar, Calendar::all_leap);
  // Model day 29 February 2001 does not exist in the civil calendar: the last day of February.
  EXPECT_EQ(leap_axis->dates[0], (CivilDate{2001, 2, 28}));
  EXPECT_EQ(leap_axis->dates[1], (CivilDate{2002, 1, 1}));

  const auto proleptic =
      write_cf_netcdf("proleptic.nc", "days since 1850-01-01", "proleptic_gregorian", {365}, false);
  const auto proleptic_axis = read_time_axis(variable(proleptic, "tas"));
  ASSERT_TRUE(proleptic_axis.has_value());
  EXPECT_EQ(proleptic_axis->calendar, Calendar::proleptic_gregorian);
  EXPECT_EQ(proleptic_axis->dates[0], (CivilDate{1851, 1, 1}));
}

TEST_F(NetcdfReading, UnreadableTimeUnitsAreAnInputError) {
  const auto file =
      write_cf_netcdf("fortnights.nc", "fortnights since 2000-01-01", "standard", {0, 1}, false);
  expect_input_error([&] { read_time_axis(variable(file, "tas")); },
                     {"layer 'climate'", file, "fortnights since 2000-01-01"});
}

TEST_F(NetcdfReading, DescribeListsTheVariablesAndTheTimeAxis) {
  const auto file = write_cf_netcdf("two.nc", "days since 2000-01-01", "360_day", {0, 30}, false);
  const auto text = describe_raster(file);
  for (const char* fragment : {"netCDF", "tas", "pr"}) {
    EXPECT_NE(text.find(fragment), std::string::npos) << fragment << " missing in\n" << text;
  }
  const auto one = describe_raster("NETCDF:\"" + file + "\":tas");
  for (const char* fragment : {"4 x 3", "360_day", "band 2"}) {
    EXPECT_NE(one.find(fragment), std::string::npos) << fragment << " missing in\n" << one;
  }
}

}  // namespace
}  // namespace displace::geo
