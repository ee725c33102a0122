#include "displace/app/ensemble.hpp"

#include <omp.h>

#include <chrono>
#include <cstdio>
#include <ostream>

#include "displace/app/path_safety.hpp"
#include "displace/app/progress.hpp"
#include "displace/app/ranks.hpp"
#include "displace/app/run_support.hpp"
#include "displace/common/error.hpp"
#include "displace/engine/simulation.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/size_check.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/run_writer.hpp"
#include "displace/scenario/ensemble_design.hpp"
#include "displace/scenario/load.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// One variant of the ensemble (the scenario itself, or its counterfactual) with its layers.
struct Variant {
  std::string name;  ///< "", "factual" or "counterfactual"
  scenario::Scenario scenario;
  inputs::SimulationInputs inputs;
};

void require_same_landscape(const Variant& factual, const Variant& counterfactual) {
  const auto& a = factual.inputs;
  const auto& b = counterfactual.inputs;
  const std::string where =
      "ensemble.pair.counterfactual (" + counterfactual.scenario.source_file.string() + ")";
  if (a.grid.width != b.grid.width || a.grid.height != b.grid.height ||
      a.grid.geotransform != b.grid.geotransform) {
    throw InputError(where + ": its grid differs from the factual scenario's");
  }
  if (factual.scenario.time.start != counterfactual.scenario.time.start ||
      factual.scenario.time.step_length != counterfactual.scenario.time.step_length ||
      factual.scenario.time.step_count != counterfactual.scenario.time.step_count) {
    throw InputError(where + ": its time axis differs from the factual scenario's");
  }
  const auto& ra = a.landscape->regions;
  const auto& rb = b.landscape->regions;
  const bool same_regions = ra.size() == rb.size() && std::equal(ra.begin(), ra.end(), rb.begin(),
                                                                 [](const auto& x, const auto& y) {
                                                                   return x.code == y.code;
                                                                 });
  if (!same_regions) throw InputError(where + ": its admin regions differ from the factual's");
}

}  // namespace

bool wants_ensemble(const scenario::Scenario& scenario, const RunRequest& request) {
  return request.members > 1 || (request.members == 0 && scenario.ensemble.active()) ||
         (request.members == 1 &&
          (!scenario.ensemble.sweep.empty() || !scenario.ensemble.counterfactual.empty()));
}

