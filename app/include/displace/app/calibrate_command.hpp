#pragma once
// `displace calibrate CALIBRATION.yaml [--overwrite] [--quiet] [--threads N] [--parallel MODE]`:
// wires the arguments to run_calibration (calibrate.hpp) and prints what it wrote.
#include <iosfwd>
#include <string>

namespace displace::app {

struct CalibrateRequest {
  std::string file;
  bool overwrite = false;
  bool quiet = false;
  int threads = 0;
  std::string parallel = "automatic";
};

int cmd_calibrate(const CalibrateRequest& request, std::ostream& out, std::ostream& err);

}  // namespace displace::app
