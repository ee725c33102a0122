#pragma once
// Transitional, for app/src/calibrate.cpp alone (see inputs.hpp here): the output checks it used
// from app/ before they moved to pipeline/.
#include "displace/pipeline/output_paths.hpp"
#include "displace/pipeline/path_safety.hpp"

namespace displace::app {
using pipeline::check_output_path;
using pipeline::refuse_input_as_output;
using pipeline::same_file;
}  // namespace displace::app
