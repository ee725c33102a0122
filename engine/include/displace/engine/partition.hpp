#pragma once
// One run shared by several processes (MPI ranks). Each rank owns the households whose HOME cell
// lies in its ranges of cells, balanced by household count. A household never changes
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

/// A contiguous range of home cells [first_cell, last_cell) and their household ids
/// [first_household, last_household).
struct CellRange {
  std::int64_t first_cell = 0;
  std::int64_t last_cell = 0;
  std::int64_t first_household = 0;
  std::int64_t last_household = 0;
};

/// Pieces of the grid per rank: each rank owns this many ranges spread over the grid, so that a
/// hazard striking one part of it (a storm's track, a river basin) falls on every rank.
inline constexpr int kRangesPerRank = 16;

/// Splits the cells into `pieces` contiguous ranges of about equal household counts: piece p
/// starts at the first cell whose households begin at or after p/pieces of the total.
/// `cell_first` is the household-id offset of every cell (size cells + 1). Ranges may be empty.
CellRange piece_of_cells(const std::vector<std::int64_t>& cell_first, int piece, int pieces);

/// The non-empty ranges rank `rank` of `ranks` owns: pieces rank, rank + ranks, rank + 2 ranks,
/// ... of ranks x kRangesPerRank pieces (one piece, all cells, for one rank). Deterministic, so
/// every rank computes every rank's share alike.
std::vector<CellRange> partition_cells(const std::vector<std::int64_t>& cell_first, int rank,
                                       int ranks);

}  // namespace displace::engine
