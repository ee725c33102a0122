// The oracle's phases, each written from its section of docs/model.md (quoted before it). Plain
// loops and doubles, no shortcuts: slow and obvious on purpose.
#include "engine/oracle/oracle.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"

namespace displace::engine::oracle {

namespace {

constexpr double kPi = 3.141592653589793;
constexpr double kEarthRadiusKm = 6371.0;

std::size_t at(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

double clamp01(double x) {
  return std::min(1.0, std::max(0.0, x));
}

bool status_is(std::uint8_t s, Status status) {
  return s == static_cast<std::uint8_t>(status);
}

/// "at home": status home or returned, located at home.
bool at_home(const Household& h) {
  return (status_is(h.status, Status::home) || status_is(h.status, Status::returned)) &&
         h.location == h.home_cell;
}

/// Households that still own their home dwelling: home, returned, evacuated, displaced.
bool owns_dwelling(const Household& h) {
  return status_is(h.status, Status::home) || status_is(h.status, Status::returned) ||
         status_is(h.status, Status::evacuated) || status_is(h.status, Status::displaced);
}

double effective_damage(const Household& h) {
  return h.damage * (1.0 - h.recovery);
}

bool active(const Policy& policy, int step) {
  return policy.first_step <= step && step <= policy.last_step;
}

bool targets(const Policy& policy, std::int32_t cell) {
  return policy.target_cells.empty() || policy.target_cells[at(cell)] != 0;
}

/// A policy's first step within the run.
int first_step_of(const Policy& policy) {
  return std::max(policy.first_step, 0);
}

std::uint8_t intent_code(Intent intent) {
  return static_cast<std::uint8_t>(intent);
}

/// Records a draw u against threshold p in the outcome's margin, returns u < p.
bool draw_below(Outcome& outcome, double u, double p) {
  outcome.margin = std::min(outcome.margin, std::abs(u - p));
  return u < p;
}

double efficacy_for(const Step& step, const Household& h) {
  return (h.flags & flag_adapted) != 0 ? step.cells.adaptation_efficacy[at(h.home_cell)] : 0.0;
}

std::uint32_t step_number(const Step& step) {
  return static_cast<std::uint32_t>(step.cells.step);
}

/// The per-cell-and-slot index of a household's home exposure.
std::size_t home_slot_index(const Step& step, const Household& h, std::uint64_t id) {
  const int slots = step.cells.slots;
  return at(h.home_cell) * at(slots) + at(exposure_slot(step.state.key, id, slots));
}

/// The cost reduction of an active migration_pathway for the household's home cell to external e
/// (the first such policy), 0 without one.
double pathway_reduction(const Step& step, std::int32_t home, std::int32_t e) {
  for (const Policy& policy : step.state.policies) {
    if (policy.kind == PolicyKind::migration_pathway && active(policy, step.cells.step) &&
        targets(policy, home) && policy.destination_external == e) {
      return policy.cost_reduction;
    }
  }
  return 0.0;
}

/// May household `id` with home region `region` enter external `e`: always when the region is in
/// its free_entry_regions, else with probability entry_share (a draw fixed for the household).
bool may_enter(const Step& step, std::uint64_t id, std::int32_t region, std::int32_t e) {
  const Landscape& land = *step.state.landscape;
  const ExternalDestination& ext = land.externals[at(e)];
  const std::string& code = land.regions[at(region)].code;
  if (std::find(ext.free_entry_regions.begin(), ext.free_entry_regions.end(), code) !=
      ext.free_entry_regions.end()) {
    return true;
  }
  return uniform(step.state.key, id, 0, Purpose::entry_right, static_cast<std::uint32_t>(e)) <
         ext.entry_share;
}

void differ(std::ostringstream& out, const char* name, double engine, double oracle,
            double relative) {
  const double scale = std::max(1.0, std::abs(oracle));
  if (std::abs(engine - oracle) <= relative * scale) return;
  out << name << " engine " << engine << " oracle " << oracle << "; ";
}

void differ_exact(std::ostringstream& out, const char* name, long long engine, long long oracle) {
  if (engine != oracle) out << name << " engine " << engine << " oracle " << oracle << "; ";
}

}  // namespace

Household read(const HouseholdTable& t, std::int64_t row) {
  const auto i = at(row);
  Household h;
  h.home_cell = t.home_cell[i];
  h.location = t.location[i];
  h.status = t.status[i];
  h.flags = t.flags[i];
  h.size_people = t.size_people[i];
  h.wealth_usd = static_cast<double>(t.wealth_usd[i]);
  h.initial_wealth_usd = static_cast<double>(t.initial_wealth_usd[i]);
  h.income_usd_per_year = static_cast<double>(t.income_usd_per_year[i]);
  h.fragility = static_cast<double>(t.fragility[i]);
  h.damage = static_cast<double>(t.damage[i]);
  h.recovery = static_cast<double>(t.recovery[i]);
  h.steps_in_status = t.steps_in_status[i];
  h.episodes = t.episodes[i];
  h.kin_region = t.kin_region[i];
  h.kin_externals = t.kin_externals[i];
  h.shelter = t.shelter[i];
  h.income_loss = static_cast<double>(t.income_loss[i]);
  h.intent = t.intent[i];
  h.destination = t.destination[i];
  h.fallback = t.fallback[i];
  return h;
}

std::string differences(const Household& e, const Household& o) {
  std::ostringstream out;
  constexpr double kFloat = 1e-5;
  differ_exact(out, "home_cell", e.home_cell, o.home_cell);
  differ_exact(out, "location", e.location, o.location);
  differ_exact(out, "status", e.status, o.status);
  differ_exact(out, "flags", e.flags, o.flags);
  differ_exact(out, "size_people", e.size_people, o.size_people);
  differ(out, "wealth_usd", e.wealth_usd, o.wealth_usd, kFloat);
  differ(out, "initial_wealth_usd", e.initial_wealth_usd, o.initial_wealth_usd, kFloat);
  differ(out, "income_usd_per_year", e.income_usd_per_year, o.income_usd_per_year, kFloat);
  differ(out, "fragility", e.fragility, o.fragility, kFloat);
  differ(out, "damage", e.damage, o.damage, kFloat);
  differ(out, "recovery", e.recovery, o.recovery, kFloat);
  differ_exact(out, "steps_in_status", e.steps_in_status, o.steps_in_status);
  differ_exact(out, "episodes", e.episodes, o.episodes);
  differ_exact(out, "kin_region", e.kin_region, o.kin_region);
  differ_exact(out, "kin_externals", e.kin_externals, o.kin_externals);
  differ_exact(out, "shelter", e.shelter, o.shelter);
  differ(out, "income_loss", e.income_loss, o.income_loss, kFloat);
  differ_exact(out, "intent", e.intent, o.intent);
  // destination and fallback are scratch: only meaningful with an intent that moves.
  if (o.intent != 0) {
    differ_exact(out, "destination", e.destination, o.destination);
    differ_exact(out, "fallback", e.fallback, o.fallback);
  }
  return out.str();
}

// --- Phase 1 -----------------------------------------------------------------------------------
// "emanuel_wind: v_n = max(v - v_thresh, 0) / (v_half - v_thresh), f = v_n^3 / (1 + v_n^3);
//  step: f = step_damage where intensity >= step_threshold, else 0; table: piecewise-linear
//  through the given points, constant beyond the ends."
double curve(const VulnerabilityCurve& c, double v) {
  if (!(v > 0.0) || !std::isfinite(v)) return 0.0;  // no hazard (nodata is 0)
  switch (c.kind) {
    case CurveKind::emanuel_wind: {
      const double vn = std::max(v - c.v_thresh_m_s, 0.0) / (c.v_half_m_s - c.v_thresh_m_s);
      return std::pow(vn, 3.0) / (1.0 + std::pow(vn, 3.0));
    }
    case CurveKind::step:
      return v >= c.step_threshold ? c.step_damage : 0.0;
    case CurveKind::table: {
      const std::vector<double>& x = c.table_intensity;
      const std::vector<double>& y = c.table_damage;
      if (v <= x.front()) return y.front();
      if (v >= x.back()) return y.back();
      for (std::size_t k = 1; k < x.size(); ++k) {
        if (v <= x[k]) return y[k - 1] + (y[k] - y[k - 1]) * (v - x[k - 1]) / (x[k] - x[k - 1]);
      }
      return y.back();
    }
  }
  return 0.0;
}

// "The value a step uses is the mean over the step of s0 2^(-age/h),
//  s0 h / (dt ln 2) (2^(-a/h) - 2^(-(a+dt)/h)) for an event a years old."
double step_mean(double onset, double h, double a, double dt) {
  return onset * h / (dt * std::log(2.0)) * (std::pow(2.0, -a / h) - std::pow(2.0, -(a + dt) / h));
}

CellInputs step_inputs(const RunState& state, int step, const HouseholdTable& start) {
  const Landscape& land = *state.landscape;
  const ModelParameters& p = state.parameters;
  const double dt = state.options.step_length_years;
  const auto cells = at(land.cell_count());
  const int slots = land.exposure_slots;
  CellInputs in;
  in.step = step;
  in.slots = slots;
  in.hazard_damage.assign(cells * at(slots), 0.0);
  in.forecast_damage.assign(cells * at(slots), 0.0);
  in.cell_damage.assign(cells, 0.0);
  in.warned.assign(cells, 0);
  in.services_loss.assign(cells, 0.0);
  in.livelihood_loss.assign(cells, 0.0);
  in.heat_anomaly_k.assign(cells, 0.0);
  in.evacuation_probability.assign(cells, 0.0);
  in.adaptation_efficacy.assign(cells, 0.0);
  in.recovery_multiplier.assign(cells, 1.0);
  in.return_incentive.assign(cells, 0.0);
  in.relocation_policy.assign(cells, -1);
  in.shelter_open.assign(land.shelters.size(), 0);

  // "For every event with event.step == t, the curve damage per cell is f(intensity) of the
  //  event's hazard kind; several events in one step combine as independent damage,
  //  1 - prod(1 - f_i). A second field holds the same for forecast = true events only."
  // An event with one value per cell (slots = 1) gives it to every slot.
  // "where a forecast event's intensity reaches [warning_intensity] anywhere in a cell (any slot),
  //  the cell is warned this step".
  for (const HazardEvent& ev : land.events) {
    if (ev.step != step) continue;
    const HazardKind& kind = land.hazard_kinds[at(ev.hazard_kind)];
    in.forecast_event = in.forecast_event || ev.forecast;
    for (std::size_t c = 0; c < cells; ++c) {
      for (std::size_t j = 0; j < at(slots); ++j) {
        const double v =
            static_cast<double>(ev.intensity[ev.slots == 1 ? c : c * at(ev.slots) + j]);
        const double f = curve(kind.curve, v);
        double& all = in.hazard_damage[c * at(slots) + j];
        all = 1.0 - (1.0 - all) * (1.0 - f);
        if (ev.forecast) {
          double& seen = in.forecast_damage[c * at(slots) + j];
          seen = 1.0 - (1.0 - seen) * (1.0 - f);
          if (!std::isnan(kind.warning_intensity) && v >= kind.warning_intensity) {
            in.warned[c] = 1;
          }
        }
      }
    }
  }
  // "Where a per-cell quantity is needed (the destination's expected damage, services), the mean
  //  over the slots is used."
  for (std::size_t c = 0; c < cells; ++c) {
    double sum = 0.0;
    for (std::size_t j = 0; j < at(slots); ++j)
      sum += in.hazard_damage[c * at(slots) + j];
    in.cell_damage[c] = sum / slots;
  }

  // "Every event e leaves, per cell, a loss of services s0 (the mean over slots of the layer's
  //  services_curve) and a loss of livelihoods l0 = min(1, livelihood_loss_per_services_loss x s0
  //  + livelihood_loss_per_damage x d) with d the cell's mean curve damage. Services are restored
  //  with a half-life h = restoration_half_life_min_years + (max - min) x d; livelihoods with
  //  livelihood_half_life_years. [...] several events combine as 1 - prod(1 - s_e)."
  const ServicesParameters& sv = p.services;
  for (const HazardEvent& ev : land.events) {
    if (ev.step > step) continue;
    const HazardKind& kind = land.hazard_kinds[at(ev.hazard_kind)];
    const double age = (step - ev.step) * dt;
    for (std::size_t c = 0; c < cells; ++c) {
      double s0 = 0.0;
      double d = 0.0;
      for (int j = 0; j < ev.slots; ++j) {
        const double v = static_cast<double>(ev.intensity[c * at(ev.slots) + at(j)]);
        s0 += curve(kind.services_curve, v) / ev.slots;
        d += curve(kind.curve, v) / ev.slots;
      }
      const double l0 = std::min(
          1.0, sv.livelihood_loss_per_services_loss * s0 + sv.livelihood_loss_per_damage * d);
      const double h =
          sv.restoration_half_life_min_years +
          (sv.restoration_half_life_max_years - sv.restoration_half_life_min_years) * d;
      const double s = step_mean(s0, h, age, dt);
      const double l = step_mean(l0, sv.livelihood_half_life_years, age, dt);
      in.services_loss[c] = 1.0 - (1.0 - in.services_loss[c]) * (1.0 - s);
      in.livelihood_loss[c] = 1.0 - (1.0 - in.livelihood_loss[c]) * (1.0 - l);
    }
  }

  // "The heat anomaly of step t is the frame frame_of_step[t] of the climate driver named heat
  //  (none: 0 everywhere)."
  for (const ClimateDriver& driver : land.climate) {
    if (driver.name != "heat") continue;
    const std::vector<float>& frame = driver.frames[at(driver.frame_of_step[at(step)])];
    for (std::size_t c = 0; c < cells; ++c)
      in.heat_anomaly_k[c] = static_cast<double>(frame[c]);
  }

  // Policies: "recomputed in phase 1 every step from the policies active at that step
  // (first_step <= t <= last_step, target mask on the home cell)".
  in.cash_threshold_usd.assign(state.policies.size(), 0.0);
  std::vector<double> initial(at(start.size()));
  for (std::int64_t i = 0; i < start.size(); ++i)
    initial[at(i)] = static_cast<double>(start.initial_wealth_usd[at(i)]);
  std::sort(initial.begin(), initial.end());
  for (std::size_t k = 0; k < state.policies.size(); ++k) {
    const Policy& policy = state.policies[k];
    const bool now = active(policy, step);
    switch (policy.kind) {
      case PolicyKind::early_warning:  // several combine as 1 - prod(1 - p)
        if (!now) break;
        for (std::size_t c = 0; c < cells; ++c) {
          if (!targets(policy, static_cast<std::int32_t>(c))) continue;
          in.evacuation_probability[c] = 1.0 - (1.0 - in.evacuation_probability[c]) *
                                                   (1.0 - policy.coverage * policy.compliance);
        }
        break;
      case PolicyKind::cash_transfer: {
        // "whose initial wealth is below the eligible_wealth_quantile of all households' initial
        //  wealth, at the policy's first step" (the quantile q: the value with floor(q N)
        //  households below it; q = 1: everyone).
        const double q = policy.eligible_wealth_quantile;
        if (initial.empty()) break;
        if (q >= 1.0) {
          in.cash_threshold_usd[k] = std::numeric_limits<double>::infinity();
        } else {
          const auto index =
              std::min(initial.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(initial.size())));
          in.cash_threshold_usd[k] = initial[index];
        }
        if (now && step == first_step_of(policy)) in.cash_policies.push_back(static_cast<int>(k));
        break;
      }
      case PolicyKind::adaptation_subsidy:
        // "draws, at its first step, u < uptake per targeted household; those set the adapted
        //  flag (kept for the rest of the run), and the cell's adaptation efficacy becomes the
        //  subsidy's efficacy."
        if (!active(policy, first_step_of(policy)) || step < first_step_of(policy)) break;
        if (step == first_step_of(policy)) in.adaptation_policies.push_back(static_cast<int>(k));
        for (std::size_t c = 0; c < cells; ++c) {
          if (targets(policy, static_cast<std::int32_t>(c))) {
            in.adaptation_efficacy[c] = std::max(in.adaptation_efficacy[c], policy.efficacy);
          }
        }
        break;
      case PolicyKind::planned_relocation:
        if (!now) break;
        for (std::size_t c = 0; c < cells; ++c) {
          if (targets(policy, static_cast<std::int32_t>(c)) && in.relocation_policy[c] < 0) {
            in.relocation_policy[c] = static_cast<int>(k);
          }
        }
        break;
      case PolicyKind::migration_pathway:  // read where it applies (phase 6)
        break;
      case PolicyKind::return_support:
        // "recovery rate x recovery_multiplier, return_incentive added to return log-odds"
        if (!now) break;
        for (std::size_t c = 0; c < cells; ++c) {
          if (!targets(policy, static_cast<std::int32_t>(c))) continue;
          in.recovery_multiplier[c] *= policy.recovery_multiplier;
          in.return_incentive[c] += policy.return_incentive;
        }
        break;
      case PolicyKind::shelter:
        if (!now) break;
        for (const std::int32_t site : policy.shelter_sites)
          in.shelter_open[at(site)] = 1;
        break;
    }
  }

