#pragma once
// `displace report RUN... --to REPORT.html [--lang en|es]`.
#include <iosfwd>
#include <string>
#include <vector>

namespace displace::app {

/// Writes the HTML report of `runs` to `to` in language `lang` ("en" or "es"). Returns the exit
/// code; throws InputError for bad arguments or files.
int cmd_report(const std::vector<std::string>& runs, const std::string& to, const std::string& lang,
               bool overwrite, std::ostream& out);

}  // namespace displace::app
