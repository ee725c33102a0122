#pragma once
// The one exception root of displace. Every library throws displace::Error (or a subclass) with
// enough context to act on: the file, the YAML key with line:column, the layer. Boundaries add
// context with `with_context`; the CLI prints `what()` on one line and exits non-zero.
#include <stdexcept>
#include <string>

namespace displace {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Bad input from the user: a file, a scenario key, a raster, a CLI argument. Exit code 2.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(message) {}
};

/// Rethrows the exception in flight (which must be a displace::Error or std::exception) as the
/// same kind with `context + ": "` prepended. Use inside a catch block at a module boundary.
[[noreturn]] void rethrow_with_context(const std::string& context);

}  // namespace displace
