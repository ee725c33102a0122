#pragma once
// Transitional, for app/src/calibrate.cpp alone (see inputs.hpp here).
#include "displace/inputs/timeline.hpp"

namespace displace::app {
using inputs::Timeline;
}  // namespace displace::app
