#include "displace/evaluation/score_run.hpp"

#include <algorithm>
#include <cmath>

#include "displace/common/error.hpp"
#include "displace/output/schema.hpp"

namespace displace::evaluation {

namespace {

/// One recorded variable of the file, as rows of one step (of one member).
struct Source {
  std::vector<double> engine::StepRecord::*slot = nullptr;
  output::VariableData data;
  std::size_t row = 0;  ///< values per step
};

std::string describe_designs(const output::RunReader& run, int designs) {
  std::vector<std::string> variants;
  if (run.has_variable("design_variant")) variants = run.read_strings("design_variant");
  std::vector<double> points;
  if (run.has_variable("design_point")) points = run.read("design_point").values;
  std::string text;
  for (int g = 0; g < designs; ++g) {
    const auto i = static_cast<std::size_t>(g);
    text += (g == 0 ? "" : "; ") + std::to_string(g) + " = point " +
            (i < points.size() ? std::to_string(std::lround(points[i])) : "?");
    if (i < variants.size() && !variants[i].empty()) text += " " + variants[i];
  }
  return text;
}

}  // namespace

std::vector<std::vector<Modelled>> modelled_from_run(const output::RunReader& run,
                                                     TargetAccumulator& accumulator,
                                                     std::optional<int> design) {
  const std::string file = run.path().string();
  const bool ensemble = run.has_variable("member_design") && run.has_variable("people_members");
  std::vector<int> members = {0};
  if (ensemble) {
    const std::vector<double> member_design = run.read("member_design").values;
    const int designs =
        static_cast<int>(*std::max_element(member_design.begin(), member_design.end())) + 1;
    if (!design && designs > 1) {
      throw InputError(file + ": the ensemble has " + std::to_string(designs) + " design groups (" +
                       describe_designs(run, designs) + "); choose one with --design");
    }
    const int chosen = design.value_or(0);
    if (chosen < 0 || chosen >= designs) {
      throw InputError(file + ": no design group " + std::to_string(chosen) +
                       " (the ensemble has " + std::to_string(designs) + ": " +
                       describe_designs(run, designs) + ")");
    }
    members.clear();
    for (std::size_t m = 0; m < member_design.size(); ++m) {
      if (std::lround(member_design[m]) == chosen) members.push_back(static_cast<int>(m));
    }
  } else if (design) {
    throw InputError(file + ": --design applies to ensemble files; this is a single run");
  }

  using engine::StepRecord;
  std::vector<Source> sources;
  auto want = [&](bool needed, std::string_view name, std::vector<double> StepRecord::*slot) {
    const std::string variable = std::string(name) + (ensemble ? "_members" : "");
    if (!needed || !run.has_variable(variable)) return;  // absent: the record stays empty
    Source source;
    source.slot = slot;
    source.data = run.read(variable);
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
    const auto& shape = source.data.shape;
    const std::size_t time_axis = ensemble ? 1 : 0;
    if (shape.size() <= time_axis || shape[time_axis] != steps) {
      throw InputError(file + ": variable '" + source.data.name +
                       "' does not have one row per "
                       "step");
    }
    std::size_t row = 1;
    for (std::size_t d = time_axis + 1; d < shape.size(); ++d)
      row *= shape[d];
    source.row = row;
  }

  std::vector<std::vector<Modelled>> values;
  StepRecord record;
  for (const int member : members) {
    accumulator.reset();
    for (std::size_t step = 0; step < steps; ++step) {
      record.step = static_cast<int>(step);
      for (const Source& source : sources) {
        const std::size_t offset = (static_cast<std::size_t>(member) * steps + step) * source.row;
        const auto begin = source.data.values.begin() + static_cast<std::ptrdiff_t>(offset);
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
