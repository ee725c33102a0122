#include "displace/engine/partition.hpp"

#include <algorithm>

#include "indexing.hpp"

namespace displace::engine {

CellRange partition_cells(const std::vector<std::int64_t>& cell_first, int rank, int ranks) {
  CellRange range;
  const auto cells = static_cast<std::int64_t>(cell_first.size()) - 1;
  if (cells <= 0 || ranks < 1) return range;
  const std::int64_t total = cell_first.back();
  auto boundary = [&](int r) -> std::int64_t {
    if (r <= 0) return 0;
    if (r >= ranks) return cells;
    const std::int64_t target = (r * total + ranks - 1) / ranks;  // ceil(r * total / ranks)
    const auto first = std::lower_bound(cell_first.begin(), cell_first.end() - 1, target);
    return static_cast<std::int64_t>(first - cell_first.begin());
  };
  range.first_cell = boundary(rank);
  range.last_cell = std::max(range.first_cell, boundary(rank + 1));
  range.first_household = cell_first[at(range.first_cell)];
  range.last_household = cell_first[at(range.last_cell)];
  return range;
}

}  // namespace displace::engine
