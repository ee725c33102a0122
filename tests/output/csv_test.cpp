// The one CSV cell writer (displace/output/csv.hpp) that compare --csv and export --table share.
#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

#include "displace/output/csv.hpp"

namespace displace::output {
namespace {

TEST(Csv, MissingValueIsAnEmptyCell) {
  EXPECT_EQ(csv_number(std::numeric_limits<double>::quiet_NaN()), "");
}

TEST(Csv, NumbersReadBackExactly) {
  for (const double v : {0.0, -0.0, 1.0, 0.1, 1.0 / 3.0, 123456789.125, 1e-300, -2.5e17}) {
    const std::string text = csv_number(v);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
  }
  EXPECT_EQ(csv_number(42.0), "42");
}

TEST(Csv, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("PR-Adjuntas"), "PR-Adjuntas");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("Mayagüez, PR"), "\"Mayagüez, PR\"");
  EXPECT_EQ(csv_field("the \"north\""), "\"the \"\"north\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rlf"), "\"cr\rlf\"");
}

// CSV injection (issue 31, item 5): every CSV displace writes (compare --csv, export --table,
// score --csv) goes through csv_field, so a region, place or event named like a formula reaches a
// spreadsheet as text.
TEST(Csv, TextThatASpreadsheetWouldRunAsAFormulaIsDefused) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("+cmd"), "\"'+cmd\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("\t=1"), "\"'\t=1\"");
  // Numbers, and text with the characters further in, are left alone.
  EXPECT_EQ(csv_field("-5"), "-5");
  EXPECT_EQ(csv_field("+1.5e3"), "+1.5e3");
  EXPECT_EQ(csv_field("a=b"), "a=b");
  EXPECT_EQ(csv_field("PR-Adjuntas"), "PR-Adjuntas");
}

}  // namespace
}  // namespace displace::output
