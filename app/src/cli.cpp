#include "displace/app/cli.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <set>

#include "displace/app/calibrate_command.hpp"
#include "displace/app/ensemble.hpp"
#include "displace/app/exposure_command.hpp"
#include "displace/app/footprint_command.hpp"
#include "displace/app/forecast_command.hpp"
#include "displace/app/input_checks.hpp"
#include "displace/app/ranks.hpp"
#include "displace/app/report_command.hpp"
#include "displace/app/run.hpp"
#include "displace/app/score_command.hpp"
#include "displace/app/storms_command.hpp"
#include "displace/app/summary.hpp"
#include "displace/common/edit_distance.hpp"
#include "displace/common/error.hpp"
#include "displace/common/version.hpp"
#include "displace/inputs/simulation_inputs.hpp"
#include "displace/inputs/timeline.hpp"
#include "displace/scenario/load.hpp"

namespace displace::app {
namespace {

struct Subcommand {
  std::string name;
  std::string usage;
  std::string summary;
  std::set<std::string> flags;       ///< options without a value
  std::set<std::string> valued;      ///< options taking one value
  std::set<std::string> repeatable;  ///< valued options that may repeat
  int min_positional = 0;
  int max_positional = 0;
};

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> all = {
      {"run",
       "displace run SCENARIO [--set key=value]... [--threads N] [--members N] [--out PATH] "
       "[--overwrite] [--quiet] [--checkpoint-every K] [--checkpoint PATH] [--resume PATH]",
       "run a scenario (or its ensemble) and write its HDF5 run file",
       {"--overwrite", "--quiet"},
       {"--set", "--threads", "--members", "--out", "--checkpoint-every", "--checkpoint",
        "--resume"},
       {"--set"},
       1,
       1},
      {"validate",
       "displace validate SCENARIO [--set key=value]... [--print]",
       "check a scenario; --print shows it resolved with every default",
       {"--print"},
       {"--set"},
       {"--set"},
       1,
       1},
      {"inspect",
       "displace inspect FILE",
       "describe a raster (driver, size, CRS, bands, nodata, time axis), a vector file's layers "
       "and fields, or a track file's storms (IBTrACS, HURDAT2)",
       {},
       {},
       {},
       1,
       1},
      {"footprint",
       "displace footprint TRACKS --storm STORM --bounds XMIN,YMIN,XMAX,YMAX --resolution DEG "
       "--to DIR [--land POLYGONS] [--wind-conversion F] [--overwrite]",
       "a storm's wind and rain computed from its track, as GeoTIFFs for QGIS (maximum wind, "
       "hours above tropical-storm and hurricane force, storm-total rain)",
       {"--overwrite"},
       {"--storm", "--bounds", "--resolution", "--to", "--land", "--wind-conversion"},
       {},
       1,
       1},
      {"exposure",
       "displace exposure SCENARIO [--thresholds V,V...] [--csv] [--set key=value]...",
       "per wind event and region, the people and households whose place has a peak wind at or "
       "above each threshold (m/s), from the scenario's inputs without a simulation",
       {"--csv"},
       {"--thresholds", "--set"},
       {"--set"},
       1,
       1},
      {"forecast",
       "displace forecast FORECAST --scenario SCENARIO --to DIR [--members N] [--seed S] "
       "[--issue YYYYMMDDHH] [--exceed PEOPLE,...] [--history TRACKS] [--action ACTION.yaml] "
       "[--set key=value]... [--threads N] [--overwrite] [--quiet]",
       "a displacement forecast with ranges: an ATCF a-deck (or CSV) track forecast as an "
       "ensemble of tracks, each member a run of the scenario (docs/forecast.md)",
       {"--overwrite", "--quiet"},
       {"--scenario", "--to", "--members", "--seed", "--issue", "--exceed", "--history", "--action",
        "--set", "--threads"},
       {"--set"},
       1,
       1},
      {"storms",
       "displace storms TRACKS --near LON,LAT --within KM [--years A..B]",
       "the storms of a track file (IBTrACS, HURDAT2) that came near a place: closest approach, "
       "when, peak wind",
       {},
       {"--near", "--within", "--years"},
       {},
       1,
       1},
      {"compare",
       "displace compare RUN RUN... [--csv] [--wide]",
       "side-by-side figures of runs, by region and in total, with differences",
       {"--csv", "--wide"},
       {},
       {},
       1,
       64},
      {"export",
       "displace export RUN (--map VAR --date YYYY-MM-DD | --table VAR) --to PATH [--overwrite]",
       "a map as GeoTIFF, a variable as a long CSV table, or an admin level (admin_2) as a "
       "DTM-style table",
       {"--overwrite"},
       {"--map", "--date", "--table", "--to"},
       {},
       1,
       1},
      {"report",
       "displace report RUN [RUN...] --to REPORT.html [--lang en|es] [--overwrite]",
       "a self-contained HTML report of a run (and a comparison of several) to hand on",
       {"--overwrite"},
       {"--to", "--lang"},
       {},
       1,
       64},
      {"score",
       "displace score RUN OBSERVATIONS [--csv] [--targets id,id...] [--events id,id...] "
       "[--design N]",
       "a run (or ensemble file) against observed targets: ratios, ranges, ARD "
       "(docs/observations.md)",
       {"--csv"},
       {"--targets", "--events", "--design"},
       {},
       2,
       2},
      {"calibrate",
       "displace calibrate CALIBRATION.yaml [--overwrite] [--quiet] [--threads N] "
       "[--parallel automatic|members|engine]",
       "fit scenario parameters to observed targets by history matching (docs/calibration.md)",
       {"--overwrite", "--quiet"},
       {"--threads", "--parallel"},
       {},
       1,
       1},
      {"version",
       "displace version",
       "print the engine version and git revision",
       {},
       {},
       {},
       0,
       0},
      {"help", "displace help [SUBCOMMAND]", "this help", {}, {}, {}, 0, 1},
  };
  return all;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& k : known) {
    const auto d = edit_distance(word, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

struct Parsed {
  std::vector<std::string> positional;
  std::set<std::string> flags;
  std::map<std::string, std::vector<std::string>> values;

  std::optional<std::string> value(const std::string& key) const {
    const auto found = values.find(key);
    if (found == values.end() || found->second.empty()) return std::nullopt;
    return found->second.back();
  }
};

class UsageError : public InputError {
 public:
  using InputError::InputError;
};

Parsed parse(const Subcommand& command, const std::vector<std::string>& args) {
  Parsed parsed;
  const std::string prefix = "displace " + command.name + ": ";
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.size() > 1 && arg[0] == '-') {
      std::optional<std::string> inline_value;
      if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
        inline_value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
      }
      if (command.flags.count(arg) != 0) {
        if (inline_value) throw UsageError(prefix + "option " + arg + " takes no value");
        parsed.flags.insert(arg);
      } else if (command.valued.count(arg) != 0) {
        std::string value;
        if (inline_value) {
          value = *inline_value;
        } else if (i + 1 < args.size()) {
          value = args[++i];
        } else {
          throw UsageError(prefix + "option " + arg + " needs a value");
        }
        if (value.empty()) {
          // `--checkpoint ""` (a shell variable that expanded to nothing): no option takes an
          // empty value, and a path made of nothing is the current folder's name at best.
          throw UsageError(prefix + "option " + arg + " needs a value (got an empty one)" +
                           "\nusage: " + command.usage);
        }
        auto& slot = parsed.values[arg];
        if (!slot.empty() && command.repeatable.count(arg) == 0) {
          throw UsageError(prefix + "option " + arg + " given twice");
        }
        slot.push_back(value);
      } else {
        std::vector<std::string> known(command.flags.begin(), command.flags.end());
        known.insert(known.end(), command.valued.begin(), command.valued.end());
        throw UsageError(prefix + "unknown option '" + arg + "'" + suggestion(arg, known) +
                         "\nusage: " + command.usage);
      }
    } else {
      parsed.positional.push_back(arg);
    }
  }
  const auto count = static_cast<int>(parsed.positional.size());
  if (count < command.min_positional || count > command.max_positional) {
    throw UsageError(prefix +
                     (count < command.min_positional ? "missing argument" : "too many arguments") +
                     "\nusage: " + command.usage);
  }
  return parsed;
}

