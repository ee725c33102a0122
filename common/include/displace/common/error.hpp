#pragma once
// The one exception root of displace. Every library throws displace::Error (or a subclass) with
// enough context to act on: the file, the YAML key with line:column, the layer. Boundaries add
// context with `with_context`; the CLI prints `what()` on one line and exits non-zero.
#include <memory>
#include <stdexcept>
#include <string>

namespace displace {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message)
      : std::runtime_error(message), message_(std::make_shared<const std::string>(message)) {}
  const char* what() const noexcept override { return message_->c_str(); }
  /// what() becomes `context + ": " + what()`; the object (its type, its data) stays the same.
  void prepend_context(const std::string& context) {
    message_ = std::make_shared<const std::string>(context + ": " + *message_);
  }

 private:
  // Shared so that copying the exception cannot throw.
  std::shared_ptr<const std::string> message_;
};

/// Bad input from the user: a file, a scenario key, a raster, a CLI argument. Exit code 2.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(message) {}
};

/// Rethrows the exception in flight with `context + ": "` prepended to its message. A
/// displace::Error (any subclass) is rethrown as the same object, so its type and data survive
/// (e.g. ScenarioError::problems()); another std::exception becomes a displace::Error. Use inside
/// a catch block at a module boundary.
[[noreturn]] void rethrow_with_context(const std::string& context);

}  // namespace displace
