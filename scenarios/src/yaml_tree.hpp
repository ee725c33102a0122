#pragma once
// A YAML document as a plain tree whose every node remembers where it was written (file, line,
// column), so that problems found after `extends` merges and `--set` overrides still point at the
// file and position the user has to edit. Internal to the scenario library.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "displace/common/file_checks.hpp"

namespace displace::scenario::detail {

/// Where a piece of YAML text came from: a scenario file, or one `--set` override.
struct Source {
  std::string display;              ///< shown in messages: the file's path, or "--set key=value"
  std::filesystem::path directory;  ///< relative paths written in this source resolve against it
};

/// A position in a Source; line and column are 1-based (0 = unknown, e.g. a missing file).
struct Origin {
  std::shared_ptr<const Source> source;
  int line = 0;
  int column = 0;
};

/// "file:line:column" (just "file" when the position is unknown).
std::string format_origin(const Origin& origin);

struct Entry;

/// One YAML node: null, scalar (kept as text; the schema decides its type), sequence or map.
struct Node {
  enum class Kind { null, scalar, sequence, map };
  Kind kind = Kind::null;
  std::string scalar;          ///< Kind::scalar
  std::vector<Node> items;     ///< Kind::sequence
  std::vector<Entry> entries;  ///< Kind::map, in document order; keys unique
  Origin origin;

  /// The value under `key` of a map (nullptr when absent or not a map).
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  /// Removes `key` from a map (no-op when absent).
  void erase(std::string_view key);
};

/// A map entry: the key's own position is kept for "unknown key" messages.
struct Entry {
  std::string key;
  Origin key_origin;
  Node value;
};

/// "null", "scalar", "list" or "map", for messages.
std::string_view kind_name(Node::Kind kind);

/// Scalar node holding `text`.
Node scalar_node(std::string text);
/// Sequence node holding `items`.
Node sequence_node(std::vector<Node> items);
/// Empty map node.
Node map_node();
/// Sets `value` at dotted `path` inside the map `root`, creating intermediate maps.
void set_path(Node& root, std::string_view path, Node value);

/// All the problems of one scenario, each "file:line:column: yaml.path: message".
class Problems {
 public:
  void add(const Origin& where, std::string_view yaml_path, std::string_view message);
  bool empty() const { return list_.empty(); }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::vector<std::string> list_;
};

/// Limits of one parsed document: nesting depth and values after alias expansion.
inline constexpr int kMaxYamlDepth = 64;
inline constexpr std::size_t kMaxYamlNodes = 500'000;
/// Largest scenario (or calibration) file read (bytes); real scenarios are a few kilobytes.
inline constexpr std::size_t kMaxScenarioFileBytes = kMaxTextInputBytes;

/// Parses YAML text from `source`. Syntax errors, duplicate keys and non-scalar keys are added to
/// `problems` with their position; a syntax error, or a document deeper than kMaxYamlDepth or
/// larger than kMaxYamlNodes once aliases are expanded, yields nullopt. `column_offset` shifts
/// reported columns (a `--set` value starts after "key.path=").
std::optional<Node> parse_yaml(const std::string& text, const std::shared_ptr<const Source>& source,
                               Problems& problems, int column_offset = 0);

/// Block-style YAML text of `root` (sequences of scalars in flow style), ending in a newline.
std::string emit_yaml(const Node& root);

/// One-line rendering: scalars as is, "[a, b]" and "{k: v}" for collections.
std::string inline_text(const Node& node);

}  // namespace displace::scenario::detail
