#include "displace/app/ranks.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>

#include "displace/common/error.hpp"

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

/// Collectives over MPI_COMM_WORLD. Counts above INT_MAX are sent in pieces.
class WorldExchange final : public engine::RankExchange {
 public:
  int rank() const override { return ranks().rank; }
  int size() const override { return ranks().size; }

  void sum(std::span<std::int64_t> values) override {
    sum_in_pieces(values.data(), values.size(), MPI_INT64_T);
  }
  void sum(std::span<std::int32_t> values) override {
    sum_in_pieces(values.data(), values.size(), MPI_INT32_T);
  }

  std::vector<std::uint8_t> gather(std::span<const std::uint8_t> bytes) override {
    const int n = size();
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
      throw Error("MPI: one rank's share of an exchange exceeds 2 GiB");
    }
    const int mine = static_cast<int>(bytes.size());
    std::vector<int> counts(static_cast<std::size_t>(n), 0);
    MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> offsets(static_cast<std::size_t>(n), 0);
    long long total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      if (total > INT_MAX) throw Error("MPI: an exchange exceeds 2 GiB");
      offsets[r] = static_cast<int>(total);
      total += counts[r];
    }
    if (total > INT_MAX) throw Error("MPI: an exchange exceeds 2 GiB");
    std::vector<std::uint8_t> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(bytes.data(), mine, MPI_BYTE, all.data(), counts.data(), offsets.data(),
                   MPI_BYTE, MPI_COMM_WORLD);
    return all;
  }

 private:
  template <class T>
  static void sum_in_pieces(T* data, std::size_t count, MPI_Datatype type) {
    constexpr std::size_t kPiece = std::size_t{1} << 30;
    for (std::size_t first = 0; first < count; first += kPiece) {
      const auto piece = static_cast<int>(std::min(kPiece, count - first));
      MPI_Allreduce(MPI_IN_PLACE, data + first, piece, type, MPI_SUM, MPI_COMM_WORLD);
    }
  }
};
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

void sum_over_ranks(std::vector<double>& values) {
#if DISPLACE_WITH_MPI
  if (mpi_active() && ranks().size > 1 && !values.empty()) {
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM,
                  MPI_COMM_WORLD);
  }
#endif
  (void)values;
}

std::shared_ptr<engine::RankExchange> world_exchange() {
#if DISPLACE_WITH_MPI
  if (ranks().size > 1) return std::make_shared<WorldExchange>();
#endif
  return nullptr;
}

void abort_all_ranks(int exit_code) {
#if DISPLACE_WITH_MPI
  if (mpi_active()) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
  std::exit(exit_code);
}

}  // namespace displace::app
