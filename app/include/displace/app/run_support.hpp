#pragma once
// Pieces shared by single runs and ensembles: the run file's grid and provenance.
#include <string>
#include <vector>

#include "displace/geo/grid.hpp"
#include "displace/output/run_writer.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::app {

/// The simulation grid as the run file records it.
output::RunGrid run_grid_of(const geo::GridDefinition& grid);

/// Provenance of a run of `scenario` (resolved text, seed, versions, threads, start time) with the
/// SHA-256 of every input file that is a regular file.
output::Provenance make_provenance(const scenario::Scenario& scenario, int threads,
                                   const std::vector<std::string>& input_files);

}  // namespace displace::app
