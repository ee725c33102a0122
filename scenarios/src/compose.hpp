#pragma once
// Composition of a scenario before validation: the `extends` chain (deep merge) and `--set`
// overrides. Every node keeps the origin of the file (or override) that wrote it.
#include <filesystem>
#include <string_view>
#include <vector>

#include "yaml_tree.hpp"

namespace displace::scenario::detail {

/// Deep merge of `over` onto `base`: maps merged key by key, lists and scalars replaced; a null
/// value in `over` removes the key (so the default applies again).
void merge_into(Node& base, const Node& over);

/// Reads `file` (absolute) and the chain of files it `extends` (each relative to the file naming
/// it), merged base-first. Problems: unreadable or missing files, YAML syntax, a non-map document,
/// a bad `extends` value, cycles. Returns the merged root map (empty map on failure). When
/// `files_read` is given, every file of the chain that was read is appended to it (top first).
Node load_composed(const std::filesystem::path& file, Problems& problems,
                   std::vector<std::filesystem::path>* files_read = nullptr);

/// Applies one "key.path=value" override (value in YAML syntax; list items by index, e.g.
/// "policies.0.compliance=0.9"). The value replaces what is at the path; missing maps on the way
/// are created; a null value removes the key.
void apply_override(Node& root, std::string_view assignment, Problems& problems);

}  // namespace displace::scenario::detail
