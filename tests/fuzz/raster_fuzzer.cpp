// libFuzzer target over raster metadata reading: the input is a GDAL VRT (XML text) over a small
// GeoTIFF, so the fuzzer varies what displace reads from metadata: size, geotransform, CRS, band
// count, nodata, scale/offset, netCDF-style time axes (units, calendar, per-band values). Each
// input goes through `inspect`, the grid and band count, the time axis and the metadata checks
// of `validate`. Any outcome but success or an InputError is a finding.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "displace/common/error.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/time_axis.hpp"
#include "displace/geo/write.hpp"

namespace {

namespace fs = std::filesystem;

fs::path fuzz_folder() {
  static const fs::path folder = [] {
    const fs::path dir =
        fs::temp_directory_path() / ("displace-raster-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto grid = displace::geo::grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
    std::vector<float> values(static_cast<std::size_t>(grid.cell_count()), 5.0f);
    displace::geo::write_geotiff((dir / "small.tif").string(), grid, values, "values");
    return dir;
  }();
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // VRTs are small; larger inputs only slow the search
  const fs::path file = fuzz_folder() / "input.vrt";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const displace::geo::RasterSource source{"fuzz", file.string(), "", "", std::nullopt};
  auto attempt = [](auto&& action) {
    try {
      action();
    } catch (const displace::InputError&) {
      // a located problem: the expected outcome for bad input
    }
  };
  attempt([&] { (void)displace::geo::describe_raster(file.string()); });
  attempt([&] { (void)displace::geo::grid_of(source); });
  attempt([&] { (void)displace::geo::read_time_axis(source); });
  attempt([&] {
    const auto grid = displace::geo::grid_from_bounds("EPSG:4326", -70, 17, -66, 20, 1, 1);
    displace::geo::check_layer(source, {1}, grid);
  });
  return 0;
}