EnsembleOutcome run_ensemble(const scenario::Scenario& scenario, const RunRequest& request,
                             std::ostream& log) {
  const auto wall_start = Clock::now();
  const int threads = request.threads > 0 ? request.threads : scenario.threads;
  if (threads > 0) omp_set_num_threads(threads);
  EnsembleOutcome outcome;
  outcome.output_path = request.output_path.empty() ? scenario.output.path : request.output_path;
  outcome.threads = omp_get_max_threads();
  outcome.members_per_design = request.members > 0 ? request.members : scenario.ensemble.members;
  // Inputs first, whatever the flags (see run_scenario).
  if (!outcome.output_path.empty())
    refuse_input_as_output(outcome.output_path, "ensemble file", scenario);
  check_output_path(outcome.output_path, request.overwrite);

  const inputs::Timeline timeline(scenario.time);
  const auto points = scenario::sweep_design(scenario.ensemble, scenario.seed);

  // Layers: loaded once per variant, shared by every member and sweep point.
  const auto load_start = Clock::now();
  std::vector<Variant> variants;
  const bool paired = !scenario.ensemble.counterfactual.empty();
  variants.push_back({paired ? "factual" : "", scenario, inputs::load_inputs(scenario, timeline)});
  if (paired) {
    auto counterfactual = scenario::load_scenario(scenario.ensemble.counterfactual);
    // The counterfactual's own chain and layers are inputs too.
    refuse_input_as_output(outcome.output_path, "ensemble file", counterfactual);
    auto inputs = inputs::load_inputs(counterfactual, timeline);
    variants.push_back({"counterfactual", std::move(counterfactual), std::move(inputs)});
    require_same_landscape(variants.front(), variants.back());
  }
  outcome.load_seconds = seconds_since(load_start);
  inputs::print_notes(variants.front().inputs.notes, log,
                      request.warnings != nullptr ? *request.warnings : log);
  inputs::check_run_size(
      inputs::estimate_run_size(*variants.front().inputs.landscape, scenario.model.synthesis),
      scenario.model.synthesis, log);

  // Design groups: every sweep point under every variant; each point's model parameters come
  // from the variant's scenario re-validated with the point's values as overrides.
  std::vector<output::EnsembleDesignGroup> designs;
  std::vector<engine::ModelParameters> models;
  std::vector<std::vector<engine::Policy>> policies;  // per design group
  // per design group: the variant's landscape, with the point's hazard curves when it sweeps any
  std::vector<std::shared_ptr<const engine::Landscape>> landscapes;
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (const Variant& variant : variants) {
      output::EnsembleDesignGroup group;
      group.variant = variant.name;
      group.point = static_cast<int>(p);
      group.sweep_values = points[p].values;
      designs.push_back(group);
      if (points[p].values.empty()) {
        models.push_back(variant.scenario.model);
        policies.push_back(variant.inputs.policies);
        landscapes.push_back(variant.inputs.landscape);
      } else {
        auto overrides =
            variant.name == "counterfactual" ? std::vector<std::string>{} : request.overrides;
        for (const auto& o : points[p].overrides())
          overrides.push_back(o);
        const auto point = scenario::load_scenario(variant.scenario.source_file, overrides);
        models.push_back(point.model);
        landscapes.push_back(inputs::with_hazard_curves(variant.inputs.landscape, point));
        policies.push_back(inputs::resolve_policies(point, timeline, *variant.inputs.landscape,
                                                    variant.inputs.grid, variant.inputs.masks));
      }
    }
  }
  outcome.designs = static_cast<int>(designs.size());

  // With MPI, rank r runs the member runs r, r + R, r + 2R, ... into a shared folder; rank 0
  // writes the ensemble file once every rank is done. Each member run is the same whatever rank
  // runs it (its seed depends on the member index only), so the file does not depend on R.
  const Ranks mpi = ranks();
  outcome.ranks = mpi.size;
  const fs::path folder = fs::path(outcome.output_path.string() + ".members.partial");
  std::error_code ec;
  if (mpi.rank == 0) {
    fs::remove_all(folder, ec);
    fs::create_directories(folder, ec);
  }
  barrier();  // rank 0 has made the folder
  if (!all_ranks_ok(!ec && fs::is_directory(folder))) {
    throw InputError(folder.string() + ": cannot create the folder for member runs");
  }
  std::vector<output::EnsembleMemberRun> members;
  const auto run_start = Clock::now();
  const int total_runs = static_cast<int>(designs.size()) * outcome.members_per_design;
  ProgressSchedule progress(total_runs);  // a line per tenth of the member runs, or per minute
  try {
    const auto dates = timeline.step_dates_iso();
    int run_index = -1;
    for (std::size_t g = 0; g < designs.size(); ++g) {
      const Variant& variant = variants[g % variants.size()];
      for (int m = 0; m < outcome.members_per_design; ++m) {
        const std::uint64_t seed = scenario::member_seed(scenario.seed, m);
        char name[64];
        std::snprintf(name, sizeof name, "design%04zu-member%05d.h5", g, m);
        const fs::path file = folder / name;
        members.push_back({file, seed, static_cast<int>(g)});
        if (++run_index % mpi.size != mpi.rank) continue;
        output::Provenance provenance =
            make_provenance(variant.scenario, outcome.threads, variant.inputs.input_files);
        provenance.seed = seed;
        output::RunWriterOptions writer_options;
        writer_options.overwrite = true;
        writer_options.record_flows = scenario.output.record_flows;
        output::RunWriter writer(file, run_grid_of(variant.inputs.grid), dates, provenance,
                                 writer_options);
        engine::RunOptions options;
        options.seed = seed;
        options.step_count = timeline.step_count();
        options.step_length_years = timeline.step_length_years();
        options.map_every_steps = scenario.output.map_every_steps;
        engine::Simulation simulation(landscapes[g], models[g], policies[g], options);
        outcome.households_simulated = simulation.household_count();
        if (outcome.households_simulated == 0)
          throw inputs::no_households_error(models[g].synthesis);
        simulation.run(writer);
        ++outcome.runs;
        if (request.progress && mpi.rank == 0 &&
            progress.due(run_index + 1, seconds_since(run_start))) {
          log << "  member run " << run_index + 1 << "/" << total_runs << " done, "
              << seconds_since(run_start) << " s\n"
              << std::flush;
        }
      }
    }
  } catch (const std::exception& error) {
    if (mpi.size > 1) {  // the other ranks would wait for this one forever
      log << "displace: error on rank " << mpi.rank << ": " << error.what() << "\n";
      abort_all_ranks(1);
    }
    fs::remove_all(folder, ec);
    throw;
  }
  barrier();
  outcome.run_seconds = seconds_since(run_start);
  outcome.runs = static_cast<int>(members.size());
  bool merged = true;
  if (mpi.rank == 0) {
    try {
      const auto merge_start = Clock::now();
      output::write_ensemble_file(outcome.output_path, designs, members, request.overwrite,
                                  scenario.resolved_yaml, mpi.size);
      outcome.merge_seconds = seconds_since(merge_start);
    } catch (...) {
      fs::remove_all(folder, ec);
      all_ranks_ok(false);
      throw;
    }
    fs::remove_all(folder, ec);
  }
  merged = all_ranks_ok(merged);
  if (!merged) throw Error("ensemble: rank 0 could not write the ensemble file");
  outcome.wall_seconds = seconds_since(wall_start);
  return outcome;
}

}  // namespace displace::app
