#include "displace/app/forecast_command.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <ostream>
#include <sstream>

#include "displace/app/cli.hpp"
#include "displace/app/forecast.hpp"
#include "displace/common/error.hpp"
#include "displace/scenario/load.hpp"
#include "displace/storms/atcf.hpp"

namespace displace::app {
namespace {

constexpr long long kMaxMembers = 100'000;
constexpr long long kMaxThreads = 1024;

long long whole_number(const std::string& text, const std::string& what, long long least,
                       long long most) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end || value < least || value > most) {
    throw InputError(what + ": expected a whole number from " + std::to_string(least) + " to " +
                     std::to_string(most) + ", got '" + text + "'");
  }
  return value;
}

std::vector<double> thresholds(const std::string& text) {
  std::vector<double> values;
  if (text.empty()) return values;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    double value = 0.0;
    const auto* end = item.data() + item.size();
    const auto result = std::from_chars(item.data(), end, value);
    if (result.ec != std::errc() || result.ptr != end || !std::isfinite(value) || value < 0.0) {
      throw InputError(
          "--exceed: expected people counts >= 0 separated by commas (e.g. "
          "1000,5000), got '" +
          text + "'");
    }
    values.push_back(value);
  }
  return values;
}

}  // namespace

int cmd_forecast(const ForecastArguments& arguments, std::ostream& out, std::ostream& err) {
  if (arguments.scenario.empty()) throw InputError("displace forecast: --scenario is required");
  if (arguments.to.empty()) throw InputError("displace forecast: --to DIR is required");
  ForecastRequest request;
  request.forecast_path = arguments.forecast;
  request.members = static_cast<int>(whole_number(arguments.members, "--members", 1, kMaxMembers));
  request.output_dir = std::filesystem::absolute(arguments.to);
  if (!arguments.seed.empty()) {
    request.seed = static_cast<std::uint64_t>(
        whole_number(arguments.seed, "--seed", 0, std::numeric_limits<long long>::max()));
  }
  if (!arguments.issue.empty()) {
    request.issue_time_s = storms::parse_issue_time(arguments.issue);
    if (!request.issue_time_s) {
      throw InputError("--issue: expected YYYYMMDDHH (e.g. 2017091812), got '" + arguments.issue +
                       "'");
    }
  }
  request.exceed_people = thresholds(arguments.exceed);
  request.history_path = arguments.history;
  if (!arguments.threads.empty()) {
    request.threads =
        static_cast<int>(whole_number(arguments.threads, "--threads", 1, kMaxThreads));
  }
  request.overwrite = arguments.overwrite;
  request.progress = !arguments.quiet;
  const auto scenario = scenario::load_scenario(arguments.scenario, arguments.overrides);
  if (!arguments.action.empty())
    request.action = scenario::load_scenario(arguments.action, arguments.overrides);
  std::ostringstream discard;
  std::ostream& log = arguments.quiet ? static_cast<std::ostream&>(discard) : err;
  const ForecastOutcome outcome = run_forecast(scenario, request, log);
  out << "forecast  " << outcome.storm << ", OFCL issued " << outcome.issue_time << ", "
      << outcome.forecast_points << " points\n"
      << "members   " << outcome.members << " (" << outcome.members_reaching_grid
      << " reach the grid) of scenario " << scenario.name << "\n"
      << "time      layers loaded in " << outcome.load_seconds << " s; member runs "
      << outcome.run_seconds << " s; " << outcome.wall_seconds << " s in all\n"
      << "output    " << outcome.ensemble_path.string() << "\n"
      << "summary   " << outcome.summary_path.string() << "\n"
      << "tracks    " << outcome.tracks_path.string() << "\n"
      << "report    " << outcome.report_path.string() << ", " << outcome.report_es_path.string()
      << "\n";
  if (request.action) {
    out << "action    " << outcome.action_path.string() << " (" << request.action->name
        << ", the same members)\n"
        << "avoided   " << outcome.action_summary_path.string() << "\n";
  }
  return kExitOk;
}

}  // namespace displace::app
