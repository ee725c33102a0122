#include "displace/evaluation/target_accumulator.hpp"

#include <algorithm>

#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"

namespace displace::evaluation {

namespace {

using Tally = TargetAccumulator::Tally;
using Plan = TargetAccumulator::Plan;
using Part = TargetAccumulator::Part;

std::string join(const std::vector<std::string>& names, std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t i = from; i < to; ++i)
    text += (text.empty() ? "" : ", ") + names[i];
  return text.empty() ? "none" : text;
}

/// The step whose [start, next start) holds `date`, or -1.
int step_of(const RunAxes& axes, const CivilDate& date) {
  const auto& b = axes.step_bounds;
  if (date < b.front() || !(date < b.back())) return -1;
  return static_cast<int>(std::upper_bound(b.begin(), b.end(), date) - b.begin()) - 1;
}

std::string run_span(const RunAxes& axes) {
  const CivilDate last_day = date_from_days(days_since_epoch(axes.step_bounds.back()) - 1);
  return format_civil_date(axes.step_bounds.front()) + ".." + format_civil_date(last_day);
}

class Resolver {
 public:
  explicit Resolver(const RunAxes& axes) : axes_(axes) {}

  Plan plan(const Target& t) const {
    Plan plan;
    try {
      steps(t, plan);
      where(t, plan);
    } catch (const NotComputable& e) {
      plan = Plan{};
      plan.reason = e.reason;
    }
    return plan;
  }

 private:
  struct NotComputable {
    std::string reason;
  };

  void steps(const Target& t, Plan& plan) const {
    if (is_stock(t.quantity)) {
      const int step = step_of(axes_, t.period_start);
      if (step < 0) {
        throw NotComputable{"date " + format_civil_date(t.period_start) + " is outside the run (" +
                            run_span(axes_) + ")"};
      }
      plan.first_step = plan.last_step = step;
      return;
    }
    const int first = step_of(axes_, t.period_start);
    const int last = step_of(axes_, t.period_end);
    if (first < 0 || last < 0) {
      throw NotComputable{"period " + describe_period(t) + " reaches outside the run (" +
                          run_span(axes_) + "); a partial sum would undercount"};
    }
    plan.first_step = first;
    plan.last_step = last;
  }

  int region(const std::string& code, const Target& t) const {
    const auto& r = axes_.region_codes;
    const auto found = std::find(r.begin(), r.end(), code);
    if (found != r.end()) return static_cast<int>(found - r.begin());
    const auto& p = axes_.place_ids;
    if (std::find(p.begin(), p.end(), code) != p.end()) {
      throw NotComputable{"'" + code + "' is an external destination; quantity '" +
                          std::string(kQuantityNames[static_cast<std::size_t>(t.quantity)]) +
                          "' needs a region of the run (" + join(r, 0, r.size()) + ")"};
    }
    throw NotComputable{"region '" + code +
                        "' is not in the run (regions: " + join(r, 0, r.size()) + ")"};
  }

  /// The shelter sites named in `names` ('+'-joined; a site's own name may hold a '+').
  std::vector<int> shelters(const std::string& names) const {
    const auto& sites = axes_.shelter_names;
    if (sites.empty()) {
      throw NotComputable{
          "the run has no shelter sites (its scenario lists no `shelters`), so it records no one "
          "in shelters"};
    }
    auto index_of = [&](const std::string& name) {
      const auto found = std::find(sites.begin(), sites.end(), name);
      return found == sites.end() ? -1 : static_cast<int>(found - sites.begin());
    };
    if (const int whole = index_of(names); whole >= 0) return {whole};
    std::vector<int> indices;
    std::size_t from = 0;
    while (true) {
      const std::size_t plus = names.find('+', from);
      const std::string name =
          names.substr(from, plus == std::string::npos ? std::string::npos : plus - from);
      const int index = index_of(name);
      if (index < 0) {
        throw NotComputable{"shelter site '" + name + "' is not in the run (its sites: " +
                            join(sites, 0, sites.size()) + ")"};
      }
      if (std::find(indices.begin(), indices.end(), index) == indices.end()) {
        indices.push_back(index);
      }
      if (plus == std::string::npos) break;
      from = plus + 1;
    }
    return indices;
  }

  int place(const std::string& id) const {
    const auto& p = axes_.place_ids;
    const auto found = std::find(p.begin(), p.end(), id);
    if (found == p.end()) {
      throw NotComputable{"place '" + id + "' is not in the run (regions: " +
                          join(p, 0, axes_.region_codes.size()) + "; external destinations: " +
                          join(p, axes_.region_codes.size(), p.size()) + ")"};
    }
    return static_cast<int>(found - p.begin());
  }

