#include "displace/app/forecast.hpp"

#include <omp.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>

#include "displace/app/progress.hpp"
#include "displace/app/run.hpp"
#include "displace/common/error.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/storm_inputs.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/output/csv.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/pipeline/output_paths.hpp"
#include "displace/pipeline/path_safety.hpp"
#include "displace/pipeline/prepared_run.hpp"
#include "displace/pipeline/provenance.hpp"
#include "displace/pipeline/run_plan.hpp"
#include "displace/report/forecast_report.hpp"
#include "displace/scenario/ensemble_design.hpp"
#include "displace/storms/atcf.hpp"
#include "displace/storms/forecast_ensemble.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string kilometres(double km) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", km);
  return text;
}

/// The one storm_track layer of the scenario (its index).
std::size_t storm_layer_of(const scenario::Scenario& scenario) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < scenario.layers.size(); ++i) {
    if (scenario.layers[i].kind == scenario::LayerKind::storm_track) found.push_back(i);
  }
  if (found.size() != 1) {
    throw InputError(scenario.source_file.string() + ": a forecast needs exactly one layer of " +
                     "kind storm_track (its storm is replaced by the forecast's); the scenario " +
                     "has " + std::to_string(found.size()));
  }
  return found.front();
}

void write_tracks_csv(const fs::path& path, const std::vector<storms::StormTrack>& tracks) {
  std::ofstream out(path, std::ios::binary);
  out << "member,time_utc,lat_deg,lon_deg,max_wind_m_s,pressure_hpa\n";
  for (std::size_t m = 0; m < tracks.size(); ++m) {
    for (const auto& fix : tracks[m].fixes) {
      out << (m == 0 ? std::string("official") : std::to_string(m - 1)) << ','
          << output::csv_field(storms::format_utc(fix.time_s)) << ','
          << output::csv_number(fix.lat_deg) << ',' << output::csv_number(fix.lon_deg) << ','
          << output::csv_number(fix.max_wind_m_s) << ',' << output::csv_number(fix.pressure_hpa)
          << '\n';
    }
  }
  if (!out) throw Error(path.string() + ": cannot write the members' tracks");
}

/// One summary quantity: its values per member, step and region (index t * regions + r), as the
/// forecast's report takes them.
using Quantity = report::ForecastQuantity;

/// The quantities of one member run, in summary order; those whose variable the run lacks are
/// absent (every member run has the same variables).
std::vector<Quantity> quantities_of(const output::RunReader& run) {
  const auto& layout = run.layout();
  const std::size_t regions = layout.region_codes.size();
  const std::size_t steps = layout.step_dates.size();
  std::vector<Quantity> out;
  auto add = [&](std::string name) -> std::vector<double>& {
    out.push_back({std::move(name), {std::vector<double>(steps * regions, 0.0)}});
    return out.back().values.front();
  };
  const auto people = run.read("people");  // (time, region, status, breakdown)
  const char* const status_names[] = {"evacuated_people", "displaced_people", "migrated_people"};
  for (std::size_t q = 0; q < std::size(status_names); ++q) {
    auto& v = add(status_names[q]);
    for (std::size_t t = 0; t < steps; ++t) {
      for (std::size_t r = 0; r < regions; ++r)
        v[t * regions + r] = people.values[people.index_of({t, r, q + 1, 0})];
    }
  }
  if (run.has_variable("damaged_home_households")) {
    const auto damaged = run.read("damaged_home_households");  // (time, region)
    add("damaged_home_households") = damaged.values;
  }
  if (run.has_variable("displacements_people")) {
    const auto left = run.read("displacements_people");  // (time, region, displacement_cause)
    for (std::size_t c = 0; c < layout.displacement_causes.size(); ++c) {
      auto& v = add("left_home_" + layout.displacement_causes[c] + "_people");
      for (std::size_t t = 0; t < steps; ++t) {
        for (std::size_t r = 0; r < regions; ++r)
          v[t * regions + r] = left.values[left.index_of({t, r, c})];
      }
    }
  }
  if (run.has_variable("flows_people") && layout.place_ids.size() > regions) {
    // (time, flow_kind, origin, destination) over places: region codes, then externals.
    const auto flows = run.read("flows_people");
    auto& v = add("moved_abroad_people");
    for (std::size_t t = 0; t < steps; ++t) {
      for (std::size_t k = 0; k < flows.shape[1]; ++k) {
        for (std::size_t r = 0; r < regions; ++r) {
          for (std::size_t d = regions; d < flows.shape[3]; ++d)
            v[t * regions + r] += flows.values[flows.index_of({t, k, r, d})];
        }
      }
    }
  }
  return out;
}

