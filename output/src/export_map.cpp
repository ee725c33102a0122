// Map export: one gridded variable at one map date as a GeoTIFF, written by geo/ (GDAL).
#include <algorithm>

#include "displace/common/error.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/write.hpp"
#include "displace/output/export.hpp"

namespace displace::output {

void export_map_geotiff(const RunReader& run, std::string_view variable, std::string_view iso_date,
                        const std::filesystem::path& geotiff_path) {
  const std::string name(variable);
  const std::string where = run.path().string() + ": ";
  const std::vector<std::string> gridded = gridded_variable_names(run);
  if (std::find(gridded.begin(), gridded.end(), name) == gridded.end()) {
    std::string list;
    for (const std::string& v : gridded)
      list += (list.empty() ? "" : ", ") + v;
    throw InputError(where + "'" + name + "' is not a gridded variable (gridded: " +
                     (list.empty() ? "none" : list) + ")");
  }
  const RunFileLayout& layout = run.layout();
  const auto found = std::find(layout.map_dates.begin(), layout.map_dates.end(), iso_date);
  if (found == layout.map_dates.end()) {
    std::string list;
    for (const std::string& d : layout.map_dates)
      list += (list.empty() ? "" : ", ") + d;
    throw InputError(where + "no map of '" + name + "' on " + std::string(iso_date) +
                     " (map dates: " + (list.empty() ? "none" : list) + ")");
  }
  const auto map = static_cast<std::size_t>(found - layout.map_dates.begin());
  const VariableData data = run.read(name);
  const auto cells =
      static_cast<std::size_t>(layout.grid.width) * static_cast<std::size_t>(layout.grid.height);
  const auto first = data.values.begin() + static_cast<std::ptrdiff_t>(map * cells);
  std::vector<float> values(cells);
  std::transform(first, first + static_cast<std::ptrdiff_t>(cells), values.begin(),
                 [](double v) { return static_cast<float>(v); });
  geo::GridDefinition grid;
  grid.crs_wkt = layout.grid.crs_wkt;
  std::copy(std::begin(layout.grid.geotransform), std::end(layout.grid.geotransform),
            grid.geotransform.begin());
  grid.width = layout.grid.width;
  grid.height = layout.grid.height;
  grid.geographic = layout.grid.geographic;
  geo::write_geotiff(geotiff_path.string(), grid, values,
                     name + " on " + std::string(iso_date) + " (" + data.long_name + ")",
                     counted_units(name, data.units));
}

}  // namespace displace::output
