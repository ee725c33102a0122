#pragma once
// The machinery behind the scenario schema: a key is declared once (YAML path, type, default,
// unit, allowed values, required, help, binding to a struct member) in a Table, and the same
// Table reads and checks YAML, writes the resolved YAML and renders the reference documentation.
// The tables themselves are in scenario_schema.cpp.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/engine/parameter_ranges.hpp"
#include "scalars.hpp"
#include "yaml_tree.hpp"

namespace displace::scenario::detail {

/// An allowed numeric interval (for numbers and integers): the engine's type, so keys bound to
/// model parameters take the engine's own ranges (model_number_key in scenario_schema.cpp).
using Range = engine::ParameterRange;
Range any_value();
Range at_least(double min);
Range above(double min);
Range between(double min, double max);

/// A key applies only when the discriminator key (e.g. `kind`) has one of `values`.
struct Condition {
  std::string key;
  std::vector<std::string> values;
};

/// Reads one YAML value into the object (adding problems), given its YAML path for messages.
template <class T>
using ReadFn = std::function<void(T&, const Node&, const std::string&, Problems&)>;
/// Writes the object's value as YAML (nullopt: leave the key out of the resolved YAML).
template <class T>
using WriteFn = std::function<std::optional<Node>(const T&)>;

/// One declared key of an object of type T.
template <class T>
struct Key {
  std::string path;  ///< dotted, relative to the object ("curve.kind")
  std::string type;  ///< for the docs ("number", "date", "list of strings")
  std::string unit;
  std::string allowed;  ///< allowed range or values, for the docs
  std::string help;
  bool required = false;
  std::string required_note;         ///< shown instead of "yes" when requirement is conditional
  std::string default_text;          ///< filled from a default-constructed T unless given
  std::vector<std::string> choices;  ///< enumeration values (also used for discriminators)
  std::vector<Condition> conditions;
  ReadFn<T> read;
  WriteFn<T> write;

