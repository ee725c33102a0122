#pragma once
// CSV cells, written one way by every CSV displace writes (compare --csv, export --table):
// RFC 4180 quoting, numbers round-trip exactly, and a missing value (NaN) is an EMPTY cell, which
// Excel, LibreOffice and pandas all read as missing ("nan" would be read as text by spreadsheets).
#include <string>
#include <string_view>

namespace displace::output {

/// `text` as one CSV field: quoted (with doubled quotes) if it holds a comma, quote or line break.
std::string csv_field(std::string_view text);
/// `value` with 17 significant digits (reads back to the same double); NaN gives "" (missing).
std::string csv_number(double value);

}  // namespace displace::output
