#include "displace/app/report_command.hpp"

#include <filesystem>
#include <ostream>

#include "displace/report/report.hpp"

namespace displace::app {

int cmd_report(const std::vector<std::string>& runs, const std::string& to, const std::string& lang,
               bool overwrite, std::ostream& out) {
  const report::Language language = report::parse_language(lang);
  const std::vector<std::filesystem::path> files(runs.begin(), runs.end());
  report::write_report(files, to, language, overwrite);
  out << "wrote " << to << "\n";
  return 0;
}

}  // namespace displace::app
