#include "compose.hpp"

#include <algorithm>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/common/file_checks.hpp"
#include "scalars.hpp"

namespace displace::scenario::detail {

void merge_into(Node& base, const Node& over) {
  if (base.kind != Node::Kind::map || over.kind != Node::Kind::map) {
    base = over;
    return;
  }
  for (const auto& entry : over.entries) {
    if (entry.value.kind == Node::Kind::null) {
      base.erase(entry.key);
      continue;
    }
    auto existing =
        std::find_if(base.entries.begin(), base.entries.end(),
                     [&](const Entry& candidate) { return candidate.key == entry.key; });
    if (existing == base.entries.end()) {
      base.entries.push_back(entry);
    } else {
      merge_into(existing->value, entry.value);
      existing->key_origin = entry.key_origin;
    }
  }
  base.origin = over.origin;
}

namespace {

std::filesystem::path normal_absolute(const std::filesystem::path& file) {
  std::error_code error;
  auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(file), error);
  if (error) canonical = std::filesystem::absolute(file).lexically_normal();
  return canonical;
}

Node load_chain(const std::filesystem::path& file, const Origin& named_at,
                std::vector<std::filesystem::path>& chain, Problems& problems,
                std::vector<std::filesystem::path>* files_read) {
  const auto identity = normal_absolute(file);
  if (std::find(chain.begin(), chain.end(), identity) != chain.end()) {
    std::string cycle;
    for (const auto& link : chain)
      cycle += link.string() + " -> ";
    problems.add(named_at, "extends", "cycle in extends: " + cycle + identity.string());
    return map_node();
  }
  // A folder, FIFO or device (/dev/zero) named as a scenario is refused before it is read, and
  // the size is bounded: the reader neither blocks nor reads forever.
  std::string text;
  try {
    text = read_regular_file(file, kMaxScenarioFileBytes);
  } catch (const InputError& error) {
    std::string reason = error.what();
    const std::string prefix = file.string() + ": ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    problems.add(named_at, chain.empty() ? "" : "extends",
                 (chain.empty() ? "" : "base scenario file '" + file.string() + "' ") + reason);
    return map_node();
  }
  if (files_read != nullptr) files_read->push_back(file);

  auto source = std::make_shared<const Source>(Source{file.string(), file.parent_path()});
  auto parsed = parse_yaml(text, source, problems);
  if (!parsed) return map_node();
  Node root = std::move(*parsed);
  if (root.kind == Node::Kind::null) {
    root = map_node();
    root.origin = Origin{source, 1, 1};
  }
  if (root.kind != Node::Kind::map) {
    problems.add(root.origin, "", "a scenario file must be a map of keys (name:, time:, ...)");
    return map_node();
  }

  const Node* extends = root.find("extends");
  if (extends == nullptr || extends->kind == Node::Kind::null) {
    root.erase("extends");
    return root;
  }
  if (extends->kind != Node::Kind::scalar || extends->scalar.empty()) {
    problems.add(extends->origin, "extends", "expected the path of one base scenario file");
    root.erase("extends");
    return root;
  }
  std::filesystem::path base_file(extends->scalar);
  if (base_file.is_relative()) base_file = file.parent_path() / base_file;
  base_file = base_file.lexically_normal();
  const Origin extends_origin = extends->origin;
  root.erase("extends");
  std::error_code error;
  if (!std::filesystem::exists(base_file, error)) {
    problems.add(extends_origin, "extends",
                 "base scenario file '" + base_file.string() + "' does not exist");
    return root;
  }
  chain.push_back(identity);
  Node merged = load_chain(base_file, extends_origin, chain, problems, files_read);
  chain.pop_back();
  merge_into(merged, root);
  return merged;
}

}  // namespace

Node load_composed(const std::filesystem::path& file, Problems& problems,
                   std::vector<std::filesystem::path>* files_read) {
  std::vector<std::filesystem::path> chain;
  auto source = std::make_shared<const Source>(Source{file.string(), file.parent_path()});
  return load_chain(file, Origin{source, 0, 0}, chain, problems, files_read);
}

namespace {

/// A map given to `--set` on a map merges into it key by key (as `extends` does), so
/// `--set 'households={households_per_agent: 5}'` keeps the map's other keys; `key=null` first
/// replaces a map as a whole. Anything else replaces the value.
void assign_override(Node& target, Node value) {
  if (target.kind == Node::Kind::map && value.kind == Node::Kind::map) {
    merge_into(target, value);
  } else {
    target = std::move(value);
  }
}

}  // namespace

void apply_override(Node& root, std::string_view assignment, Problems& problems) {
  const std::string display = "--set " + std::string(assignment);
  std::error_code error;
  auto source =
      std::make_shared<const Source>(Source{display, std::filesystem::current_path(error)});
  const Origin whole{source, 1, 1};
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    problems.add(whole, "", "expected key.path=value");
    return;
  }
  const std::string key_path(assignment.substr(0, equals));
  const std::string text(assignment.substr(equals + 1));
  if (text.find_first_not_of(" \t") == std::string::npos) {
    // `--set seed=` is more likely a shell variable that expanded to nothing than a wish to reset
    // the key; resetting needs to be said.
    problems.add(Origin{source, 1, static_cast<int>(equals) + 2}, key_path,
                 "empty value; write " + key_path + "=null to reset the key to its default");
    return;
  }
  auto value = parse_yaml(text, source, problems, static_cast<int>(equals) + 1);
  if (!value) return;
  if (value->kind == Node::Kind::null)
    value->origin = Origin{source, 1, static_cast<int>(equals) + 2};

  Node* current = &root;
  std::string_view rest = key_path;
  std::string walked;
  while (true) {
    const auto dot = rest.find('.');
    const std::string segment(rest.substr(0, dot));
    const bool last = dot == std::string_view::npos;
    const std::string here = walked.empty() ? segment : walked + "." + segment;
    if (segment.empty()) {
      problems.add(whole, key_path, "empty segment in key path");
      return;
    }
    if (current->kind == Node::Kind::sequence) {
      const auto index = parse_integer(segment);
      if (!index || *index < 0 || static_cast<std::size_t>(*index) >= current->items.size()) {
        problems.add(whole, here,
                     "'" + segment + "' is not an index of this list (it has " +
                         std::to_string(current->items.size()) + " items)");
        return;
      }
      Node& item = current->items[static_cast<std::size_t>(*index)];
      if (last) {
        assign_override(item, std::move(*value));
        return;
      }
      current = &item;
    } else {
      if (current->kind == Node::Kind::null) {
        *current = map_node();
        current->origin = whole;
      }
      if (current->kind != Node::Kind::map) {
        problems.add(
            whole, walked,
            "cannot set '" + segment + "' inside a " + std::string(kind_name(current->kind)));
        return;
      }
      Node* next = current->find(segment);
      if (last) {
        if (value->kind == Node::Kind::null) {
          current->erase(segment);
        } else if (next != nullptr) {
          assign_override(*next, std::move(*value));
        } else {
          current->entries.push_back(Entry{segment, whole, std::move(*value)});
        }
        return;
      }
      if (next == nullptr) {
        Node group = map_node();
        group.origin = whole;
        current->entries.push_back(Entry{segment, whole, std::move(group)});
        next = &current->entries.back().value;
      }
      current = next;
    }
    walked = here;
    rest.remove_prefix(dot + 1);
  }
}

}  // namespace displace::scenario::detail
