#pragma once
// What `validate` checks beyond the scenario file, so that a scenario that validates does not
// fail `run` for an input reason: every layer file opens, has its bands, a CRS, georeferencing and
// overlaps the grid (metadata only: no raster is read whole); climate series cover the run;
// admin codes named by policies exist on the grid; shelters and sites lie on it; the output
// folder exists or can be created, is writable and the output is not an input; the grid fits in
// memory.
#include <string>
#include <vector>

#include "displace/inputs/timeline.hpp"
#include "displace/scenario/scenario.hpp"

namespace displace::app {

/// Every input problem of `scenario`, one message each (naming the layer, file or key); empty
/// when `run` would find none of these.
/// Notes that are no problem (an output folder that `run` will create) go to `notes` when given.
std::vector<std::string> check_inputs(const scenario::Scenario& scenario,
                                      const inputs::Timeline& timeline,
                                      std::vector<std::string>* notes = nullptr);

}  // namespace displace::app