/// The quantities of every member run (each Quantity's values: one entry per member).
std::vector<Quantity> collect_quantities(const std::vector<fs::path>& member_files,
                                         output::RunFileLayout& layout) {
  std::vector<Quantity> quantities;
  for (const auto& file : member_files) {
    const output::RunReader reader(file);
    auto member = quantities_of(reader);
    if (quantities.empty()) {
      layout = reader.layout();
      quantities = std::move(member);
      continue;
    }
    for (std::size_t q = 0; q < quantities.size(); ++q)
      quantities[q].values.push_back(std::move(member[q].values.front()));
  }
  return quantities;
}

/// The summary table of `quantities` over their members (see run_forecast).
void write_summary_csv(const fs::path& path, const output::RunFileLayout& layout,
                       const std::vector<Quantity>& quantities,
                       const std::vector<double>& thresholds) {
  std::ofstream out(path, std::ios::binary);
  out << "date,region,region_name,quantity,members,p05,median,p95,mean";
  for (const double t : thresholds)
    out << ",p_above_" << output::csv_number(t);
  out << '\n';
  const std::size_t regions = layout.region_codes.size();
  const std::size_t members = quantities.empty() ? 0 : quantities.front().values.size();
  std::vector<double> values(members);
  for (std::size_t t = 0; t < layout.step_dates.size(); ++t) {
    for (std::size_t r = 0; r < regions; ++r) {
      for (const Quantity& quantity : quantities) {
        double sum = 0.0;
        std::vector<int> above(thresholds.size(), 0);
        for (std::size_t m = 0; m < members; ++m) {
          values[m] = quantity.values[m][t * regions + r];
          sum += values[m];
          for (std::size_t k = 0; k < thresholds.size(); ++k) {
            if (values[m] > thresholds[k]) ++above[k];
          }
        }
        auto sorted = values;
        const double p05 = output::linear_quantile(sorted, 0.05);
        const double median = output::linear_quantile(sorted, 0.5);
        const double p95 = output::linear_quantile(sorted, 0.95);
        out << output::csv_field(layout.step_dates[t]) << ','
            << output::csv_field(layout.region_codes[r]) << ','
            << output::csv_field(layout.region_names[r]) << ',' << quantity.name << ',' << members
            << ',' << output::csv_number(p05) << ',' << output::csv_number(median) << ','
            << output::csv_number(p95) << ','
            << output::csv_number(sum / static_cast<double>(members));
        for (const int a : above)
          out << ',' << output::csv_number(static_cast<double>(a) / static_cast<double>(members));
        out << '\n';
      }
    }
  }
  if (!out) throw Error(path.string() + ": cannot write the forecast summary");
}

/// Per member, `without` minus `with` of every quantity both have (paired on the member).
std::vector<Quantity> paired_differences(const std::vector<Quantity>& without,
                                         const std::vector<Quantity>& with) {
  std::vector<Quantity> out;
  for (const Quantity& a : without) {
    const auto b =
        std::find_if(with.begin(), with.end(), [&](const Quantity& q) { return q.name == a.name; });
    if (b == with.end()) continue;
    Quantity difference{a.name, a.values};
    for (std::size_t m = 0; m < difference.values.size(); ++m) {
      for (std::size_t i = 0; i < difference.values[m].size(); ++i)
        difference.values[m][i] -= b->values[m][i];
    }
    out.push_back(std::move(difference));
  }
  return out;
}

/// The track's fixes for the report: hours after the issue and, for the official track, the
/// cone's radius there (the ensemble's own radii, storms::cone_radius_km).
std::vector<report::ForecastFix> report_fixes(const storms::StormTrack& track,
                                              std::int64_t issue_time_s, bool cone) {
  std::vector<report::ForecastFix> out;
  out.reserve(track.fixes.size());
  for (const auto& fix : track.fixes) {
    report::ForecastFix f;
    f.lat_deg = fix.lat_deg;
    f.lon_deg = fix.lon_deg;
    f.lead_hours = static_cast<double>(fix.time_s - issue_time_s) / 3600.0;
    f.cone_radius_km = cone && f.lead_hours > 0.0 ? storms::cone_radius_km(f.lead_hours) : 0.0;
    out.push_back(f);
  }
  return out;
}

