#pragma once
#include <string_view>

namespace displace {
/// Semantic version of the engine, e.g. "0.1.0".
std::string_view engine_version();
/// `git describe --always --dirty` when the library was built, or "unknown".
std::string_view git_revision();
}  // namespace displace
