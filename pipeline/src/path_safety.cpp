#include "displace/pipeline/path_safety.hpp"

#include <system_error>

#include "displace/common/error.hpp"

namespace displace::pipeline {
namespace {

namespace fs = std::filesystem;

fs::path resolved(const fs::path& path) {
  std::error_code error;
  auto canonical = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) return fs::absolute(path, error).lexically_normal();
  return canonical;
}

}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  if (fs::exists(a, error) && fs::exists(b, error)) {
    const bool same = fs::equivalent(a, b, error);
    if (!error) return same;
  }
  return resolved(a) == resolved(b);
}

void refuse_input_as_output(const fs::path& output, const std::string& what,
                            const scenario::Scenario& scenario) {
  auto refuse_if_same = [&](const fs::path& input, const std::string& role) {
    if (input.empty() || !same_file(output, input)) return;
    throw InputError(output.string() + ": the " + what + " would overwrite " + role + " '" +
                     input.string() + "'; choose another path");
  };
  refuse_if_same(scenario.source_file, "the scenario file");
  for (const auto& layer : scenario.layers) {
    refuse_if_same(layer.path, "the file of layer '" + layer.name + "'");
    for (const auto& file : layer.files)
      refuse_if_same(file.path, "a file of layer '" + layer.name + "'");
  }
  // The rest of what the scenario reads: the files it `extends` (at any depth), the file inside
  // a GDAL name, a shapefile's sidecars, the counterfactual scenario.
  for (const auto& file : scenario.source_files) {
    const bool yaml = file.extension() == ".yaml" || file.extension() == ".yml";
    refuse_if_same(file, yaml ? "a scenario file it reads (extends)" : "a file the scenario reads");
  }
}

}  // namespace displace::pipeline
