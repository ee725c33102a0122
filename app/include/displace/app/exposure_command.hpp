#pragma once
// `displace exposure SCENARIO [--thresholds V,V...] [--csv] [--set key=value]...`: the scenario's
// inputs loaded as `run` loads them, no simulation; for every wind event (storm_track storms and
// wind rasters alike), per region, the people and households whose place (cell x sub-grid
// exposure slot) has a peak wind at or above each threshold. The counting is
// engine::event_exposure; this wires the arguments and writes the table.
#include <ostream>
#include <string>
#include <vector>

namespace displace::app {

struct ExposureRequest {
  std::string scenario;                          ///< the scenario file
  std::vector<std::string> overrides;            ///< --set key=value
  std::string thresholds = "18,25,33,42,50,58";  ///< --thresholds, m/s, comma-separated
  bool csv = false;
};

/// Thresholds from "V,V,...": finite, > 0 and strictly increasing, else InputError naming
/// --thresholds (exit 2).
std::vector<double> parse_thresholds(const std::string& text);

/// Prints the table (text, or CSV `event,region,threshold_m_s,people_exposed,households_exposed,
/// people_total`) on `out`; the inputs' notes and warnings go to `err` as `run` prints them.
/// Throws InputError on bad arguments or inputs.
int cmd_exposure(const ExposureRequest& request, std::ostream& out, std::ostream& err);

}  // namespace displace::app
