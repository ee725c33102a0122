#pragma once
// What a run file records about where it came from: the simulation grid as the file stores it,
// and the provenance (resolved scenario, seed, versions, threads, start time, input digests).
// Shared by every run path (run, ensemble, calibrate, forecast).
#include <string>
#include <vector>

#include "displace/geo/grid.hpp"
#include "displace/output/run_writer.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::pipeline {

/// The simulation grid as the run file records it.
output::RunGrid run_grid_of(const geo::GridDefinition& grid);

/// Now, in UTC, as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now_iso();

/// Provenance of a run of `scenario` (resolved text, seed, versions, threads, start time) with the
/// SHA-256 of every input file that is a regular file.
output::Provenance make_provenance(const scenario::Scenario& scenario, int threads,
                                   const std::vector<std::string>& input_files);

}  // namespace displace::pipeline