  void where(const Target& t, Plan& plan) const {
    const bool people = t.unit == Unit::people;
    const int places = axes_.place_count();
    std::vector<int> kinds = t.kinds;
    if (kinds.empty()) {
      for (int k = 0; k < engine::kFlowKindCount; ++k)
        kinds.push_back(k);
    }
    auto status_indices = [&](int r, std::initializer_list<engine::Status> statuses) {
      Part part{people ? Tally::people : Tally::households, {}};
      for (const engine::Status s : statuses) {
        part.indices.push_back(engine::StepRecord::status_index(
            r, static_cast<int>(s), static_cast<int>(engine::Breakdown::all)));
      }
      plan.parts.push_back(std::move(part));
    };
    switch (t.quantity) {
      case Quantity::displacements:
      case Quantity::evacuations: {
        const int r = region(t.place, t);
        std::vector<int> causes = t.causes;
        if (t.quantity == Quantity::evacuations) {
          causes = {static_cast<int>(engine::DisplacementCause::evacuation)};
        } else if (causes.empty()) {
          for (int c = 0; c < engine::kDisplacementCauseCount; ++c)
            causes.push_back(c);
        }
        Part part{Tally::displacements_people, {}};
        for (const int c : causes) {
          part.indices.push_back(static_cast<std::size_t>(r) * engine::kDisplacementCauseCount +
                                 static_cast<std::size_t>(c));
        }
        plan.parts.push_back(std::move(part));
        break;
      }
      case Quantity::displaced_people:
        status_indices(region(t.place, t), {engine::Status::displaced, engine::Status::evacuated});
        break;
      case Quantity::migrated_people:
        status_indices(region(t.place, t), {engine::Status::migrated});
        break;
      case Quantity::present_people:
        plan.parts.push_back({people ? Tally::present_people : Tally::present_households,
                              {static_cast<std::size_t>(place(t.place))}});
        break;
      case Quantity::moved_to_external: {
        const int d = place(t.place);
        if (d < axes_.region_count()) {
          throw NotComputable{
              "'" + t.place +
              "' is a region; 'moved_to_external' needs an external destination "
              "(the run's: " +
              join(axes_.place_ids, axes_.region_codes.size(), axes_.place_ids.size()) + ")"};
        }
        std::vector<int> origins;
        if (t.origin.empty()) {
          for (int o = 0; o < places; ++o)
            if (o != d) origins.push_back(o);
        } else {
          origins.push_back(place(t.origin));
        }
        Part part{people ? Tally::flows_people : Tally::flows, {}};
        for (const int k : kinds)
          for (const int o : origins)
            part.indices.push_back(engine::StepRecord::flow_index(k, o, d, places));
        plan.parts.push_back(std::move(part));
        break;
      }
      case Quantity::flow: {
        const int o = place(t.origin);
        const int d = place(t.destination);
        Part part{people ? Tally::flows_people : Tally::flows, {}};
        for (const int k : kinds)
          part.indices.push_back(engine::StepRecord::flow_index(k, o, d, places));
        plan.parts.push_back(std::move(part));
        break;
      }
      case Quantity::uninhabitable_homes: {
        // At home when the dwelling became uninhabitable (they then leave it), or away on an
        // evacuation (counted once per evacuation): together every household whose home was
        // made uninhabitable in the step, each once (docs/output-format.md).
        const auto r = static_cast<std::size_t>(region(t.place, t));
        plan.parts.push_back({Tally::damaged_home_households, {r}});
        plan.parts.push_back({Tally::protected_households, {r}});
        break;
      }
      case Quantity::sheltered_people: {
        Part part{people ? Tally::shelter_people : Tally::shelter_households, {}};
        for (const int s : shelters(t.place))
          part.indices.push_back(static_cast<std::size_t>(s));
        plan.parts.push_back(std::move(part));
        break;
      }
    }
  }