  /// Copy that applies only when `key` has one of `values`.
  Key when(std::string key, std::vector<std::string> values) const {
    Key copy = *this;
    copy.conditions.push_back(Condition{std::move(key), std::move(values)});
    return copy;
  }
  /// Copy that must be given (where its conditions hold).
  Key require() const {
    Key copy = *this;
    copy.required = true;
    return copy;
  }
  /// Copy whose documented default is `text` (for defaults derived from other keys).
  Key with_default(std::string text) const {
    Key copy = *this;
    copy.default_text = std::move(text);
    return copy;
  }
  /// Copy whose "required" column reads `note` (the requirement is checked by the table's check).
  Key required_when(std::string note) const {
    Key copy = *this;
    copy.required_note = std::move(note);
    return copy;
  }
};

/// The declared keys of one kind of object, plus its cross-key checks.
template <class T>
struct Table {
  std::string title;  ///< docs heading and key prefix, e.g. "policies[]" ("" = top level)
  std::string intro;  ///< a paragraph for the docs
  std::vector<Key<T>> keys;
  /// Checks across keys of one object (after all keys are read); may complete the object.
  std::function<void(T&, const Node&, const std::string&, Problems&)> check;
};

// ---- value readers: each adds a problem and returns nullopt when the node does not fit -------

std::string join_path(std::string_view prefix, std::string_view key);
std::optional<double> read_number(const Node& node, const std::string& path, const Range& range,
                                  Problems& problems);
std::optional<std::int64_t> read_integer(const Node& node, const std::string& path,
                                         const Range& range, Problems& problems);
std::optional<bool> read_boolean(const Node& node, const std::string& path, Problems& problems);
std::optional<std::string> read_text(const Node& node, const std::string& path, Problems& problems);
std::optional<CivilDate> read_date(const Node& node, const std::string& path, Problems& problems);
std::optional<std::size_t> read_choice(const Node& node, const std::string& path,
                                       const std::vector<std::string>& choices, Problems& problems);
/// A file path, made absolute against the directory of the file that wrote it. GDAL special
/// paths ("/vsi...", "DRIVER:...") pass through unchanged and unchecked.
std::optional<std::filesystem::path> read_path(const Node& node, const std::string& path,
                                               bool must_exist, Problems& problems);
/// The items of a list node (nullptr + problem when the node is not a list).
const std::vector<Node>* read_list(const Node& node, const std::string& path, Problems& problems);
/// Exactly `count` numbers in a list.
std::optional<std::vector<double>> read_numbers(const Node& node, const std::string& path,
                                                std::size_t count, Problems& problems);

/// Where a dotted path leads inside a map.
struct Lookup {
  const Node* value = nullptr;        ///< the node at the path, or nullptr
  const Node* deepest_map = nullptr;  ///< the last map reached on the way (for "missing" errors)
  bool blocked = false;               ///< a non-map value sits where a group map was expected
};
Lookup lookup(const Node& map, std::string_view path);

std::string join_words(const std::vector<std::string>& words, std::string_view separator = ", ");

// ---- key builders: `access` is a generic lambda returning a reference to the bound member ----

template <class T, class Access>
Key<T> number_key(std::string path, Access access, std::string unit, Range range,
                  std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "number";
  key.unit = std::move(unit);
  key.allowed = range.describe();
  key.help = std::move(help);
  key.read = [access, range](T& object, const Node& node, const std::string& yaml_path,
                             Problems& problems) {
    if (const auto value = read_number(node, yaml_path, range, problems)) access(object) = *value;
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    return scalar_node(format_number(access(object)));
  };
  return key;
}

template <class T, class Access>
Key<T> integer_key(std::string path, Access access, std::string unit, Range range,
                   std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "integer";
  key.unit = std::move(unit);
  key.allowed = range.describe();
  key.help = std::move(help);
  key.read = [access, range](T& object, const Node& node, const std::string& yaml_path,
                             Problems& problems) {
    using Value = std::remove_cvref_t<decltype(access(object))>;
    if (const auto value = read_integer(node, yaml_path, range, problems)) {
      if (!std::in_range<Value>(*value)) {
        problems.add(node.origin, yaml_path, "value " + node.scalar + " is too large");
        return;
      }
      access(object) = static_cast<Value>(*value);
    }
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    return scalar_node(std::to_string(access(object)));
  };
  return key;
}

template <class T, class Access>
Key<T> boolean_key(std::string path, Access access, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "boolean";
  key.allowed = "true, false";
  key.help = std::move(help);
  key.read = [access](T& object, const Node& node, const std::string& yaml_path,
                      Problems& problems) {
    if (const auto value = read_boolean(node, yaml_path, problems)) access(object) = *value;
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    return scalar_node(access(object) ? "true" : "false");
  };
  return key;
}

/// A string; the resolved YAML leaves it out while it is empty.
template <class T, class Access>
Key<T> text_key(std::string path, Access access, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "string";
  key.help = std::move(help);
  key.read = [access](T& object, const Node& node, const std::string& yaml_path,
                      Problems& problems) {
    if (auto value = read_text(node, yaml_path, problems)) access(object) = std::move(*value);
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    if (access(object).empty()) return std::nullopt;
    return scalar_node(access(object));
  };
  return key;
}

template <class T, class Access>
Key<T> date_key(std::string path, Access access, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "date";
  key.allowed = "YYYY-MM-DD, YYYY-MM or YYYY";
  key.help = std::move(help);
  key.read = [access](T& object, const Node& node, const std::string& yaml_path,
                      Problems& problems) {
    if (const auto value = read_date(node, yaml_path, problems)) access(object) = *value;
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    return scalar_node(format_civil_date(access(object)));
  };
  return key;
}

/// A date bound to std::optional<CivilDate>; left out of the resolved YAML when unset.
template <class T, class Access>
Key<T> optional_date_key(std::string path, Access access, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "date";
  key.allowed = "YYYY-MM-DD, YYYY-MM or YYYY";
  key.help = std::move(help);
  key.read = [access](T& object, const Node& node, const std::string& yaml_path,
                      Problems& problems) {
    if (const auto value = read_date(node, yaml_path, problems)) access(object) = *value;
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    if (!access(object)) return std::nullopt;
    return scalar_node(format_civil_date(*access(object)));
  };
  return key;
}

/// A number bound to std::optional<double>; left out of the resolved YAML when unset.
template <class T, class Access>
Key<T> optional_number_key(std::string path, Access access, std::string unit, Range range,
                           std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "number";
  key.unit = std::move(unit);
  key.allowed = range.describe();
  key.help = std::move(help);
  key.read = [access, range](T& object, const Node& node, const std::string& yaml_path,
                             Problems& problems) {
    if (const auto value = read_number(node, yaml_path, range, problems)) access(object) = *value;
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    if (!access(object)) return std::nullopt;
    return scalar_node(format_number(*access(object)));
  };
  return key;
}

/// One of a fixed set of names, bound to an enum member.
template <class T, class E, class Access>
Key<T> choice_key(std::string path, Access access, std::vector<std::pair<std::string, E>> names,
                  std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "choice";
  for (const auto& name : names)
    key.choices.push_back(name.first);
  key.allowed = join_words(key.choices);
  key.help = std::move(help);
  key.read = [access, names, choices = key.choices](
                 T& object, const Node& node, const std::string& yaml_path, Problems& problems) {
    if (const auto index = read_choice(node, yaml_path, choices, problems)) {
      access(object) = names[*index].second;
    }
  };
  key.write = [access, names](const T& object) -> std::optional<Node> {
    for (const auto& name : names) {
      if (name.second == access(object)) return scalar_node(name.first);
    }
    return std::nullopt;
  };
  return key;
}

/// A file path (absolute after reading); left out of the resolved YAML when empty.
template <class T, class Access>
Key<T> path_key(std::string path, Access access, bool must_exist, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "path";
  key.allowed = must_exist ? "an existing file, relative to the file naming it"
                           : "relative to the file naming it";
  key.help = std::move(help);
  key.read = [access, must_exist](T& object, const Node& node, const std::string& yaml_path,
                                  Problems& problems) {
    if (auto value = read_path(node, yaml_path, must_exist, problems)) {
      access(object) = std::move(*value);
    }
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    if (access(object).empty()) return std::nullopt;
    return scalar_node(access(object).string());
  };
  return key;
}

/// A list of strings; left out of the resolved YAML when empty.
template <class T, class Access>
Key<T> text_list_key(std::string path, Access access, std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "list of strings";
  key.help = std::move(help);
  key.read = [access](T& object, const Node& node, const std::string& yaml_path,
                      Problems& problems) {
    const auto* items = read_list(node, yaml_path, problems);
    if (items == nullptr) return;
    access(object).clear();
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (auto text = read_text((*items)[i], join_path(yaml_path, std::to_string(i)), problems)) {
        access(object).push_back(std::move(*text));
      }
    }
  };
  key.write = [access](const T& object) -> std::optional<Node> {
    if (access(object).empty()) return std::nullopt;
    std::vector<Node> items;
    for (const auto& text : access(object))
      items.push_back(scalar_node(text));
    return sequence_node(std::move(items));
  };
  return key;
}

