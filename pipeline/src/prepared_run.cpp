#include "displace/pipeline/prepared_run.hpp"

#include <utility>

#include "displace/inputs/size_check.hpp"
#include "displace/pipeline/provenance.hpp"

namespace displace::pipeline {

PreparedRun prepare_run(scenario::Scenario scenario) {
  inputs::Timeline timeline(scenario.time);
  inputs::SimulationInputs loaded = inputs::load_inputs(scenario, timeline);
  output::RunGrid grid = run_grid_of(loaded.grid);
  return PreparedRun{std::move(scenario), std::move(timeline), std::move(loaded), std::move(grid)};
}

void report_and_check_size(const PreparedRun& prepared, std::ostream& log, std::ostream& warnings) {
  inputs::print_notes(prepared.inputs.notes, log, warnings);
  const auto& synthesis = prepared.scenario.model.synthesis;
  inputs::check_run_size(inputs::estimate_run_size(*prepared.inputs.landscape, synthesis),
                         synthesis, log);
}

}  // namespace displace::pipeline
