// Map export through geo::write_geotiff (built when displace::geo exists); the GeoTIFF is checked
// with `gdalinfo -json` by check_geotiff.py.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "displace/common/error.hpp"
#include "displace/output/export.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

using testing::TempFolder;

TEST(ExportMap, GeoTiffHasTheRunGridCrsAndValues) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  const auto tif = folder / "present.tif";
  export_map_geotiff(run, "present_people_map", "2020-03-01", tif);
  ASSERT_TRUE(std::filesystem::exists(tif));
  if (::access(DISPLACE_SYSTEM_PYTHON, X_OK) != 0) GTEST_SKIP() << "no " DISPLACE_SYSTEM_PYTHON;
  // Step 2 map: 200 + 10 y + x over a 4 x 3 grid -> min 200, max 223.
  const std::string command = std::string(DISPLACE_SYSTEM_PYTHON) + " " + DISPLACE_OUTPUT_TEST_DIR +
                              "/check_geotiff.py " + tif.string() + " 200 223";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(ExportMap, UnknownDateListsTheMapDates) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  try {
    export_map_geotiff(run, "present_people_map", "2020-02-01", folder / "x.tif");
    FAIL() << "InputError expected";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("2020-01-01, 2020-03-01"), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(folder / "x.tif"));
}

TEST(ExportMap, NonGriddedVariableIsRefused) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  EXPECT_THROW(export_map_geotiff(run, "households", "2020-01-01", folder / "x.tif"), InputError);
}

}  // namespace
}  // namespace displace::output
