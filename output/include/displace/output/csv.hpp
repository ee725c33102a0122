#pragma once
// CSV cells, written one way by every CSV displace writes (compare --csv, export --table):
// RFC 4180 quoting, numbers round-trip exactly, and a missing value (NaN) is an EMPTY cell, which
// Excel, LibreOffice and pandas all read as missing ("nan" would be read as text by spreadsheets).
// Text that a spreadsheet would run as a formula (a region named "=HYPERLINK(...)") is defused.
#include <string>
#include <string_view>

namespace displace::output {

/// Whether a spreadsheet would read `text` as a formula: it starts with = or @, a tab or CR, or
/// + or - and is not a number.
bool could_be_formula(std::string_view text);
/// `text` as one CSV field: quoted (with doubled quotes) if it holds a comma, quote or line break;
/// text a spreadsheet would run as a formula (could_be_formula) is quoted after a leading `'`
/// (OWASP's advice against CSV injection), which spreadsheets show as text.
std::string csv_field(std::string_view text);
/// `value` with 17 significant digits (reads back to the same double); NaN gives "" (missing).
std::string csv_number(double value);

}  // namespace displace::output
