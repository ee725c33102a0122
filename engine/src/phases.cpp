// Phases 2..7: per-household decisions. Each function reads only household i's own columns and
// per-cell / per-step inputs, and writes only household i's columns.
#include <omp.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "detail/phases.hpp"
#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"
#include "displace/engine/vulnerability.hpp"
#include "indexing.hpp"

namespace displace::engine {

namespace {

bool at_home_status(std::uint8_t s) {
  return s == u8(Status::home) || s == u8(Status::returned);
}

/// Statuses that still own the home dwelling (damage and repair apply).
bool has_dwelling(std::uint8_t s) {
  return s == u8(Status::home) || s == u8(Status::returned) || s == u8(Status::evacuated) ||
         s == u8(Status::displaced);
}

bool targets(const Policy& policy, std::int32_t cell) {
  return policy.target_cells.empty() || policy.target_cells[at32(cell)] != 0;
}

double effective_damage(const HouseholdTable& h, std::size_t i) {
  return static_cast<double>(h.damage[i]) * (1.0 - static_cast<double>(h.recovery[i]));
}

double efficacy(const RunState& state, const HouseholdTable& h, std::size_t i) {
  return (h.flags[i] & flag_adapted) != 0
             ? static_cast<double>(state.inputs.adaptation_efficacy[at32(h.home_cell[i])])
             : 0.0;
}

std::uint32_t step_u32(const RunState& state) {
  return static_cast<std::uint32_t>(state.inputs.step);
}

/// Index into the per-cell-and-slot damage fields of household `id` living in `cell`: its
/// sub-grid exposure slot is a pure function of its id (no stored column).
std::size_t exposure_index(const RunState& state, std::uint64_t id, std::int32_t cell) {
  const auto slots = static_cast<std::size_t>(state.inputs.slots);
  if (slots == 1) return at32(cell);
  const double u = uniform(state.key, id, 0, Purpose::exposure_slot);
  const auto j = std::min(slots - 1, static_cast<std::size_t>(u * static_cast<double>(slots)));
  return at32(cell) * slots + j;
}

/// May the household with draw stream `stream` (household_stream(key, id)) and home region
/// `region` enter external destination `e`?
bool may_enter(const RunState& state, std::uint64_t stream, std::int32_t region, std::int32_t e) {
  const ExternalDestination& ext = state.landscape->externals[at32(e)];
  if (ext.entry_share >= 1.0) return true;
  if (state.cells.external_free_entry[at32(e) * state.landscape->regions.size() + at32(region)] !=
      0) {
    return true;
  }
  return stream_uniform(stream, 0, Purpose::entry_right, static_cast<std::uint32_t>(e)) <
         ext.entry_share;
}

/// features . beta in exactly the order of the Eigen product it replaces, so utilities stay the
/// same bit for bit: with two or more rows Eigen 3.4 runs its row-major GEMV kernel (two-lane
/// packets summed along the row, the lanes added, then the ninth column); a single row is a dot
/// product (a pairwise tree over the packets). Both orders are fixed by the compiled code: without
/// FMA contraction (the build targets baseline x86-64) each product and sum rounds once.
double row_utility_gemv(const double* f, const double* b) {
  const double lane0 = ((f[0] * b[0] + f[2] * b[2]) + f[4] * b[4]) + f[6] * b[6];
  const double lane1 = ((f[1] * b[1] + f[3] * b[3]) + f[5] * b[5]) + f[7] * b[7];
  return (lane0 + lane1) + f[8] * b[8];
}
double row_utility_dot(const double* f, const double* b) {
  const double lane0 = (f[0] * b[0] + f[2] * b[2]) + (f[4] * b[4] + f[6] * b[6]);
  const double lane1 = (f[1] * b[1] + f[3] * b[3]) + (f[5] * b[5] + f[7] * b[7]);
  return (lane0 + lane1) + f[8] * b[8];
}

/// An upper bound of exp(x), within 7% above it, without a call into libm: exp(x) = 2^y with
/// y = x log2(e) = k + f (k integer, 0 <= f < 1), and 2^f <= 1 + f on [0, 1] (convexity). The
/// factor 1 + 1e-9 covers the rounding of y. Infinity for large or NaN x, so callers that use it to
/// skip an exact test never skip one they should run.
double exp_upper_bound(double x) {
  if (!(x < 700.0)) return std::numeric_limits<double>::infinity();
  if (x < -700.0) return 1e-300;  // exp(-700) = 9.9e-305
  const double y = x * 1.4426950408889634;
  auto k = static_cast<std::int64_t>(y);  // toward zero
  if (static_cast<double>(k) > y) --k;    // floor
  const double f = y - static_cast<double>(k);
  const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;  // 2^k, k in [-1010, 1010]
  return std::bit_cast<double>(bits) * ((1.0 + f) * (1.0 + 1e-9));
}

}  // namespace

void phase_damage(RunState& state, std::int64_t first, std::int64_t last) {
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const StepInputs& in = state.inputs;
  const DamageParameters& dp = state.parameters.damage;
  const double dt = state.options.step_length_years;
  const std::uint32_t step = step_u32(state);
  const bool one_off = !in.cash_policies.empty() || !in.adaptation_policies.empty();
  // Heat income-loss ratio by the agriculture flag, looked up rather than branched on.
  const double heat_ratio[2] = {dp.heat_income_loss_nonagri_ratio, 1.0};
  for (std::int64_t n = first; n < last; ++n) {
    const auto i = at(n);
    // Clock: one more full step in the current status; scratch reset.
    h.steps_in_status[i] =
        static_cast<std::uint16_t>(h.steps_in_status[i] + (h.steps_in_status[i] < 65535 ? 1 : 0));
    h.intent[i] = u8(Intent::none);
    const std::uint8_t s = h.status[i];
    const std::int32_t home = h.home_cell[i];
    double wealth = static_cast<double>(h.wealth_usd[i]);
    if (one_off) {
      for (int k : in.cash_policies) {
        const Policy& policy = state.policies[at32(k)];
        if (targets(policy, home) &&
            static_cast<double>(h.initial_wealth_usd[i]) < state.cash_threshold_usd[at32(k)]) {
          wealth += policy.amount_usd;
        }
      }
      for (int k : in.adaptation_policies) {
        const Policy& policy = state.policies[at32(k)];
        if (targets(policy, home) &&
            uniform(state.key, static_cast<std::uint64_t>(id_offset + n), step,
                    Purpose::adaptation_uptake, static_cast<std::uint32_t>(k)) < policy.uptake) {
          h.flags[i] = static_cast<std::uint16_t>(h.flags[i] | flag_adapted);
        }
      }
    }
    // Dwelling damage: the new event's damage replaces the current (unrepaired) damage if worse.
    if (in.any_event && has_dwelling(s) && in.cell_damage[at32(home)] > 0.0f) {
      const std::size_t slot =
          exposure_index(state, static_cast<std::uint64_t>(id_offset + n), home);
      const double base = static_cast<double>(in.hazard_damage[slot]);
      if (base > 0.0) {
        const double d_new =
            dwelling_damage(base, static_cast<double>(h.fragility[i]), efficacy(state, h, i));
        const double current = effective_damage(h, i);
        if (d_new > current) {
          wealth -= (d_new - current) * dp.dwelling_share_of_wealth * wealth;
          h.damage[i] = static_cast<float>(d_new);
          h.recovery[i] = 0.0f;
          h.damage_hazard[i] = in.damage_hazard[slot];
        }
      }
    }
    // Livelihood: heat and post-event income loss at the current location; savings from what is
    // left.
    double loss = 0.0;
    const std::int32_t loc = h.location[i];
    if (in.any_heat && is_cell_code(loc)) {
      const double anomaly = static_cast<double>(in.heat_anomaly_k[at32(loc)]);
      if (anomaly > 0.0) {
        const double ratio = heat_ratio[(h.flags[i] & flag_agriculture) != 0 ? 1 : 0];
        loss = std::min(1.0, dp.heat_income_loss_per_k * anomaly * ratio);
      }
    }
    if (in.any_services && is_cell_code(loc)) {
      const double livelihood = static_cast<double>(in.livelihood_loss[at32(loc)]);
      if (livelihood > 0.0) loss = 1.0 - (1.0 - loss) * (1.0 - livelihood);
    }
    h.income_loss[i] = static_cast<float>(loss);
    wealth += dp.savings_rate * static_cast<double>(h.income_usd_per_year[i]) * (1.0 - loss) * dt;
    h.wealth_usd[i] = static_cast<float>(std::max(0.0, wealth));
  }
}

void phase_warning(RunState& state, std::int64_t first, std::int64_t last) {
  const StepInputs& in = state.inputs;
  if (!in.any_forecast) return;
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const EvacuationParameters& ep = state.parameters.evacuation;
  const double trigger = ep.trigger_damage;
  const double status_quo = ep.coverage * ep.compliance;
  const std::uint32_t step = step_u32(state);
  for (std::int64_t n = first; n < last; ++n) {
    const auto i = at(n);
    const std::int32_t home = h.home_cell[i];
    const double p_policy = static_cast<double>(in.evacuation_probability[at32(home)]);
    const bool warned = status_quo > 0.0 && in.warned[at32(home)] != 0;
    if ((p_policy <= 0.0 && !warned) || !at_home_status(h.status[i]) || h.location[i] != home) {
      continue;
    }
    const auto id = static_cast<std::uint64_t>(id_offset + n);
    // Expected damage at home from the forecast (only computed when something depends on it).
    double expected = -1.0;
    auto expected_damage = [&] {
      if (expected < 0.0) {
        expected = dwelling_damage(
            static_cast<double>(in.forecast_damage[exposure_index(state, id, home)]),
            static_cast<double>(h.fragility[i]), efficacy(state, h, i));
      }
      return expected;
    };
    // Status quo: warned where a forecast event reaches the warning intensity; compliance rises
    // from warning_alone_share with the expected damage up to full_compliance_damage. A policy adds
    // its own warnings where the expected damage at home reaches the trigger.
    double p = 0.0;
    if (warned) {
      p = status_quo;
      if (ep.full_compliance_damage > 0.0) {
        const double threat = std::min(1.0, expected_damage() / ep.full_compliance_damage);
        p *= ep.warning_alone_share + (1.0 - ep.warning_alone_share) * threat;
      }
    }
    if (p_policy > 0.0 && expected_damage() >= trigger) p = 1.0 - (1.0 - p) * (1.0 - p_policy);
    if (p <= 0.0) continue;
    if (uniform(state.key, id, step, Purpose::evacuation) < p) {
      h.intent[i] = u8(Intent::evacuate);
    }
  }
}

void phase_displacement(RunState& state, std::int64_t first, std::int64_t last,
                        ThreadScratch& tally) {
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const StepInputs& in = state.inputs;
  const double threshold = state.parameters.damage.uninhabitable_damage;
  const double evacuation_steps = state.parameters.recovery.evacuation_return_steps;
  const double services_rate =
      in.any_services ? state.parameters.services.displacement_per_year : 0.0;
  const double dt = state.options.step_length_years;
  const std::uint32_t step = step_u32(state);
  for (std::int64_t n = first; n < last; ++n) {
    const auto i = at(n);
    const std::uint8_t s = h.status[i];
    // Protected by early warning: away on an evacuation (or leaving on one this step) when the
    // home is uninhabitable after this step's damage; counted once per evacuation (the flag).
    const bool evacuee = s == u8(Status::evacuated) || h.intent[i] == u8(Intent::evacuate);
    if ((h.flags[i] & flag_protected) != 0) {
      if (!evacuee) h.flags[i] = static_cast<std::uint16_t>(h.flags[i] & ~flag_protected);
    } else if (evacuee && effective_damage(h, i) >= threshold) {
      h.flags[i] = static_cast<std::uint16_t>(h.flags[i] | flag_protected);
      const auto r = at32(state.cells.region[at32(h.home_cell[i])]);
      tally.outputs.protected_households[r] += 1;
      tally.outputs.protected_people[r] += h.size_people[i];
    }
    if (h.intent[i] != u8(Intent::none) || !has_dwelling(s) || s == u8(Status::displaced)) continue;
    const std::int32_t home = h.home_cell[i];
    const bool at_home = at_home_status(s) && h.location[i] == home;
    if (effective_damage(h, i) < threshold) {
      // A standing home in a cell without services: some leave (cause: services loss).
      if (services_rate > 0.0 && at_home) {
        const double without = static_cast<double>(in.services_loss[at32(home)]);
        if (without > 0.0 &&
            uniform(state.key, static_cast<std::uint64_t>(id_offset + n), step,
                    Purpose::services_displacement) < -std::expm1(-services_rate * without * dt)) {
          h.intent[i] = u8(Intent::leave_services);
        }
      }
      continue;
    }
    if (at_home) {
      h.intent[i] = u8(Intent::displace);
      const auto r = at32(state.cells.region[at32(home)]);
      tally.outputs.damaged_home_households[r] += 1;
      tally.damaged_home_people[r] += h.size_people[i];
    } else if (s == u8(Status::evacuated) &&
               static_cast<double>(h.steps_in_status[i]) >= evacuation_steps) {
      h.intent[i] = u8(Intent::displace);
    }
  }
}

void phase_migration_decision(RunState& state, std::int64_t first, std::int64_t last) {
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const StepInputs& in = state.inputs;
  const AspirationParameters& a = state.parameters.aspiration;
  const double dt = state.options.step_length_years;
  const std::uint32_t step = step_u32(state);
  const double keep_wish =
      std::exp(-0.6931471805599453 * dt / a.trapped_aspiration_half_life_years);
  const double bound_scale = std::max(dt, 1.0);
  const double kin_external_term[2] = {0.0, a.coef_kin_external};
  const double displaced_term[2] = {0.0, a.coef_displaced};
  const double elderly_term[2] = {0.0, a.coef_with_elderly};
  const double disability_term[2] = {0.0, a.coef_with_disability};
  for (std::int64_t n = first; n < last; ++n) {
    const auto i = at(n);
    if (h.intent[i] != u8(Intent::none)) continue;
    const std::uint8_t s = h.status[i];
    const std::int32_t loc = h.location[i];
    const std::int32_t home = h.home_cell[i];
    const auto id = static_cast<std::uint64_t>(id_offset + n);
    // Planned relocation offered to households at home in the zone.
    const std::int16_t relocation = in.relocation_policy[at32(home)];
    if (relocation >= 0 && at_home_status(s) && loc == home) {
      const Policy& policy = state.policies[static_cast<std::size_t>(relocation)];
      if (uniform(state.key, id, step, Purpose::relocation_uptake,
                  static_cast<std::uint32_t>(relocation)) < policy.uptake_per_step) {
        h.intent[i] = u8(Intent::relocate);
        h.destination[i] = (policy.site_cell >= 0 ? Destination::cell(policy.site_cell)
                                                  : Destination::external(policy.site_external))
                               .code(static_cast<std::int32_t>(state.landscape->externals.size()));
        continue;
      }
    }
    if (!(at_home_status(s) || s == u8(Status::displaced)) || !is_cell_code(loc)) continue;
    bool aspire = false;
    if ((h.flags[i] & flag_trapped) != 0) {
      aspire = uniform(state.key, id, step, Purpose::trapped_persistence) < keep_wish;
      if (!aspire) h.flags[i] = static_cast<std::uint16_t>(h.flags[i] & ~flag_trapped);
    }
    if (!aspire) {
      const std::uint16_t f = h.flags[i];
      double lp = a.intercept + a.coef_damage * effective_damage(h, i) +
                  a.coef_income_loss * static_cast<double>(h.income_loss[i]) +
                  a.coef_heat_per_k * static_cast<double>(in.heat_anomaly_k[at32(loc)]);
      // Table lookups, not branches (the flags vary at random from household to household):
      // adding 0.0 where a term is absent changes lp only from -0.0 to +0.0, which decides nothing.
      lp += kin_external_term[h.kin_externals[i] != 0 ? 1 : 0];
      lp += displaced_term[s == u8(Status::displaced) ? 1 : 0];
      lp += elderly_term[(f & flag_with_elderly) != 0 ? 1 : 0];
      lp += disability_term[(f & flag_with_disability) != 0 ? 1 : 0];
      if (in.any_services) {
        lp += a.coef_services_loss * static_cast<double>(in.services_loss[at32(loc)]);
      }
      const double u = uniform(state.key, id, step, Purpose::aspiration);
      // p_step = 1 - (1 - p_year)^dt <= dt * softplus(lp) <= dt * exp(lp) (dt <= 1): cheap reject.
      // exp_upper_bound(lp) >= exp(lp) rejects most households without calling exp; the exact
      // bound then decides as before, so the outcome is the same bit for bit.
      if (u < exp_upper_bound(lp) * bound_scale && u < std::exp(lp) * bound_scale) {
        const double p_year = 1.0 / (1.0 + std::exp(-lp));
        const double p_step = -std::expm1(dt * std::log1p(-p_year));
        aspire = u < p_step;
      }
    }
    if (aspire) h.intent[i] = u8(Intent::migrate);
  }
}

void phase_destination(RunState& state, std::int64_t first, std::int64_t last,
                       ThreadScratch& scratch) {
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const StepInputs& in = state.inputs;
  const CellTables& cells = state.cells;
  const Landscape& land = *state.landscape;
  const DestinationParameters& dp = state.parameters.destination;
  const double k = state.parameters.synthesis.households_per_agent;
  const std::uint32_t step = step_u32(state);
  const auto external_count = static_cast<std::int32_t>(land.externals.size());
  const bool can_sample = !cells.alias_probability.empty() && dp.candidate_cells > 0;
  const auto n_cells = static_cast<std::int64_t>(cells.region.size());
  // Sampled cells stand for all cells: McFadden's correction -log(J q_c), q_c = attr_c / total.
  const double log_sample_scale = can_sample
                                      ? std::log(static_cast<double>(dp.candidate_cells)) -
                                            std::log(std::max(cells.total_attractiveness, 1e-300))
                                      : 0.0;
  const double beta[kFeatureCount] = {dp.coef_attractiveness,
                                      dp.coef_distance_per_100km,
                                      dp.coef_hazard_damage,
                                      dp.coef_kin,
                                      dp.coef_crowding,
                                      dp.coef_shelter,
                                      dp.coef_journey_cost_per_1000usd,
                                      dp.coef_external,
                                      dp.coef_other_region};
  auto cell_crowding = [&](std::int32_t c) {
    const double resident = std::max(1.0, static_cast<double>(cells.resident_households[at32(c)]));
    return std::max(0.0, static_cast<double>(in.present_households[at32(c)]) / resident - 1.0);
  };
  // Per call, not per mover: each external's log diaspora.
  scratch.external_log_diaspora.resize(at32(external_count));
  for (std::int32_t e = 0; e < external_count; ++e) {
    scratch.external_log_diaspora[at32(e)] =
        std::log(std::max(land.externals[at32(e)].diaspora_people, 1e-12));
  }
  // beta times the 0/1 features of a cell row, rounded as in the full product.
  const double kin_product[2] = {0.0 * beta[3], 1.0 * beta[3]};
  const double other_region_product[2] = {0.0 * beta[8], 1.0 * beta[8]};
  const double zero5 = 0.0 * beta[5];
  const double zero7 = 0.0 * beta[7];
  double* utility = scratch.utility.data();
  const double* y_km = cells.y_km.data();
  const double* x_rad = cells.x_rad.data();
  const double* cos_lat = cells.cos_lat.data();
  const std::uint8_t* intents = h.intent.data();
  for (std::int64_t n = first;; ++n) {
    // Most households have no intent: skip them in a tight loop of their own.
    while (n < last && intents[at(n)] == u8(Intent::none))
      ++n;
    if (n >= last) break;
    const auto i = at(n);
    const std::uint8_t intent = h.intent[i];
    const bool displacing = displacing_intent(intent);
    if (intent != u8(Intent::migrate) && !displacing) continue;
    const std::uint64_t stream =
        household_stream(state.key, static_cast<std::uint64_t>(id_offset + n));
    const std::int32_t loc = h.location[i];
    const std::int32_t home = h.home_cell[i];
    const std::int32_t home_region = cells.region[at32(home)];
    // cell_distance_km(cells, loc, c), inlined with loc's terms loaded once (same expression).
    const bool loc_is_cell = is_cell_code(loc);
    const double loc_y_km = loc_is_cell ? y_km[at32(loc)] : 0.0;
    const double loc_x_rad = loc_is_cell ? x_rad[at32(loc)] : 0.0;
    const double loc_cos_lat = loc_is_cell ? cos_lat[at32(loc)] : 0.0;
    const double distance_weight = displacing ? dp.displacement_distance_multiplier : 1.0;
    const std::int16_t kin_region = h.kin_region[i];
    Eigen::Index rows = 0;
    // A cell (or shelter at a cell) as a row of features: pull, road distance and journey cost,
    // expected damage, kin, crowding, a border crossed. `distance` is cell_distance_km(cells,
    // loc, c). Its utility is computed from the features after all rows are in.
    auto cell_features_at = [&](std::int32_t c, double distance, double distance_feature,
                                double journey_feature, double offset) {
      double* row = scratch.features.data() + rows * kFeatureCount;
      row[0] = cells.log_attractiveness[at32(c)];
      row[1] = distance_feature;
      row[2] = static_cast<double>(in.cell_damage[at32(c)]);
      row[3] = cells.region[at32(c)] == kin_region ? 1.0 : 0.0;
      row[4] = cell_crowding(c);
      row[5] = 0.0;
      row[6] = journey_feature;
      row[7] = 0.0;
      row[8] = cells.region[at32(c)] != home_region ? 1.0 : 0.0;
      scratch.offset(rows) = offset;
      scratch.candidate[static_cast<std::size_t>(rows)] = c;
      scratch.candidate_distance_km[static_cast<std::size_t>(rows)] = distance;
      scratch.row_direct[static_cast<std::size_t>(rows)] = 0;
      ++rows;
    };
    // A cell as a row, its utility computed at once from the per-cell terms of this step
    // (row_utility_gemv's order: the features above times beta, term by term, the same sums).
    auto cell_row_at = [&](std::int32_t c, double distance, double distance_feature,
                           double journey_feature, double offset) {
      const std::int32_t region = cells.region[at32(c)];
      const double lane0 =
          (in.destination_pull_damage[at32(c)] + in.destination_crowding[at32(c)]) +
          journey_feature * beta[6];
      const double lane1 =
          ((distance_feature * beta[1] + kin_product[region == kin_region ? 1 : 0]) + zero5) +
          zero7;
      utility[rows] =
          ((lane0 + lane1) + other_region_product[region != home_region ? 1 : 0]) + offset;
      scratch.offset(rows) = offset;
      scratch.candidate[static_cast<std::size_t>(rows)] = c;
      scratch.candidate_distance_km[static_cast<std::size_t>(rows)] = distance;
      scratch.row_direct[static_cast<std::size_t>(rows)] = 1;
      ++rows;
    };
    // Squared distance from loc to c: cell_distance_km's expression before its square root.
    auto squared_km = [&](std::int32_t c) {
      const double dy = loc_y_km - y_km[at32(c)];
      const double dx =
          (loc_x_rad - x_rad[at32(c)]) * 6371.0 * 0.5 * (loc_cos_lat + cos_lat[at32(c)]);
      return dx * dx + dy * dy;
    };
    auto cell_row = [&](std::int32_t c, double offset) {
      const double distance = std::sqrt(squared_km(c));
      cell_row_at(c, distance, distance / 100.0 * distance_weight,
                  dp.move_cost_per_km_usd * distance / 1000.0, offset);
    };
    auto add_cell = [&](std::int32_t c, double offset) {
      if (c == loc || c == home) return;
      cell_row(c, offset);
    };
    if (can_sample) {
      // The draws first (independent of each other: no branch, so they overlap), then the rows.
      const double size = static_cast<double>(n_cells);
      const double* alias_probability = cells.alias_probability.data();
      const std::int32_t* alias_index = cells.alias_index.data();
      std::int32_t* sampled = scratch.sampled_cell.data();
      for (int j = 0; j < dp.candidate_cells; ++j) {
        const double u = stream_uniform(stream, step, Purpose::destination_sample,
                                        static_cast<std::uint32_t>(j)) *
                         size;
        const auto slot = std::min(n_cells - 1, static_cast<std::int64_t>(u));
        const double frac = u - static_cast<double>(slot);
        const auto own = static_cast<std::int32_t>(slot);
        const std::int32_t other = alias_index[at(slot)];
        sampled[j] = frac < alias_probability[at(slot)] ? own : other;
      }
      int kept = 0;  // the current and the home cell are skipped
      for (int j = 0; j < dp.candidate_cells; ++j) {
        const std::int32_t c = sampled[j];
        sampled[kept] = c;
        kept += c != loc && c != home ? 1 : 0;
      }
      // Their distances and the two distance features, two cells at a time where SSE2 is at
      // hand (sqrtpd, mulpd and divpd round each lane exactly as the scalar instructions do).
      double* km = scratch.sampled_km.data();
      double* distance_feature = scratch.sampled_distance_feature.data();
      double* journey_feature = scratch.sampled_journey_feature.data();
      for (int j = 0; j < kept; ++j)
        km[j] = squared_km(sampled[j]);
      int j = 0;
#if defined(__SSE2__)
      const __m128d hundred = _mm_set1_pd(100.0);
      const __m128d thousand = _mm_set1_pd(1000.0);
      const __m128d weight = _mm_set1_pd(distance_weight);
      const __m128d cost_per_km = _mm_set1_pd(dp.move_cost_per_km_usd);
      for (; j + 2 <= kept; j += 2) {
        const __m128d d = _mm_sqrt_pd(_mm_loadu_pd(km + j));
        _mm_storeu_pd(km + j, d);
        _mm_storeu_pd(distance_feature + j, _mm_mul_pd(_mm_div_pd(d, hundred), weight));
        _mm_storeu_pd(journey_feature + j, _mm_div_pd(_mm_mul_pd(cost_per_km, d), thousand));
      }
#endif
      for (; j < kept; ++j) {
        const double d = std::sqrt(km[j]);
        km[j] = d;
        distance_feature[j] = d / 100.0 * distance_weight;
        journey_feature[j] = dp.move_cost_per_km_usd * d / 1000.0;
      }
      for (j = 0; j < kept; ++j) {
        const std::int32_t c = sampled[j];
        cell_row_at(c, km[j], distance_feature[j], journey_feature[j],
                    -(log_sample_scale + cells.log_attractiveness[at32(c)]));
      }
    }
    if (displacing) {  // nearby cells: the four neighbours of home
      const int width = land.width;
      const int row = home / width;
      const int col = home % width;
      if (col > 0) add_cell(home - 1, 0.0);
      if (col + 1 < width) add_cell(home + 1, 0.0);
      if (row > 0) add_cell(home - width, 0.0);
      if (row + 1 < land.height) add_cell(home + width, 0.0);
    }
    if (kin_region >= 0) {
      const std::int32_t anchor = cells.region_anchor_cell[static_cast<std::size_t>(kin_region)];
      if (anchor >= 0) add_cell(anchor, 0.0);
    }
    const Eigen::Index first_external = rows;
    const std::uint32_t pathway_mask = in.pathway_mask[at32(home)];
    for (std::int32_t e = 0; e < external_count; ++e) {
      const ExternalDestination& ext = land.externals[at32(e)];
      if (!may_enter(state, stream, home_region, e)) continue;
      double travel_cost = ext.travel_cost_usd;
      for (std::size_t slot = 0; pathway_mask != 0 && slot < in.pathway_policies.size(); ++slot) {
        const Policy& policy = state.policies[at32(in.pathway_policies[slot])];
        if (((pathway_mask >> slot) & 1u) != 0 && policy.destination_external == e) {
          travel_cost *= 1.0 - policy.cost_reduction;
          break;
        }
      }
      double* row = scratch.features.data() + rows * kFeatureCount;
      row[0] = scratch.external_log_diaspora[at32(e)];
      row[1] = 0.0;
      row[2] = 0.0;
      row[3] = (e < 16 &&
                ((static_cast<unsigned>(h.kin_externals[i]) >> static_cast<unsigned>(e)) & 1u) != 0)
                   ? 1.0
                   : 0.0;
      row[4] = ext.capacity_households < 0.0 ? 0.0
                                             : static_cast<double>(in.external_occupancy[at32(e)]) *
                                                   k / std::max(ext.capacity_households, 1e-9);
      row[5] = 0.0;
      row[6] = travel_cost / 1000.0;
      row[7] = 1.0;
      row[8] = 0.0;
      scratch.offset(rows) = 0.0;
      scratch.candidate[static_cast<std::size_t>(rows)] =
          Destination::external(e).code(external_count);
      scratch.candidate_distance_km[static_cast<std::size_t>(rows)] = 0.0;  // no road km
      scratch.row_direct[static_cast<std::size_t>(rows)] = 0;
      ++rows;
    }
    if (displacing) {
      for (std::size_t s = 0; s < land.shelters.size(); ++s) {
        const ShelterSite& site = land.shelters[s];
        if (in.shelter_open[s] == 0 || !(site.capacity_households > 0.0)) continue;
        const Eigen::Index r = rows;
        const double distance = std::sqrt(squared_km(site.cell));
        cell_features_at(site.cell, distance, distance / 100.0 * distance_weight,
                         dp.move_cost_per_km_usd * distance / 1000.0, 0.0);
        double* row = scratch.features.data() + r * kFeatureCount;
        row[3] = 0.0;
        row[4] = static_cast<double>(in.shelter_occupancy[s]) * k / site.capacity_households;
        row[5] = 1.0;
        scratch.candidate[static_cast<std::size_t>(r)] =
            Destination::shelter(static_cast<std::int32_t>(s)).code(external_count);
      }
    }
    if (rows == 0) {  // nowhere to go: displaced in place, or the wish stays unfulfilled
      if (displacing) {
        h.destination[i] = loc;
        h.fallback[i] = loc;
      } else {
        h.intent[i] = u8(Intent::none);
      }
      continue;
    }
    // Utilities of all candidates: (rows x features) * coefficients + offsets, a softmax draw.
    // Utilities of the rows not computed yet: features x beta + offset; a single row is summed
    // as Eigen's dot product did (row_utility_dot), a cell row then from its terms again.
    const double* features = scratch.features.data();
    for (Eigen::Index r = 0; r < rows; ++r) {
      if (scratch.row_direct[static_cast<std::size_t>(r)] != 0) continue;
      utility[r] = row_utility_gemv(features + r * kFeatureCount, beta) + scratch.offset(r);
    }
    if (rows == 1) {
      if (scratch.row_direct[0] != 0) {
        const std::int32_t c = scratch.candidate[0];
        const double d = scratch.candidate_distance_km[0];
        double f[kFeatureCount];
        f[0] = cells.log_attractiveness[at32(c)];
        f[1] = d / 100.0 * distance_weight;
        f[2] = static_cast<double>(in.cell_damage[at32(c)]);
        f[3] = cells.region[at32(c)] == kin_region ? 1.0 : 0.0;
        f[4] = cell_crowding(c);
        f[5] = 0.0;
        f[6] = dp.move_cost_per_km_usd * d / 1000.0;
        f[7] = 0.0;
        f[8] = cells.region[at32(c)] != home_region ? 1.0 : 0.0;
        utility[0] = row_utility_dot(f, beta) + scratch.offset(0);
      } else {
        utility[0] = row_utility_dot(features, beta) + scratch.offset(0);
      }
    }
    double best = utility[0];
    for (Eigen::Index r = 1; r < rows; ++r)
      best = utility[r] > best ? utility[r] : best;
    double total = 0.0;
    for (Eigen::Index r = 0; r < rows; ++r) {
      utility[r] = std::exp(utility[r] - best);
      total += utility[r];
    }
    const double target =
        stream_uniform(stream, step, Purpose::destination_sample, 0xfff0u) * total;
    Eigen::Index chosen = rows - 1;
    double cumulative = 0.0;
    for (Eigen::Index r = 0; r < rows; ++r) {
      cumulative += utility[r];
      if (target < cumulative) {
        chosen = r;
        break;
      }
    }
    const std::int32_t destination = scratch.candidate[static_cast<std::size_t>(chosen)];
    h.destination[i] = destination;
    if (displacing) {
      // Fallback when the chosen shelter/external is full: the best cell candidate (or stay).
      std::int32_t fallback = loc;
      double fallback_weight = -1.0;
      for (Eigen::Index r = 0; r < first_external; ++r) {
        if (utility[r] > fallback_weight) {
          fallback_weight = utility[r];
          fallback = scratch.candidate[static_cast<std::size_t>(r)];
        }
      }
      h.fallback[i] = fallback;
      continue;
    }
    // Capability: wealth (support included) must cover the move cost to the chosen destination:
    // the base cost plus road km for a cell, plus the route's travel cost for an external.
    double cost =
        dp.move_cost_base_usd +
        dp.move_cost_per_km_usd * scratch.candidate_distance_km[static_cast<std::size_t>(chosen)];
    if (const Destination place = Destination::decode(destination, external_count);
        place.is_external()) {  // a migration goes to a cell or an external, never a shelter
      const std::int32_t e = place.index();
      cost += land.externals[at32(e)].travel_cost_usd;
      for (std::size_t slot = 0; pathway_mask != 0 && slot < in.pathway_policies.size(); ++slot) {
        const Policy& policy = state.policies[at32(in.pathway_policies[slot])];
        if (((pathway_mask >> slot) & 1u) != 0 && policy.destination_external == e) {
          cost *= 1.0 - policy.cost_reduction;
          break;
        }
      }
    }
    if (static_cast<double>(h.wealth_usd[i]) >= cost) {
      h.flags[i] = static_cast<std::uint16_t>(h.flags[i] & ~flag_trapped);
    } else {
      h.flags[i] = static_cast<std::uint16_t>(h.flags[i] | flag_trapped);
      h.intent[i] = u8(Intent::none);
    }
  }
}

void phase_return_recovery(RunState& state, std::int64_t first, std::int64_t last) {
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const StepInputs& in = state.inputs;
  const ReturnParameters& rp = state.parameters.recovery;
  const double dt = state.options.step_length_years;
  const double threshold = state.parameters.damage.uninhabitable_damage;
  const double median = state.parameters.synthesis.wealth_median_usd;
  const std::uint32_t step = step_u32(state);
  const double p_convert = -std::expm1(-rp.protracted_to_migrated_per_year * dt);
  const double p_migrant_return = -std::expm1(-rp.migrant_return_per_year * dt);
  for (std::int64_t n = first; n < last; ++n) {
    const auto i = at(n);
    const std::uint8_t s = h.status[i];
    const std::int32_t home = h.home_cell[i];
    // Repair of a damaged dwelling, faster for wealthier households and with return support.
    if (h.damage[i] > 0.0f && has_dwelling(s)) {
      const double rate = rp.recovery_rate_per_year *
                          std::pow(std::max(static_cast<double>(h.wealth_usd[i]), 1.0) / median,
                                   rp.recovery_wealth_elasticity) *
                          static_cast<double>(in.recovery_multiplier[at32(home)]);
      const double recovered = static_cast<double>(h.recovery[i]) + rate * dt;
      if (recovered >= 1.0) {
        h.damage[i] = 0.0f;
        h.recovery[i] = 0.0f;
      } else {
        h.recovery[i] = static_cast<float>(recovered);
      }
    }
    if (h.intent[i] != u8(Intent::none)) continue;
    const bool habitable = effective_damage(h, i) < threshold;
    const auto id = static_cast<std::uint64_t>(id_offset + n);
    if (s == u8(Status::evacuated)) {
      if (habitable && static_cast<double>(h.steps_in_status[i]) >= rp.evacuation_return_steps) {
        h.intent[i] = u8(Intent::return_home);
      }
    } else if (s == u8(Status::displaced)) {
      if (habitable) {
        const double recovered = h.damage[i] > 0.0f ? static_cast<double>(h.recovery[i]) : 1.0;
        const double services_back =
            in.any_services ? 1.0 - static_cast<double>(in.services_loss[at32(home)]) : 1.0;
        double p = -std::expm1(-rp.return_rate_per_year * recovered * services_back * dt);
        const double incentive = static_cast<double>(in.return_incentive[at32(home)]);
        if (incentive != 0.0 && p > 0.0 && p < 1.0) {
          p = 1.0 / (1.0 + std::exp(-(std::log(p / (1.0 - p)) + incentive)));
        }
        if (uniform(state.key, id, step, Purpose::return_home) < p) {
          h.intent[i] = u8(Intent::return_home);
          continue;
        }
      }
      const bool protracted =
          static_cast<double>(h.steps_in_status[i]) * state.options.step_length_years >
          rp.protracted_after_years;
      if (protracted && uniform(state.key, id, step, Purpose::protracted_conversion) < p_convert) {
        h.intent[i] = u8(Intent::become_migrated);
      }
    } else if (s == u8(Status::migrated)) {
      if (habitable && uniform(state.key, id, step, Purpose::return_home) < p_migrant_return) {
        h.intent[i] = u8(Intent::return_home);
      }
    }
  }
}

void decide_households(RunState& state) {
  prepare_threads(state);
  const auto blocks = static_cast<std::int64_t>(state.block_first.size()) - 1;
  for (auto& scratch : state.scratch) {  // every slot, also those unused by this team
    std::fill(scratch.damaged_home_people.begin(), scratch.damaged_home_people.end(), 0);
    zero_step_tallies(scratch.outputs, StepTally::decided);
  }
#pragma omp parallel
  {
    ThreadScratch& scratch = state.scratch[at(omp_get_thread_num())];
    // Dynamic: a hazard strikes some cells, so some blocks cost far more than others (the storm
    // benchmark's band of damaged cells). Which thread takes a block never changes its results.
#pragma omp for schedule(dynamic, 2)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::int64_t first = state.block_first[at(b)];
      const std::int64_t last = state.block_first[at(b) + 1];
      phase_damage(state, first, last);
      phase_warning(state, first, last);
      phase_displacement(state, first, last, scratch);
      phase_migration_decision(state, first, last);
      phase_destination(state, first, last, scratch);
      phase_return_recovery(state, first, last);
      std::int64_t movers = 0;
      for (std::int64_t i = first; i < last; ++i) {
        movers += state.households.intent[at(i)] != 0 ? 1 : 0;
      }
      state.block_mover_count[at(b)] = movers;
    }
  }
  zero_step_tallies(state.outputs, StepTally::decided);
  for (const auto& scratch : state.scratch) {  // integers: exact in any order
    add_step_tallies(state.outputs, scratch.outputs, StepTally::decided);
  }
}

}  // namespace displace::engine
