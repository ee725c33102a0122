#include "displace/evaluation/score_run.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_reader.hpp"
#include "displace/output/schema.hpp"

namespace displace::evaluation {

namespace {

/// One recorded variable of the file, as rows of one step, for each member read.
struct Source {
  std::vector<double> engine::StepRecord::*slot = nullptr;
  std::vector<output::VariableData> members;  ///< one per member read (the run itself when single)
  std::size_t row = 0;                        ///< values per step
};

std::string describe_designs(const output::EnsembleReader& ensemble) {
  const auto& variants = ensemble.design_variants();
  const auto& points = ensemble.design_points();
  std::string text;
  for (std::size_t g = 0; g < ensemble.design_count(); ++g) {
    text += (g == 0 ? "" : "; ") + std::to_string(g) + " = point " +
            (g < points.size() ? std::to_string(std::lround(points[g])) : "?");
    if (!variants[g].empty()) text += " " + variants[g];
  }
  return text;
}

}  // namespace

std::vector<std::vector<Modelled>> modelled_from_run(const output::RunReader& run,
                                                     TargetAccumulator& accumulator,
                                                     std::optional<int> design) {
  const std::string file = run.path().string();
  std::optional<output::EnsembleReader> ensemble;
  if (output::is_ensemble_file(run)) ensemble.emplace(run);
  std::vector<std::size_t> members = {0};
  if (ensemble) {
    const std::size_t designs = ensemble->design_count();
    if (!design && designs > 1) {
      throw InputError(file + ": the ensemble has " + std::to_string(designs) + " design groups (" +
                       describe_designs(*ensemble) + "); choose one with --design");
    }
    const int chosen = design.value_or(0);
    if (chosen < 0 || static_cast<std::size_t>(chosen) >= designs) {
      throw InputError(file + ": no design group " + std::to_string(chosen) +
                       " (the ensemble has " + std::to_string(designs) + ": " +
                       describe_designs(*ensemble) + ")");
    }
    members = ensemble->members_of_design(static_cast<std::size_t>(chosen));
  } else if (design) {
    throw InputError(file + ": --design applies to ensemble files; this is a single run");
  }

  using engine::StepRecord;
  std::vector<Source> sources;
  auto want = [&](bool needed, std::string_view name, std::vector<double> StepRecord::*slot) {
    if (!needed) return;
    Source source;
    source.slot = slot;
    if (ensemble) {
      if (!ensemble->has_variable(name)) return;  // absent: the record stays empty
      const output::VariableData stacked = ensemble->read_members(name);
      for (const std::size_t member : members)
        source.members.push_back(output::member_slice(stacked, member, name));
    } else {
      if (!run.has_variable(name)) return;
      source.members.push_back(run.read(name));
    }
    sources.push_back(std::move(source));
  };
  namespace schema = output::schema;
  want(accumulator.needs_people(), schema::kPeople, &StepRecord::people);
  want(accumulator.needs_households(), schema::kHouseholds, &StepRecord::households);
  want(accumulator.needs_present(), schema::kPresentPeople, &StepRecord::present_people);
  want(accumulator.needs_present(), schema::kPresentHouseholds, &StepRecord::present_households);
  want(accumulator.needs_flows(), schema::kFlows, &StepRecord::flows);
  want(accumulator.needs_flows_people(), schema::kFlowsPeople, &StepRecord::flows_people);
  want(accumulator.needs_displacements_people(), schema::kDisplacementsPeople,
       &StepRecord::displacements_people);
  using Tally = TargetAccumulator::Tally;
  want(accumulator.needs(Tally::damaged_home_households), schema::kDamagedHomeHouseholds,
       &StepRecord::damaged_home_households);
  want(accumulator.needs(Tally::protected_households), schema::kProtectedHouseholds,
       &StepRecord::protected_households);
  want(accumulator.needs(Tally::shelter_people), schema::kShelterPeople,
       &StepRecord::shelter_people);
  want(accumulator.needs(Tally::shelter_households), schema::kShelterHouseholds,
       &StepRecord::shelter_households);

  const auto steps = static_cast<std::size_t>(accumulator.axes().step_count());
  for (Source& source : sources) {
    const auto& shape = source.members.front().shape;
    if (shape.empty() || shape.front() != steps) {
      throw InputError(file + ": variable '" + source.members.front().name +
                       "' does not have one row per step");
    }
    std::size_t row = 1;
    for (std::size_t d = 1; d < shape.size(); ++d)
      row *= shape[d];
    source.row = row;
  }

  std::vector<std::vector<Modelled>> values;
  StepRecord record;
  for (std::size_t i = 0; i < members.size(); ++i) {
    accumulator.reset();
    for (std::size_t step = 0; step < steps; ++step) {
      record.step = static_cast<int>(step);
      for (const Source& source : sources) {
        const std::size_t offset = step * source.row;
        const auto begin = source.members[i].values.begin() + static_cast<std::ptrdiff_t>(offset);
        (record.*source.slot).assign(begin, begin + static_cast<std::ptrdiff_t>(source.row));
      }
      accumulator.add(record);
    }
    values.push_back(accumulator.values());
  }
  return values;
}

ScoreTable score_run(const output::RunReader& run, const std::vector<Target>& targets,
                     std::optional<int> design) {
  TargetAccumulator accumulator(axes_of(run), targets);
  const auto members = modelled_from_run(run, accumulator, design);
  ScoreTable table = score_members(targets, members, accumulator.axes());
  table.run = run.path().string();
  if (members.size() > 1 || design) {
    table.run += " (ensemble: " + std::to_string(members.size()) + " member(s)" +
                 (design ? ", design group " + std::to_string(*design) : "") + ")";
  }
  return table;
}

}  // namespace displace::evaluation
