#pragma once
// Checks on the kind of a file before it is opened, and bounded reads of small text files: a FIFO
// would block a reader forever, /dev/zero would never end, a directory reads as an empty file.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace displace {

/// Largest small text input read whole (bytes): a scenario, a calibration file, an observation
/// CSV. Real ones are a few kilobytes; an observation CSV at the limit has ~25,000 rows.
inline constexpr std::size_t kMaxTextInputBytes = 4u << 20;

/// What is wrong with reading `path` as a data file, or nullopt when it is a regular file (after
/// following symlinks) or does not exist (the caller reports a missing file its own way):
/// "is a folder, not a file", "is a FIFO (named pipe), not a file", "is a device, not a file",
/// "is a socket, not a file".
std::optional<std::string> special_file_problem(const std::filesystem::path& path);

/// The whole content of the regular file `path`, refused (InputError naming `path`) when it does
/// not exist, is not a regular file (checked on the opened descriptor, so nothing blocks), cannot
/// be read, or is larger than `max_bytes`.
std::string read_regular_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace displace
