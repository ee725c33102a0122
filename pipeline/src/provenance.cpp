#include "displace/pipeline/provenance.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "displace/common/sha256.hpp"
#include "displace/common/version.hpp"

namespace displace::pipeline {

output::RunGrid run_grid_of(const geo::GridDefinition& definition) {
  output::RunGrid grid;
  grid.crs_wkt = definition.crs_wkt;
  for (int i = 0; i < 6; ++i)
    grid.geotransform[i] = definition.geotransform[static_cast<std::size_t>(i)];
  grid.width = definition.width;
  grid.height = definition.height;
  grid.geographic = definition.geographic;
  return grid;
}

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::ostringstream out;
  out << std::put_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  return out.str();
}

output::Provenance make_provenance(const scenario::Scenario& scenario, int threads,
                                   const std::vector<std::string>& input_files) {
  output::Provenance provenance;
  provenance.scenario_name = scenario.name;
  provenance.scenario_yaml = scenario.resolved_yaml;
  provenance.seed = scenario.seed;
  provenance.engine_version = std::string(engine_version());
  provenance.git_revision = std::string(git_revision());
  provenance.threads = threads;
  provenance.ranks = 1;
  provenance.started_utc = utc_now_iso();
  for (const auto& file : input_files) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(file, ec)) {
      provenance.input_sha256.emplace_back(file, sha256_file_hex(file));
    }
  }
  return provenance;
}

}  // namespace displace::pipeline
