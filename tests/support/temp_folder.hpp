#pragma once
// The one temporary-folder helper of the C++ tests: a fresh, empty folder under the system's
// temporary directory, unique per process and object, removed (with anything a test made
// read-only) when the object dies. Include as "support/temp_folder.hpp" (displace_test adds
// tests/ to the include path).
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace displace::test_support {

class TempFolder {
 public:
  /// `purpose` names the folder (displace-<purpose>-<pid>-<n>) so a leftover can be traced.
  explicit TempFolder(std::string_view purpose = "test") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("displace-" + std::string(purpose) + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace displace::test_support
