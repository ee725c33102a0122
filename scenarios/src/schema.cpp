#include "schema.hpp"

#include <system_error>

namespace displace::scenario::detail {

Range any_value() {
  return Range::any();
}
Range at_least(double min) {
  return Range::at_least(min);
}
Range above(double min) {
  return Range::above(min);
}
Range between(double min, double max) {
  return Range::between(min, max);
}

std::string join_path(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  if (key.empty()) return std::string(prefix);
  std::string path(prefix);
  path += '.';
  path += key;
  return path;
}

std::string join_words(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) text += separator;
    text += words[i];
  }
  return text;
}

namespace {
bool expect_scalar(const Node& node, const std::string& path, std::string_view what,
                   Problems& problems) {
  if (node.kind == Node::Kind::scalar) return true;
  problems.add(node.origin, path,
               "expected " + std::string(what) + ", found a " + std::string(kind_name(node.kind)));
  return false;
}
}  // namespace

std::optional<double> read_number(const Node& node, const std::string& path, const Range& range,
                                  Problems& problems) {
  if (!expect_scalar(node, path, "a number", problems)) return std::nullopt;
  const auto value = parse_number(node.scalar);
  if (!value) {
    // "3,3": a decimal comma (as Spanish, French, German write numbers).
    std::string with_point = node.scalar;
    const auto comma = with_point.find(',');
    std::string hint;
    if (comma != std::string::npos && comma > 0 &&
        with_point.find(',', comma + 1) == std::string::npos) {
      with_point[comma] = '.';
      if (parse_number(with_point))
        hint.append(" (numbers use a decimal point: write '").append(with_point).append("')");
    }
    problems.add(node.origin, path, "expected a number, found '" + node.scalar + "'" + hint);
    return std::nullopt;
  }
  if (!range.contains(*value)) {
    problems.add(node.origin, path,
                 "value " + node.scalar + " is out of range (allowed: " + range.describe() + ")");
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> read_integer(const Node& node, const std::string& path,
                                         const Range& range, Problems& problems) {
  if (!expect_scalar(node, path, "a whole number", problems)) return std::nullopt;
  const auto value = parse_integer(node.scalar);
  if (!value) {
    problems.add(node.origin, path, "expected a whole number, found '" + node.scalar + "'");
    return std::nullopt;
  }
  if (!range.contains(static_cast<double>(*value))) {
    problems.add(node.origin, path,
                 "value " + node.scalar + " is out of range (allowed: " + range.describe() + ")");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> read_boolean(const Node& node, const std::string& path, Problems& problems) {
  if (!expect_scalar(node, path, "true or false", problems)) return std::nullopt;
  const auto value = parse_boolean(node.scalar);
  if (!value)
    problems.add(node.origin, path, "expected true or false, found '" + node.scalar + "'");
  return value;
}

std::optional<std::string> read_text(const Node& node, const std::string& path,
                                     Problems& problems) {
  if (!expect_scalar(node, path, "a string", problems)) return std::nullopt;
  return node.scalar;
}

std::optional<CivilDate> read_date(const Node& node, const std::string& path, Problems& problems) {
  if (!expect_scalar(node, path, "a date", problems)) return std::nullopt;
  const auto value = parse_civil_date(node.scalar);
  if (!value) {
    problems.add(node.origin, path,
                 "bad date '" + node.scalar + "' (expected YYYY-MM-DD, YYYY-MM or YYYY)");
  }
  return value;
}

std::optional<std::size_t> read_choice(const Node& node, const std::string& path,
                                       const std::vector<std::string>& choices,
                                       Problems& problems) {
  if (!expect_scalar(node, path, "one of " + join_words(choices), problems)) return std::nullopt;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == node.scalar) return i;
  }
  std::string message =
      "unknown value '" + node.scalar + "' (allowed: " + join_words(choices) + ")";
  const std::string suggestion = closest_match(node.scalar, choices);
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  problems.add(node.origin, path, message);
  return std::nullopt;
}

namespace {
/// "/vsizip/...", "/vsicurl/..." and "NETCDF:...", "HDF5:..." are GDAL dataset names, not files.
bool is_gdal_special(std::string_view text) {
  if (text.starts_with("/vsi")) return true;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}
}  // namespace

std::optional<std::filesystem::path> read_path(const Node& node, const std::string& path,
                                               bool must_exist, Problems& problems) {
  if (!expect_scalar(node, path, "a file path", problems)) return std::nullopt;
  if (node.scalar.empty()) {
    problems.add(node.origin, path, "empty path");
    return std::nullopt;
  }
  if (is_gdal_special(node.scalar)) return std::filesystem::path(node.scalar);
  std::filesystem::path file(node.scalar);
  if (file.is_relative() && node.origin.source) file = node.origin.source->directory / file;
  file = file.lexically_normal();
  if (must_exist) {
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
      problems.add(node.origin, path, "file '" + file.string() + "' does not exist");
      return std::nullopt;
    }
  }
  return file;
}

const std::vector<Node>* read_list(const Node& node, const std::string& path, Problems& problems) {
  if (node.kind == Node::Kind::sequence) return &node.items;
  problems.add(node.origin, path, "expected a list, found a " + std::string(kind_name(node.kind)));
  return nullptr;
}

std::optional<std::vector<double>> read_numbers(const Node& node, const std::string& path,
                                                std::size_t count, Problems& problems) {
  const auto* items = read_list(node, path, problems);
  if (items == nullptr) return std::nullopt;
  if (items->size() != count) {
    problems.add(node.origin, path,
                 "expected a list of " + std::to_string(count) + " numbers, found " +
                     std::to_string(items->size()) + " items");
    return std::nullopt;
  }
  std::vector<double> values;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto value =
        read_number((*items)[i], join_path(path, std::to_string(i)), any_value(), problems);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

Lookup lookup(const Node& map, std::string_view path) {
  Lookup found;
  const Node* current = &map;
  while (true) {
    found.deepest_map = current;
    const auto dot = path.find('.');
    const Node* next = current->find(path.substr(0, dot));
    if (next == nullptr) return found;
    if (dot == std::string_view::npos) {
      found.value = next;
      return found;
    }
    if (next->kind == Node::Kind::null) return found;
    if (next->kind != Node::Kind::map) {
      found.blocked = true;
      return found;
    }
    current = next;
    path.remove_prefix(dot + 1);
  }
}

std::string markdown_cell(std::string_view text) {
  std::string cell;
  for (const char c : text) {
    if (c == '|') cell += '\\';
    cell += c;
  }
  return cell;
}

}  // namespace displace::scenario::detail
