#include "term_signal.hpp"

#include <cstdlib>
#include <string>

namespace displace::app::detail {

namespace {

volatile std::sig_atomic_t g_term_requested = 0;

extern "C" void on_term_signal(int /*signal*/) {
  g_term_requested = 1;
}

}  // namespace

bool term_requested() {
  return g_term_requested != 0;
}

TermSignalGuard::TermSignalGuard() : previous_(std::signal(SIGTERM, on_term_signal)) {
  g_term_requested = 0;
}

TermSignalGuard::~TermSignalGuard() {
  std::signal(SIGTERM, previous_);
}

FaultInjection fault_injection(const char* variable) {
  FaultInjection fault;
  const char* text = std::getenv(variable);
  if (text == nullptr) return fault;
  const std::string value = text;
  const auto colon = value.find(':');
  if (colon == std::string::npos) return fault;
  const std::string name = value.substr(colon + 1);
  fault.signal = name == "KILL" ? SIGKILL : name == "TERM" ? SIGTERM : 0;
  if (fault.signal != 0) fault.after = std::atoll(value.substr(0, colon).c_str());
  return fault;
}

}  // namespace displace::app::detail
