#pragma once
// What the report's HTML sections share: the page's language (its words, counts and dates), exact
// numbers for data attributes, and the whole page around the sections (report_html.cpp), so that
// the forecast's report (forecast_html.cpp) is today's report with its own section first.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "displace/report/text.hpp"

namespace displace::report {

struct ReportData;

/// Builds the page with the report's language.
class Page {
 public:
  explicit Page(Language language) : language_(language) {}
  std::string t(std::string_view id) const { return std::string(message(id, language_)); }
  std::string t(std::string_view id, const std::vector<std::string>& args) const {
    return fill(message(id, language_), args);
  }
  std::string count(double value) const { return format_count(value, language_); }
  std::string date(std::string_view iso) const { return format_date(iso, language_); }
  Language language() const { return language_; }

 private:
  Language language_;
};

/// `value` with every digit (for data-value attributes); "" for NaN.
inline std::string exact(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

inline std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : separator) + items[i];
  return out;
}

/// The whole report page of `data`, with `first_section` (HTML, may be empty) before the headline
/// figures.
std::string render_page(const ReportData& data, Language language,
                        const std::string& first_section);

/// Refuses to write a report to `to` when its folder is missing, it exists without `overwrite`,
/// it is not a regular file, or it is one of the `runs` read (InputError).
void check_report_path(const std::filesystem::path& to,
                       const std::vector<std::filesystem::path>& runs, bool overwrite);

}  // namespace displace::report
