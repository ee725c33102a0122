// displace_scenario_reference: prints the generated scenario reference (scenarios/REFERENCE.md).
// Regenerate with: displace_scenario_reference > scenarios/REFERENCE.md
#include <iostream>

#include "displace/scenario/load.hpp"

int main() {
  std::cout << displace::scenario::reference_markdown();
  return std::cout.good() ? 0 : 1;
}
