#include "displace/app/input_checks.hpp"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <set>

#include "displace/app/run.hpp"
#include "displace/common/error.hpp"
#include "displace/geo/admin.hpp"
#include "displace/geo/grid.hpp"
#include "displace/geo/raster.hpp"
#include "displace/geo/time_axis.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/size_check.hpp"
#include "displace/inputs/storm_inputs.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/pipeline/output_paths.hpp"
#include "displace/pipeline/path_safety.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using scenario::LayerKind;
using scenario::LayerSpec;

/// Runs `check`; an input error becomes one problem, anything else propagates.
void collect(std::vector<std::string>& problems, const std::function<void()>& check) {
  try {
    check();
  } catch (const InputError& error) {
    problems.emplace_back(error.what());
  }
}

void check_output(const scenario::Scenario& s, std::vector<std::string>& problems,
                  std::vector<std::string>* notes) {
  const fs::path& path = s.output.path;
  if (path.empty()) return;  // `run --out PATH` then names it
  collect(problems, [&] {
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
      const auto problem = pipeline::output_folder_problem(folder);
      if (!problem.empty()) throw InputError("outputs.path: " + path.string() + ": " + problem);
      if (notes != nullptr) {
        notes->push_back("outputs.path: output folder '" + folder.string() +
                         "' does not exist; run will create it");
      }
      return;
    }
    if (::access(folder.c_str(), W_OK | X_OK) != 0) {
      throw InputError("outputs.path: " + path.string() + ": output folder '" + folder.string() +
                       "' is not writable");
    }
    output::require_regular_or_absent(path, "run file");
    pipeline::refuse_input_as_output(path, "run file", s);
  });
}

void check_layer_files(const LayerSpec& layer, const inputs::Timeline& timeline,
                       const geo::GridDefinition& grid, std::vector<std::string>& problems) {
  const geo::RasterSource source = inputs::source_of(layer);
  switch (layer.kind) {
    case LayerKind::population:
    case LayerKind::attractiveness:
    case LayerKind::mask:
      collect(problems, [&] { geo::check_layer(source, {layer.band}, grid); });
      return;
    case LayerKind::admin:
      if (layer.code_field.empty()) {
        collect(problems, [&] { geo::check_layer(source, {layer.band}, grid); });
      }
      return;  // vector layers: checked with the policies' codes below
    case LayerKind::hazard_events:
      collect(problems, [&] {
        std::vector<int> bands;
        for (const auto& event : layer.events)
          bands.push_back(event.band);
        if (bands.empty()) bands.push_back(1);
        std::sort(bands.begin(), bands.end());
        bands.erase(std::unique(bands.begin(), bands.end()), bands.end());
        geo::check_layer(source, bands, grid);
      });
      return;
    case LayerKind::storm_track:
      collect(problems, [&] { (void)inputs::storms_of_layer(layer, timeline); });
      return;
    case LayerKind::climate_series:
      collect(problems, [&] {
        std::vector<CivilDate> dates;
        if (!layer.files.empty()) {
          for (const auto& file : layer.files) {
            geo::RasterSource one = source;
            one.path = file.path.string();
            geo::check_layer(one, {layer.band}, grid);
            dates.push_back(file.date);
          }
        } else {
          const int bands = geo::band_count(source);
          geo::check_layer(source, {1}, grid);
          if (!layer.dates.empty()) {
            dates = layer.dates;
          } else if (const auto axis = geo::read_time_axis(source)) {
            dates = axis->dates;
          } else {
            throw InputError("layer '" + layer.name + "' (" + layer.path.string() +
                             "): no time axis in the file; give `dates:` or `files:`");
          }
          if (static_cast<int>(dates.size()) != bands) {
            throw InputError("layer '" + layer.name + "' (" + layer.path.string() +
                             "): " + std::to_string(dates.size()) + " dates for " +
                             std::to_string(bands) + " bands");
          }
        }
        inputs::require_series_covers_run(layer, dates, timeline);
      });
      return;
  }
}

/// The region codes of the grid as `run` would make them, with the unit codes of every further
/// admin level (policies may target either). Vector admin layers are rasterised onto the grid,
/// which also checks their fields; a raster admin layer would have to be read whole, so it is not:
/// nullopt.
std::optional<std::set<std::string>> region_codes(const scenario::Scenario& s,
                                                  const geo::GridDefinition& grid,
                                                  std::vector<std::string>& problems) {
  std::optional<std::set<std::string>> codes = std::set<std::string>{};
  bool any = false;
  for (const LayerSpec& admin : s.layers) {
    if (admin.kind != LayerKind::admin) continue;
    any = true;
    if (admin.code_field.empty()) {
      codes.reset();
      continue;
    }
    collect(problems, [&] {
      const auto layer = geo::rasterize_admin(admin.name, admin.path.string(), admin.code_field,
                                              admin.name_field, grid);
      if (codes) codes->insert(layer.codes.begin(), layer.codes.end());
    });
  }
  if (!any) return std::set<std::string>{"ALL"};
  return codes;
}

void check_places(const scenario::Scenario& s, const geo::GridDefinition& grid,
                  std::vector<std::string>& problems) {
  for (const auto& shelter : s.shelters) {
    if (geo::cell_index_of(grid, shelter.x, shelter.y) < 0) {
      problems.push_back("shelters: site '" + shelter.name + "' (" + std::to_string(shelter.x) +
                         ", " + std::to_string(shelter.y) + ") lies outside the simulation grid");
    }
  }
  for (const auto& policy : s.policies) {
    if (policy.site_xy &&
        geo::cell_index_of(grid, policy.site_xy->first, policy.site_xy->second) < 0) {
      problems.push_back("policy '" + policy.policy.name +
                         "': relocation site lies outside the grid");
    }
  }
}

}  // namespace

std::vector<std::string> check_inputs(const scenario::Scenario& s, const inputs::Timeline& timeline,
                                      std::vector<std::string>* notes) {
  std::vector<std::string> problems;
  check_output(s, problems, notes);
  std::optional<geo::GridDefinition> grid;
  collect(problems, [&] {
    grid = inputs::simulation_grid(s);
    inputs::check_grid_size(*grid, static_cast<int>(s.layers.size()));
  });
  if (!grid) return problems;  // nothing else can be placed
  for (const auto& layer : s.layers)
    check_layer_files(layer, timeline, *grid, problems);
  check_places(s, *grid, problems);
  if (const auto codes = region_codes(s, *grid, problems)) {
    const auto& stocks = s.model.synthesis.housing_stocks;
    for (std::size_t k = 0; k < stocks.size(); ++k) {
      for (const auto& code : stocks[k].regions) {
        if (codes->count(code) == 0) {
          std::string known;
          for (const auto& c : *codes)
            known += (known.empty() ? "" : ", ") + c;
          problems.push_back("housing_stocks." + std::to_string(k) + ".regions: '" + code +
                             "' is not a region on the grid (regions: " + known + ")");
        }
      }
    }
    for (const auto& policy : s.policies) {
      for (const auto& code : policy.target_admin_codes) {
        if (codes->count(code) == 0) {
          std::string known;
          for (const auto& c : *codes)
            known += (known.empty() ? "" : ", ") + c;
          problems.push_back("policy '" + policy.policy.name + "': admin code '" + code +
                             "' is not a region on the grid (regions: " + known + ")");
        }
      }
    }
  }
  return problems;
}

}  // namespace displace::app
