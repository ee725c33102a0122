#include "displace/output/csv.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace displace::output {

namespace {

/// Whether the whole of `text` is a number (strtod reads all of it): "-5", "+1.5e3".
bool is_number(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return end != copy.c_str() && *end == '\0';
}

}  // namespace

bool could_be_formula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return !is_number(text);
    default:
      return false;
  }
}

std::string csv_field(std::string_view text) {
  // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula
  // (CSV injection): such text gets a leading ' and quotes, as OWASP recommends; numbers stay.
  const bool formula = could_be_formula(text);
  if (!formula && text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = formula ? "\"'" : "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace displace::output
