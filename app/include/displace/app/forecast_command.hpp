#pragma once
// `displace forecast FORECAST --scenario base.yaml --members N --to DIR [--seed S]
// [--issue YYYYMMDDHH] [--exceed PEOPLE,...] [--history TRACKS] [--action ACTION.yaml]
// [--threads N] [--overwrite] [--quiet]`: a displacement forecast with ranges from a track
// forecast. The work is in forecast.hpp (and storms/); this parses the arguments and prints what
// was written.
#include <iosfwd>
#include <string>
#include <vector>

namespace displace::app {

struct ForecastArguments {
  std::string forecast;  ///< ATCF a-deck or plain CSV
  std::string scenario;
  std::vector<std::string> overrides;  ///< --set key=value
  std::string members = "50";
  std::string to;
  std::string seed;     ///< "" = the scenario's
  std::string issue;    ///< "" = the latest OFCL forecast of the file
  std::string exceed;   ///< "1000,5000" (people)
  std::string history;  ///< "" = none
  std::string action;   ///< "" = none: a scenario with an anticipatory action
  std::string threads;  ///< "" = the scenario's
  bool overwrite = false;
  bool quiet = false;
};

int cmd_forecast(const ForecastArguments& arguments, std::ostream& out, std::ostream& err);

}  // namespace displace::app