  const RunAxes& axes_;
};

const std::vector<double>& tally_of(const engine::StepRecord& record, Tally tally) {
  static const std::vector<double> kNone;
  switch (tally) {
    case Tally::people:
      return record.people;
    case Tally::households:
      return record.households;
    case Tally::present_people:
      return record.present_people;
    case Tally::present_households:
      return record.present_households;
    case Tally::flows:
      return record.flows;
    case Tally::flows_people:
      return record.flows_people;
    case Tally::displacements_people:
      return record.displacements_people;
    case Tally::damaged_home_households:
      return record.damaged_home_households;
    case Tally::protected_households:
      return record.protected_households;
    case Tally::shelter_people:
      return record.shelter_people;
    case Tally::shelter_households:
      return record.shelter_households;
    case Tally::none:
      break;
  }
  return kNone;
}

std::string missing_reason(Tally tally) {
  switch (tally) {
    case Tally::flows:
      return "the run does not record flows (written with outputs.record_flows off)";
    case Tally::flows_people:
      return "the run does not record flows_people (people moved between places): written with "
             "outputs.record_flows off, or by an engine that does not tally people flows";
    case Tally::displacements_people:
      return "the run does not record displacements_people (people leaving home, by cause): "
             "written by an engine that does not tally them";
    case Tally::damaged_home_households:
      return "the run does not record damaged_home_households (households at home when their "
             "dwelling became uninhabitable)";
    case Tally::protected_households:
      return "the run does not record protected_households (evacuated households whose home was "
             "made uninhabitable while they were away): written by an engine that does not tally "
             "them, and without them the homes of evacuees would be missed";
    case Tally::shelter_people:
    case Tally::shelter_households:
      return "the run does not record shelter_people / shelter_households (people and households "
             "staying at the shelter sites)";
    default:
      return "the run does not record the variable this target needs";
  }
}

}  // namespace

TargetAccumulator::TargetAccumulator(RunAxes axes, std::vector<Target> targets)
    : axes_(std::move(axes)), targets_(std::move(targets)) {
  if (axes_.step_bounds.size() < 2) throw Error("run axes: a run needs at least one step");
  const Resolver resolver(axes_);
  for (const Target& target : targets_)
    plans_.push_back(resolver.plan(target));
  reset();
}

void TargetAccumulator::reset() {
  sums_.assign(targets_.size(), 0.0);
  missing_.assign(targets_.size(), std::string());
  steps_added_ = 0;
}

void TargetAccumulator::add(const engine::StepRecord& record) {
  if (record.step != steps_added_) {
    throw Error("target accumulator: step " + std::to_string(record.step) +
                " added out of order (expected " + std::to_string(steps_added_) + ")");
  }
  for (std::size_t t = 0; t < plans_.size(); ++t) {
    const Plan& plan = plans_[t];
    if (plan.parts.empty() || record.step < plan.first_step || record.step > plan.last_step ||
        !missing_[t].empty()) {
      continue;
    }
    double sum = 0.0;
    for (const Part& part : plan.parts) {
      const std::vector<double>& values = tally_of(record, part.tally);
      if (values.empty()) {
        missing_[t] = missing_reason(part.tally);
        break;
      }
      for (const std::size_t i : part.indices) {
        if (i >= values.size()) {
          throw Error("target accumulator: step " + std::to_string(record.step) +
                      " has a record shorter than the run's axes");
        }
        sum += values[i];
      }
    }
    if (missing_[t].empty()) sums_[t] += sum;
  }
  ++steps_added_;
}

std::vector<Modelled> TargetAccumulator::values() const {
  std::vector<Modelled> values(targets_.size());
  for (std::size_t t = 0; t < plans_.size(); ++t) {
    const Plan& plan = plans_[t];
    Modelled& m = values[t];
    if (!plan.reason.empty() || !missing_[t].empty()) {
      m.reason = plan.reason.empty() ? missing_[t] : plan.reason;
      continue;
    }
    if (steps_added_ <= plan.last_step) {
      throw Error("target accumulator: target '" + targets_[t].id + "' needs step " +
                  std::to_string(plan.last_step) + " but only " + std::to_string(steps_added_) +
                  " steps were added");
    }
    m.computed = true;
    m.value = sums_[t];
    m.first_step = plan.first_step;
    m.last_step = plan.last_step;
  }
  return values;
}

namespace {
bool any_tally(const std::vector<Plan>& plans, std::initializer_list<Tally> tallies) {
  return std::any_of(plans.begin(), plans.end(), [&](const Plan& p) {
    return p.reason.empty() && std::any_of(p.parts.begin(), p.parts.end(), [&](const Part& part) {
             return std::find(tallies.begin(), tallies.end(), part.tally) != tallies.end();
           });
  });
}
}  // namespace

bool TargetAccumulator::needs_people() const {
  return any_tally(plans_, {Tally::people});
}
bool TargetAccumulator::needs_households() const {
  return any_tally(plans_, {Tally::households});
}
bool TargetAccumulator::needs_present() const {
  return any_tally(plans_, {Tally::present_people, Tally::present_households});
}
bool TargetAccumulator::needs_flows() const {
  return any_tally(plans_, {Tally::flows});
}
bool TargetAccumulator::needs_flows_people() const {
  return any_tally(plans_, {Tally::flows_people});
}
bool TargetAccumulator::needs_displacements_people() const {
  return any_tally(plans_, {Tally::displacements_people});
}
bool TargetAccumulator::needs(Tally tally) const {
  return any_tally(plans_, {tally});
}

}  // namespace displace::evaluation
