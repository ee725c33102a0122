// displace_scenario_reference: prints the generated scenario reference (scenarios/REFERENCE.md),
// or with --calibration the calibration file reference (scenarios/CALIBRATION-REFERENCE.md).
// Regenerate with: displace_scenario_reference > scenarios/REFERENCE.md
//                  displace_scenario_reference --calibration > scenarios/CALIBRATION-REFERENCE.md
#include <iostream>
#include <string>

#include "displace/scenario/calibration.hpp"
#include "displace/scenario/load.hpp"

int main(int argc, char** argv) {
  const bool calibration = argc > 1 && std::string(argv[1]) == "--calibration";
  std::cout << (calibration ? displace::scenario::calibration_reference_markdown()
                            : displace::scenario::reference_markdown());
  return std::cout.good() ? 0 : 1;
}
