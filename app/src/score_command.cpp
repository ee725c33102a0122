#include "displace/app/score_command.hpp"

#include <charconv>
#include <ostream>

#include "displace/app/cli.hpp"
#include "displace/common/error.hpp"
#include "displace/evaluation/observations.hpp"
#include "displace/evaluation/score_report.hpp"
#include "displace/evaluation/score_run.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {

namespace {

std::vector<std::string> comma_list(const std::string& text, const std::string& option) {
  std::vector<std::string> items;
  std::string rest = text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string item = rest.substr(0, comma);
    if (item.empty()) throw InputError(option + ": an empty item in '" + text + "'");
    items.push_back(item);
    if (comma == std::string::npos) break;
    rest = rest.substr(comma + 1);
  }
  return items;
}

}  // namespace

int cmd_score(const ScoreRequest& request, std::ostream& out) {
  std::vector<evaluation::Target> targets = evaluation::read_targets(request.observations);
  if (!request.events.empty()) {
    targets = evaluation::select_events(targets, comma_list(request.events, "--events"));
  }
  if (!request.targets.empty()) {
    targets = evaluation::select_targets(targets, comma_list(request.targets, "--targets"));
  }
  std::optional<int> design;
  if (request.design) {
    int value = -1;
    const std::string& text = *request.design;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() || value < 0) {
      throw InputError("--design: expected a design group number (0, 1, ...), got '" + text + "'");
    }
    design = value;
  }
  const output::RunReader run(request.run);
  const evaluation::ScoreTable table = evaluation::score_run(run, targets, design);
  if (request.csv) {
    evaluation::write_score_csv(table, out);
  } else {
    out << "observed  " << request.observations << "\n";
    evaluation::print_score(table, out);
  }
  return kExitOk;
}

}  // namespace displace::app
