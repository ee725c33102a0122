#include "displace/app/ensemble.hpp"

#include <omp.h>

#include <chrono>
#include <cstdio>
#include <ostream>

#include "displace/app/progress.hpp"
#include "displace/app/ranks.hpp"
#include "displace/common/error.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/pipeline/output_paths.hpp"
#include "displace/pipeline/path_safety.hpp"
#include "displace/pipeline/prepared_run.hpp"
#include "displace/pipeline/provenance.hpp"
#include "displace/pipeline/run_plan.hpp"
#include "displace/scenario/ensemble_design.hpp"
#include "displace/scenario/load.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// One variant of the ensemble (the scenario itself, or its counterfactual) with its layers.
struct Variant {
  std::string name;  ///< "", "factual" or "counterfactual"
  pipeline::PreparedRun run;
};

/// Checked before the counterfactual's layers load: they load on the factual's calendar.
void require_same_time(const scenario::Scenario& factual,
                       const scenario::Scenario& counterfactual) {
  if (factual.time.start != counterfactual.time.start ||
      factual.time.step_length != counterfactual.time.step_length ||
      factual.time.step_count != counterfactual.time.step_count) {
    throw InputError("ensemble.pair.counterfactual (" + counterfactual.source_file.string() +
                     "): its time axis differs from the factual scenario's");
  }
}

void require_same_landscape(const pipeline::PreparedRun& factual,
                            const pipeline::PreparedRun& counterfactual) {
  const auto& a = factual.inputs;
  const auto& b = counterfactual.inputs;
  const std::string where =
      "ensemble.pair.counterfactual (" + counterfactual.scenario.source_file.string() + ")";
  if (a.grid.width != b.grid.width || a.grid.height != b.grid.height ||
      a.grid.geotransform != b.grid.geotransform) {
    throw InputError(where + ": its grid differs from the factual scenario's");
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
    pipeline::refuse_input_as_output(outcome.output_path, "ensemble file", scenario);
  pipeline::check_output_path(outcome.output_path, request.overwrite);

  const auto points = scenario::sweep_design(scenario.ensemble, scenario.seed);

  // Layers: loaded once per variant, shared by every member and sweep point.
  const auto load_start = Clock::now();
  std::vector<Variant> variants;
  const bool paired = !scenario.ensemble.counterfactual.empty();
  variants.push_back({paired ? "factual" : "", pipeline::prepare_run(scenario)});
  if (paired) {
    auto counterfactual = scenario::load_scenario(scenario.ensemble.counterfactual);
    // The counterfactual's own chain and layers are inputs too.
    pipeline::refuse_input_as_output(outcome.output_path, "ensemble file", counterfactual);
    require_same_time(scenario, counterfactual);
    variants.push_back({"counterfactual", pipeline::prepare_run(std::move(counterfactual))});
    require_same_landscape(variants.front().run, variants.back().run);
  }
  outcome.load_seconds = seconds_since(load_start);
  const inputs::Timeline& timeline = variants.front().run.timeline;
  pipeline::report_and_check_size(variants.front().run, log,
                                  request.warnings != nullptr ? *request.warnings : log);

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
      const scenario::Scenario& own = variant.run.scenario;
      const inputs::SimulationInputs& loaded = variant.run.inputs;
      if (points[p].values.empty()) {
        models.push_back(own.model);
        policies.push_back(loaded.policies);
        landscapes.push_back(loaded.landscape);
      } else {
        auto overrides =
            variant.name == "counterfactual" ? std::vector<std::string>{} : request.overrides;
        for (const auto& o : points[p].overrides())
          overrides.push_back(o);
        const auto point = scenario::load_scenario(own.source_file, overrides);
        models.push_back(point.model);
        landscapes.push_back(inputs::with_hazard_curves(loaded.landscape, point));
        policies.push_back(inputs::resolve_policies(point, timeline, *loaded.landscape, loaded.grid,
                                                    loaded.masks));
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
    pipeline::RunPlan plan = pipeline::plan_of(scenario);
    plan.overwrite = true;  // the member files are this run's own, in its own folder
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
        plan.seed = seed;
        plan.output_path = file;
        outcome.households_simulated =
            pipeline::run_to_file(variant.run, landscapes[g], models[g], policies[g], plan,
                                  pipeline::make_provenance(variant.run.scenario, outcome.threads,
                                                            variant.run.inputs.input_files));
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
