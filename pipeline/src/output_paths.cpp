#include "displace/pipeline/output_paths.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "displace/common/error.hpp"
#include "displace/output/checkpoint.hpp"
#include "displace/output/partial_file.hpp"

namespace displace::pipeline {

namespace fs = std::filesystem;

std::string output_folder_problem(const std::filesystem::path& folder) {
  std::error_code ec;
  if (std::filesystem::is_directory(folder, ec)) return {};
  std::filesystem::path above = std::filesystem::absolute(folder, ec).parent_path();
  while (!above.empty() && !std::filesystem::exists(above, ec) && above != above.root_path())
    above = above.parent_path();
  if (!std::filesystem::is_directory(above, ec)) {
    return "output folder '" + folder.string() + "' does not exist, and '" + above.string() +
           "' above it is not a folder";
  }
  if (::access(above.c_str(), W_OK | X_OK) != 0) {
    return "output folder '" + folder.string() + "' does not exist, and '" + above.string() +
           "' above it is not writable; create it first";
  }
  return {};
}

void check_output_path(const std::filesystem::path& path, bool overwrite) {
  if (path.empty()) {
    throw InputError("no output path: set outputs.path in the scenario or pass --out PATH");
  }
  std::error_code ec;
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(folder, ec)) {
    // Created as `mkdir -p` would, when the nearest existing folder above it is writable.
    const auto problem = output_folder_problem(folder);
    if (!problem.empty()) throw InputError(path.string() + ": " + problem);
    std::filesystem::create_directories(folder, ec);
    if (!std::filesystem::is_directory(folder, ec)) {
      throw InputError(path.string() + ": cannot create the output folder '" + folder.string() +
                       "'" + (ec ? ": " + ec.message() : std::string()));
    }
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw InputError(path.string() + ": output folder '" + folder.string() + "' is not writable (" +
                     std::strerror(errno) + ")");
  }
  output::require_regular_or_absent(path, "run file");
  if (std::filesystem::exists(path, ec) && !overwrite) {
    throw InputError(path.string() + ": exists; pass --overwrite to replace it");
  }
}

void check_checkpoint_path(const fs::path& path, bool overwrite) {
  if (path.empty() || !path.has_filename()) {
    throw InputError("--checkpoint: no file name given; name the checkpoint file");
  }
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  // Before the run starts, not at the first checkpoint hours later. A missing folder is made as
  // for the run file (check_output_path), when the nearest existing folder above is writable.
  if (!fs::is_directory(folder, ec)) {
    const auto problem = output_folder_problem(folder);
    if (!problem.empty()) throw InputError(path.string() + ": checkpoint: " + problem);
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder, ec)) {
      throw InputError(path.string() + ": cannot create the checkpoint folder '" + folder.string() +
                       "'" + (ec ? ": " + ec.message() : std::string()));
    }
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw InputError(path.string() + ": checkpoint folder '" + folder.string() +
                     "' is not writable (" + std::strerror(errno) + ")");
  }
  output::require_regular_or_absent(path, "checkpoint");
  // A run replaces its checkpoint file and removes it once finished: only another checkpoint may
  // be there already, unless --overwrite says the file there may go.
  if (fs::exists(path, ec) && !overwrite && !output::is_checkpoint_file(path)) {
    throw InputError(path.string() +
                     ": exists and is not a displace checkpoint; the run would replace it and "
                     "remove it when done. Choose another --checkpoint path, or pass --overwrite "
                     "to let it go");
  }
}

}  // namespace displace::pipeline
