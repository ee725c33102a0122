#include "csv_table.hpp"

#include "displace/common/error.hpp"

namespace displace::evaluation::csv {

std::string where(const std::string& file_name, int line, int column) {
  std::string text = file_name;
  text += ':';
  text += std::to_string(line);
  if (column > 0) {
    text += ':';
    text += std::to_string(column);
  }
  text += ": ";
  return text;
}

namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

class Scanner {
 public:
  Scanner(std::string_view text, const std::string& file_name) : text_(text), file_(file_name) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 byte-order mark
  }

  std::vector<Row> rows() {
    std::vector<Row> rows;
    while (pos_ < text_.size()) {
      if (at_line_start_skippable()) continue;
      rows.push_back(row());
    }
    return rows;
  }

 private:
  char peek() const { return text_[pos_]; }
  bool done() const { return pos_ >= text_.size(); }
  bool at_end_of_line() const { return done() || peek() == '\n' || peek() == '\r'; }

  void advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (c == '\r') {
      if (!done() && peek() == '\n') ++pos_;
      ++line_;
      column_ = 1;
    } else if (!is_continuation(c)) {
      ++column_;
    }
  }

  void skip_line() {
    while (!at_end_of_line())
      advance();
    if (!done()) advance();
  }

  /// Skips a comment line or a blank line at the start of a row; true when it did.
  bool at_line_start_skippable() {
    std::size_t probe = pos_;
    while (probe < text_.size() && (text_[probe] == ' ' || text_[probe] == '\t'))
      ++probe;
    if (probe >= text_.size() || text_[probe] == '\n' || text_[probe] == '\r' ||
        text_[probe] == '#') {
      skip_line();
      return true;
    }
    return false;
  }

  Row row() {
    Row row;
    row.line = line_;
    while (true) {
      row.fields.push_back(field());
      if (at_end_of_line()) {
        row.end_column = column_;
        if (!done()) advance();
        return row;
      }
      advance();  // the comma
    }
  }

  Field field() {
    while (!done() && (peek() == ' ' || peek() == '\t'))
      advance();
    Field field;
    field.line = line_;
    field.column = column_;
    if (!done() && peek() == '"') {
      const int quote_line = line_;
      const int quote_column = column_;
      advance();
      while (true) {
        if (done()) {
          throw InputError(where(file_, quote_line, quote_column) +
                           "quoted field is never closed (a '\"' is missing)");
        }
        const char c = peek();
        if (c == '"') {
          advance();
          if (!done() && peek() == '"') {
            field.text += '"';
            advance();
            continue;
          }
          break;
        }
        field.text += c;
        advance();
      }
      while (!done() && (peek() == ' ' || peek() == '\t'))
        advance();
      if (!at_end_of_line() && peek() != ',') {
        throw InputError(where(file_, line_, column_) +
                         "unexpected character after a closing quote (expected ',' or the end "
                         "of the line)");
      }
      return field;
    }
    std::string raw;
    while (!at_end_of_line() && peek() != ',') {
      if (peek() == '"') {
        throw InputError(where(file_, line_, column_) +
                         "a '\"' inside an unquoted field (quote the whole field and double "
                         "the quote)");
      }
      raw += peek();
      advance();
    }
    field.text = trim(raw);
    return field;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Row> parse(std::string_view text, const std::string& file_name) {
  return Scanner(text, file_name).rows();
}

}  // namespace displace::evaluation::csv