/// Whether the forecast file's name says it is synthetic (e.g. made from a best track).
bool named_synthetic(const fs::path& file) {
  std::string name = file.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name.find("synthetic") != std::string::npos;
}

/// A scenario prepared for the forecast: its storm_track layer emptied (the members' storms go
/// there), its layers loaded once, the layer's hazard kinds and fine cells.
struct ForecastVariant {
  pipeline::PreparedRun run;
  std::size_t layer = 0;
  inputs::StormLayerKinds kinds;
  inputs::StormCells cells;
  output::Provenance provenance;
};

ForecastVariant prepare_variant(const scenario::Scenario& source, const fs::path& forecast_path) {
  scenario::Scenario emptied = source;
  const std::size_t layer = storm_layer_of(emptied);
  emptied.layers[layer].storms.clear();
  emptied.layers[layer].path = fs::absolute(forecast_path);  // its provenance
  ForecastVariant v{pipeline::prepare_run(std::move(emptied)), layer, {}, {}, {}};
  const scenario::Scenario& s = v.run.scenario;
  v.kinds = v.run.inputs.storm_layers.front();
  v.cells = inputs::storm_cells(s.layers[layer], s, v.run.inputs.grid);
  // One provenance for every member (the inputs' digests are computed once).
  v.provenance = pipeline::make_provenance(s, omp_get_max_threads(), v.run.inputs.input_files);
  return v;
}

/// The action's scenario must describe the same time as the forecast's (checked before its
/// layers load: they load on the forecast's calendar).
void require_same_time(const scenario::Scenario& base, const scenario::Scenario& action) {
  const auto& ta = base.time;
  const auto& tb = action.time;
  if (ta.start != tb.start || ta.step_length != tb.step_length || ta.step_count != tb.step_count) {
    throw InputError("--action (" + action.source_file.string() +
                     "): its time axis differs from the forecast scenario's");
  }
}

/// The action's scenario must describe the same place as the forecast's.
void require_same_landscape(const ForecastVariant& base, const ForecastVariant& action) {
  const std::string where = "--action (" + action.run.scenario.source_file.string() + ")";
  const auto& a = base.run.inputs.grid;
  const auto& b = action.run.inputs.grid;
  if (a.width != b.width || a.height != b.height || a.geotransform != b.geotransform)
    throw InputError(where + ": its grid differs from the forecast scenario's");
  const auto& ra = base.run.inputs.landscape->regions;
  const auto& rb = action.run.inputs.landscape->regions;
  if (ra.size() != rb.size() ||
      !std::equal(ra.begin(), ra.end(), rb.begin(),
                  [](const auto& x, const auto& y) { return x.code == y.code; }))
    throw InputError(where + ": its admin regions differ from the forecast scenario's");
}

/// One member run of `variant` with `track` as its storm, written to `file`. Returns whether the
/// storm reaches the grid.
bool run_member(const ForecastVariant& variant, const storms::StormTrack& track, std::uint64_t seed,
                const fs::path& file) {
  const pipeline::PreparedRun& run = variant.run;
  auto landscape = std::make_shared<engine::Landscape>(*run.inputs.landscape);
  std::vector<std::string> notes;  // per-member estimates: the official's notes suffice
  const bool reaches =
      inputs::add_storm_events(run.scenario.layers[variant.layer], variant.cells, variant.kinds,
                               {track}, run.timeline, run.inputs.grid, *landscape, notes);
  pipeline::RunPlan plan = pipeline::plan_of(run.scenario);
  plan.seed = seed;
  plan.output_path = file;
  plan.overwrite = true;  // the member files are this forecast's own, in its own folder
  pipeline::run_to_file(run, std::move(landscape), run.scenario.model, run.inputs.policies, plan,
                        variant.provenance);
  return reaches;
}

}  // namespace