int parse_positive_int(const std::string& text, const std::string& what, int max_value) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end || value < 1) {
    throw UsageError(what + ": expected a positive integer, got '" + text + "'");
  }
  if (value > max_value) {
    throw UsageError(what + ": " + text + " is more than the limit of " +
                     std::to_string(max_value));
  }
  return value;
}

/// Far above any machine's cores, far below what makes OpenMP fail to start its threads.
constexpr int kMaxThreads = 1024;
constexpr int kMaxMembers = 100'000;

void print_help(std::ostream& out) {
  out << "displace " << engine_version()
      << " — households moving (or trapped) under climate hazards\n\n"
         "usage: displace <subcommand> [arguments]\n\nsubcommands:\n";
  for (const auto& c : subcommands()) {
    out << "  " << c.name << std::string(10 - std::min<std::size_t>(c.name.size(), 9), ' ')
        << c.summary << "\n";
  }
  out << "\n'displace help SUBCOMMAND' shows a subcommand's usage. Exit codes: 0 success, 2 bad\n"
         "input or arguments, 1 internal error.\n";
}

int cmd_run(const Parsed& p, std::ostream& out, std::ostream& err) {
  const auto overrides =
      p.values.count("--set") ? p.values.at("--set") : std::vector<std::string>{};
  const auto scenario = scenario::load_scenario(p.positional[0], overrides);
  RunRequest request;
  if (const auto o = p.value("--out")) request.output_path = std::filesystem::absolute(*o);
  if (const auto t = p.value("--threads"))
    request.threads = parse_positive_int(*t, "--threads", kMaxThreads);
  if (const auto m = p.value("--members"))
    request.members = parse_positive_int(*m, "--members", kMaxMembers);
  if (const auto k = p.value("--checkpoint-every")) {
    request.checkpoint_every =
        parse_positive_int(*k, "--checkpoint-every", std::numeric_limits<int>::max());
  }
  if (const auto c = p.value("--checkpoint"))
    request.checkpoint_path = std::filesystem::absolute(*c);
  if (const auto r = p.value("--resume")) request.resume_from = std::filesystem::absolute(*r);
  request.overwrite = p.flags.count("--overwrite") != 0;
  request.overrides = overrides;
  const bool quiet = p.flags.count("--quiet") != 0;
  request.progress = !quiet;
  request.warnings = &err;  // warnings are shown also under --quiet
  std::ostringstream discard;
  std::ostream& log = quiet ? static_cast<std::ostream&>(discard) : err;
  if (wants_ensemble(scenario, request)) {
    if (request.checkpoint_every > 0 || !request.resume_from.empty()) {
      throw InputError("--checkpoint-every and --resume apply to single runs, not ensembles");
    }
    const auto outcome = run_ensemble(scenario, request, log);
    if (ranks().rank != 0) return kExitOk;  // rank 0 speaks for all
    if (!quiet) {
      out << "scenario  " << scenario.name << " (ensemble)\n"
          << "runs      " << outcome.runs << " = " << outcome.designs << " design group(s) x "
          << outcome.members_per_design << " member(s); " << outcome.households_simulated
          << " households simulated per run; " << outcome.ranks << " rank(s) x " << outcome.threads
          << " thread(s)\n"
          << "time      layers loaded once in " << outcome.load_seconds << " s; "
          << outcome.run_seconds * outcome.ranks / std::max(1, outcome.runs)
          << " s per member run; ensemble file written in " << outcome.merge_seconds << " s; "
          << outcome.wall_seconds << " s in all\n";
      print_run_summary(outcome.output_path, out);
    }
    out << "output    " << outcome.output_path.string() << "\n";
    return kExitOk;
  }
  const auto outcome = run_scenario(scenario, request, log);
  if (ranks().rank != 0) return kExitOk;  // rank 0 speaks for all
  if (!quiet) {
    out << "scenario  " << scenario.name << "\n"
        << "households simulated " << outcome.households_simulated << ", " << outcome.steps
        << " steps, " << (outcome.ranks > 1 ? std::to_string(outcome.ranks) + " rank(s) x " : "")
        << outcome.threads << " thread(s), " << outcome.wall_seconds << " s\n";
    print_run_summary(outcome.output_path, out);
  }
  out << "output    " << outcome.output_path.string() << "\n";
  return kExitOk;
}

