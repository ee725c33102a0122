// Phases 2..7: per-household decisions. Each function reads only household i's own columns and
// per-cell / per-step inputs, and writes only household i's columns.
#include <omp.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
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
/// The lanes hold the even and the odd columns, so the features' column order is part of the sums.
double row_utility_gemv(const double* f, const double* b) {
  using namespace feature;
  const double lane0 = ((f[log_pull] * b[log_pull] + f[hazard_damage] * b[hazard_damage]) +
                        f[crowding] * b[crowding]) +
                       f[journey_cost] * b[journey_cost];
  const double lane1 = ((f[distance] * b[distance] + f[kin] * b[kin]) + f[shelter] * b[shelter]) +
                       f[external] * b[external];
  return (lane0 + lane1) + f[other_region] * b[other_region];
}
double row_utility_dot(const double* f, const double* b) {
  using namespace feature;
  const double lane0 = (f[log_pull] * b[log_pull] + f[hazard_damage] * b[hazard_damage]) +
                       (f[crowding] * b[crowding] + f[journey_cost] * b[journey_cost]);
  const double lane1 = (f[distance] * b[distance] + f[kin] * b[kin]) +
                       (f[shelter] * b[shelter] + f[external] * b[external]);
  return (lane0 + lane1) + f[other_region] * b[other_region];
}
static_assert(feature::log_pull == 0 && feature::distance == 1 && feature::hazard_damage == 2 &&
                  feature::kin == 3 && feature::crowding == 4 && feature::shelter == 5 &&
                  feature::journey_cost == 6 && feature::external == 7 &&
                  feature::other_region == 8 && kFeatureCount == 9,
              "row_utility_gemv and row_utility_dot sum the lanes of this column order");

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

