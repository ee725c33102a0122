#include "yaml_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace displace::scenario::detail {

std::string format_origin(const Origin& origin) {
  std::string text = origin.source ? origin.source->display : std::string("<unknown>");
  if (origin.line > 0) {
    text += ':' + std::to_string(origin.line) + ':' + std::to_string(origin.column);
  }
  return text;
}

const Node* Node::find(std::string_view key) const {
  if (kind != Kind::map) return nullptr;
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  if (kind != Kind::map) return nullptr;
  for (auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

void Node::erase(std::string_view key) {
  std::erase_if(entries, [&](const Entry& entry) { return entry.key == key; });
}

std::string_view kind_name(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::null:
      return "null";
    case Node::Kind::scalar:
      return "scalar";
    case Node::Kind::sequence:
      return "list";
    case Node::Kind::map:
      return "map";
  }
  return "?";
}

Node scalar_node(std::string text) {
  Node node;
  node.kind = Node::Kind::scalar;
  node.scalar = std::move(text);
  return node;
}

Node sequence_node(std::vector<Node> items) {
  Node node;
  node.kind = Node::Kind::sequence;
  node.items = std::move(items);
  return node;
}

Node map_node() {
  Node node;
  node.kind = Node::Kind::map;
  return node;
}

void set_path(Node& root, std::string_view path, Node value) {
  Node* current = &root;
  while (true) {
    const auto dot = path.find('.');
    const std::string key(path.substr(0, dot));
    Node* next = current->find(key);
    if (next == nullptr) {
      current->entries.push_back(Entry{key, {}, map_node()});
      next = &current->entries.back().value;
    }
    if (dot == std::string_view::npos) {
      *next = std::move(value);
      return;
    }
    if (next->kind != Node::Kind::map) *next = map_node();
    current = next;
    path.remove_prefix(dot + 1);
  }
}

void Problems::add(const Origin& where, std::string_view yaml_path, std::string_view message) {
  std::string text = format_origin(where) + ": ";
  if (!yaml_path.empty()) {
    text += yaml_path;
    text += ": ";
  }
  text += message;
  list_.push_back(std::move(text));
}

namespace {

Origin origin_of(const YAML::Mark& mark, const std::shared_ptr<const Source>& source,
                 const Origin& fallback, int column_offset) {
  if (mark.is_null() || mark.line < 0) return fallback;
  return Origin{source, mark.line + 1, mark.column + 1 + column_offset};
}

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

/// Bounds on the tree built from one document. yaml-cpp keeps an alias as a second reference to
/// its anchor's node, so a few hundred bytes of nested aliases ("billion laughs") or an anchor
/// that contains itself (`a: &a [1, *a]`) describe an enormous or infinite tree; the conversion
/// below would expand it. Scenario files are shallow and small, so both limits are far above any
/// real scenario.
struct TreeBudget {
  std::size_t nodes_left = kMaxYamlNodes;
  bool exceeded = false;
};

/// Why `text` cannot be a value of a scenario: "" when it is UTF-8 without NUL. Names and labels
/// go into the run file (NetCDF strings are UTF-8), the HTML report and CSV exports as they are.
std::string text_problem(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0) return "contains a NUL character (at byte " + std::to_string(i + 1) + ")";
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (byte < 0x80) {
      length = 1;
      code = byte;
    } else if ((byte & 0xE0U) == 0xC0U) {
      length = 2;
      code = byte & 0x1FU;
    } else if ((byte & 0xF0U) == 0xE0U) {
      length = 3;
      code = byte & 0x0FU;
    } else if ((byte & 0xF8U) == 0xF0U) {
      length = 4;
      code = byte & 0x07U;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0U) == 0x80U;
      code = (code << 6U) | (next & 0x3FU);
    }
    // Overlong forms, surrogates and code points beyond U+10FFFF are not UTF-8 either.
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (valid) {
      valid = code >= kSmallest[length] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
    }
    if (!valid) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", byte);
      return std::string("is not valid UTF-8 (byte ") + hex + " at byte " + std::to_string(i + 1) +
             "); save the file as UTF-8";
    }
    i += length;
  }
  return {};
}

