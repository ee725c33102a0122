#pragma once
// Transitional, for app/src/calibrate.cpp alone (being edited on main while inputs/ was made):
// the names it used from app/ before they moved to inputs/. Removed when calibrate.cpp includes
// displace/inputs/*.hpp itself.
#include "displace/inputs/simulation_inputs.hpp"

namespace displace::app {
using inputs::load_inputs;
using inputs::resolve_policies;
using inputs::SimulationInputs;
using inputs::with_hazard_curves;
}  // namespace displace::app