/// The share of income lost at `loc` this step (heat, then the livelihood lost after an event),
/// by the agriculture flag: loss[0] outside agriculture, loss[1] in it.
void income_loss_at(const StepInputs& in, const DamageParameters& dp, std::int32_t loc,
                    double* loss) {
  const double heat_ratio[2] = {dp.heat_income_loss_nonagri_ratio, 1.0};
  for (std::size_t agriculture = 0; agriculture < 2; ++agriculture) {
    double l = 0.0;
    if (in.any_heat && is_cell_code(loc)) {
      const double anomaly = static_cast<double>(in.heat_anomaly_k[at32(loc)]);
      if (anomaly > 0.0) {
        l = std::min(1.0, dp.heat_income_loss_per_k * anomaly * heat_ratio[agriculture]);
      }
    }
    if (in.any_services && is_cell_code(loc)) {
      const double livelihood = static_cast<double>(in.livelihood_loss[at32(loc)]);
      if (livelihood > 0.0) l = 1.0 - (1.0 - l) * (1.0 - livelihood);
    }
    loss[agriculture] = l;
  }
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
  std::int32_t loss_location = h.location[at(first)];
  double location_loss[2] = {};
  income_loss_at(in, dp, loss_location, location_loss);
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
    // left. The loss depends on the location and the agriculture flag only, and households are
    // grouped by cell: it is computed again only where the location changes.
    const std::int32_t loc = h.location[i];
    if (loc != loss_location) {
      loss_location = loc;
      income_loss_at(in, dp, loc, location_loss);
    }
    const double loss = location_loss[(h.flags[i] & flag_agriculture) != 0 ? 1 : 0];
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

namespace {

// Destination choice (phase 6) in three parts: the candidates (sampled, nearby and kin cells,
// externals, shelters: rows of features, or of utilities summed at once for cells), the choice
// among them (utilities, a softmax draw, the fallback of the displaced) and, for a migration, the
// affordability of the chosen move.

/// What the choice reads for every mover of one call: the coefficients by feature, and beta times
/// the 0/1 features of a cell row, rounded as in the full product.
struct ChoiceTerms {
  double beta[kFeatureCount] = {};
  double kin_product[2] = {};           ///< beta[kin] x 0, x 1
  double other_region_product[2] = {};  ///< beta[other_region] x 0, x 1
  double not_shelter_product = 0.0;     ///< beta[shelter] x 0: a cell is no shelter
  double not_external_product = 0.0;    ///< beta[external] x 0: a cell is no external
  /// Sampled cells stand for all cells: McFadden's correction -log(J q_c), q_c = attr_c / total.
  double log_sample_scale = 0.0;
  bool can_sample = false;  ///< an alias table and candidate_cells > 0
};

ChoiceTerms choice_terms(const RunState& state) {
  const DestinationParameters& dp = state.parameters.destination;
  const CellTables& cells = state.cells;
  ChoiceTerms t;
  t.beta[feature::log_pull] = dp.coef_attractiveness;
  t.beta[feature::distance] = dp.coef_distance_per_100km;
  t.beta[feature::hazard_damage] = dp.coef_hazard_damage;
  t.beta[feature::kin] = dp.coef_kin;
  t.beta[feature::crowding] = dp.coef_crowding;
  t.beta[feature::shelter] = dp.coef_shelter;
  t.beta[feature::journey_cost] = dp.coef_journey_cost_per_1000usd;
  t.beta[feature::external] = dp.coef_external;
  t.beta[feature::other_region] = dp.coef_other_region;
  t.kin_product[0] = 0.0 * t.beta[feature::kin];
  t.kin_product[1] = 1.0 * t.beta[feature::kin];
  t.other_region_product[0] = 0.0 * t.beta[feature::other_region];
  t.other_region_product[1] = 1.0 * t.beta[feature::other_region];
  t.not_shelter_product = 0.0 * t.beta[feature::shelter];
  t.not_external_product = 0.0 * t.beta[feature::external];
  t.can_sample = !cells.alias_probability.empty() && dp.candidate_cells > 0;
  t.log_sample_scale = t.can_sample ? std::log(static_cast<double>(dp.candidate_cells)) -
                                          std::log(std::max(cells.total_attractiveness, 1e-300))
                                    : 0.0;
  return t;
}

/// Per call, not per mover: each external's log diaspora, into the thread's scratch.
void prepare_external_log_diaspora(const Landscape& land, ThreadScratch& scratch) {
  const auto external_count = static_cast<std::int32_t>(land.externals.size());
  scratch.external_log_diaspora.resize(at32(external_count));
  for (std::int32_t e = 0; e < external_count; ++e) {
    scratch.external_log_diaspora[at32(e)] =
        std::log(std::max(land.externals[at32(e)].diaspora_people, 1e-12));
  }
}

/// The household choosing, as the choice reads it.
struct Mover {
  std::uint64_t stream = 0;  ///< household_stream(key, id)
  std::int32_t loc = 0;      ///< where it is: a cell or an external
  std::int32_t home = 0;
  std::int32_t home_region = 0;
  std::int16_t kin_region = -1;
  std::uint16_t kin_externals = 0;  ///< bit e: kin at external e
  std::uint32_t pathway_mask = 0;   ///< active pathways of its home cell
  bool displacing = false;          ///< displaced (or evacuating), not migrating
  double distance_weight = 1.0;     ///< displacement_distance_multiplier when displacing
  // loc's terms of cell_distance_km(cells, loc, c), loaded once (0 when loc is an external).
  double loc_y_km = 0.0;
  double loc_x_rad = 0.0;
  double loc_cos_lat = 0.0;
};

Mover mover_at(const RunState& state, std::size_t i, std::uint64_t id, bool displacing) {
  const HouseholdTable& h = state.households;
  const CellTables& cells = state.cells;
  Mover m;
  m.stream = household_stream(state.key, id);
  m.loc = h.location[i];
  m.home = h.home_cell[i];
  m.home_region = cells.region[at32(m.home)];
  m.kin_region = h.kin_region[i];
  m.kin_externals = h.kin_externals[i];
  m.pathway_mask = state.inputs.pathway_mask[at32(m.home)];
  m.displacing = displacing;
  m.distance_weight =
      displacing ? state.parameters.destination.displacement_distance_multiplier : 1.0;
  if (is_cell_code(m.loc)) {
    m.loc_y_km = cells.y_km[at32(m.loc)];
    m.loc_x_rad = cells.x_rad[at32(m.loc)];
    m.loc_cos_lat = cells.cos_lat[at32(m.loc)];
  }
  return m;
}

/// Squared distance from the mover to cell c: cell_distance_km's expression before its root.
double squared_km(const CellTables& cells, const Mover& m, std::int32_t c) {
  const double dy = m.loc_y_km - cells.y_km[at32(c)];
  const double dx = (m.loc_x_rad - cells.x_rad[at32(c)]) * 6371.0 * 0.5 *
                    (m.loc_cos_lat + cells.cos_lat[at32(c)]);
  return dx * dx + dy * dy;
}

/// Present households above the residents of cell c, per resident (start of step).
double cell_crowding(const RunState& state, std::int32_t c) {
  const double resident =
      std::max(1.0, static_cast<double>(state.cells.resident_households[at32(c)]));
  return std::max(0.0,
                  static_cast<double>(state.inputs.present_households[at32(c)]) / resident - 1.0);
}

/// `cost` to external e, times 1 - cost_reduction of the first active pathway of `pathway_mask`
/// that leads there (unchanged without one).
double with_pathway_reduction(const RunState& state, std::uint32_t pathway_mask, std::int32_t e,
                              double cost) {
  const StepInputs& in = state.inputs;
  for (std::size_t slot = 0; pathway_mask != 0 && slot < in.pathway_policies.size(); ++slot) {
    const Policy& policy = state.policies[at32(in.pathway_policies[slot])];
    if (((pathway_mask >> slot) & 1u) != 0 && policy.destination_external == e) {
      return cost * (1.0 - policy.cost_reduction);
    }
  }
  return cost;
}

// --- Candidates -------------------------------------------------------------------------------

/// The features of cell c at `distance_km` from the mover, written out (a shelter's row, or a lone
/// cell row summed as a dot product). The mover's terms come by value: the mover's address is
/// never taken out of line, so the compiler keeps its fields in registers across stores.
void write_cell_features(const RunState& state, double distance_weight, std::int16_t kin_region,
                         std::int32_t home_region, std::int32_t c, double distance_km, double* f) {
  const CellTables& cells = state.cells;
  f[feature::log_pull] = cells.log_attractiveness[at32(c)];
  f[feature::distance] = distance_km / 100.0 * distance_weight;
  f[feature::hazard_damage] = static_cast<double>(state.inputs.cell_damage[at32(c)]);
  f[feature::kin] = cells.region[at32(c)] == kin_region ? 1.0 : 0.0;
  f[feature::crowding] = cell_crowding(state, c);
  f[feature::shelter] = 0.0;
  f[feature::journey_cost] =
      state.parameters.destination.move_cost_per_km_usd * distance_km / 1000.0;
  f[feature::external] = 0.0;
  f[feature::other_region] = cells.region[at32(c)] != home_region ? 1.0 : 0.0;
}

/// Writes cell c as row `rows`, its utility computed at once from the per-cell terms of this step
/// (row_utility_gemv's order: the features times beta, term by term, the same sums). Returns the
/// row count (every add_* below takes and returns it by value, so it stays in a register).
Eigen::Index append_cell_row(const RunState& state, const ChoiceTerms& t, const Mover& m,
                             ThreadScratch& scratch, Eigen::Index rows, std::int32_t c,
                             double distance_km, double distance_feature, double journey_feature,
                             double offset) {
  const StepInputs& in = state.inputs;
  const std::int32_t region = state.cells.region[at32(c)];
  const double lane0 = (in.destination_pull_damage[at32(c)] + in.destination_crowding[at32(c)]) +
                       journey_feature * t.beta[feature::journey_cost];
  const double lane1 = ((distance_feature * t.beta[feature::distance] +
                         t.kin_product[region == m.kin_region ? 1 : 0]) +
                        t.not_shelter_product) +
                       t.not_external_product;
  scratch.utility.data()[rows] =
      ((lane0 + lane1) + t.other_region_product[region != m.home_region ? 1 : 0]) + offset;
  scratch.offset(rows) = offset;
  scratch.candidate[static_cast<std::size_t>(rows)] = c;
  scratch.candidate_distance_km[static_cast<std::size_t>(rows)] = distance_km;
  scratch.row_direct[static_cast<std::size_t>(rows)] = 1;
  return rows + 1;
}

/// The cells a mover considers beside the sampled ones, in this order: the four neighbours of
/// home (the displaced only), then the most attractive cell of its kin region. Writes at most five
/// into `out`, returns how many.
int nearby_and_kin_cells(const RunState& state, const Mover& m, std::int32_t* out) {
  int count = 0;
  if (m.displacing) {
    const Landscape& land = *state.landscape;
    const int width = land.width;
    const int row = m.home / width;
    const int col = m.home % width;
    if (col > 0) out[count++] = m.home - 1;
    if (col + 1 < width) out[count++] = m.home + 1;
    if (row > 0) out[count++] = m.home - width;
    if (row + 1 < land.height) out[count++] = m.home + width;
  }
  if (m.kin_region >= 0) {
    const std::int32_t anchor =
        state.cells.region_anchor_cell[static_cast<std::size_t>(m.kin_region)];
    if (anchor >= 0) out[count++] = anchor;
  }
  return count;
}

/// Draws candidate_cells cells by attractiveness (alias table) into `cell`, then keeps those that
/// are neither the current nor the home cell at its front; returns how many.
int draw_sampled_cells(const RunState& state, const Mover& m, std::int32_t* cell,
                       std::uint32_t step) {
  const CellTables& cells = state.cells;
  const int count = state.parameters.destination.candidate_cells;
  const auto n_cells = static_cast<std::int64_t>(cells.region.size());
  // The draws first (independent of each other: no branch, so they overlap), then the filter.
  const double size = static_cast<double>(n_cells);
  const double* alias_probability = cells.alias_probability.data();
  const std::int32_t* alias_index = cells.alias_index.data();
  for (int j = 0; j < count; ++j) {
    const double u =
        stream_uniform(m.stream, step, Purpose::destination_sample, static_cast<std::uint32_t>(j)) *
        size;
    const auto slot = std::min(n_cells - 1, static_cast<std::int64_t>(u));
    const double frac = u - static_cast<double>(slot);
    const auto own = static_cast<std::int32_t>(slot);
    const std::int32_t other = alias_index[at(slot)];
    cell[j] = frac < alias_probability[at(slot)] ? own : other;
  }
  int kept = 0;  // the current and the home cell are skipped
  for (int j = 0; j < count; ++j) {
    const std::int32_t c = cell[j];
    cell[kept] = c;
    kept += c != m.loc && c != m.home ? 1 : 0;
  }
  return kept;
}

/// Appends the candidate cells as rows from row 0: the sampled cells (each with the sampling
/// correction), then the nearby and kin cells (no correction), less the current and the home cell.
/// Returns the row count.
Eigen::Index add_cells(const RunState& state, const ChoiceTerms& t, const Mover& m,
                       ThreadScratch& scratch, std::uint32_t step) {
  const CellTables& cells = state.cells;
  const DestinationParameters& dp = state.parameters.destination;
  std::int32_t* cell = scratch.candidate_cell.data();
  const int sampled = t.can_sample ? draw_sampled_cells(state, m, cell, step) : 0;
  int kept = sampled;
  std::int32_t nearby[5];
  const int nearby_count = nearby_and_kin_cells(state, m, nearby);
  for (int j = 0; j < nearby_count; ++j) {
    const std::int32_t c = nearby[j];
    cell[kept] = c;
    kept += c != m.loc && c != m.home ? 1 : 0;
  }
  // Their distances and the two distance features, two cells at a time where SSE2 is at
  // hand (sqrtpd, mulpd and divpd round each lane exactly as the scalar instructions do).
  double* km = scratch.candidate_cell_km.data();
  double* distance_feature = scratch.candidate_cell_distance_feature.data();
  double* journey_feature = scratch.candidate_cell_journey_feature.data();
  for (int j = 0; j < kept; ++j)
    km[j] = squared_km(cells, m, cell[j]);
  int j = 0;
#if defined(__SSE2__)
  const __m128d hundred = _mm_set1_pd(100.0);
  const __m128d thousand = _mm_set1_pd(1000.0);
  const __m128d weight = _mm_set1_pd(m.distance_weight);
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
    distance_feature[j] = d / 100.0 * m.distance_weight;
    journey_feature[j] = dp.move_cost_per_km_usd * d / 1000.0;
  }
  Eigen::Index rows = 0;
  for (j = 0; j < kept; ++j) {
    const std::int32_t c = cell[j];
    const double offset =
        j < sampled ? -(t.log_sample_scale + cells.log_attractiveness[at32(c)]) : 0.0;
    rows = append_cell_row(state, t, m, scratch, rows, c, km[j], distance_feature[j],
                           journey_feature[j], offset);
  }
  return rows;
}

/// Appends every external destination the mover may enter, as a row of features.
Eigen::Index add_externals(const RunState& state, const Mover& m, ThreadScratch& scratch,
                           Eigen::Index rows) {
  const Landscape& land = *state.landscape;
  const StepInputs& in = state.inputs;
  const double k = state.parameters.synthesis.households_per_agent;
  const auto external_count = static_cast<std::int32_t>(land.externals.size());
  for (std::int32_t e = 0; e < external_count; ++e) {
    const ExternalDestination& ext = land.externals[at32(e)];
    if (!may_enter(state, m.stream, m.home_region, e)) continue;
    const double travel_cost =
        with_pathway_reduction(state, m.pathway_mask, e, ext.travel_cost_usd);
    double* f = scratch.features.data() + rows * kFeatureCount;
    f[feature::log_pull] = scratch.external_log_diaspora[at32(e)];
    f[feature::distance] = 0.0;
    f[feature::hazard_damage] = 0.0;
    f[feature::kin] =
        (e < 16 && ((static_cast<unsigned>(m.kin_externals) >> static_cast<unsigned>(e)) & 1u) != 0)
            ? 1.0
            : 0.0;
    f[feature::crowding] = ext.capacity_households < 0.0
                               ? 0.0
                               : static_cast<double>(in.external_occupancy[at32(e)]) * k /
                                     std::max(ext.capacity_households, 1e-9);
    f[feature::shelter] = 0.0;
    f[feature::journey_cost] = travel_cost / 1000.0;
    f[feature::external] = 1.0;
    f[feature::other_region] = 0.0;
    scratch.offset(rows) = 0.0;
    scratch.candidate[static_cast<std::size_t>(rows)] =
        Destination::external(e).code(external_count);
    scratch.candidate_distance_km[static_cast<std::size_t>(rows)] = 0.0;  // no road km
    scratch.row_direct[static_cast<std::size_t>(rows)] = 0;
    ++rows;
  }
  return rows;
}

/// Appends every open shelter site with capacity, as a row of features: its cell's, but no kin,
/// the shelter's own crowding and the shelter feature.
Eigen::Index add_shelters(const RunState& state, const Mover& m, ThreadScratch& scratch,
                          Eigen::Index rows) {
  const Landscape& land = *state.landscape;
  const StepInputs& in = state.inputs;
  const double k = state.parameters.synthesis.households_per_agent;
  const auto external_count = static_cast<std::int32_t>(land.externals.size());
  for (std::size_t s = 0; s < land.shelters.size(); ++s) {
    const ShelterSite& site = land.shelters[s];
    if (in.shelter_open[s] == 0 || !(site.capacity_households > 0.0)) continue;
    const double distance = std::sqrt(squared_km(state.cells, m, site.cell));
    double* f = scratch.features.data() + rows * kFeatureCount;
    write_cell_features(state, m.distance_weight, m.kin_region, m.home_region, site.cell, distance,
                        f);
    f[feature::kin] = 0.0;
    f[feature::crowding] =
        static_cast<double>(in.shelter_occupancy[s]) * k / site.capacity_households;
    f[feature::shelter] = 1.0;
    scratch.offset(rows) = 0.0;
    scratch.candidate[static_cast<std::size_t>(rows)] =
        Destination::shelter(static_cast<std::int32_t>(s)).code(external_count);
    scratch.candidate_distance_km[static_cast<std::size_t>(rows)] = distance;
    scratch.row_direct[static_cast<std::size_t>(rows)] = 0;
    ++rows;
  }
  return rows;
}

/// The candidate rows of one mover in the thread's scratch: cells first, then externals, then
/// shelters.
struct Candidates {
  Eigen::Index rows = 0;
  Eigen::Index first_external = 0;  ///< the rows before it are cells
};

Candidates collect_candidates(const RunState& state, const ChoiceTerms& t, const Mover& m,
                              ThreadScratch& scratch, std::uint32_t step) {
  Eigen::Index rows = add_cells(state, t, m, scratch, step);
  const Eigen::Index first_external = rows;
  rows = add_externals(state, m, scratch, rows);
  if (m.displacing) rows = add_shelters(state, m, scratch, rows);
  return {rows, first_external};
}

// --- Choice -----------------------------------------------------------------------------------

/// Utilities of the rows not computed yet: features x beta + offset. A single row is summed as
/// Eigen's dot product did (row_utility_dot), a cell row then from its features written out.
void complete_utilities(const RunState& state, const ChoiceTerms& t, const Mover& m,
                        ThreadScratch& scratch, Eigen::Index rows) {
  double* utility = scratch.utility.data();
  const double* features = scratch.features.data();
  for (Eigen::Index r = 0; r < rows; ++r) {
    if (scratch.row_direct[static_cast<std::size_t>(r)] != 0) continue;
    utility[r] = row_utility_gemv(features + r * kFeatureCount, t.beta) + scratch.offset(r);
  }
  if (rows != 1) return;
  if (scratch.row_direct[0] != 0) {
    double f[kFeatureCount];
    write_cell_features(state, m.distance_weight, m.kin_region, m.home_region, scratch.candidate[0],
                        scratch.candidate_distance_km[0], f);
    utility[0] = row_utility_dot(f, t.beta) + scratch.offset(0);
  } else {
    utility[0] = row_utility_dot(features, t.beta) + scratch.offset(0);
  }
}

/// The softmax draw over utility[0, rows) with uniform `u`: turns the utilities into weights
/// exp(utility - best) in place and returns the row whose share of [0, 1) holds u.
Eigen::Index softmax_draw(double* utility, Eigen::Index rows, double u) {
  double best = utility[0];
  for (Eigen::Index r = 1; r < rows; ++r)
    best = utility[r] > best ? utility[r] : best;
  double total = 0.0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    utility[r] = std::exp(utility[r] - best);
    total += utility[r];
  }
  const double target = u * total;
  double cumulative = 0.0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    cumulative += utility[r];
    if (target < cumulative) return r;
  }
  return rows - 1;
}

