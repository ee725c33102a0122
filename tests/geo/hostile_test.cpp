// Hostile and careless raster inputs: special files refused before GDAL opens them, a clear
// "not found", admin rasters that are not region codes, latitudes beyond the poles.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "displace/common/error.hpp"
#include "displace/geo/admin.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/time_axis.hpp"
#include "gdal_support.hpp"
#include "geo_fixture.hpp"

namespace displace::geo {
namespace {

using testing::expect_input_error;

class HostileRasters : public testing::GeoTest {
 protected:
  static RasterSource source(const std::string& path) {
    return RasterSource{"layer", path, "", "", std::nullopt};
  }
};

TEST_F(HostileRasters, FifoLayerIsRefusedWithoutBlocking) {
  const auto fifo = path("pipe.tif");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_input_error([&] { grid_of(source(fifo.string())); },
                     {"layer 'layer'", "pipe.tif", "is a FIFO (named pipe), not a file"});
  expect_input_error([&] { describe_raster(fifo.string()); }, {"is a FIFO"});
}

TEST_F(HostileRasters, DeviceAndFolderLayersAreRefused) {
  expect_input_error([&] { grid_of(source("/dev/zero")); }, {"/dev/zero", "is a device"});
  std::filesystem::create_directories(path("folder.tif"));
  expect_input_error([&] { grid_of(source(path("folder.tif").string())); }, {"is a folder"});
}

TEST_F(HostileRasters, MissingFileIsNotFoundNotAnUnreadableFormat) {
  expect_input_error([&] { describe_raster(path("missing.tif").string()); },
                     {"missing.tif", "file not found"});
  // A colon inside the path is not a GDAL connection string ("NETCDF:...").
  expect_input_error([&] { grid_of(source(path("run:1/missing.tif").string())); },
                     {"file not found"});
}

TEST_F(HostileRasters, AdminRasterOfFractionalValuesIsRefused) {
  testing::RasterSpec spec;
  spec.width = 2;
  spec.height = 1;
  spec.geotransform = {-70, 1, 0, 20, 0, -1};
  spec.bands = {{27.3f, 28.9f}};  // temperatures, not region codes
  const auto file = write_raster("tas.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -70, 19, -68, 20, 1, 1);
  expect_input_error([&] { admin_from_raster(source(file), 1, grid, {}); },
                     {"tas.tif", "is not a region code"});
}

TEST_F(HostileRasters, AdminRasterWithAnUndeclaredSentinelIsRefused) {
  testing::RasterSpec spec;
  spec.type = "Int32";
  spec.width = 2;
  spec.height = 1;
  spec.geotransform = {-70, 1, 0, 20, 0, -1};
  spec.bands = {{7, -9999}};
  const auto file = write_raster("codes.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -70, 19, -68, 20, 1, 1);
  expect_input_error([&] { admin_from_raster(source(file), 1, grid, {}); },
                     {"negative region code -9999", "nodata: -9999"});
}

TEST_F(HostileRasters, GeographicLatitudesBeyondThePolesAreRefused) {
  testing::RasterSpec spec;
  spec.geotransform = {-70, 1, 0, 1000, 0, -1};
  spec.bands = {std::vector<float>(12, 1.0f)};
  const auto file = write_raster("far.tif", spec);
  expect_input_error([&] { grid_of(source(file)); }, {"far.tif", "latitudes", "-90..90"});
  expect_input_error([&] { grid_from_bounds("EPSG:4326", -70, 80, -60, 1000, 1, 1); },
                     {"grid: latitudes"});
  // A global grid whose cell centres sit on the poles is fine.
  EXPECT_NO_THROW(grid_from_bounds("EPSG:4326", -180, -90.25, 180, 90.25, 0.5, 0.5));
}

TEST_F(HostileRasters, DriverOutputOnStdoutGoesToStderr) {
  // What a GDAL driver printf()s while a file is opened or decoded must not mix with results.
  const auto out_file = path("stdout.txt");
  const auto err_file = path("stderr.txt");
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  const int out_fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  {
    const detail::StdoutToStderr guard;
    std::printf("driver chatter\n");
  }
  std::printf("result\n");
  std::fflush(stdout);
  ::dup2(saved_out, STDOUT_FILENO);
  ::dup2(saved_err, STDERR_FILENO);
  for (const int fd : {saved_out, saved_err, out_fd, err_fd})
    ::close(fd);
  auto text = [](const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  };
  EXPECT_EQ(text(out_file), "result\n");
  EXPECT_EQ(text(err_file), "driver chatter\n");
}

// Every input the raster fuzzer (tests/fuzz) ever found a fault with, replayed in the ordinary
// suite: each must be read or refused with an InputError, nothing else (under the sanitizer flow,
// without undefined behaviour either).
TEST_F(HostileRasters, FuzzFindingsAreReadOrRefusedCleanly) {
  testing::RasterSpec spec;
  spec.bands = {std::vector<float>(12, 5.0f)};
  write_raster("small.tif", spec);
  const auto grid = grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
  int replayed = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(DISPLACE_FUZZ_REGRESSIONS_DIR "/raster")) {
    const auto copy = path("input.vrt");
    std::filesystem::copy_file(entry.path(), copy,
                               std::filesystem::copy_options::overwrite_existing);
    const RasterSource input{"fuzz", copy.string(), "", "", std::nullopt};
    for (const auto& action : std::vector<std::function<void()>>{
             [&] { (void)describe_raster(copy.string()); }, [&] { (void)grid_of(input); },
             [&] { (void)read_time_axis(input); }, [&] { check_layer(input, {1}, grid); }}) {
      try {
        action();
      } catch (const InputError&) {
      } catch (const std::exception& error) {
        ADD_FAILURE() << entry.path() << ": " << error.what();
      }
    }
    ++replayed;
  }
  EXPECT_GE(replayed, 2);
}

TEST_F(HostileRasters, TimeValueFarOutsideTheYearsIsAnInputError) {
  testing::RasterSpec spec;
  spec.bands = {std::vector<float>(12, 5.0f)};
  write_raster("small.tif", spec);
  const auto copy = path("input.vrt");
  std::filesystem::copy_file(DISPLACE_FUZZ_REGRESSIONS_DIR "/raster/time-value-1e300.vrt", copy);
  expect_input_error(
      [&] {
        read_time_axis(RasterSource{"t", copy.string(), "", "", std::nullopt});
      },
      {"band 1", "outside the years 1-9999"});
}

}  // namespace
}  // namespace displace::geo
