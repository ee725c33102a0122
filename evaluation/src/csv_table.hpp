#pragma once
// A CSV file as rows of fields, each field with the line and column it starts at (RFC 4180
// quoting; '#' comment lines and blank lines skipped; unquoted fields trimmed of spaces).
#include <string>
#include <string_view>
#include <vector>

namespace displace::evaluation::csv {

struct Field {
  std::string text;
  int line = 0;
  int column = 0;  ///< 1-based, in characters (UTF-8 code points)
};

struct Row {
  int line = 0;
  int end_column = 0;  ///< column just past the row's last character (for "missing field")
  std::vector<Field> fields;
};

/// Splits `text` into rows. Throws InputError "FILE:LINE:COLUMN: ..." for an unterminated quote
/// or a character after a closing quote.
std::vector<Row> parse(std::string_view text, const std::string& file_name);

/// "FILE:LINE:COLUMN: " (or "FILE:LINE: " when column is 0).
std::string where(const std::string& file_name, int line, int column);

}  // namespace displace::evaluation::csv
