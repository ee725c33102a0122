#include "displace/output/partial_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

#include "displace/common/error.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;

std::string system_message(int error) {
  return std::strerror(error);
}

}  // namespace

PartialFileLock::PartialFileLock(fs::path partial, bool keep_contents) : path_(std::move(partial)) {
  // O_NOFOLLOW: a symbolic link planted at the temporary name is refused, not written through.
  // O_NONBLOCK: a FIFO planted there does not block the open.
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int error = errno;
    if (error == ELOOP) {
      throw InputError(path_.string() +
                       ": is a symbolic link; refusing to write an output through it");
    }
    throw InputError(path_.string() + ": cannot create: " + system_message(error));
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw InputError(path_.string() + ": exists and is not a regular file; refusing to use it");
  }
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 0;  // the whole file
  if (::fcntl(fd_, F_OFD_SETLK, &lock) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EAGAIN || error == EACCES) {
      throw InputError(path_.string() +
                       ": another run is writing this file now; wait for it to end or choose "
                       "another output path");
    }
    throw InputError(path_.string() + ": cannot lock: " + system_message(error));
  }
  if (!keep_contents && ::ftruncate(fd_, 0) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    throw InputError(path_.string() + ": cannot empty: " + system_message(error));
  }
}

PartialFileLock::~PartialFileLock() {
  if (fd_ >= 0) ::close(fd_);
}

void require_regular_or_absent(const fs::path& path, const char* what) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return;
  if (S_ISLNK(info.st_mode)) {
    // Outputs are renamed into place, which would replace the link itself with a regular file
    // (/dev/stdout among them), and a link can aim an output anywhere: neither is done.
    std::error_code error;
    const fs::path target = fs::read_symlink(path, error);
    throw InputError(path.string() + ": is a symbolic link" +
                     (error ? std::string() : " (to '" + target.string() + "')") +
                     "; refusing to replace it with a " + std::string(what) +
                     "; name a regular file instead");
  }
  if (S_ISDIR(info.st_mode)) {
    throw InputError(path.string() + ": is a folder, not a " + std::string(what));
  }
  if (!S_ISREG(info.st_mode)) {
    throw InputError(path.string() +
                     ": exists and is not a regular file (a device or a FIFO?); "
                     "refusing to replace it with a " +
                     std::string(what));
  }
}

void restore_partial_file(const fs::path& partial, const std::vector<std::uint8_t>& bytes) {
  const PartialFileLock lock(partial, false);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(lock.descriptor(), bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(partial.string() + ": cannot write: " + system_message(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(lock.descriptor()) != 0) {
    throw Error(partial.string() + ": cannot flush to disk: " + system_message(errno));
  }
}

void write_text_file_atomically(const fs::path& path,
                                const std::function<void(std::ostream&)>& write) {
  require_regular_or_absent(path, "file");
  const fs::path partial = fs::path(path.string() + ".partial");
  const PartialFileLock lock(partial, false);
  std::error_code ignored;
  try {
    {
      std::ofstream stream(partial, std::ios::binary | std::ios::trunc);
      if (!stream) throw InputError(partial.string() + ": cannot create");
      stream.exceptions(std::ios::badbit | std::ios::failbit);
      try {
        write(stream);
        stream.flush();
        stream.close();
      } catch (const std::ios_base::failure&) {
        throw InputError(path.string() + ": writing failed (disk full?); nothing was written");
      }
    }
    if (::fsync(lock.descriptor()) != 0) {
      throw InputError(path.string() + ": cannot flush to disk (" + system_message(errno) +
                       "); nothing was written");
    }
    fs::rename(partial, path, ignored);
    if (ignored) {
      throw InputError(partial.string() + ": cannot rename to '" + path.string() +
                       "': " + ignored.message());
    }
  } catch (...) {
    fs::remove(partial, ignored);
    throw;
  }
}

}  // namespace displace::output
