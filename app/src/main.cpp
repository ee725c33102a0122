// displace: command-line entry point. All logic lives in the libraries; see app/src/cli.cpp.
#include <iostream>
#include <string>
#include <vector>

#include "displace/app/cli.hpp"
#include "displace/app/ranks.hpp"

int main(int argc, char** argv) {
  displace::app::init_ranks(&argc, &argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  const int code = displace::app::run_cli(args, std::cout, std::cerr);
  displace::app::finalize_ranks();
  return code;
}
