#pragma once
// One run shared by several processes (MPI ranks). Each rank owns the households whose HOME cell
// lies in its contiguous range of cells, balanced by household count. A household never changes
// owner: its id, its random streams and its row stay with its home cell's rank, and a move only
// changes its `location`. What one rank's households need of the others' (occupancy per cell,
// shelter and external occupancy, the capacity lottery, the step's tallies) is combined once per
// step through a RankExchange, always as integer sums or in a fixed order, so the records are
// bit-identical to a one-process run for any rank count.
//
// The engine knows no MPI: the app supplies an MPI implementation (app/src/ranks.cpp).
#include <cstdint>
#include <span>
#include <vector>

namespace displace::engine {

/// How the ranks of one run combine partial results. Every call is collective: every rank makes
/// the same calls in the same order. Called per step and per run, never per household.
class RankExchange {
 public:
  virtual ~RankExchange() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Element-wise sum over the ranks, in place, on every rank.
  virtual void sum(std::span<std::int64_t> values) = 0;
  virtual void sum(std::span<std::int32_t> values) = 0;
  /// Every rank's bytes concatenated in rank order, returned on every rank.
  virtual std::vector<std::uint8_t> gather(std::span<const std::uint8_t> bytes) = 0;
};

/// The cells [first_cell, last_cell) and household ids [first_household, last_household) that a
/// rank owns.
struct CellRange {
  std::int64_t first_cell = 0;
  std::int64_t last_cell = 0;
  std::int64_t first_household = 0;
  std::int64_t last_household = 0;
};

/// Splits the cells into `ranks` contiguous ranges of about equal household counts. `cell_first`
/// is the household-id offset of every cell (size cells + 1). Rank r's range starts at the first
/// cell whose households begin at or after r/ranks of the total. Deterministic, so every rank
/// computes every range alike. Ranges may be empty when there are more ranks than households.
CellRange partition_cells(const std::vector<std::int64_t>& cell_first, int rank, int ranks);

}  // namespace displace::engine