Node convert(const YAML::Node& yaml, const std::shared_ptr<const Source>& source,
             const Origin& fallback, int column_offset, const std::string& path, Problems& problems,
             TreeBudget& budget, int depth) {
  Node node;
  node.origin = origin_of(yaml.Mark(), source, fallback, column_offset);
  if (budget.exceeded) return node;
  if (depth > kMaxYamlDepth) {
    budget.exceeded = true;
    std::size_t cut = 0;
    for (int dots = 0; dots < 4 && cut != std::string::npos; ++dots)
      cut = path.find('.', cut == 0 ? 0 : cut + 1);
    problems.add(node.origin, cut == std::string::npos ? path : path.substr(0, cut) + "...",
                 "nested more than " + std::to_string(kMaxYamlDepth) +
                     " levels deep (an anchor that contains its own alias?)");
    return node;
  }
  if (budget.nodes_left == 0) {
    budget.exceeded = true;
    problems.add(node.origin, path,
                 "the document expands to more than " + std::to_string(kMaxYamlNodes) +
                     " values (aliases of aliases?); a scenario is far smaller");
    return node;
  }
  --budget.nodes_left;
  switch (yaml.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      node.kind = Node::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      node.kind = Node::Kind::scalar;
      node.scalar = yaml.Scalar();
      if (const auto problem = text_problem(node.scalar); !problem.empty()) {
        problems.add(node.origin, path, "the value " + problem);
      }
      break;
    case YAML::NodeType::Sequence:
      node.kind = Node::Kind::sequence;
      for (const auto& item : yaml) {
        node.items.push_back(convert(item, source, node.origin, column_offset,
                                     child_path(path, std::to_string(node.items.size())), problems,
                                     budget, depth + 1));
        if (budget.exceeded) break;
      }
      break;
    case YAML::NodeType::Map:
      node.kind = Node::Kind::map;
      for (const auto& pair : yaml) {
        const Origin key_origin = origin_of(pair.first.Mark(), source, node.origin, column_offset);
        if (!pair.first.IsScalar()) {
          problems.add(key_origin, path, "map keys must be plain text");
          continue;
        }
        const std::string key = pair.first.Scalar();
        if (const auto problem = text_problem(key); !problem.empty()) {
          problems.add(key_origin, path, "a key " + problem);
          continue;
        }
        const auto same = std::find_if(node.entries.begin(), node.entries.end(),
                                       [&](const Entry& entry) { return entry.key == key; });
        if (same != node.entries.end()) {
          problems.add(key_origin, child_path(path, key),
                       "duplicate key (first written at " + format_origin(same->key_origin) + ")");
          continue;
        }
        node.entries.push_back(Entry{key, key_origin,
                                     convert(pair.second, source, key_origin, column_offset,
                                             child_path(path, key), problems, budget, depth + 1)});
        if (budget.exceeded) break;
      }
      break;
  }
  return node;
}

void emit(YAML::Emitter& out, const Node& node) {
  switch (node.kind) {
    case Node::Kind::null:
      out << YAML::Null;
      break;
    case Node::Kind::scalar:
      out << node.scalar;
      break;
    case Node::Kind::sequence: {
      const bool flat = std::all_of(node.items.begin(), node.items.end(), [](const Node& item) {
        return item.kind != Node::Kind::map && item.kind != Node::Kind::sequence;
      });
      const bool pairs = std::all_of(node.items.begin(), node.items.end(), [](const Node& item) {
        return item.kind == Node::Kind::sequence;
      });
      if (flat || node.items.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node.items) {
        if (pairs) out << YAML::Flow;
        emit(out, item);
      }
      out << YAML::EndSeq;
      break;
    }
    case Node::Kind::map:
      if (node.entries.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& entry : node.entries) {
        out << YAML::Key << entry.key << YAML::Value;
        emit(out, entry.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::optional<Node> parse_yaml(const std::string& text, const std::shared_ptr<const Source>& source,
                               Problems& problems, int column_offset) {
  try {
    const YAML::Node document = YAML::Load(text);
    TreeBudget budget;
    Node root = convert(document, source, Origin{source, 1, 1 + column_offset}, column_offset, "",
                        problems, budget, 0);
    if (budget.exceeded) return std::nullopt;
    return root;
  } catch (const YAML::Exception& error) {
    const Origin where = origin_of(error.mark, source, Origin{source, 1, 1}, column_offset);
    problems.add(where, "", "YAML syntax error: " + error.msg);
    return std::nullopt;
  }
}

std::string emit_yaml(const Node& root) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, root);
  std::string text = out.c_str();
  text += '\n';
  return text;
}

std::string inline_text(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null:
      return "~";
    case Node::Kind::scalar:
      return node.scalar;
    case Node::Kind::sequence: {
      std::string text = "[";
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) text += ", ";
        text += inline_text(node.items[i]);
      }
      return text + "]";
    }
    case Node::Kind::map: {
      std::string text = "{";
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) text += ", ";
        text += node.entries[i].key + ": " + inline_text(node.entries[i].value);
      }
      return text + "}";
    }
  }
  return {};
}

}  // namespace displace::scenario::detail
