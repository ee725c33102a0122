#pragma once
// SHA-256 of input files, recorded in every output's provenance (OpenSSL's implementation).
#include <filesystem>
#include <string>
#include <string_view>

namespace displace {

/// Lower-case hex SHA-256 of a file's bytes. Throws InputError naming the file if unreadable.
std::string sha256_file_hex(const std::filesystem::path& path);
/// Lower-case hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view bytes);

}  // namespace displace
