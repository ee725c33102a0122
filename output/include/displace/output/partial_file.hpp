#pragma once
// The temporary `<file>.partial` every output is written under before its rename into place,
// taken so that no run can lose another's data: created or taken over only by the one process
// that holds its lock (an open-file-description lock, released when the process ends, so a
// partial file of a killed run is taken over), never through a symbolic link, never truncated
// before the lock is held.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <vector>

namespace displace::output {

class PartialFileLock {
 public:
  /// Opens (creating it if missing) and locks `partial`; empties it unless `keep_contents`.
  /// Throws InputError naming the file when it is a symbolic link or not a regular file, or when
  /// another process holds it ("another run is writing ...").
  PartialFileLock(std::filesystem::path partial, bool keep_contents);
  ~PartialFileLock();
  PartialFileLock(const PartialFileLock&) = delete;
  PartialFileLock& operator=(const PartialFileLock&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// The locked descriptor (valid for the lock's lifetime).
  int descriptor() const { return fd_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

/// Refuses (InputError) an existing `path` that is not a regular file: an output never replaces a
/// device node, a FIFO, a folder or a symbolic link (to anything, /dev/stdout included: outputs
/// are renamed into place, which would replace the link with a regular file).
void require_regular_or_absent(const std::filesystem::path& path, const char* what);

/// Writes `bytes` as the whole content of `partial` under its lock (a checkpoint's copy of the
/// run file being restored before the run continues), flushed to disk.
void restore_partial_file(const std::filesystem::path& partial,
                          const std::vector<std::uint8_t>& bytes);

/// Writes a text file safely: `write` fills a stream on `<path>.partial` (locked, as above); the
/// stream is checked and flushed, the data synced, and only then renamed to `path`. On any
/// failure (a full disk) the partial file is removed and nothing appears under `path`.
void write_text_file_atomically(const std::filesystem::path& path,
                                const std::function<void(std::ostream&)>& write);

}  // namespace displace::output