  // Start-of-step occupancy: where households are, whose home each cell is, shelters, externals.
  in.present_households.assign(cells, 0);
  in.resident_households.assign(cells, 0);
  in.shelter_occupancy.assign(land.shelters.size(), 0);
  in.external_occupancy.assign(land.externals.size(), 0);
  for (std::int64_t i = 0; i < start.size(); ++i) {
    const std::int32_t loc = start.location[at(i)];
    if (loc >= 0) {
      ++in.present_households[at(loc)];
    } else {
      ++in.external_occupancy[at(-1 - loc)];
    }
    ++in.resident_households[at(start.home_cell[at(i)])];
    if (start.shelter[at(i)] != 0) ++in.shelter_occupancy[at(start.shelter[at(i)] - 1)];
  }
  return in;
}

std::vector<double> alias_distribution(const CellTables& cells) {
  const std::size_t n = cells.alias_probability.size();
  std::vector<double> mass(n, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    mass[s] += cells.alias_probability[s] / static_cast<double>(n);
    mass[at(cells.alias_index[s])] += (1.0 - cells.alias_probability[s]) / static_cast<double>(n);
  }
  return mass;
}

std::vector<double> cell_pull(const Landscape& land) {
  std::vector<double> pull(at(land.cell_count()));
  for (std::size_t c = 0; c < pull.size(); ++c) {
    pull[c] = land.attractiveness.empty() ? static_cast<double>(land.population_people[c])
                                          : static_cast<double>(land.attractiveness[c]);
  }
  return pull;
}

// "its exposure slot j = floor(u(seed, id, 0, exposure_slot) x K)"
int exposure_slot(std::uint64_t key, std::uint64_t id, int slots) {
  if (slots == 1) return 0;
  const double u = uniform(key, id, 0, Purpose::exposure_slot);
  return std::min(slots - 1, static_cast<int>(std::floor(u * slots)));
}

// "Distances are equirectangular between cell centres": x = dlon x R x (cos lat_a + cos lat_b)/2,
// y = dlat x R, in radians, R = 6371 km.
double distance_km(const Landscape& land, std::int32_t a, std::int32_t b) {
  const double rad = kPi / 180.0;
  const double lat_a = land.cell_lat_deg[at(a)] * rad;
  const double lat_b = land.cell_lat_deg[at(b)] * rad;
  const double x = (land.cell_lon_deg[at(a)] - land.cell_lon_deg[at(b)]) * rad * kEarthRadiusKm *
                   0.5 * (std::cos(lat_a) + std::cos(lat_b));
  const double y = (lat_a - lat_b) * kEarthRadiusKm;
  return std::sqrt(x * x + y * y);
}

// --- Phase 2: damage and losses ----------------------------------------------------------------
Outcome damage(const Step& step, const Household& before, std::uint64_t id) {
  const DamageParameters& dp = step.state.parameters.damage;
  const double dt = step.state.options.step_length_years;
  Outcome out;
  Household h = before;
  // "At the start of phase 2 every household's steps_in_status grows by one and its intent is
  //  reset."
  h.steps_in_status = std::min(65535, h.steps_in_status + 1);
  h.intent = intent_code(Intent::none);
  // "a cash_transfer adds amount_usd to the wealth of households whose home cell is targeted and
  //  whose initial wealth is below the eligible_wealth_quantile [...] at the policy's first step."
  for (const int k : step.cells.cash_policies) {
    const Policy& policy = step.state.policies[at(k)];
    if (targets(policy, h.home_cell) &&
        h.initial_wealth_usd < step.cells.cash_threshold_usd[at(k)]) {
      h.wealth_usd += policy.amount_usd;
    }
  }
  // "An adaptation_subsidy draws, at its first step, u < uptake per targeted household."
  for (const int k : step.cells.adaptation_policies) {
    const Policy& policy = step.state.policies[at(k)];
    if (!targets(policy, h.home_cell)) continue;
    const double u = uniform(step.state.key, id, step_number(step), Purpose::adaptation_uptake,
                             static_cast<std::uint32_t>(k));
    if (draw_below(out, u, policy.uptake))
      h.flags = static_cast<std::uint16_t>(h.flags | flag_adapted);
  }
  // "Dwelling damage, for households that still own their home dwelling:
  //    d_new = clamp(f(home cell) x fragility x (1 - efficacy if adapted), 0, 1)
  //  The effective damage of a dwelling is damage x (1 - recovery). If d_new exceeds it, the
  //  household loses (d_new - effective) x dwelling_share_of_wealth x wealth of its assets, and
  //  damage = d_new, recovery = 0."
  if (owns_dwelling(h)) {
    const double f = step.cells.hazard_damage[home_slot_index(step, h, id)];
    const double d_new = clamp01(f * h.fragility * (1.0 - efficacy_for(step, h)));
    const double effective = effective_damage(h);
    if (d_new > effective) {
      h.wealth_usd -= (d_new - effective) * dp.dwelling_share_of_wealth * h.wealth_usd;
      h.damage = d_new;
      h.recovery = 0.0;
    }
  }
  // "Heat: at the household's current cell, loss = min(1, heat_income_loss_per_k x max(anomaly, 0)
  //  x ratio), ratio 1 for agricultural households, heat_income_loss_nonagri_ratio for the
  //  others; the cell's loss of livelihoods combines with it, loss = 1 - (1 - loss)(1 -
  //  livelihood_loss). Savings: wealth += savings_rate x income x (1 - loss) x dt."
  double loss = 0.0;
  if (h.location >= 0) {
    const double anomaly = step.cells.heat_anomaly_k[at(h.location)];
    const double ratio =
        (h.flags & flag_agriculture) != 0 ? 1.0 : dp.heat_income_loss_nonagri_ratio;
    loss = std::min(1.0, dp.heat_income_loss_per_k * std::max(anomaly, 0.0) * ratio);
    loss = 1.0 - (1.0 - loss) * (1.0 - step.cells.livelihood_loss[at(h.location)]);
  }
  h.income_loss = loss;
  h.wealth_usd += dp.savings_rate * h.income_usd_per_year * (1.0 - loss) * dt;
  out.after = h;
  return out;
}

// --- Phase 3: warning and evacuation -----------------------------------------------------------
Outcome warning(const Step& step, const Household& before, std::uint64_t id) {
  const EvacuationParameters& ep = step.state.parameters.evacuation;
  Outcome out;
  out.after = before;
  // "A household at home (status home or returned, located at home) evacuates with probability
  //  p = 1 - (1 - p_status_quo)(1 - p_policy)" "One uniform draw decides, in a step with at least
  //  one forecast event".
  if (!at_home(before) || !step.cells.forecast_event) return out;
  // expected damage at home: clamp(f_forecast(home, slot) x fragility x (1 - efficacy if adapted))
  const double expected = clamp01(step.cells.forecast_damage[home_slot_index(step, before, id)] *
                                  before.fragility * (1.0 - efficacy_for(step, before)));
  // "p_status_quo = evacuation.coverage x evacuation.compliance x g where its home cell is warned,
  //  else 0, with g = a + (1 - a) x min(1, expected damage at home / full_compliance_damage) (or
  //  1 when full_compliance_damage is 0), a = evacuation.warning_alone_share"
  double p_status_quo = 0.0;
  if (step.cells.warned[at(before.home_cell)] != 0) {
    const double a = ep.warning_alone_share;
    const double g = ep.full_compliance_damage > 0.0
                         ? a + (1.0 - a) * std::min(1.0, expected / ep.full_compliance_damage)
                         : 1.0;
    p_status_quo = ep.coverage * ep.compliance * g;
  }
  // "p_policy: where an early_warning policy is active for the home cell and the expected damage
  //  at home >= evacuation.trigger_damage, the policies' coverage x compliance"
  const double p_policy =
      expected >= ep.trigger_damage ? step.cells.evacuation_probability[at(before.home_cell)] : 0.0;
  const double p = 1.0 - (1.0 - p_status_quo) * (1.0 - p_policy);
  // "One uniform draw decides."
  if (p <= 0.0) return out;
  const double u = uniform(step.state.key, id, step_number(step), Purpose::evacuation);
  if (draw_below(out, u, p)) out.after.intent = intent_code(Intent::evacuate);
  return out;
}

// --- Phase 4: forced displacement --------------------------------------------------------------
Outcome displacement(const Step& step, const Household& before, std::uint64_t id) {
  const double threshold = step.state.parameters.damage.uninhabitable_damage;
  const double dt = step.state.options.step_length_years;
  Outcome out;
  out.after = before;
  const double effective = effective_damage(before);
  // "Protected by early warning ... counted in phase 4, once per evacuation, at the first step at
  //  which a household that is evacuated, or evacuating this step, has an uninhabitable home
  //  after the step's damage. A flag bit (protected) marks an evacuation already counted ...;
  //  phase 4 clears it once the household is no longer an evacuee."
  const bool evacuee =
      status_is(before.status, Status::evacuated) || before.intent == intent_code(Intent::evacuate);
  if ((before.flags & flag_protected) != 0) {
    if (!evacuee) out.after.flags = static_cast<std::uint16_t>(before.flags & ~flag_protected);
  } else if (evacuee && effective >= threshold) {
    out.after.flags = static_cast<std::uint16_t>(before.flags | flag_protected);
  }
  if (before.intent != intent_code(Intent::none)) return out;  // evacuating: not displaced now
  const bool evacuated = status_is(before.status, Status::evacuated);
  if (effective >= threshold) {
    // "A household at home (home/returned, located at home, not evacuating) whose effective
    //  damage is >= uninhabitable_damage is displaced [and counted in damaged_home_households]."
    if (at_home(before)) {
      out.after.intent = intent_code(Intent::displace);
      out.damaged_home = true;
    } else if (evacuated &&
               before.steps_in_status >= step.state.parameters.recovery.evacuation_return_steps) {
      // "An evacuated household whose evacuation has lasted evacuation_return_steps and whose
      //  home is uninhabitable becomes displaced."
      out.after.intent = intent_code(Intent::displace);
    }
    return out;
  }
  // "A household at home whose home is habitable, in a cell without services, leaves with
  //  p = 1 - exp(-services.displacement_per_year x services_loss(home) x dt)"
  if (!at_home(before)) return out;
  const double s = step.cells.services_loss[at(before.home_cell)];
  const double p = 1.0 - std::exp(-step.state.parameters.services.displacement_per_year * s * dt);
  if (p <= 0.0) return out;
  const double u = uniform(step.state.key, id, step_number(step), Purpose::services_displacement);
  if (draw_below(out, u, p)) out.after.intent = intent_code(Intent::leave_services);
  return out;
}

// --- Phase 5: migration decision ---------------------------------------------------------------
Outcome migration_decision(const Step& step, const Household& before, std::uint64_t id) {
  const AspirationParameters& a = step.state.parameters.aspiration;
  const double dt = step.state.options.step_length_years;
  const std::uint32_t t = step_number(step);
  Outcome out;
  Household h = before;
  if (h.intent != intent_code(Intent::none)) {
    out.after = h;
    return out;
  }
  // "Planned relocation first: a household at home in a cell targeted by an active
  //  planned_relocation moves with probability uptake_per_step to the policy's site."
  const int k = step.cells.relocation_policy[at(h.home_cell)];
  if (k >= 0 && at_home(h)) {
    const Policy& policy = step.state.policies[at(k)];
    const double u =
        uniform(step.state.key, id, t, Purpose::relocation_uptake, static_cast<std::uint32_t>(k));
    if (draw_below(out, u, policy.uptake_per_step)) {
      h.intent = intent_code(Intent::relocate);
      h.destination =
          policy.site_cell >= 0 ? policy.site_cell : external_code(policy.site_external);
      out.after = h;
      return out;
    }
  }
  // "Then households at home, returned or displaced, located on the grid, may aspire to migrate"
  const bool may_aspire = status_is(h.status, Status::home) ||
                          status_is(h.status, Status::returned) ||
                          status_is(h.status, Status::displaced);
  if (!may_aspire || h.location < 0) {
    out.after = h;
    return out;
  }
  bool aspire = false;
  // "each step a trapped household keeps [the wish] with probability
  //  2^(-dt / trapped_aspiration_half_life_years) [...]; otherwise the flag is cleared (the
  //  household may aspire again through lp)."
  if ((h.flags & flag_trapped) != 0) {
    const double keep = std::pow(2.0, -dt / a.trapped_aspiration_half_life_years);
    aspire = draw_below(out, uniform(step.state.key, id, t, Purpose::trapped_persistence), keep);
    if (!aspire) h.flags = static_cast<std::uint16_t>(h.flags & ~flag_trapped);
  }
  if (!aspire) {
    const auto indicator = [](bool b) { return b ? 1.0 : 0.0; };
    const double lp = a.intercept + a.coef_damage * effective_damage(h) +
                      a.coef_income_loss * h.income_loss +
                      a.coef_heat_per_k * step.cells.heat_anomaly_k[at(h.location)] +
                      a.coef_kin_external * indicator(h.kin_externals != 0) +
                      a.coef_displaced * indicator(status_is(h.status, Status::displaced)) +
                      a.coef_with_elderly * indicator((h.flags & flag_with_elderly) != 0) +
                      a.coef_with_disability * indicator((h.flags & flag_with_disability) != 0) +
                      a.coef_services_loss * step.cells.services_loss[at(h.location)];
    // "p_year = logistic(lp), p_step = 1 - (1 - p_year)^dt, aspire if u < p_step"
    const double p_year = logistic(lp);
    const double p_step = 1.0 - std::pow(1.0 - p_year, dt);
    aspire = draw_below(out, uniform(step.state.key, id, t, Purpose::aspiration), p_step);
  }
  if (aspire) h.intent = intent_code(Intent::migrate);
  out.after = h;
  return out;
}

// --- Phase 6: destination choice ---------------------------------------------------------------
Choice destination(const Step& step, const Household& before, std::uint64_t id) {
  const RunState& state = step.state;
  const Landscape& land = *state.landscape;
  const DestinationParameters& dp = state.parameters.destination;
  const double k = state.parameters.synthesis.households_per_agent;
  const std::uint32_t t = step_number(step);
  Choice choice;
  choice.outcome.after = before;
  Household& h = choice.outcome.after;
  // "Candidates for a household deciding to move (migrants, and the displaced)"; the displaced
  // are those displaced this step (phase 4, either cause).
  const bool displaced =
      h.intent == intent_code(Intent::displace) || h.intent == intent_code(Intent::leave_services);
  if (h.intent != intent_code(Intent::migrate) && !displaced) return choice;

  const std::vector<double> pull = cell_pull(land);
  double total_pull = 0.0;
  for (const double x : pull)
    total_pull += x;
  const std::int32_t loc = h.location;
  const std::int32_t home = h.home_cell;
  const std::int32_t home_region = land.region_of_cell[at(home)];
  const std::int32_t n_cells = static_cast<std::int32_t>(land.cell_count());

  // Features, in the table's order, times the coefficients:
  //   log pull, road distance / 100 km (x multiplier for the displaced), journey cost / 1000 USD,
  //   leaving the grid, another region than home, expected damage, kin, crowding, shelter.
  struct Features {
    double log_pull = 0, distance = 0, cost = 0, external = 0, other_region = 0, damage = 0,
           kin = 0, crowding = 0, shelter = 0;
  };
  const auto utility_of = [&](const Features& f) {
    return dp.coef_attractiveness * f.log_pull + dp.coef_distance_per_100km * f.distance +
           dp.coef_journey_cost_per_1000usd * f.cost + dp.coef_external * f.external +
           dp.coef_other_region * f.other_region + dp.coef_hazard_damage * f.damage +
           dp.coef_kin * f.kin + dp.coef_crowding * f.crowding + dp.coef_shelter * f.shelter;
  };
  const double distance_weight = displaced ? dp.displacement_distance_multiplier : 1.0;
  const auto cell_features = [&](std::int32_t c, double km) {
    Features f;
    f.log_pull = std::log(pull[at(c)]);
    f.distance = km / 100.0 * distance_weight;
    f.cost = dp.move_cost_per_km_usd * km / 1000.0;
    f.other_region = land.region_of_cell[at(c)] != home_region ? 1.0 : 0.0;
    f.damage = step.cells.cell_damage[at(c)];
    return f;
  };
  // A cell candidate: "the current cell and the home cell are skipped".
  const auto add_cell = [&](std::int32_t c, double correction) {
    if (c == loc || c == home) return;
    const double km = distance_km(land, loc, c);
    Features f = cell_features(c, km);
    f.kin = land.region_of_cell[at(c)] == h.kin_region ? 1.0 : 0.0;
    // "crowding: max(0, present/residents - 1) (start of step)", residents at least one.
    const double residents =
        std::max<double>(1.0, static_cast<double>(step.cells.resident_households[at(c)]));
    f.crowding =
        std::max(0.0, static_cast<double>(step.cells.present_households[at(c)]) / residents - 1.0);
    choice.rows.push_back({c, utility_of(f) + correction, 0.0, km, true});
  };

  // "candidate_cells cells sampled with replacement by pull (Walker alias table; one uniform per
  //  sample from the household's stream) [...] each gets McFadden's sampling correction
  //  -log(J q_c), q_c = pull_c / sum(pull), J = candidate_cells".
  // Walker decoding of u: slot = floor(u n); the fractional part picks the slot or its alias.
  const int J = dp.candidate_cells;
  if (J > 0 && !state.cells.alias_probability.empty()) {
    for (int j = 0; j < J; ++j) {
      const double un =
          uniform(state.key, id, t, Purpose::destination_sample, static_cast<std::uint32_t>(j)) *
          n_cells;
      const std::int32_t slot = std::min(n_cells - 1, static_cast<std::int32_t>(std::floor(un)));
      const double frac = un - slot;
      const std::int32_t c =
          frac < state.cells.alias_probability[at(slot)] ? slot : state.cells.alias_index[at(slot)];
      add_cell(c, -std::log(J * pull[at(c)] / total_pull));
    }
  }
  // "displaced only: the four grid neighbours of the home cell (nearby refuge), no correction"
  // (west, east, north, south).
  if (displaced) {
    const int col = home % land.width;
    const int row = home / land.width;
    if (col > 0) add_cell(home - 1, 0.0);
    if (col + 1 < land.width) add_cell(home + 1, 0.0);
    if (row > 0) add_cell(home - land.width, 0.0);
    if (row + 1 < land.height) add_cell(home + land.width, 0.0);
  }
  // "the most attractive cell of the household's kin region, no correction" (the first in cell
  // order among equals).
  if (h.kin_region >= 0) {
    std::int32_t best = -1;
    for (std::int32_t c = 0; c < n_cells; ++c) {
      if (land.region_of_cell[at(c)] == h.kin_region &&
          (best < 0 || pull[at(c)] > pull[at(best)])) {
        best = c;
      }
    }
    if (best >= 0) add_cell(best, 0.0);
  }
  // "every external destination the household may enter"
  for (std::int32_t e = 0; e < static_cast<std::int32_t>(land.externals.size()); ++e) {
    if (!may_enter(step, id, home_region, e)) continue;
    const ExternalDestination& ext = land.externals[at(e)];
    Features f;
    f.log_pull = std::log(ext.diaspora_people);
    f.cost = ext.travel_cost_usd * (1.0 - pathway_reduction(step, home, e)) / 1000.0;
    f.external = 1.0;
    f.kin =
        e < 16 && ((static_cast<unsigned>(h.kin_externals) >> static_cast<unsigned>(e)) & 1u) != 0
            ? 1.0
            : 0.0;
    // "occupancy x k / capacity (0 if unlimited)"
    f.crowding = ext.capacity_households < 0.0
                     ? 0.0
                     : static_cast<double>(step.cells.external_occupancy[at(e)]) * k /
                           ext.capacity_households;
    choice.rows.push_back({external_code(e), utility_of(f), 0.0, 0.0, false});
  }
  // "displaced only: every shelter site opened by an active shelter policy with capacity > 0"
  if (displaced) {
    const auto externals = static_cast<std::int32_t>(land.externals.size());
    for (std::size_t s = 0; s < land.shelters.size(); ++s) {
      const ShelterSite& site = land.shelters[s];
      if (step.cells.shelter_open[s] == 0 || !(site.capacity_households > 0.0)) continue;
      const double km = distance_km(land, loc, site.cell);
      Features f = cell_features(site.cell, km);
      f.crowding =
          static_cast<double>(step.cells.shelter_occupancy[s]) * k / site.capacity_households;
      f.shelter = 1.0;
      choice.rows.push_back(
          {shelter_code(static_cast<std::int32_t>(s), externals), utility_of(f), 0.0, km, false});
    }
  }
  // Nowhere to go: the displaced stay where they are (destination and fallback = location), the
  // migrant's wish stays unfulfilled (no intent; the trapped flag is left as it is).
  if (choice.rows.empty()) {
    if (displaced) {
      h.destination = loc;
      h.fallback = loc;
    } else {
      h.intent = intent_code(Intent::none);
    }
    return choice;
  }
  // "The choice is a softmax draw with one more uniform": row r is chosen when the uniform falls
  // in its share of [0, 1), rows in the order above.
  double total = 0.0;
  for (const Candidate& row : choice.rows)
    total += std::exp(row.utility);
  for (Candidate& row : choice.rows)
    row.probability = std::exp(row.utility) / total;
  choice.u = uniform(state.key, id, t, Purpose::destination_sample, 0xfff0u);
  double cumulative = 0.0;
  for (std::size_t r = 0; r < choice.rows.size(); ++r) {
    cumulative += choice.rows[r].probability;
    choice.outcome.margin = std::min(choice.outcome.margin, std::abs(choice.u - cumulative));
    if (choice.chosen < 0 && choice.u < cumulative) choice.chosen = static_cast<int>(r);
  }
  if (choice.chosen < 0) choice.chosen = static_cast<int>(choice.rows.size()) - 1;
  const Candidate& chosen = choice.rows[at(choice.chosen)];
  h.destination = chosen.destination;
  if (displaced) {
    // "A displaced household also keeps a fallback: its best cell candidate" (its location when
    // it has none). "Displaced households move regardless of wealth."
    h.fallback = loc;
    double best = -std::numeric_limits<double>::infinity();
    for (const Candidate& row : choice.rows) {
      if (row.cell && row.utility > best) {
        best = row.utility;
        h.fallback = row.destination;
      }
    }
    return choice;
  }
  // "Capability. Migrants must afford the move: wealth >= move_cost_base_usd + move_cost_per_km_usd
  //  x road km (cells) + travel_cost_usd (externals), the total multiplied by 1 - cost_reduction
  //  when an active migration_pathway for the household's home cell leads to the chosen external.
  //  Not affordable: trapped."
  double cost = dp.move_cost_base_usd + dp.move_cost_per_km_usd * chosen.road_km;
  if (chosen.destination < 0) {
    const std::int32_t e = -1 - chosen.destination;
    cost =
        (cost + land.externals[at(e)].travel_cost_usd) * (1.0 - pathway_reduction(step, home, e));
  }
  if (h.wealth_usd >= cost) {
    h.flags = static_cast<std::uint16_t>(h.flags & ~flag_trapped);
  } else {
    h.flags = static_cast<std::uint16_t>(h.flags | flag_trapped);
    h.intent = intent_code(Intent::none);
  }
  return choice;
}

// --- Phase 7: return and recovery --------------------------------------------------------------
Outcome return_recovery(const Step& step, const Household& before, std::uint64_t id) {
  const ReturnParameters& rp = step.state.parameters.recovery;
  const double dt = step.state.options.step_length_years;
  const double threshold = step.state.parameters.damage.uninhabitable_damage;
  const std::uint32_t t = step_number(step);
  Outcome out;
  Household h = before;
  // "Dwelling repair (households that own their home dwelling, while damaged):
  //    recovery += recovery_rate_per_year x (wealth / wealth_median)^recovery_wealth_elasticity
  //                x recovery_multiplier (return_support) x dt;   at 1: damage = recovery = 0"
  // (wealth counted as at least 1 USD).
  if (h.damage > 0.0 && owns_dwelling(h)) {
    const double median = step.state.parameters.synthesis.wealth_median_usd;
    h.recovery += rp.recovery_rate_per_year *
                  std::pow(std::max(h.wealth_usd, 1.0) / median, rp.recovery_wealth_elasticity) *
                  step.cells.recovery_multiplier[at(h.home_cell)] * dt;
    if (h.recovery >= 1.0) {
      h.damage = 0.0;
      h.recovery = 0.0;
    }
  }
  out.after = h;
  if (h.intent != intent_code(Intent::none)) return out;  // leaving, or already decided
  // "A home is habitable when damage x (1 - recovery) < uninhabitable_damage."
  const bool habitable = effective_damage(h) < threshold;
  if (status_is(h.status, Status::evacuated)) {
    // "evacuated, after evacuation_return_steps, habitable: return"
    if (habitable && h.steps_in_status >= rp.evacuation_return_steps) {
      out.after.intent = intent_code(Intent::return_home);
    }
  } else if (status_is(h.status, Status::displaced)) {
    // "displaced, habitable: return with p = 1 - exp(-return_rate_per_year x r x (1 - s) x dt)
    //  where r is the repaired share (1 once fully repaired) and s the loss of services at home;
    //  a return_support policy adds return_incentive to the log-odds of p."
    if (habitable) {
      const double r = h.damage > 0.0 ? h.recovery : 1.0;
      const double s = step.cells.services_loss[at(h.home_cell)];
      double p = 1.0 - std::exp(-rp.return_rate_per_year * r * (1.0 - s) * dt);
      const double incentive = step.cells.return_incentive[at(h.home_cell)];
      if (incentive != 0.0 && p > 0.0 && p < 1.0) p = logistic(std::log(p / (1.0 - p)) + incentive);
      if (draw_below(out, uniform(step.state.key, id, t, Purpose::return_home), p)) {
        out.after.intent = intent_code(Intent::return_home);
        return out;
      }
    }
    // "displaced for longer than protracted_after_years ((steps_in_status + 1) x dt at the end of
    //  the step, i.e. the count of this step): become migrated in place with
    //  p = 1 - exp(-protracted_to_migrated_per_year x dt)"
    if (h.steps_in_status * dt > rp.protracted_after_years) {
      const double p = 1.0 - std::exp(-rp.protracted_to_migrated_per_year * dt);
      if (draw_below(out, uniform(step.state.key, id, t, Purpose::protracted_conversion), p)) {
        out.after.intent = intent_code(Intent::become_migrated);
      }
    }
  } else if (status_is(h.status, Status::migrated)) {
    // "migrated, home habitable: go back home with p = 1 - exp(-migrant_return_per_year x dt)"
    if (habitable) {
      const double p = 1.0 - std::exp(-rp.migrant_return_per_year * dt);
      if (draw_below(out, uniform(step.state.key, id, t, Purpose::return_home), p)) {
        out.after.intent = intent_code(Intent::return_home);
      }
    }
  }
  return out;
}

}  // namespace displace::engine::oracle