int cmd_validate(const Parsed& p, std::ostream& out, std::ostream& err) {
  const auto overrides =
      p.values.count("--set") ? p.values.at("--set") : std::vector<std::string>{};
  const auto scenario = scenario::load_scenario(p.positional[0], overrides);
  if (p.flags.count("--print") != 0) {
    out << scenario.resolved_yaml;
  } else {
    // What `run` would refuse for an input reason, found from the files' metadata.
    const inputs::Timeline timeline(scenario.time);
    std::vector<std::string> notes;
    auto problems = check_inputs(scenario, timeline, &notes);
    if (problems.empty()) {
      // The layers are then loaded as `run` loads them (no simulation), for what only their
      // values show: the warnings of SimulationInputs::notes and the errors of loading.
      try {
        const auto inputs = inputs::load_inputs(scenario, timeline);
        notes.insert(notes.end(), inputs.notes.begin(), inputs.notes.end());
      } catch (const InputError& error) {
        problems.emplace_back(error.what());
      }
    }
    inputs::print_notes(notes, err, err);
    if (!problems.empty()) {
      std::string text = p.positional[0] + ": the scenario is valid, but its inputs are not:";
      for (const auto& problem : problems)
        text += "\n  " + problem;
      throw InputError(text);
    }
    const auto warnings = std::count_if(notes.begin(), notes.end(), inputs::is_warning);
    out << p.positional[0] << ": valid (" << scenario.layers.size() << " layers, "
        << scenario.policies.size() << " policies, " << scenario.time.step_count << " steps"
        << (warnings > 0 ? "; " + std::to_string(warnings) + " warning(s) above" : std::string())
        << ")\n";
  }
  return kExitOk;
}

