#pragma once
// The HDF5 run file: netCDF-4/CF conventions so xarray.open_dataset and h5py read it directly.
// Written incrementally under "<path>.partial", renamed to <path> with a completion mark only when
// the run ends normally; an interrupted run never leaves a file that looks complete.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "displace/engine/records.hpp"

namespace displace::output {

/// Where the grid is (for CF coordinates x/y and the grid mapping).
struct RunGrid {
  std::string crs_wkt;
  double geotransform[6] = {0, 1, 0, 0, 0, -1};
  int width = 0;
  int height = 0;
  bool geographic = true;
};

/// Everything needed to reproduce and trust a run.
struct Provenance {
  std::string scenario_name;
  std::string scenario_yaml;  ///< the resolved scenario text
  std::uint64_t seed = 0;
  std::string engine_version;
  std::string git_revision;
  int threads = 1;
  int ranks = 1;
  std::string started_utc;                                        ///< ISO 8601
  std::vector<std::pair<std::string, std::string>> input_sha256;  ///< (path, hex digest)
};

struct RunWriterOptions {
  bool overwrite = false;  ///< replace an existing complete file at the path
  bool record_flows = true;
  /// >= 0: continue `<path>.partial`, which must hold exactly this many steps (a run restarted
  /// from a checkpoint); begin() then opens its variables instead of creating them.
  int resume_steps = -1;
};

/// A Recorder that writes the HDF5 run file. `step_dates` are ISO dates of each step's start.
class RunWriter final : public engine::Recorder {
 public:
  /// Throws InputError if the folder is missing/unwritable or the file exists without overwrite.
  RunWriter(std::filesystem::path path, RunGrid grid, std::vector<std::string> step_dates,
            Provenance provenance, RunWriterOptions options = {});
  ~RunWriter() override;  ///< removes the partial file unless end() completed
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  void begin(const engine::RunLayout& layout) override;
  void record_step(const engine::StepRecord& record) override;
  void record_map(const engine::MapRecord& record) override;
  void end(const engine::RunSummary& summary) override;  ///< completion mark + atomic rename

  const std::filesystem::path& path() const;

  /// Flushes and returns the bytes of the partial file as it is now (what a checkpoint embeds).
  std::vector<std::uint8_t> partial_file_bytes();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace displace::output
