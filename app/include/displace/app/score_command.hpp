#pragma once
// `displace score RUN OBSERVATIONS [--csv] [--targets id,id] [--events id,id] [--design N]`: a run
// (or an ensemble file) against observed targets. The work is in evaluation/; this only wires the
// arguments.
#include <iosfwd>
#include <optional>
#include <string>

namespace displace::app {

struct ScoreRequest {
  std::string run;
  std::string observations;
  bool csv = false;
  std::string targets;                ///< --targets: comma-separated ids ("" = every target)
  std::string events;                 ///< --events: comma-separated event ids ("" = every event)
  std::optional<std::string> design;  ///< --design N for an ensemble with several design groups
};

int cmd_score(const ScoreRequest& request, std::ostream& out);

}  // namespace displace::app
