#pragma once
// The whole-file checksum of a finished run file or checkpoint. Both are written with an HDF5
// user block (bytes 0 to 511, which HDF5, h5py, netCDF and xarray skip): once the file is complete
// and closed, the writer puts there a SHA-256 of every byte after the user block. Readers check it
// before HDF5 parses a byte, so a damaged or changed file is refused by name instead of crashing
// HDF5 (which is not hardened against corrupt files). docs/output-format.md describes the block.
#include <cstddef>
#include <filesystem>

namespace displace::output {

/// Size of the user block (the smallest HDF5 allows).
inline constexpr std::size_t kRunUserBlockBytes = 512;

/// What a sealed file is: its user block's first line and the messages name it.
enum class SealedFile { run_file, checkpoint };

/// Writes the checksum of `path`, a closed file of `kind`, into its kRunUserBlockBytes user block;
/// false (nothing written) when the file has no such user block (a partial run file from before
/// run files were sealed, restored from an older checkpoint: it stays unsealed, as that version's
/// files). Throws displace::Error naming the file when it cannot be read or written.
bool seal_file(const std::filesystem::path& path, SealedFile kind);
inline bool seal_run_file(const std::filesystem::path& path) {
  return seal_file(path, SealedFile::run_file);
}

/// How a file stands before HDF5 opens it.
enum class FileSeal {
  verified,  ///< its user block holds the checksum of its bytes, and they match
  legacy,    ///< an HDF5 file without user block: written before files were sealed
};

/// Checks `path` before any HDF5 call. Throws InputError naming the file when it is not HDF5, when
/// its bytes do not match the checksum in its user block (damaged or changed since), or when the
/// user block is empty (a run, or a checkpoint, that did not finish).
FileSeal check_file_seal(const std::filesystem::path& path, SealedFile kind);
inline FileSeal check_run_file_seal(const std::filesystem::path& path) {
  return check_file_seal(path, SealedFile::run_file);
}

/// Whether `path` (a regular file: callers check before) begins with the user block header of a
/// sealed file of `kind`: what says "a displace checkpoint" cheaply, without HDF5 or the checksum.
bool carries_seal_header(const std::filesystem::path& path, SealedFile kind);

}  // namespace displace::output
