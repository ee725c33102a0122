#pragma once
// The output sink's checks, made before any input is loaded or any step run: the run file's (or
// ensemble's, calibration's, forecast's) path and its checkpoint's can be written, their folders
// are made when missing, and nothing there is replaced that should not be.
#include <filesystem>
#include <string>

namespace displace::pipeline {

/// Fails before any input is loaded when the run could not be written anyway: no path, a folder
/// that cannot be created or is not writable, a device, FIFO, folder or symbolic link at the path,
/// or an existing file without `overwrite`. A missing output folder is created (with any missing
/// folders above it, as `mkdir -p`) when the nearest existing folder above it is writable.
void check_output_path(const std::filesystem::path& path, bool overwrite);

/// Fails before the run starts when its checkpoint could not be written or would replace what
/// is not a checkpoint: no file name, a folder that cannot be made (a missing one is made as
/// check_output_path does) or is not writable, a device, FIFO, folder or
/// symbolic link at the path, or an existing file that is not a displace checkpoint (without
/// `overwrite`). Inputs are refused apart, whatever the flags (refuse_input_as_output).
void check_checkpoint_path(const std::filesystem::path& path, bool overwrite);

/// Empty when `folder` exists or `check_output_path` would create it; else why it cannot be.
std::string output_folder_problem(const std::filesystem::path& folder);

}  // namespace displace::pipeline
