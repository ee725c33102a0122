#include "displace/app/progress.hpp"

#include <algorithm>

namespace displace::app {

ProgressSchedule::ProgressSchedule(int total, double max_quiet_seconds)
    : total_(std::max(1, total)), max_quiet_seconds_(max_quiet_seconds) {}

bool ProgressSchedule::due(int done, double elapsed_seconds) {
  const int tenth = static_cast<int>(static_cast<long long>(done) * 10 / total_);
  const bool next_tenth = tenth > last_tenth_;
  const bool quiet_too_long = elapsed_seconds - last_seconds_ >= max_quiet_seconds_;
  if (!next_tenth && !quiet_too_long) return false;
  last_tenth_ = tenth;
  last_seconds_ = elapsed_seconds;
  return true;
}

}  // namespace displace::app