// ---- reading, writing and documenting whole objects ------------------------------------------

template <class T>
const Key<T>* find_key(const Table<T>& table, std::string_view path) {
  for (const auto& key : table.keys) {
    if (key.path == path) return &key;
  }
  return nullptr;
}

/// The value the discriminator of `condition` has in `object` (its default when absent).
template <class T>
std::string discriminator_value(const Table<T>& table, const Condition& condition,
                                const Node& object) {
  const Lookup found = lookup(object, condition.key);
  if (found.value != nullptr && found.value->kind == Node::Kind::scalar) {
    return found.value->scalar;
  }
  const Key<T>* key = find_key(table, condition.key);
  return key != nullptr ? key->default_text : std::string();
}

/// Whether a key's conditions hold in an object: `unknown` when a discriminator is absent without
/// default or has an invalid value (its own key reports that).
enum class Applies { yes, no, unknown };

/// Evaluates the conditions of `key` in `object`; when they fail, `why` says which.
template <class T>
Applies conditions_hold(const Table<T>& table, const Key<T>& key, const Node& object,
                        std::string* why = nullptr) {
  Applies result = Applies::yes;
  for (const auto& condition : key.conditions) {
    const std::string value = discriminator_value(table, condition, object);
    const Key<T>* discriminator = find_key(table, condition.key);
    if (value.empty() || (discriminator != nullptr && !discriminator->choices.empty() &&
                          std::find(discriminator->choices.begin(), discriminator->choices.end(),
                                    value) == discriminator->choices.end())) {
      result = Applies::unknown;
      continue;
    }
    if (std::find(condition.values.begin(), condition.values.end(), value) ==
        condition.values.end()) {
      if (why != nullptr) {
        *why = "does not apply when " + condition.key + " is '" + value + "' (only when " +
               condition.key + " is " + join_words(condition.values, " or ") + ")";
      }
      return Applies::no;
    }
  }
  return result;
}