/// A displaced household's fallback when the chosen shelter or external is full: the cell
/// candidate of the largest weight (the first among equals), or staying at `loc`.
std::int32_t fallback_place(const ThreadScratch& scratch, Eigen::Index first_external,
                            std::int32_t loc) {
  const double* weight = scratch.utility.data();
  std::int32_t fallback = loc;
  double fallback_weight = -1.0;
  for (Eigen::Index r = 0; r < first_external; ++r) {
    if (weight[r] > fallback_weight) {
      fallback_weight = weight[r];
      fallback = scratch.candidate[static_cast<std::size_t>(r)];
    }
  }
  return fallback;
}

// --- Affordability ----------------------------------------------------------------------------

/// The cost of a migration to `destination` (a cell or an external, never a shelter) at
/// `distance_km` road km: the base cost plus road km, plus the route's travel cost for an
/// external, all reduced by an active pathway there.
double move_cost_usd(const RunState& state, const Mover& m, std::int32_t destination,
                     double distance_km) {
  const DestinationParameters& dp = state.parameters.destination;
  const Landscape& land = *state.landscape;
  const double cost = dp.move_cost_base_usd + dp.move_cost_per_km_usd * distance_km;
  const auto external_count = static_cast<std::int32_t>(land.externals.size());
  const Destination place = Destination::decode(destination, external_count);
  if (!place.is_external()) return cost;
  const std::int32_t e = place.index();
  return with_pathway_reduction(state, m.pathway_mask, e,
                                cost + land.externals[at32(e)].travel_cost_usd);
}

