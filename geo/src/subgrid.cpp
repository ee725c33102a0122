#include "displace/geo/subgrid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "displace/common/error.hpp"

namespace displace::geo {

namespace {

constexpr double kMetresPerDegree = 111320.0;

double cell_size_m(const GridDefinition& g) {
  const double dx = std::abs(g.geotransform[1]);
  return g.geographic ? dx * kMetresPerDegree : dx;
}

}  // namespace

int subgrid_refinement(const GridDefinition& source, const GridDefinition& grid) {
  const double source_size = cell_size_m(source);
  const double grid_size = cell_size_m(grid);
  if (!(source_size > 0.0) || !(grid_size > source_size)) return 1;
  int factor = static_cast<int>(std::ceil(grid_size / source_size - 1e-9));
  factor = std::clamp(factor, 1, 16);
  const auto cells = static_cast<double>(grid.cell_count());
  while (factor > 1 && cells * factor * factor > static_cast<double>(std::int64_t{1} << 25)) {
    --factor;
  }
  return factor;
}

std::vector<float> weighted_quantiles(std::vector<std::pair<float, double>> values_weights,
                                      int slots) {
  double total = 0.0;
  for (auto& [value, weight] : values_weights) {
    if (std::isnan(value)) value = 0.0f;
    if (!(weight > 0.0)) weight = 0.0;
    total += weight;
  }
  if (!(total > 0.0)) {
    for (auto& vw : values_weights)
      vw.second = 1.0;
    total = static_cast<double>(values_weights.size());
  }
  std::sort(values_weights.begin(), values_weights.end());
  std::vector<float> quantiles(static_cast<std::size_t>(slots), 0.0f);
  if (values_weights.empty()) return quantiles;
  std::size_t k = 0;
  double cumulative = values_weights[0].second;
  for (int j = 0; j < slots; ++j) {
    const double target = (static_cast<double>(j) + 0.5) / static_cast<double>(slots) * total;
    while (cumulative < target && k + 1 < values_weights.size()) {
      ++k;
      cumulative += values_weights[k].second;
    }
    quantiles[static_cast<std::size_t>(j)] = values_weights[k].first;
  }
  return quantiles;
}

GridDefinition refined_grid(const GridDefinition& grid, int refinement) {
  GridDefinition fine = grid;
  fine.width = grid.width * refinement;
  fine.height = grid.height * refinement;
  fine.geotransform[1] = grid.geotransform[1] / refinement;
  fine.geotransform[5] = grid.geotransform[5] / refinement;
  return fine;
}

std::vector<float> quantiles_of_fine_field(const std::vector<float>& fine_values,
                                           const std::vector<float>& fine_weights,
                                           const GridDefinition& grid, int refinement, int slots) {
  const int f = refinement;
  const auto fine_width = static_cast<std::size_t>(grid.width) * static_cast<std::size_t>(f);
  const std::int64_t cells = grid.cell_count();
  const auto n_slots = static_cast<std::size_t>(slots);
  std::vector<float> quantiles(static_cast<std::size_t>(cells) * n_slots, 0.0f);
  for (std::int64_t c = 0; c < cells; ++c) {
    const auto row = static_cast<std::size_t>(c / grid.width);
    const auto col = static_cast<std::size_t>(c % grid.width);
    std::vector<std::pair<float, double>> cell;
    cell.reserve(static_cast<std::size_t>(f) * static_cast<std::size_t>(f));
    for (int dy = 0; dy < f; ++dy) {
      for (int dx = 0; dx < f; ++dx) {
        const std::size_t fine_index =
            (row * static_cast<std::size_t>(f) + static_cast<std::size_t>(dy)) * fine_width +
            col * static_cast<std::size_t>(f) + static_cast<std::size_t>(dx);
        const double w = fine_weights.empty() ? 1.0 : static_cast<double>(fine_weights[fine_index]);
        cell.emplace_back(fine_values[fine_index], std::isnan(w) ? 0.0 : w);
      }
    }
    const auto q = weighted_quantiles(std::move(cell), slots);
    std::copy(q.begin(), q.end(), quantiles.begin() + static_cast<std::ptrdiff_t>(c) * slots);
  }
  return quantiles;
}

SubgridBands read_subgrid_quantiles(const RasterSource& source, const std::vector<int>& bands,
                                    const GridDefinition& grid, int slots,
                                    Resampling coarse_resampling,
                                    const std::optional<RasterSource>& weights, int weights_band) {
  SubgridBands out;
  out.refinement = slots > 1 ? subgrid_refinement(grid_of(source), grid) : 1;
  if (out.refinement == 1) {
    out.values = read_aligned_bands(source, bands, grid, coarse_resampling);
    for (const auto& band : out.values) {
      double largest = 0.0;
      for (const float v : band)
        if (!std::isnan(v)) largest = std::max(largest, static_cast<double>(v));
      out.max_at_source.push_back(largest);
    }
    return out;
  }
  const int f = out.refinement;
  const GridDefinition fine = refined_grid(grid, f);
  const auto fine_values = read_aligned_bands(source, bands, fine, Resampling::nearest);
  std::vector<float> fine_weights;
  if (weights) {
    try {
      fine_weights = read_aligned(*weights, weights_band, fine, Resampling::bilinear);
    } catch (const InputError&) {
      fine_weights.clear();  // no weights on this grid: uniform within each cell
    }
  }
  out.slots = slots;
  for (const auto& band : fine_values) {
    double largest = 0.0;
    for (const float v : band)
      if (!std::isnan(v)) largest = std::max(largest, static_cast<double>(v));
    out.values.push_back(quantiles_of_fine_field(band, fine_weights, grid, f, slots));
    out.max_at_source.push_back(largest);
  }
  return out;
}

}  // namespace displace::geo
