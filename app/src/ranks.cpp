#include "displace/app/ranks.hpp"

#include <cstdlib>

#if DISPLACE_WITH_MPI
#include <mpi.h>
#endif

namespace displace::app {
namespace {

#if DISPLACE_WITH_MPI
bool mpi_active() {
  int initialised = 0;
  int finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  return initialised != 0 && finalised == 0;
}
#endif

}  // namespace

void init_ranks([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#if DISPLACE_WITH_MPI
  // Only when started by an MPI launcher (mpirun, srun with PMI/PMIx): a plain `displace` call
  // stays a plain process.
  const bool launched = std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr ||
                        std::getenv("PMI_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
  if (launched && !mpi_active()) MPI_Init(argc, argv);
#endif
}

void finalize_ranks() {
#if DISPLACE_WITH_MPI
  if (mpi_active()) MPI_Finalize();
#endif
}

Ranks ranks() {
  Ranks r;
#if DISPLACE_WITH_MPI
  if (mpi_active()) {
    MPI_Comm_rank(MPI_COMM_WORLD, &r.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &r.size);
  }
#endif
  return r;
}

void barrier() {
#if DISPLACE_WITH_MPI
  if (mpi_active()) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

bool all_ranks_ok(bool ok) {
#if DISPLACE_WITH_MPI
  if (mpi_active()) {
    int mine = ok ? 1 : 0;
    int all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all == 1;
  }
#endif
  return ok;
}

void abort_all_ranks(int exit_code) {
#if DISPLACE_WITH_MPI
  if (mpi_active()) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
  std::exit(exit_code);
}

}  // namespace displace::app
