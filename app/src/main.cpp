// displace: command-line entry point. All logic lives in the libraries; see app/src/cli.cpp.
#include <iostream>
#include <string>
#include <vector>

#include "displace/app/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return displace::app::run_cli(args, std::cout, std::cerr);
}
