#pragma once
// Checkpoint files: the engine's state between two steps plus the run file written so far, in
// one HDF5 file written atomically (`<path>.partial`, then renamed), so that a run restarted from
// it writes exactly the run file an uninterrupted run would have written.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "displace/engine/snapshot.hpp"

namespace displace::output {

struct Checkpoint {
  engine::Snapshot snapshot;
  int rank = 0;  ///< of a run shared by `ranks` MPI ranks: one file per rank (see docs/hpc.md)
  int ranks = 1;
  std::string scenario_yaml;                 ///< the resolved scenario that was running
  std::string output_path;                   ///< the run file it was writing
  std::vector<std::uint8_t> run_file_bytes;  ///< that run file's partial contents (rank 0)
};

/// Writes `checkpoint` to `path` (replacing an older checkpoint there only once complete).
/// Throws InputError if the folder is missing or unwritable, Error on HDF5 failures.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

/// Whether the existing regular file `path` is a displace checkpoint (by its sealed header; the
/// contents are not verified): what a run may replace at its checkpoint path without --overwrite.
bool is_checkpoint_file(const std::filesystem::path& path);

/// Reads a checkpoint. Throws InputError naming the file if it is missing, not a displace
/// checkpoint, incomplete (".partial") or of a newer format.
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace displace::output
