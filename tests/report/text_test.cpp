// The report's two languages come from one message table: every message has both texts, with the
// same placeholders; numbers and dates are written as each language writes them.
#include "displace/report/text.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "displace/common/error.hpp"

namespace displace::report {
namespace {

std::multiset<std::string> placeholders(std::string_view text) {
  std::multiset<std::string> found;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '{' && text[i + 2] == '}') found.insert(std::string(text.substr(i, 3)));
  }
  return found;
}

TEST(ReportText, EveryMessageHasBothLanguagesWithTheSamePlaceholders) {
  const auto ids = message_ids();
  const auto texts = message_texts();
  ASSERT_EQ(ids.size(), texts.size());
  ASSERT_GT(ids.size(), 50u);
  std::set<std::string_view> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "a message id appears twice";
  std::size_t different = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& [en, es] = texts[i];
    EXPECT_FALSE(en.empty()) << ids[i];
    EXPECT_FALSE(es.empty()) << ids[i];
    EXPECT_EQ(placeholders(en), placeholders(es)) << ids[i];
    if (en != es) ++different;
  }
  // Only a few words are the same in both (e.g. "Total"); a copy-pasted English text would show.
  EXPECT_GE(different, ids.size() - 2);
}

TEST(ReportText, UnknownMessageOrLanguageIsAnError) {
  EXPECT_THROW((void)message("no.such.message", Language::en), Error);
  EXPECT_THROW((void)parse_language("fr"), InputError);
  EXPECT_EQ(parse_language("es"), Language::es);
}

TEST(ReportText, CountsAreGroupedAsEachLanguageWritesThem) {
  EXPECT_EQ(format_count(1234567.4, Language::en), "1,234,567");
  EXPECT_EQ(format_count(1234567.4, Language::es), "1\u202f234\u202f567");
  EXPECT_EQ(format_count(2458, Language::es), "2458");  // RAE: four digits stay together
  EXPECT_EQ(format_count(12345, Language::es), "12\u202f345");
  EXPECT_EQ(format_count(999, Language::en), "999");
  EXPECT_EQ(format_count(-4500, Language::en), "\u22124,500");
  EXPECT_EQ(format_count(-0.2, Language::en), "0");
  EXPECT_EQ(format_decimal(3.5, 1, Language::es), "3,5");
  EXPECT_EQ(format_decimal(1234.5, 1, Language::en), "1,234.5");
  EXPECT_EQ(format_change_percent(-0.14, Language::en), "\u221214.0%");
  EXPECT_EQ(format_change_percent(0.255, Language::es), "+25,5\u00a0%");
}

TEST(ReportText, DatesInWords) {
  EXPECT_EQ(format_date("2017-09-20", Language::en), "20 September 2017");
  EXPECT_EQ(format_date("2017-09-20", Language::es), "20 de septiembre de 2017");
  EXPECT_EQ(format_date("2017", Language::es), "2017");
}

TEST(ReportText, FillReplacesNumberedPlaceholders) {
  EXPECT_EQ(fill("{1} of {0} ({0})", {"a", "b"}), "b of a (a)");
  EXPECT_EQ(fill("{5} stays", {"a"}), "{5} stays");
}

}  // namespace
}  // namespace displace::report
