#include "displace/common/file_checks.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "displace/common/error.hpp"

namespace displace {
namespace {

std::optional<std::string> kind_problem(mode_t mode) {
  if (S_ISREG(mode)) return std::nullopt;
  if (S_ISDIR(mode)) return "is a folder, not a file";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a file";
  if (S_ISSOCK(mode)) return "is a socket, not a file";
  return "is not a regular file";
}

/// Closes a file descriptor on scope exit.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<std::string> special_file_problem(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return kind_problem(info.st_mode);
}

std::string read_regular_file(const std::filesystem::path& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer; the kind is then checked
  // on the descriptor itself, so a file swapped after a stat() cannot slip through.
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    const int error = errno;
    if (error == ENOENT) throw InputError(path.string() + ": file not found");
    throw InputError(path.string() + ": cannot open: " + std::strerror(error));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    throw InputError(path.string() + ": cannot read: " + std::strerror(errno));
  }
  if (const auto problem = kind_problem(info.st_mode)) {
    throw InputError(path.string() + ": " + *problem);
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    throw InputError(path.string() + ": " + std::to_string(info.st_size) +
                     " bytes; larger than the limit of " + std::to_string(max_bytes) +
                     " bytes for this kind of file");
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError(path.string() + ": cannot read: " + std::strerror(errno));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {  // the file grew while being read
      throw InputError(path.string() + ": larger than the limit of " + std::to_string(max_bytes) +
                       " bytes for this kind of file");
    }
  }
  return text;
}

}  // namespace displace
