#include "displace/scenario/load.hpp"

#include <cctype>
#include <string_view>
#include <utility>

#include "compose.hpp"
#include "scenario_schema.hpp"

namespace displace::scenario {

namespace {
namespace fs = std::filesystem;

/// The file inside a GDAL dataset name: NETCDF:"f.nc":var and HDF5:f.h5://path name f.nc and
/// f.h5; /vsigzip/f.gz names f.gz, /vsizip/a.zip/inner names a.zip; a plain path names itself;
/// a remote name (/vsicurl/...) names no local file (empty).
fs::path file_of_dataset_name(const fs::path& name) {
  const std::string text = name.string();
  if (text.starts_with("/vsi")) {
    const auto slash = text.find('/', 1);
    if (slash == std::string::npos) return {};
    const std::string handler = text.substr(1, slash - 1);
    std::string rest = text.substr(slash + 1);
    if (handler == "vsigzip") return fs::absolute(rest).lexically_normal();
    if (handler != "vsizip" && handler != "vsitar" && handler != "vsi7z") return {};
    for (const std::string_view archive : {".zip", ".tar.gz", ".tgz", ".tar", ".7z", ".kmz"}) {
      for (auto at = rest.find(archive); at != std::string::npos; at = rest.find(archive, at + 1)) {
        const auto end = at + archive.size();
        if (end == rest.size() || rest[end] == '/') {
          return fs::absolute(rest.substr(0, end)).lexically_normal();
        }
      }
    }
    return fs::absolute(rest).lexically_normal();
  }
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon < 2 || text[0] == '/') return name;
  std::string rest = text.substr(colon + 1);
  if (rest.starts_with("\"")) {
    const auto close = rest.find('"', 1);
    rest = rest.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  } else if (const auto last = rest.rfind(':'); last != std::string::npos && last > 0) {
    rest = rest.substr(0, last);
  }
  if (rest.empty()) return {};
  return fs::absolute(rest).lexically_normal();
}

/// Every file `scenario` reads besides its YAML chain (see Scenario::source_files).
void add_layer_files(const Scenario& scenario, std::vector<fs::path>& files) {
  auto add = [&](const fs::path& name) {
    const fs::path file = file_of_dataset_name(name);
    if (file.empty()) return;
    files.push_back(file);
    std::string extension = file.extension().string();
    for (auto& c : extension)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension != ".shp") return;
    // A shapefile is read with its sidecars: replacing any of them breaks the layer.
    for (const char* sidecar : {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"}) {
      fs::path other = file;
      files.push_back(other.replace_extension(sidecar));
    }
  };
  for (const auto& layer : scenario.layers) {
    if (!layer.path.empty()) add(layer.path);
    for (const auto& dated : layer.files)
      add(dated.path);
  }
  if (!scenario.ensemble.counterfactual.empty()) files.push_back(scenario.ensemble.counterfactual);
}

std::string join_lines(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += '\n';
    text += problem;
  }
  return text;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> problems)
    : InputError(join_lines(problems)), problems_(std::move(problems)) {}

Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides) {
  const auto top = std::filesystem::absolute(file).lexically_normal();
  detail::Problems problems;
  std::vector<fs::path> files_read;
  detail::Node root = detail::load_composed(top, problems, &files_read);
  for (const auto& assignment : overrides)
    detail::apply_override(root, assignment, problems);
  // Composition problems (syntax, extends, --set) first: validating a half-merged tree would
  // only add noise.
  if (!problems.empty()) throw ScenarioError(problems.list());

  Scenario scenario{};
  detail::read_object(detail::scenario_table(), root, "", scenario, problems);
  if (!problems.empty()) throw ScenarioError(problems.list());
  scenario.source_file = top;
  scenario.source_files = std::move(files_read);
  add_layer_files(scenario, scenario.source_files);
  scenario.resolved_yaml =
      detail::emit_yaml(detail::write_object(detail::scenario_table(), scenario));
  return scenario;
}

std::string reference_markdown() {
  return detail::reference_text();
}

}  // namespace displace::scenario