ForecastOutcome run_forecast(const scenario::Scenario& base, const ForecastRequest& request,
                             std::ostream& log) {
  const auto wall_start = Clock::now();
  if (request.members < 1) throw InputError("--members: a forecast needs at least 1 member");
  const int threads = request.threads > 0 ? request.threads : base.threads;
  if (threads > 0) omp_set_num_threads(threads);

  // The forecast, then the scenario with its storm layer emptied: the members' storms go there.
  storms::ForecastSelection selection;
  selection.issue_time_s = request.issue_time_s;
  const storms::TrackForecast forecast =
      storms::read_forecast(request.forecast_path.string(), selection);
  std::optional<storms::StormTrack> history;
  if (!request.history_path.empty()) {
    const auto all = storms::read_tracks(request.history_path.string());
    history = storms::select_storm(all, forecast.atcf_id, request.history_path.string());
  }
  ForecastOutcome outcome;
  outcome.storm = forecast.name + " (" + forecast.atcf_id + ")";
  outcome.issue_time = storms::format_issue_time(forecast.issue_time_s);
  outcome.forecast_points = static_cast<int>(forecast.points.size());
  outcome.members = request.members;
  outcome.ensemble_path = request.output_dir / "forecast.h5";
  outcome.summary_path = request.output_dir / "summary.csv";
  outcome.tracks_path = request.output_dir / "tracks.csv";
  outcome.report_path = request.output_dir / "report.html";
  outcome.report_es_path = request.output_dir / "report-es.html";
  if (request.action) {
    outcome.action_path = request.output_dir / "action.h5";
    outcome.action_summary_path = request.output_dir / "action-summary.csv";
  }
  std::vector<fs::path> outputs{outcome.ensemble_path, outcome.summary_path, outcome.tracks_path,
                                outcome.report_path, outcome.report_es_path};
  if (request.action) {
    outputs.push_back(outcome.action_path);
    outputs.push_back(outcome.action_summary_path);
  }
  for (const auto& path : outputs) {
    pipeline::refuse_input_as_output(path, "forecast output", base);
    if (request.action) pipeline::refuse_input_as_output(path, "forecast output", *request.action);
    if (pipeline::same_file(path, request.forecast_path)) {
      throw InputError(path.string() + ": the forecast output would overwrite the forecast file");
    }
  }
  pipeline::check_output_path(outcome.ensemble_path, request.overwrite);
  for (const auto& path : outputs) {
    if (path == outcome.ensemble_path) continue;
    std::error_code ec;
    if (fs::exists(path, ec) && !request.overwrite) {
      throw InputError(path.string() + ": exists; use --overwrite to replace it");
    }
  }

  const auto load_start = Clock::now();
  ForecastVariant variant = prepare_variant(base, request.forecast_path);
  std::optional<ForecastVariant> action;
  if (request.action) {
    require_same_time(base, *request.action);
    action = prepare_variant(*request.action, request.forecast_path);
    require_same_landscape(variant, *action);
  }
  const scenario::Scenario& scenario = variant.run.scenario;
  const scenario::LayerSpec& layer = scenario.layers[variant.layer];
  const inputs::SimulationInputs& inputs = variant.run.inputs;
  const inputs::Timeline& timeline = variant.run.timeline;
  pipeline::report_and_check_size(variant.run, log, log);

  // The official forecast first: it must reach the grid.
  const storms::StormTrack official =
      history ? storms::track_with_history(*history, forecast) : storms::forecast_track(forecast);
  {
    engine::Landscape scratch = *inputs.landscape;
    std::vector<std::string> notes;
    if (!inputs::add_storm_events(layer, variant.cells, variant.kinds, {official}, timeline,
                                  inputs.grid, scratch, notes)) {
      throw InputError(request.forecast_path.string() + ": the " + forecast.technique +
                       " forecast of " + outcome.storm + " issued at " + outcome.issue_time +
                       " never comes within " + kilometres(layer.storm_radius_km) +
                       " km (radius_of_influence_km of layer '" + layer.name +
                       "') of the grid: no member would bring wind or rain");
    }
  }
  outcome.load_seconds = seconds_since(load_start);

  storms::ForecastEnsembleOptions options;
  options.seed = request.seed.value_or(scenario.seed);
  std::vector<storms::StormTrack> tracks{official};
  const fs::path folder = fs::path(outcome.ensemble_path.string() + ".members.partial");
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder)) {
    throw InputError(folder.string() + ": cannot create the folder for member runs");
  }
  std::vector<output::EnsembleMemberRun> members;
  std::vector<output::EnsembleMemberRun> action_members;
  std::vector<fs::path> member_files;
  std::vector<fs::path> action_files;
  const auto run_start = Clock::now();
  try {
    for (int m = 0; m < request.members; ++m) {
      storms::StormTrack track = history ? storms::forecast_member(forecast, *history, m, options)
                                         : storms::forecast_member(forecast, m, options);
      const std::uint64_t seed = scenario::member_seed(options.seed, m);
      char name[64];
      std::snprintf(name, sizeof name, "member%05d.h5", m);
      members.push_back({folder / name, seed, 0});
      member_files.push_back(folder / name);
      if (run_member(variant, track, seed, member_files.back())) {
        ++outcome.members_reaching_grid;
      }
      if (action) {  // the same track and seed: the difference is the action's alone
        action_files.push_back(folder / ("action-" + std::string(name)));
        action_members.push_back({action_files.back(), seed, 0});
        run_member(*action, track, seed, action_files.back());
      }
      tracks.push_back(std::move(track));
      if (request.progress && ((m + 1) % std::max(1, request.members / 10) == 0)) {
        log << "  member " << m + 1 << "/" << request.members << " done, "
            << seconds_since(run_start) << " s\n"
            << std::flush;
      }
    }
    outcome.run_seconds = seconds_since(run_start);
    const std::string note = "\n# forecast: " + request.forecast_path.filename().string() + ", " +
                             forecast.technique + " issued " + outcome.issue_time + ", " +
                             std::to_string(request.members) + " members, track seed " +
                             std::to_string(options.seed) + "\n";
    output::write_ensemble_file(outcome.ensemble_path, {output::EnsembleDesignGroup{}}, members,
                                request.overwrite, base.resolved_yaml + note);
    output::RunFileLayout layout;
    report::ForecastReportInput report_input;
    report_input.quantities = collect_quantities(member_files, layout);
    const auto& quantities = report_input.quantities;
    write_summary_csv(outcome.summary_path, layout, quantities, request.exceed_people);
    write_tracks_csv(outcome.tracks_path, tracks);
    if (action) {
      output::write_ensemble_file(outcome.action_path, {output::EnsembleDesignGroup{}},
                                  action_members, request.overwrite,
                                  request.action->resolved_yaml + note);
      output::RunFileLayout action_layout;
      report_input.with_action = collect_quantities(action_files, action_layout);
      report_input.action_name = request.action->name;
      write_summary_csv(outcome.action_summary_path, layout,
                        paired_differences(quantities, report_input.with_action), {});
    }
    // The report: the run report of the ensemble with the forecast's section, from the figures
    // above (in memory).
    report_input.forecast_file = request.forecast_path.filename().string();
    report_input.storm = outcome.storm;
    report_input.issue_time = storms::format_utc(forecast.issue_time_s);
    report_input.issue_date = report_input.issue_time.substr(0, 10);
    report_input.members = request.members;
    report_input.seed = options.seed;
    report_input.synthetic = named_synthetic(request.forecast_path);
    report_input.official = report_fixes(tracks.front(), forecast.issue_time_s, true);
    for (std::size_t m = 1; m < tracks.size(); ++m)
      report_input.member_tracks.push_back(report_fixes(tracks[m], forecast.issue_time_s, false));
    report_input.step_dates = layout.step_dates;
    report_input.region_codes = layout.region_codes;
    report_input.region_names = layout.region_names;
    report_input.exceed_people = request.exceed_people;
    report::write_forecast_report(outcome.ensemble_path, report_input, outcome.report_path,
                                  report::Language::en, request.overwrite);
    report::write_forecast_report(outcome.ensemble_path, report_input, outcome.report_es_path,
                                  report::Language::es, request.overwrite);
  } catch (...) {
    fs::remove_all(folder, ec);
    throw;
  }
  fs::remove_all(folder, ec);
  outcome.wall_seconds = seconds_since(wall_start);
  return outcome;
}

}  // namespace displace::app
