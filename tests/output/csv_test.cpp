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

}  // namespace
}  // namespace displace::output
