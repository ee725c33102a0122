#pragma once
// Private to evaluation/: how the score and fit reports print a number.
#include <array>
#include <cstdio>
#include <string>

namespace displace::evaluation::detail {

enum class NumberStyle { whole, significant3, significant4, signed2, percent, exact };

inline std::string number_text(NumberStyle style, double value) {
  std::array<char, 64> text{};
  switch (style) {
    case NumberStyle::whole:
      std::snprintf(text.data(), text.size(), "%.0f", value);
      break;
    case NumberStyle::significant3:
      std::snprintf(text.data(), text.size(), "%.3g", value);
      break;
    case NumberStyle::significant4:
      std::snprintf(text.data(), text.size(), "%.4g", value);
      break;
    case NumberStyle::signed2:
      std::snprintf(text.data(), text.size(), "%+.2f", value);
      break;
    case NumberStyle::percent:
      std::snprintf(text.data(), text.size(), "%.0f %%", 100.0 * value);
      break;
    case NumberStyle::exact:
      std::snprintf(text.data(), text.size(), "%.17g", value);
      break;
  }
  return text.data();
}

}  // namespace displace::evaluation::detail
