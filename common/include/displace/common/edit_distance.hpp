#pragma once
// Levenshtein edit distance, for "did you mean" suggestions (scenario keys, subcommands, storm
// names). One copy for every module.
#include <cstddef>
#include <string_view>

namespace displace {

/// The number of single-character insertions, deletions and substitutions that turn a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace displace
