#pragma once
// Outputs never overwrite inputs: a run file, checkpoint or export that resolves (through
// relative paths, `..` and symbolic links) to the scenario, a layer file or the run being
// exported is refused before anything is written.
#include <filesystem>
#include <string>

#include "displace/scenario/scenario.hpp"

namespace displace::pipeline {

/// Whether `a` and `b` name the same file: the same inode when both exist, else the same
/// normalised absolute path.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// Throws InputError ("<output>: the <what> would overwrite <input> ...") when `output` is the
/// scenario file, a file of its `extends` chain, any layer file of `scenario` or any other file
/// in `scenario.source_files`, whatever the flags (--overwrite never replaces an input).
void refuse_input_as_output(const std::filesystem::path& output, const std::string& what,
                            const scenario::Scenario& scenario);

}  // namespace displace::pipeline