/// Names one level below `group` ("" = top) among the declared paths.
template <class T>
std::vector<std::string> child_names(const Table<T>& table, std::string_view group) {
  std::vector<std::string> names;
  for (const auto& key : table.keys) {
    std::string_view path = key.path;
    if (!group.empty()) {
      if (path.size() <= group.size() || path.substr(0, group.size()) != group ||
          path[group.size()] != '.') {
        continue;
      }
      path.remove_prefix(group.size() + 1);
    }
    std::string name(path.substr(0, path.find('.')));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

template <class T>
void check_unknown_keys(const Table<T>& table, const Node& map, const std::string& prefix,
                        const std::string& group, Problems& problems) {
  for (const auto& entry : map.entries) {
    const std::string relative = join_path(group, entry.key);
    if (find_key(table, relative) != nullptr) continue;
    const auto below = child_names(table, relative);
    if (!below.empty()) {
      if (entry.value.kind == Node::Kind::map) {
        check_unknown_keys(table, entry.value, prefix, relative, problems);
      } else if (entry.value.kind != Node::Kind::null) {
        problems.add(entry.value.origin, join_path(prefix, relative),
                     "expected a map (with keys " + join_words(below) + "), found a " +
                         std::string(kind_name(entry.value.kind)));
      }
      continue;
    }
    std::string message = "unknown key '" + entry.key + "'";
    std::string suggestion = closest_match(entry.key, child_names(table, group));
    if (suggestion.empty()) {
      for (const auto& key : table.keys) {
        const auto dot = key.path.rfind('.');
        const std::string last = dot == std::string::npos ? key.path : key.path.substr(dot + 1);
        if (last == entry.key) suggestion = join_path(prefix, key.path);
      }
    }
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    problems.add(entry.key_origin, join_path(prefix, relative), message);
  }
}

/// Reads `map` into `object` (which starts with its defaults): every declared key that is given
/// is parsed and range-checked; missing required keys, keys of another kind and unknown keys are
/// problems; then the table's check runs.
template <class T>
void read_object(const Table<T>& table, const Node& map, const std::string& prefix, T& object,
                 Problems& problems) {
  if (map.kind != Node::Kind::map) {
    problems.add(map.origin, prefix, "expected a map, found a " + std::string(kind_name(map.kind)));
    return;
  }
  for (const auto& key : table.keys) {
    const Lookup found = lookup(map, key.path);
    if (found.blocked) continue;  // reported by check_unknown_keys
    const std::string yaml_path = join_path(prefix, key.path);
    std::string why;
    const Applies applies = conditions_hold(table, key, map, &why);
    if (found.value != nullptr && found.value->kind != Node::Kind::null) {
      if (applies == Applies::no) {
        problems.add(found.value->origin, yaml_path, "key " + why);
        continue;
      }
      key.read(object, *found.value, yaml_path, problems);
    } else if (key.required && applies == Applies::yes) {
      problems.add(found.deepest_map->origin, yaml_path, "missing required key");
    }
  }
  check_unknown_keys(table, map, prefix, "", problems);
  if (table.check) table.check(object, map, prefix, problems);
}

/// The object as a YAML map: every key that applies, in declaration order.
template <class T>
Node write_object(const Table<T>& table, const T& object) {
  Node out = map_node();
  for (const auto& key : table.keys) {
    if (conditions_hold(table, key, out) == Applies::no) continue;
    if (auto value = key.write(object)) set_path(out, key.path, std::move(*value));
  }
  return out;
}

/// Fills each key's default_text from a default-constructed T (unless given explicitly).
template <class T>
Table<T> finish_table(Table<T> table) {
  const T defaults{};
  for (auto& key : table.keys) {
    if (!key.default_text.empty() || key.required) continue;
    const auto value = key.write(defaults);
    key.default_text = value ? inline_text(*value) : std::string();
  }
  return table;
}

std::string markdown_cell(std::string_view text);

/// The docs section for one table: heading, intro, one row per key.
template <class T>
std::string markdown_section(const Table<T>& table) {
  std::string text = "## " + (table.title.empty() ? std::string("Top level") : table.title);
  text += "\n\n" + table.intro + "\n\n";
  text += "| Key | Type | Required | Default | Unit | Allowed | Applies when | Description |\n";
  text += "|---|---|---|---|---|---|---|---|\n";
  for (const auto& key : table.keys) {
    std::string conditions;
    for (const auto& condition : key.conditions) {
      if (!conditions.empty()) conditions += "; ";
      conditions += condition.key + ": " + join_words(condition.values);
    }
    const std::string required =
        !key.required_note.empty() ? key.required_note : (key.required ? "yes" : "");
    const std::string default_text =
        key.default_text.empty() ? std::string() : "`" + key.default_text + "`";
    text += "| `" + join_path(table.title, key.path) + "` | " + markdown_cell(key.type) + " | " +
            markdown_cell(required) + " | " + markdown_cell(default_text) + " | " +
            markdown_cell(key.unit) + " | " + markdown_cell(key.allowed) + " | " +
            markdown_cell(conditions) + " | " + markdown_cell(key.help) + " |\n";
  }
  return text + "\n";
}

/// A list of maps, each read and written with its item's table (external destinations,
/// policies, calibration parameters, ...).
template <class T, class Item, class Access>
Key<T> object_list_key(std::string path, Access access, const Table<Item>& (*item_table)(),
                       std::string help) {
  Key<T> key;
  key.path = std::move(path);
  key.type = "list of maps";
  key.help = std::move(help);
  key.read = [access, item_table](T& object, const Node& node, const std::string& yaml_path,
                                  Problems& problems) {
    const auto* items = read_list(node, yaml_path, problems);
    if (items == nullptr) return;
    access(object).clear();
    for (std::size_t i = 0; i < items->size(); ++i) {
      Item item{};
      read_object(item_table(), (*items)[i], join_path(yaml_path, std::to_string(i)), item,
                  problems);
      access(object).push_back(std::move(item));
    }
  };
  key.write = [access, item_table](const T& object) -> std::optional<Node> {
    std::vector<Node> items;
    for (const auto& item : access(object))
      items.push_back(write_object(item_table(), item));
    return sequence_node(std::move(items));
  };
  return key;
}

}  // namespace displace::scenario::detail
