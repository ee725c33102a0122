#pragma once
// The report's words and number formats in English and Spanish. Every sentence of the report is a
// message id with both texts in one table (report/src/text.cpp), so the two languages cannot drift.
#include <string>
#include <string_view>
#include <vector>

namespace displace::report {

enum class Language { en, es };

/// "en" or "es"; throws InputError naming the value otherwise.
Language parse_language(std::string_view text);
/// "en" / "es" (the HTML lang attribute).
std::string_view language_code(Language language);

/// The text of message `id` in `language`. Throws Error for an unknown id (a programming error).
std::string_view message(std::string_view id, Language language);
/// Every message id (for the test that each has both texts).
std::vector<std::string_view> message_ids();
/// The English and the Spanish text of every message, in table order.
std::vector<std::pair<std::string_view, std::string_view>> message_texts();

/// `pattern` with {0}, {1}, ... replaced by `args`.
std::string fill(std::string_view pattern, const std::vector<std::string>& args);

/// A count rounded to a whole number with thousands grouped as the language writes them:
/// "1,234,567" (en); "1 234 567" with narrow no-break spaces (es, RAE: four digits stay "1234").
/// NaN gives "–".
std::string format_count(double value, Language language);
/// A number with `decimals` decimals: "3.5" (en), "3,5" (es), grouped like format_count.
std::string format_decimal(double value, int decimals, Language language);
/// A signed change in percent, one decimal: "+12.5%" (en), "+12,5 %" (es); minus is U+2212.
std::string format_change_percent(double fraction, Language language);
/// An ISO date (YYYY-MM-DD) in words: "1 September 2017" / "1 de septiembre de 2017"; other text
/// is returned unchanged.
std::string format_date(std::string_view iso_date, Language language);

}  // namespace displace::report
