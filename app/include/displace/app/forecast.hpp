#pragma once
// A displacement forecast before landfall (issue #28): a track forecast (ATCF a-deck or CSV,
// storms/atcf.hpp) turned into an ensemble of tracks (storms/forecast_ensemble.hpp), each member
// a run of the scenario with that member's wind and rain in place of its storm_track layer's
// storms; the member runs become one ensemble file (output/ensemble_file.hpp) and a summary of
// the distribution over members by region and step.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "displace/scenario/scenario.hpp"

namespace displace::app {

struct ForecastRequest {
  std::filesystem::path forecast_path;       ///< ATCF a-deck or plain CSV
  std::optional<std::int64_t> issue_time_s;  ///< nullopt = the latest OFCL forecast of the file
  std::filesystem::path history_path;        ///< optional track file with the storm's track so far
  /// The scenario with an anticipatory action (e.g. an early-warning or cash policy), run on the
  /// same member tracks and seeds; nullopt = none.
  std::optional<scenario::Scenario> action;
  int members = 50;
  std::optional<std::uint64_t> seed;  ///< nullopt = the scenario's seed
  std::filesystem::path output_dir;
  std::vector<double> exceed_people;  ///< thresholds (people) for exceedance probabilities
  int threads = 0;                    ///< 0 = the scenario's run.threads, else OpenMP's default
  bool overwrite = false;
  bool progress = true;
};

struct ForecastOutcome {
  std::filesystem::path ensemble_path;        ///< DIR/forecast.h5
  std::filesystem::path summary_path;         ///< DIR/summary.csv
  std::filesystem::path tracks_path;          ///< DIR/tracks.csv
  std::filesystem::path report_path;          ///< DIR/report.html: the forecast's report
  std::filesystem::path report_es_path;       ///< DIR/report-es.html: the same in Spanish
  std::filesystem::path action_path;          ///< DIR/action.h5 (with an action)
  std::filesystem::path action_summary_path;  ///< DIR/action-summary.csv (with an action)
  std::string storm;                          ///< "MARIA (AL152017)"
  std::string issue_time;                     ///< YYYYMMDDHH
  int forecast_points = 0;
  int members = 0;
  int members_reaching_grid = 0;
  double load_seconds = 0.0;
  double run_seconds = 0.0;
  double wall_seconds = 0.0;
};

/// The quantities of the summary, per step and region (those whose variable the run file lacks
/// are left out): evacuated_people, displaced_people, migrated_people (people with that status at
/// the end of the step, every household); damaged_home_households; left_home_<cause>_people (people
/// who left a home during the step, by cause: evacuation, uninhabitable_home, services_loss);
/// moved_abroad_people (people who moved from the region to an external destination during the
/// step, every flow kind).
/// Runs the forecast ensemble. The scenario needs exactly one storm_track layer; its storms are
/// replaced by each member's track. Writes DIR/forecast.h5 (the ensemble file), DIR/summary.csv
/// (per step, region and quantity, as above: members, 5%, median, 95%, mean and, per threshold T of
/// `exceed_people`, the share of members above T), DIR/tracks.csv (every member's track) and the
/// forecast's report in English and Spanish (DIR/report.html, DIR/report-es.html: the run report
/// of the ensemble file with a forecast section first, report/forecast_report.hpp). With an action:
/// DIR/action.h5, its members run on the same tracks and seeds, and DIR/action-summary.csv, the
/// same table of the paired differences per member (without the action minus with it: what the
/// action avoids), without exceedance columns. Throws InputError for a bad forecast file
/// (storms/atcf.hpp), a scenario without exactly one storm_track layer (either scenario), an action
/// scenario whose grid, time or regions differ, a forecast whose official track never comes within
/// the layer's radius of influence of the grid, a storm striking outside the run, or existing
/// outputs without `overwrite`.
ForecastOutcome run_forecast(const scenario::Scenario& scenario, const ForecastRequest& request,
                             std::ostream& log);

}  // namespace displace::app
