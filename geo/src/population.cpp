#include "displace/geo/population.hpp"

#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "align.hpp"
#include "displace/common/error.hpp"

namespace displace::geo {
namespace {

using detail::handle;

struct PixelWindow {
  int col0 = 0, row0 = 0, cols = 0, rows = 0;
};

/// The source pixels that can contribute to `target` (its bounds in the source CRS, plus one
/// pixel of margin), clamped to the source.
PixelWindow window_over(const GridDefinition& source, const GridDefinition& target,
                        const RasterSource& layer) {
  const auto& tg = target.geotransform;
  double xmin = tg[0];
  double xmax = tg[0] + tg[1] * target.width;
  double ymax = tg[3];
  double ymin = tg[3] + tg[5] * target.height;
  const auto from = detail::spatial_reference(target.crs_wkt, "grid");
  const auto to = detail::spatial_reference(source.crs_wkt, detail::describe_source(layer));
  if (OSRIsSame(handle(from), handle(to)) == 0) {
    detail::GdalErrorCapture errors;
    OGRCoordinateTransformationH transform =
        OCTNewCoordinateTransformation(handle(from), handle(to));
    if (transform == nullptr) {
      throw InputError(
          detail::describe_source(layer) +
          ": cannot transform between the grid CRS and the layer CRS: " + errors.messages());
    }
    const int ok =
        OCTTransformBounds(transform, xmin, ymin, xmax, ymax, &xmin, &ymin, &xmax, &ymax, 21);
    OCTDestroyCoordinateTransformation(transform);
    if (ok == 0) {
      throw InputError(
          detail::describe_source(layer) +
          ": the grid's extent cannot be transformed to the layer CRS: " + errors.messages());
    }
  }
  const auto& sg = source.geotransform;
  const double c0 = (xmin - sg[0]) / sg[1];
  const double c1 = (xmax - sg[0]) / sg[1];
  const double r0 = (ymax - sg[3]) / sg[5];
  const double r1 = (ymin - sg[3]) / sg[5];
  PixelWindow w;
  const auto clamp_col = [&](double c) {
    return static_cast<int>(std::clamp(c, 0.0, double(source.width)));
  };
  const auto clamp_row = [&](double r) {
    return static_cast<int>(std::clamp(r, 0.0, double(source.height)));
  };
  w.col0 = clamp_col(std::floor(std::min(c0, c1)) - 1.0);
  const int col1 = clamp_col(std::ceil(std::max(c0, c1)) + 1.0);
  w.row0 = clamp_row(std::floor(std::min(r0, r1)) - 1.0);
  const int row1 = clamp_row(std::ceil(std::max(r0, r1)) + 1.0);
  w.cols = col1 - w.col0;
  w.rows = row1 - w.row0;
  return w;
}

/// People (count layer) of the source window: scale/offset applied, nodata and NaN -> 0.
std::vector<double> read_window_people(const detail::PreparedSource& prepared,
                                       const PixelWindow& window, const RasterSource& layer) {
  GDALRasterBandH band = GDALGetRasterBand(handle(prepared.vrt), 1);
  std::vector<double> raw(static_cast<std::size_t>(window.cols) *
                          static_cast<std::size_t>(window.rows));
  detail::GdalErrorCapture errors;
  if (GDALRasterIO(band, GF_Read, window.col0, window.row0, window.cols, window.rows, raw.data(),
                   window.cols, window.rows, GDT_Float64, 0, 0) != CE_None) {
    throw InputError(detail::describe_source(layer) + ": cannot read: " + errors.messages());
  }
  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
  for (auto& value : raw) {
    if (std::isnan(value) || (has_nodata != 0 && value == nodata)) {
      value = 0.0;
      continue;
    }
    value = value * prepared.scale.front() + prepared.offset.front();
    if (value < 0.0) {
      throw InputError(detail::describe_source(layer) + ": negative population value " +
                       std::to_string(value) +
                       " (a count layer must be >= 0; set `nodata:` if "
                       "this is a missing-value marker)");
    }
  }
  return raw;
}

/// Sum of the window's people whose pixel centre lies inside the target grid.
double people_inside(const std::vector<double>& people, const GridDefinition& window_grid,
                     const GridDefinition& target) {
  std::vector<double> x(people.size());
  std::vector<double> y(people.size());
  for (int row = 0; row < window_grid.height; ++row) {
    for (int col = 0; col < window_grid.width; ++col) {
      const auto i = static_cast<std::size_t>(row) * static_cast<std::size_t>(window_grid.width) +
                     static_cast<std::size_t>(col);
      x[i] = window_grid.cell_center_x(col);
      y[i] = window_grid.cell_center_y(row);
    }
  }
  const auto from = detail::spatial_reference(window_grid.crs_wkt, "layer");
  const auto to = detail::spatial_reference(target.crs_wkt, "grid");
  std::vector<int> ok(people.size(), 1);
  if (OSRIsSame(handle(from), handle(to)) == 0) {
    detail::GdalErrorCapture errors;
    OGRCoordinateTransformationH transform =
        OCTNewCoordinateTransformation(handle(from), handle(to));
    if (transform != nullptr) {
      OCTTransformEx(transform, static_cast<int>(people.size()), x.data(), y.data(), nullptr,
                     ok.data());
      OCTDestroyCoordinateTransformation(transform);
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (ok[i] != 0 && cell_index_of(target, x[i], y[i]) >= 0) total += people[i];
  }
  return total;
}

std::vector<float> density_times_area(std::vector<float> density_per_km2,
                                      const GridDefinition& grid, const RasterSource& layer) {
  const auto area = cell_area_km2(grid);
  for (std::size_t i = 0; i < density_per_km2.size(); ++i) {
    const float d = density_per_km2[i];
    if (std::isnan(d)) {
      density_per_km2[i] = 0.0F;
    } else if (d < 0.0F) {
      throw InputError(detail::describe_source(layer) + ": negative population density " +
                       std::to_string(d) + " people/km2");
    } else {
      density_per_km2[i] = static_cast<float>(static_cast<double>(d) * area[i]);
    }
  }
  return density_per_km2;
}

}  // namespace

std::vector<float> read_population_people(const RasterSource& source, int band,
                                          const GridDefinition& grid, bool density_per_km2) {
  if (density_per_km2) {
    // Densities are intensive: the area-weighted average is the right aggregate.
    return density_times_area(read_aligned(source, band, grid, Resampling::average), grid, source);
  }
  const auto prepared = detail::prepare_source(source, {band}, grid);
  const PixelWindow window = window_over(prepared.grid, grid, source);
  if (window.cols <= 0 || window.rows <= 0) {
    throw InputError(detail::describe_source(source) + ": does not overlap the simulation grid");
  }
  const auto people = read_window_people(prepared, window, source);

  // Counts -> densities on the source's true cell areas; GDAL's warper averages the densities onto
  // the grid (area-weighted, for coarser and finer grids and across projections); times the grid's
  // true cell areas gives people; a final rescale makes the total exactly that of the source cells
  // whose centres lie in the grid.
  GridDefinition window_grid = prepared.grid;
  window_grid.width = window.cols;
  window_grid.height = window.rows;
  window_grid.geotransform[0] += window.col0 * prepared.grid.geotransform[1];
  window_grid.geotransform[3] += window.row0 * prepared.grid.geotransform[5];
  const auto window_area = cell_area_km2(window_grid);
  auto density_dataset = detail::create_memory_dataset(window_grid, 1);
  std::vector<float> density(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) {
    density[i] = static_cast<float>(people[i] / window_area[i]);
  }
  {
    detail::GdalErrorCapture errors;
    if (GDALRasterIO(GDALGetRasterBand(handle(density_dataset), 1), GF_Write, 0, 0, window.cols,
                     window.rows, density.data(), window.cols, window.rows, GDT_Float32, 0,
                     0) != CE_None) {
      throw Error("geo: cannot stage population densities: " + errors.messages());
    }
  }
  const auto aligned = detail::create_memory_dataset(grid, 1);
  detail::warp(handle(density_dataset), handle(aligned), Resampling::average, source);
  auto result = density_times_area(detail::read_band(handle(aligned), 1), grid, source);

  const double source_total = people_inside(people, window_grid, grid);
  const double aligned_total = std::accumulate(result.begin(), result.end(), 0.0);
  if (aligned_total > 0.0 && source_total > 0.0) {
    const double factor = source_total / aligned_total;
    for (auto& value : result)
      value = static_cast<float>(static_cast<double>(value) * factor);
  }
  return result;
}

}  // namespace displace::geo
