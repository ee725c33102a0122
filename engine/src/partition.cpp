#include "displace/engine/partition.hpp"

#include <algorithm>

#include "indexing.hpp"

namespace displace::engine {

CellRange piece_of_cells(const std::vector<std::int64_t>& cell_first, int piece, int pieces) {
  CellRange range;
  const auto cells = static_cast<std::int64_t>(cell_first.size()) - 1;
  if (cells <= 0 || pieces < 1) return range;
  const std::int64_t total = cell_first.back();
  auto boundary = [&](int p) -> std::int64_t {
    if (p <= 0) return 0;
    if (p >= pieces) return cells;
    const std::int64_t target = (p * total + pieces - 1) / pieces;  // ceil(p * total / pieces)
    const auto first = std::lower_bound(cell_first.begin(), cell_first.end() - 1, target);
    return static_cast<std::int64_t>(first - cell_first.begin());
  };
  range.first_cell = boundary(piece);
  range.last_cell = std::max(range.first_cell, boundary(piece + 1));
  range.first_household = cell_first[at(range.first_cell)];
  range.last_household = cell_first[at(range.last_cell)];
  return range;
}

std::vector<CellRange> partition_cells(const std::vector<std::int64_t>& cell_first, int rank,
                                       int ranks) {
  std::vector<CellRange> ranges;
  if (ranks <= 1) {
    const CellRange all = piece_of_cells(cell_first, 0, 1);
    if (all.last_cell > all.first_cell) ranges.push_back(all);
    return ranges;
  }
  const int pieces = ranks * kRangesPerRank;
  for (int piece = rank; piece < pieces; piece += ranks) {
    const CellRange range = piece_of_cells(cell_first, piece, pieces);
    if (range.last_household > range.first_household) ranges.push_back(range);
  }
  return ranges;
}

}  // namespace displace::engine
