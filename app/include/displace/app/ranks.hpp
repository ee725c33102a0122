#pragma once
// The MPI ranks of this process (rank 0 of 1 without MPI, or when MPI was not initialised, as in
// the in-process tests). Only this file's implementation includes <mpi.h>.
#include <memory>
#include <vector>

#include "displace/engine/partition.hpp"

namespace displace::app {

struct Ranks {
  int rank = 0;
  int size = 1;
};

/// Initialises MPI when built with it and started by mpirun/srun (main() calls this once; a
/// no-op otherwise).
void init_ranks(int* argc, char*** argv);
/// Finalises MPI when it was initialised here.
void finalize_ranks();
/// This process's rank and the number of ranks.
Ranks ranks();
/// Waits for every rank.
void barrier();
/// True on every rank iff `ok` is true on every rank.
bool all_ranks_ok(bool ok);
/// Element-wise sum of `values` over every rank, left on every rank (each rank fills its own
/// entries and zeros elsewhere). A no-op with one rank.
void sum_over_ranks(std::vector<double>& values);
/// MPI_COMM_WORLD as the engine's RankExchange (a run shared by its ranks), or null with one
/// rank.
std::shared_ptr<engine::RankExchange> world_exchange();
/// Stops every rank (after an error on one of them that the others cannot see).
[[noreturn]] void abort_all_ranks(int exit_code);

}  // namespace displace::app
