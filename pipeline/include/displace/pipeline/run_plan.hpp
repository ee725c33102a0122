#pragma once
// A run plan: how one run of a prepared run goes — its seed, its maps, and its output sink (the
// run file, whether it may replace one, whether it records flows) — and the one place where the
// engine's RunOptions and the writer's options are made from it. `run_to_file` is the member run
// shared by ensembles and forecasts.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "displace/engine/landscape.hpp"
#include "displace/engine/parameters.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/run_writer.hpp"
#include "displace/pipeline/prepared_run.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::pipeline {

struct RunPlan {
  std::uint64_t seed = 1;
  int map_every_steps = 0;  ///< gridded stocks every N steps (and at the last step); 0 = never
  std::filesystem::path output_path;
  bool overwrite = false;     ///< replace a complete run file at output_path
  bool record_flows = false;  ///< the run file records the origin-destination flows
};

/// The plan the scenario file gives: its seed, outputs.map_every_steps, outputs.path and
/// outputs.record_flows (overwrite off).
RunPlan plan_of(const scenario::Scenario& scenario);

/// The engine's options for a run of `plan` on `timeline`.
engine::RunOptions run_options(const inputs::Timeline& timeline, const RunPlan& plan);

/// The run writer's options for `plan` (a new file: no resumed steps).
output::RunWriterOptions writer_options(const RunPlan& plan);

/// One run of `landscape`, `model` and `policies` on `prepared`'s grid and calendar, written to
/// plan.output_path with `provenance` (its seed set to plan.seed). Returns the households
/// simulated. Throws InputError for a run that synthesises no household.
std::int64_t run_to_file(const PreparedRun& prepared,
                         std::shared_ptr<const engine::Landscape> landscape,
                         const engine::ModelParameters& model,
                         const std::vector<engine::Policy>& policies, const RunPlan& plan,
                         output::Provenance provenance);

}  // namespace displace::pipeline
