#include "displace/pipeline/run_plan.hpp"

#include <utility>

#include "displace/engine/simulation.hpp"
#include "displace/inputs/size_check.hpp"

namespace displace::pipeline {

RunPlan plan_of(const scenario::Scenario& scenario) {
  RunPlan plan;
  plan.seed = scenario.seed;
  plan.map_every_steps = scenario.output.map_every_steps;
  plan.output_path = scenario.output.path;
  plan.record_flows = scenario.output.record_flows;
  return plan;
}

engine::RunOptions run_options(const inputs::Timeline& timeline, const RunPlan& plan) {
  engine::RunOptions options;
  options.seed = plan.seed;
  options.step_count = timeline.step_count();
  options.step_length_years = timeline.step_length_years();
  options.map_every_steps = plan.map_every_steps;
  return options;
}

output::RunWriterOptions writer_options(const RunPlan& plan) {
  output::RunWriterOptions options;
  options.overwrite = plan.overwrite;
  options.record_flows = plan.record_flows;
  return options;
}

std::int64_t run_to_file(const PreparedRun& prepared,
                         std::shared_ptr<const engine::Landscape> landscape,
                         const engine::ModelParameters& model,
                         const std::vector<engine::Policy>& policies, const RunPlan& plan,
                         output::Provenance provenance) {
  provenance.seed = plan.seed;
  output::RunWriter writer(plan.output_path, prepared.grid, prepared.timeline.step_dates_iso(),
                           std::move(provenance), writer_options(plan));
  engine::Simulation simulation(std::move(landscape), model, policies,
                                run_options(prepared.timeline, plan));
  const std::int64_t households = simulation.household_count();
  if (households == 0) throw inputs::no_households_error(model.synthesis);
  simulation.run(writer);
  return households;
}

}  // namespace displace::pipeline
