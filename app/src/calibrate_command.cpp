#include "displace/app/calibrate_command.hpp"

#include <ostream>
#include <sstream>

#include "displace/app/calibrate.hpp"
#include "displace/app/cli.hpp"
#include "displace/app/ranks.hpp"
#include "displace/scenario/calibration.hpp"

namespace displace::app {

int cmd_calibrate(const CalibrateRequest& request, std::ostream& out, std::ostream& err) {
  const auto spec = scenario::load_calibration(request.file);
  CalibrationRequest run;
  run.overwrite = request.overwrite;
  run.progress = !request.quiet;
  run.threads = request.threads;
  run.parallelism = parse_parallelism(request.parallel);
  std::ostringstream discard;
  std::ostream& log = request.quiet ? static_cast<std::ostream&>(discard) : err;
  const auto outcome = run_calibration(spec, run, log);
  if (ranks().rank != 0) return kExitOk;  // rank 0 speaks for all
  if (!request.quiet) {
    out << "calibration " << spec.name << "\n"
        << "sets        " << outcome.sets << " parameter sets, " << outcome.member_runs
        << " member runs, " << outcome.ranks << " rank(s) x " << outcome.threads << " thread(s)\n"
        << "accepted    " << outcome.accepted << " of " << outcome.sets
        << " not ruled out (cut-off " << spec.design.cutoff << ")\n"
        << "best        set " << outcome.best_set
        << (outcome.best_accepted ? "" : " (RULED OUT: no set met the cut-off)") << "\n"
        << "misfit      " << outcome.misfits << " target(s) no set brings within the cut-off\n"
        << "time        " << outcome.wall_seconds << " s: layers " << outcome.load_seconds
        << " s, member runs " << outcome.run_seconds << " s ("
        << (outcome.run_seconds > 0 ? static_cast<double>(outcome.member_runs) / outcome.run_seconds
                                    : 0.0)
        << " per s), scoring " << outcome.score_seconds << " s, writing " << outcome.write_seconds
        << " s\n";
    for (const auto& path : outcome.scenario_paths)
      out << "scenario    " << path.string() << "\n";
    if (!outcome.report_path.empty()) out << "report      " << outcome.report_path.string() << "\n";
  }
  out << "output      " << outcome.results_path.string() << "\n";
  return kExitOk;
}

}  // namespace displace::app
