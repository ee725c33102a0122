#pragma once
// A prepared run: a validated scenario with everything a run of it needs before its first step,
// loaded once and shared by the runs made from it (a single run, every member of an ensemble, the
// members of a forecast): its calendar, its layers aligned onto the simulation grid with the
// policies resolved, and the grid as the run file records it.
#include <iosfwd>

#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/run_writer.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::pipeline {

struct PreparedRun {
  scenario::Scenario scenario;
  inputs::Timeline timeline;
  inputs::SimulationInputs inputs;
  output::RunGrid grid;  ///< inputs.grid as the run file records it
};

/// Loads and aligns every layer of `scenario` on its calendar. Throws InputError naming the layer
/// and file (inputs::load_inputs).
PreparedRun prepare_run(scenario::Scenario scenario);

/// Prints the inputs' notes (warnings on `warnings`, the others on `log`) and the run's size on
/// `log`, then refuses (InputError) a run that would simulate nobody or not fit in memory
/// (inputs::check_run_size).
void report_and_check_size(const PreparedRun& prepared, std::ostream& log, std::ostream& warnings);

}  // namespace displace::pipeline
