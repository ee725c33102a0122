#pragma once
// Ensembles: many members of one scenario (own seeds), a parameter sweep and a paired
// counterfactual, with the layers loaded once per variant and one ensemble file as the result.
#include <filesystem>
#include <iosfwd>

#include "displace/app/run.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::app {

struct EnsembleOutcome {
  std::filesystem::path output_path;
  int members_per_design = 0;
  int designs = 0;  ///< sweep points x variants
  int runs = 0;     ///< designs x members
  int threads = 0;
  int ranks = 1;                          ///< MPI ranks that shared the member runs
  std::int64_t households_simulated = 0;  ///< per run
  double load_seconds = 0.0;              ///< loading and aligning the layers (once per variant)
  double run_seconds = 0.0;               ///< all member runs, their run files included
  double merge_seconds = 0.0;             ///< writing the ensemble file
  double wall_seconds = 0.0;
};

/// Whether a run request asks for an ensemble (the scenario's `ensemble:` block or --members).
bool wants_ensemble(const scenario::Scenario& scenario, const RunRequest& request);

/// Runs every member of every design group and writes the ensemble file
/// (output/ensemble_file.hpp). Member runs go to a temporary folder next to the output, removed
/// at the end. Throws InputError for a counterfactual whose grid, regions or time differ.
EnsembleOutcome run_ensemble(const scenario::Scenario& scenario, const RunRequest& request,
                             std::ostream& log);

}  // namespace displace::app