/// Capability: wealth (support included) must cover `cost_usd`; a household that cannot afford
/// its move is trapped and its intent dropped.
void settle_affordability(HouseholdTable& h, std::size_t i, double cost_usd) {
  if (static_cast<double>(h.wealth_usd[i]) >= cost_usd) {
    h.flags[i] = static_cast<std::uint16_t>(h.flags[i] & ~flag_trapped);
  } else {
    h.flags[i] = static_cast<std::uint16_t>(h.flags[i] | flag_trapped);
    h.intent[i] = u8(Intent::none);
  }
}

/// The first row in [n, last) with an intent, or `last`. Most households have none: eight intent
/// bytes are tested at a time (a word of zeros has none), then the row within the word.
std::int64_t next_intent(const std::uint8_t* intents, std::int64_t n, std::int64_t last) {
  static_assert(u8(Intent::none) == 0, "a word of no intents is zero");
  for (; n + 8 <= last; n += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, intents + n, sizeof word);
    if (word == 0) continue;
    // Little-endian: the lowest non-zero byte is the first row with an intent.
    if constexpr (std::endian::native == std::endian::little) {
      return n + std::countr_zero(word) / 8;
    } else {
      break;
    }
  }
  while (n < last && intents[at(n)] == u8(Intent::none))
    ++n;
  return n;
}

}  // namespace