int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    print_help(err);
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h") {
    print_help(out);
    return kExitOk;
  }
  if (first == "--version") {
    out << "displace " << engine_version() << " (" << git_revision() << ")\n";
    return kExitOk;
  }
  const auto& all = subcommands();
  const auto command =
      std::find_if(all.begin(), all.end(), [&](const Subcommand& c) { return c.name == first; });
  if (command == all.end()) {
    std::vector<std::string> names;
    for (const auto& c : all)
      names.push_back(c.name);
    err << "displace: unknown subcommand '" << first << "'" << suggestion(first, names)
        << "\nrun 'displace --help' for the list\n";
    return kExitUsage;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
    out << "usage: " << command->usage << "\n" << command->summary << "\n";
    return kExitOk;
  }
  const Parsed parsed = parse(*command, rest);
  if (command->name == "run") return cmd_run(parsed, out, err);
  if (command->name == "validate") return cmd_validate(parsed, out, err);
  if (command->name == "inspect") return cmd_inspect(parsed.positional[0], out);
  if (command->name == "footprint") {
    FootprintRequest request;
    request.tracks = parsed.positional[0];
    request.storm = parsed.value("--storm").value_or("");
    request.bounds = parsed.value("--bounds").value_or("");
    request.resolution = parsed.value("--resolution").value_or("0.02");
    request.to = parsed.value("--to").value_or("");
    request.wind_conversion = parsed.value("--wind-conversion").value_or("1");
    request.land = parsed.value("--land").value_or("");
    request.overwrite = parsed.flags.count("--overwrite") != 0;
    return cmd_footprint(request, out);
  }
  if (command->name == "exposure") {
    ExposureRequest request;
    request.scenario = parsed.positional[0];
    if (parsed.values.count("--set") != 0) request.overrides = parsed.values.at("--set");
    if (const auto t = parsed.value("--thresholds")) request.thresholds = *t;
    request.csv = parsed.flags.count("--csv") != 0;
    return cmd_exposure(request, out, err);
  }
  if (command->name == "forecast") {
    ForecastArguments arguments;
    arguments.forecast = parsed.positional[0];
    arguments.scenario = parsed.value("--scenario").value_or("");
    if (parsed.values.count("--set") != 0) arguments.overrides = parsed.values.at("--set");
    arguments.members = parsed.value("--members").value_or("50");
    arguments.to = parsed.value("--to").value_or("");
    arguments.seed = parsed.value("--seed").value_or("");
    arguments.issue = parsed.value("--issue").value_or("");
    arguments.exceed = parsed.value("--exceed").value_or("");
    arguments.history = parsed.value("--history").value_or("");
    arguments.action = parsed.value("--action").value_or("");
    arguments.threads = parsed.value("--threads").value_or("");
    arguments.overwrite = parsed.flags.count("--overwrite") != 0;
    arguments.quiet = parsed.flags.count("--quiet") != 0;
    return cmd_forecast(arguments, out, err);
  }
  if (command->name == "storms") {
    StormsRequest request;
    request.tracks = parsed.positional[0];
    request.near = parsed.value("--near").value_or("");
    request.within = parsed.value("--within").value_or("");
    request.years = parsed.value("--years").value_or("");
    return cmd_storms(request, out);
  }
  if (command->name == "compare")
    return cmd_compare(parsed.positional, parsed.flags.count("--csv") != 0,
                       parsed.flags.count("--wide") != 0, out);
  if (command->name == "report") {
    return cmd_report(parsed.positional, parsed.value("--to").value_or(""),
                      parsed.value("--lang").value_or("en"), parsed.flags.count("--overwrite") != 0,
                      out);
  }
  if (command->name == "export") {
    ExportRequest request;
    request.run = parsed.positional[0];
    request.map_variable = parsed.value("--map").value_or("");
    request.date = parsed.value("--date").value_or("");
    request.table_variable = parsed.value("--table").value_or("");
    request.to = parsed.value("--to").value_or("");
    request.overwrite = parsed.flags.count("--overwrite") != 0;
    return cmd_export(request, out);
  }
  if (command->name == "score") {
    ScoreRequest request;
    request.run = parsed.positional[0];
    request.observations = parsed.positional[1];
    request.csv = parsed.flags.count("--csv") != 0;
    request.targets = parsed.value("--targets").value_or("");
    request.events = parsed.value("--events").value_or("");
    request.design = parsed.value("--design");
    return cmd_score(request, out);
  }
  if (command->name == "calibrate") {
    CalibrateRequest request;
    request.file = parsed.positional[0];
    request.overwrite = parsed.flags.count("--overwrite") != 0;
    request.quiet = parsed.flags.count("--quiet") != 0;
    if (const auto t = parsed.value("--threads"))
      request.threads = parse_positive_int(*t, "--threads", kMaxThreads);
    request.parallel = parsed.value("--parallel").value_or("automatic");
    return cmd_calibrate(request, out, err);
  }
  if (command->name == "version") {
    out << "displace " << engine_version() << " (" << git_revision() << ")\n";
    return kExitOk;
  }
  if (parsed.positional.empty()) {
    print_help(out);
    return kExitOk;
  }
  const auto topic = std::find_if(
      all.begin(), all.end(), [&](const Subcommand& c) { return c.name == parsed.positional[0]; });
  if (topic == all.end())
    throw UsageError("displace help: no subcommand '" + parsed.positional[0] + "'");
  out << "usage: " << topic->usage << "\n" << topic->summary << "\n";
  return kExitOk;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // One write per message, naming the rank when there are several, so that the messages of
  // several MPI ranks do not interleave.
  auto report = [&](const std::string& kind, const char* what) {
    const Ranks here = ranks();
    const std::string who =
        here.size > 1 ? "displace (rank " + std::to_string(here.rank) + "): " : "displace: ";
    err << (who + kind + what + "\n") << std::flush;
  };
  try {
    return dispatch(args, out, err);
  } catch (const RunInterrupted& e) {
    report("", e.what());
    return kExitInterrupted;
  } catch (const InputError& e) {
    report("error: ", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    report("internal error: ", e.what());
    return kExitFailure;
  }
}

}  // namespace displace::app
