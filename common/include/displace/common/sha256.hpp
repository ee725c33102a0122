#pragma once
// SHA-256 of input files, recorded in every output's provenance (OpenSSL's implementation).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace displace {

/// Lower-case hex SHA-256 of a file's bytes. Throws InputError naming the file if unreadable.
std::string sha256_file_hex(const std::filesystem::path& path);
/// Lower-case hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view bytes);

/// SHA-256 computed piece by piece (large contents without one copy of them all).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  /// Lower-case hex digest of everything added; the object is spent afterwards.
  std::string hex();

 private:
  void* context_;
};

}  // namespace displace