void phase_destination(RunState& state, std::int64_t first, std::int64_t last,
                       ThreadScratch& scratch) {
  HouseholdTable& h = state.households;
  if (first >= last) return;
  const std::int64_t id_offset = h.id_offset(first, last);  // id = row + id_offset
  const std::uint32_t step = step_u32(state);
  const ChoiceTerms terms = choice_terms(state);
  prepare_external_log_diaspora(*state.landscape, scratch);
  const std::uint8_t* intents = h.intent.data();
  for (std::int64_t n = first;; ++n) {
    n = next_intent(intents, n, last);
    if (n >= last) break;
    const auto i = at(n);
    const std::uint8_t intent = h.intent[i];
    const bool displacing = displacing_intent(intent);
    if (intent != u8(Intent::migrate) && !displacing) continue;
    const Mover m = mover_at(state, i, static_cast<std::uint64_t>(id_offset + n), displacing);
    const Candidates candidates = collect_candidates(state, terms, m, scratch, step);
    if (candidates.rows == 0) {  // nowhere to go: displaced in place, or the wish unfulfilled
      if (displacing) {
        h.destination[i] = m.loc;
        h.fallback[i] = m.loc;
      } else {
        h.intent[i] = u8(Intent::none);
      }
      continue;
    }
    complete_utilities(state, terms, m, scratch, candidates.rows);
    const Eigen::Index chosen =
        softmax_draw(scratch.utility.data(), candidates.rows,
                     stream_uniform(m.stream, step, Purpose::destination_sample, 0xfff0u));
    const std::int32_t destination = scratch.candidate[static_cast<std::size_t>(chosen)];
    h.destination[i] = destination;
    if (displacing) {
      h.fallback[i] = fallback_place(scratch, candidates.first_external, m.loc);
      continue;
    }
    settle_affordability(
        h, i,
        move_cost_usd(state, m, destination,
                      scratch.candidate_distance_km[static_cast<std::size_t>(chosen)]));
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
