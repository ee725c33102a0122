// displace: command-line entry point. All logic lives in the libraries; see app/src/cli.cpp.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "displace/app/cli.hpp"
#include "displace/app/ranks.hpp"

int main(int argc, char** argv) {
  displace::app::init_ranks(&argc, &argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  int code = displace::app::run_cli(args, std::cout, std::cerr);
  // Results on stdout count only once written: `displace compare ... > /dev/full` or a closed
  // pipe must not end in success.
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    const int error = errno;
    std::cerr << "displace: error: cannot write the results to standard output"
              << (error != 0 ? std::string(": ") + std::strerror(error) : std::string()) << "\n";
    if (code == displace::app::kExitOk) code = displace::app::kExitFailure;
  }
  displace::app::finalize_ranks();
  return code;
}
