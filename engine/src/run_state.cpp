// Validation, per-run tables, phase 1 (per-step inputs), census and layout.
#include <omp.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "detail/phases.hpp"
#include "displace/common/error.hpp"
#include "displace/engine/parameter_ranges.hpp"
#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"
#include "displace/engine/vulnerability.hpp"
#include "exchange.hpp"
#include "indexing.hpp"

namespace displace::engine {

namespace {

bool is_share(double x) {
  return x >= 0.0 && x <= 1.0;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw InputError("engine: " + message);
}

void require_per_cell(std::size_t size, std::int64_t cells, const std::string& what) {
  require(size == at(cells), what + " has " + std::to_string(size) +
                                 " values, expected one per cell (" + std::to_string(cells) + ")");
}

bool targets(const Policy& policy, std::int32_t cell) {
  return policy.target_cells.empty() || policy.target_cells[at(cell)] != 0;
}

bool active(const Policy& policy, int step) {
  return step >= policy.first_step && step <= policy.last_step;
}

/// Vose's alias method over non-negative weights; empty tables when the total is 0.
void build_alias(const std::vector<double>& weights, std::vector<double>& probability,
                 std::vector<std::int32_t>& alias) {
  const std::size_t n = weights.size();
  double total = 0.0;
  for (double w : weights)
    total += w;
  probability.clear();
  alias.clear();
  if (!(total > 0.0) || n == 0) return;
  probability.assign(n, 0.0);
  alias.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::size_t> small;
  std::vector<std::size_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back();
    small.pop_back();
    const std::size_t l = large.back();
    probability[s] = scaled[s];
    alias[s] = static_cast<std::int32_t>(l);
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (std::size_t i : large) {
    probability[i] = 1.0;
    alias[i] = static_cast<std::int32_t>(i);
  }
  for (std::size_t i : small) {  // rounding leftovers
    probability[i] = 1.0;
    alias[i] = static_cast<std::int32_t>(i);
  }
}

/// The value at position `index` (0-based) of every rank's `values` sorted ascending; the values
/// must be finite and >= 0, whose IEEE bit patterns then sort as the values do. Exact, without
/// sorting or gathering: two rounds of 16-bit radix histograms, summed over the ranks.
double nth_smallest(const RunState& state, const std::vector<float>& values, std::int64_t index) {
  constexpr std::size_t kBuckets = 1u << 16;
  std::vector<std::int64_t> histogram(kBuckets, 0);
  auto bits_of = [](float v) { return std::bit_cast<std::uint32_t>(v + 0.0f); };  // -0 -> +0
  auto pick = [&](std::int64_t& rank_in_bucket) {
    sum_over_ranks(state, histogram);
    std::size_t bucket = 0;
    while (bucket + 1 < kBuckets && rank_in_bucket >= histogram[bucket]) {
      rank_in_bucket -= histogram[bucket];
      ++bucket;
    }
    return static_cast<std::uint32_t>(bucket);
  };
  for (const float v : values)
    ++histogram[bits_of(v) >> 16];
  std::int64_t remaining = index;
  const std::uint32_t high = pick(remaining);
  std::fill(histogram.begin(), histogram.end(), 0);
  for (const float v : values) {
    const std::uint32_t bits = bits_of(v);
    if ((bits >> 16) == high) ++histogram[bits & 0xffffu];
  }
  const std::uint32_t low = pick(remaining);
  return static_cast<double>(std::bit_cast<float>((high << 16) | low));
}

/// The cells where each event cuts services or livelihoods, with the onset and the restoration
/// half-life per cell (docs/model.md, phase 1).
std::vector<EventFootprint> event_footprints(const Landscape& land, const ServicesParameters& sv) {
  std::vector<EventFootprint> footprints;
  const std::int64_t cells = land.cell_count();
  for (const auto& ev : land.events) {
    const HazardKind& kind = land.hazard_kinds[at(ev.hazard_kind)];
    const auto slots = static_cast<std::size_t>(ev.slots);
    EventFootprint fp;
    fp.step = ev.step;
    for (std::int64_t c = 0; c < cells; ++c) {
      double services = 0.0;
      double damage = 0.0;
      for (std::size_t j = 0; j < slots; ++j) {
        const double v = static_cast<double>(ev.intensity[at(c) * slots + j]);
        services += curve_damage(kind.services_curve, v);
        damage += curve_damage(kind.curve, v);
      }
      services /= static_cast<double>(slots);
      damage /= static_cast<double>(slots);
      const double livelihood = std::min(1.0, sv.livelihood_loss_per_services_loss * services +
                                                  sv.livelihood_loss_per_damage * damage);
      if (!(services > 0.0) && !(livelihood > 0.0)) continue;
      fp.cell.push_back(static_cast<std::int32_t>(c));
      fp.services_onset.push_back(static_cast<float>(std::min(1.0, services)));
      fp.services_half_life_years.push_back(static_cast<float>(
          sv.restoration_half_life_min_years +
          (sv.restoration_half_life_max_years - sv.restoration_half_life_min_years) * damage));
      fp.livelihood_onset.push_back(static_cast<float>(livelihood));
    }
    if (!fp.cell.empty()) footprints.push_back(std::move(fp));
  }
  return footprints;
}

}  // namespace

void validate_inputs(const Landscape& land, const ModelParameters& p,
                     const std::vector<Policy>& policies, const RunOptions& options) {
  require(land.width > 0 && land.height > 0, "landscape width and height must be positive (got " +
                                                 std::to_string(land.width) + " x " +
                                                 std::to_string(land.height) + ")");
  const std::int64_t cells = land.cell_count();
  require(cells < (std::int64_t{1} << 31) - 1, "landscape has too many cells");
  require_per_cell(land.cell_lon_deg.size(), cells, "landscape.cell_lon_deg");
  require_per_cell(land.cell_lat_deg.size(), cells, "landscape.cell_lat_deg");
  require_per_cell(land.population_people.size(), cells, "landscape.population_people");
  require_per_cell(land.region_of_cell.size(), cells, "landscape.region_of_cell");
  if (!land.attractiveness.empty()) {
    require_per_cell(land.attractiveness.size(), cells, "landscape.attractiveness");
  }
  require(!land.regions.empty(), "landscape has no regions");
  require(land.regions.size() < 32768, "landscape has more than 32767 regions");
  const auto region_count = static_cast<std::int32_t>(land.regions.size());
  for (std::int64_t c = 0; c < cells; ++c) {
    const float pop = land.population_people[at(c)];
    require(std::isfinite(pop) && pop >= 0.0f, "population_people of cell " + std::to_string(c) +
                                                   " is " + std::to_string(pop) +
                                                   " (must be finite and >= 0)");
    const std::int32_t r = land.region_of_cell[at(c)];
    require(r >= 0 && r < region_count, "region_of_cell of cell " + std::to_string(c) + " is " +
                                            std::to_string(r) + ", outside 0.." +
                                            std::to_string(region_count - 1));
    require(std::isfinite(land.cell_lon_deg[at(c)]) && std::isfinite(land.cell_lat_deg[at(c)]),
            "cell " + std::to_string(c) + " has a non-finite centre coordinate");
    if (!land.attractiveness.empty()) {
      const float a = land.attractiveness[at(c)];
      require(std::isfinite(a) && a >= 0.0f,
              "attractiveness of cell " + std::to_string(c) + " must be finite and >= 0");
    }
  }
  for (const AdminLevel& level : land.admin_levels) {
    const std::string what =
        "admin level " + std::to_string(level.level) + " (layer '" + level.layer + "')";
    require_per_cell(level.unit_of_cell.size(), cells, what + " unit_of_cell");
    require(!level.units.empty(), what + " has no units");
    const auto units = static_cast<std::int64_t>(level.units.size());
    // The origin x current table is dense: bound it (a finer level belongs in the maps).
    const std::int64_t table =
        units * (units + static_cast<std::int64_t>(land.externals.size())) * kBreakdownCount;
    require(table <= kMaxAdminLevelTableEntries,
            what + " has " + std::to_string(units) +
                " units: its origin x current table would hold " + std::to_string(table) +
                " values (at most " + std::to_string(kMaxAdminLevelTableEntries) +
                "); use a coarser level");
    for (const std::int32_t u : level.unit_of_cell) {
      require(u >= 0 && u < units, what + ": a cell has unit " + std::to_string(u) +
                                       ", outside 0.." + std::to_string(units - 1));
    }
  }
  for (const auto& e : land.externals) {
    require(std::isfinite(e.distance_km) && e.distance_km >= 0.0,
            "external '" + e.name + "': distance_km must be >= 0");
    require(std::isfinite(e.travel_cost_usd) && e.travel_cost_usd >= 0.0,
            "external '" + e.name + "': travel_cost_usd must be >= 0");
    require(std::isfinite(e.diaspora_people) && e.diaspora_people >= 0.0,
            "external '" + e.name + "': diaspora_people must be >= 0");
    require(is_share(e.kin_share), "external '" + e.name + "': kin_share must be in [0, 1]");
    require(is_share(e.entry_share), "external '" + e.name + "': entry_share must be in [0, 1]");
    for (const std::string& code : e.free_entry_regions) {
      require(std::any_of(land.regions.begin(), land.regions.end(),
                          [&](const Region& r) { return r.code == code; }),
              "external '" + e.name + "': free-entry region '" + code + "' is not a region");
    }
  }
  require(land.exposure_slots >= 1 && land.exposure_slots <= 64,
          "landscape.exposure_slots must be in 1..64 (got " + std::to_string(land.exposure_slots) +
              ")");
  for (const auto& s : land.shelters) {
    require(s.cell >= 0 && s.cell < cells,
            "shelter '" + s.name + "': cell " + std::to_string(s.cell) + " is outside the grid");
    require(s.capacity_households >= 0.0, "shelter '" + s.name + "': capacity must be >= 0");
  }
  require(land.shelters.size() < 65535, "too many shelter sites");
  require(land.hazard_kinds.size() <= kMaxHazardKinds,
          "too many hazard kinds (" + std::to_string(land.hazard_kinds.size()) + "; at most " +
              std::to_string(kMaxHazardKinds) + ")");
  for (std::size_t k = 0; k < land.hazard_kinds.size(); ++k) {
    const HazardKind& kind = land.hazard_kinds[k];
    validate_curve(kind.curve, ("engine: hazard kind '" + kind.name + "'").c_str());
    validate_curve(kind.services_curve,
                   ("engine: hazard kind '" + kind.name + "' services curve").c_str());
    require(std::isnan(kind.warning_intensity) || std::isfinite(kind.warning_intensity),
            "hazard kind '" + kind.name + "': warning_intensity must be finite (or NaN for none)");
  }
  for (const auto& ev : land.events) {
    require(ev.hazard_kind >= 0 && ev.hazard_kind < static_cast<int>(land.hazard_kinds.size()),
            "event '" + ev.id + "': hazard_kind " + std::to_string(ev.hazard_kind) +
                " is not a known hazard kind");
    require(ev.step >= 0, "event '" + ev.id + "': step must be >= 0");
    require(ev.slots == 1 || ev.slots == land.exposure_slots,
            "event '" + ev.id + "': slots must be 1 or landscape.exposure_slots");
    require(ev.intensity.size() == at(cells) * static_cast<std::size_t>(ev.slots),
            "event '" + ev.id + "' intensity has " + std::to_string(ev.intensity.size()) +
                " values, expected " + std::to_string(ev.slots) + " per cell");
  }
  for (const auto& driver : land.climate) {
    require(driver.frame_of_step.size() >= at(options.step_count),
            "climate driver '" + driver.name + "': frame_of_step has fewer entries than steps");
    for (const auto& frame : driver.frames) {
      require_per_cell(frame.size(), cells, "climate driver '" + driver.name + "' frame");
    }
    for (int f : driver.frame_of_step) {
      require(f >= 0 && f < static_cast<int>(driver.frames.size()),
              "climate driver '" + driver.name + "': frame index " + std::to_string(f) +
                  " out of range");
    }
  }
  // Parameters: each within its declared range (parameter_ranges.hpp), then the rules that
  // relate two of them.
  for_each_parameter_range(p, [](const char* name, const auto& value, const ParameterRange& range) {
    const auto number = static_cast<double>(value);
    require(range.contains(number), std::string(name) + " must be " + range.describe() + " (got " +
                                        std::to_string(number) + ")");
  });
  std::vector<int> stock_of_region(land.regions.size(), -1);
  for (std::size_t k = 0; k < p.synthesis.housing_stocks.size(); ++k) {
    const HousingStock& stock = p.synthesis.housing_stocks[k];
    const std::string what = "housing stock " + std::to_string(k);
    require(kFragilityMeanRange.contains(stock.fragility_mean),
            what + ": fragility_mean must be " + kFragilityMeanRange.describe() + " (got " +
                std::to_string(stock.fragility_mean) + ")");
    require(!stock.regions.empty(), what + ": names no region");
    for (const std::string& code : stock.regions) {
      const auto region = std::find_if(land.regions.begin(), land.regions.end(),
                                       [&](const Region& r) { return r.code == code; });
      if (region == land.regions.end()) {
        std::string known;
        for (const Region& r : land.regions)
          known += (known.empty() ? "" : ", ") + r.code;
        require(false,
                what + ": '" + code + "' is not a region of the grid (regions: " + known + ")");
      }
      int& owner = stock_of_region[at(region - land.regions.begin())];
      require(
          owner < 0 || owner == static_cast<int>(k),
          what + ": region '" + code + "' is already in housing stock " + std::to_string(owner));
      owner = static_cast<int>(k);
    }
  }
  require(p.services.restoration_half_life_max_years >= p.services.restoration_half_life_min_years,
          "services.restoration_half_life_max_years must be >= "
          "services.restoration_half_life_min_years");
  // Options
  require(options.step_count >= 0, "step_count must be >= 0");
  require(options.step_length_years > 0.0, "step_length_years must be > 0");
  require(options.map_every_steps >= 0, "map_every_steps must be >= 0");
  // Policies
  int pathways = 0;
  for (const auto& policy : policies) {
    const std::string at_policy = "policy '" + policy.name + "': ";
    if (!policy.target_cells.empty()) {
      require_per_cell(policy.target_cells.size(), cells, at_policy + "target_cells");
    }
    switch (policy.kind) {
      case PolicyKind::early_warning:
        require(is_share(policy.coverage) && is_share(policy.compliance),
                at_policy + "coverage and compliance must be in [0, 1]");
        break;
      case PolicyKind::cash_transfer:
        require(policy.amount_usd >= 0.0, at_policy + "amount_usd must be >= 0");
        require(is_share(policy.eligible_wealth_quantile),
                at_policy + "eligible_wealth_quantile must be in [0, 1]");
        break;
      case PolicyKind::adaptation_subsidy:
        require(is_share(policy.efficacy) && is_share(policy.uptake),
                at_policy + "efficacy and uptake must be in [0, 1]");
        break;
      case PolicyKind::planned_relocation:
        require((policy.site_cell >= 0 && policy.site_cell < cells) ||
                    (policy.site_cell < 0 && policy.site_external >= 0 &&
                     policy.site_external < static_cast<int>(land.externals.size())),
                at_policy + "needs a site_cell on the grid or a valid site_external");
        require(is_share(policy.uptake_per_step), at_policy + "uptake_per_step must be in [0, 1]");
        break;
      case PolicyKind::migration_pathway:
        require(policy.destination_external >= 0 &&
                    policy.destination_external < static_cast<int>(land.externals.size()),
                at_policy + "destination_external is not a known external destination");
        require(is_share(policy.cost_reduction), at_policy + "cost_reduction must be in [0, 1]");
        ++pathways;
        break;
      case PolicyKind::return_support:
        require(policy.recovery_multiplier >= 0.0, at_policy + "recovery_multiplier must be >= 0");
        break;
      case PolicyKind::shelter:
        for (auto site : policy.shelter_sites) {
          require(site >= 0 && site < static_cast<int>(land.shelters.size()),
                  at_policy + "shelter site " + std::to_string(site) + " does not exist");
        }
        break;
    }
  }
  require(pathways <= 32, "at most 32 migration_pathway policies are supported");
}

double cell_distance_km(const CellTables& cells, std::int32_t a, std::int32_t b) {
  const auto ia = static_cast<std::size_t>(a);
  const auto ib = static_cast<std::size_t>(b);
  const double dy = cells.y_km[ia] - cells.y_km[ib];
  const double dx =
      (cells.x_rad[ia] - cells.x_rad[ib]) * 6371.0 * 0.5 * (cells.cos_lat[ia] + cells.cos_lat[ib]);
  return std::sqrt(dx * dx + dy * dy);
}

void prepare_threads(RunState& state) {
  const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  if (state.scratch.size() >= threads) return;
  // Candidate rows: sampled cells, four neighbours, the kin anchor, externals, shelters.
  const Eigen::Index rows =
      static_cast<Eigen::Index>(state.parameters.destination.candidate_cells) + 4 + 1 +
      static_cast<Eigen::Index>(state.landscape->externals.size()) +
      static_cast<Eigen::Index>(state.landscape->shelters.size());
  const std::size_t regions = state.landscape->regions.size();
  state.scratch.resize(threads);
  for (auto& s : state.scratch) {
    s.features.resize(rows, kFeatureCount);
    s.utility.resize(rows);
    s.offset.resize(rows);
    s.candidate.resize(static_cast<std::size_t>(rows));
    s.candidate_distance_km.resize(static_cast<std::size_t>(rows));
    s.row_direct.resize(static_cast<std::size_t>(rows));
    // Candidate cells: the sampled ones, four neighbours and the kin anchor.
    const auto cells =
        static_cast<std::size_t>(std::max(0, state.parameters.destination.candidate_cells)) + 4 + 1;
    s.candidate_cell.resize(cells);
    s.candidate_cell_km.resize(cells);
    s.candidate_cell_distance_feature.resize(cells);
    s.candidate_cell_journey_feature.resize(cells);
    s.damaged_home_people.assign(regions, 0);
    size_step_tallies(s.outputs, *state.landscape, true);
  }
}

RunState make_run_state(std::shared_ptr<const Landscape> landscape, ModelParameters parameters,
                        std::vector<Policy> policies, RunOptions options,
                        std::shared_ptr<RankExchange> exchange) {
  if (!landscape) throw InputError("engine: no landscape");
  validate_inputs(*landscape, parameters, policies, options);
  RunState state;
  state.exchange = std::move(exchange);
  state.landscape = std::move(landscape);
  state.parameters = parameters;
  state.policies = std::move(policies);
  state.options = options;
  state.key = seed_key(options.seed);
  const Landscape& land = *state.landscape;
  for (std::size_t d = 0; d < land.climate.size(); ++d) {
    if (land.climate[d].name == "heat") state.heat_driver = static_cast<int>(d);
  }
  const std::int64_t n_cells = land.cell_count();
  const auto cells = at(n_cells);
  CellTables& t = state.cells;
  t.region = land.region_of_cell;
  t.attractiveness.resize(cells);
  t.log_attractiveness.resize(cells);
  t.y_km.resize(cells);
  t.x_rad.resize(cells);
  t.cos_lat.resize(cells);
  constexpr double kDegToRad = 3.141592653589793 / 180.0;
  for (std::size_t c = 0; c < cells; ++c) {
    const double a = land.attractiveness.empty() ? static_cast<double>(land.population_people[c])
                                                 : static_cast<double>(land.attractiveness[c]);
    t.attractiveness[c] = a;
    t.log_attractiveness[c] = std::log(std::max(a, 1e-12));
    t.y_km[c] = land.cell_lat_deg[c] * kDegToRad * 6371.0;
    t.x_rad[c] = land.cell_lon_deg[c] * kDegToRad;
    t.cos_lat[c] = std::cos(land.cell_lat_deg[c] * kDegToRad);
  }
  build_alias(t.attractiveness, t.alias_probability, t.alias_index);
  t.total_attractiveness = 0.0;
  for (const double a : t.attractiveness)
    t.total_attractiveness += a;
  t.external_free_entry.assign(land.externals.size() * land.regions.size(), 0);
  for (std::size_t e = 0; e < land.externals.size(); ++e) {
    for (std::size_t r = 0; r < land.regions.size(); ++r) {
      const auto& codes = land.externals[e].free_entry_regions;
      if (std::find(codes.begin(), codes.end(), land.regions[r].code) != codes.end()) {
        t.external_free_entry[e * land.regions.size() + r] = 1;
      }
    }
  }
  state.footprints = event_footprints(land, state.parameters.services);
  t.region_anchor_cell.assign(land.regions.size(), -1);
  for (std::size_t c = 0; c < cells; ++c) {
    auto& anchor = t.region_anchor_cell[static_cast<std::size_t>(t.region[c])];
    if (anchor < 0 || t.attractiveness[c] > t.attractiveness[static_cast<std::size_t>(anchor)]) {
      anchor = static_cast<std::int32_t>(c);
    }
  }

  const int rank = shared_run(state) ? state.exchange->rank() : 0;
  const int ranks = shared_run(state) ? state.exchange->size() : 1;
  state.households =
      synthesise_households(land, state.parameters.synthesis, options.seed, rank, ranks);
  const HouseholdTable& h = state.households;
  t.resident_households.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    t.resident_households[c] = static_cast<std::int32_t>(h.cell_first[c + 1] - h.cell_first[c]);
  }

  // Cash-transfer eligibility: quantile of initial wealth over all households (of all ranks).
  state.cash_threshold_usd.assign(state.policies.size(), 0.0);
  const std::int64_t total = h.total();
  for (std::size_t k = 0; k < state.policies.size(); ++k) {
    const Policy& policy = state.policies[k];
    if (policy.kind != PolicyKind::cash_transfer || total == 0) continue;
    if (policy.eligible_wealth_quantile >= 1.0) {
      const double largest = nth_smallest(state, h.initial_wealth_usd, total - 1);
      state.cash_threshold_usd[k] = largest * 2.0 + 1.0;
      continue;
    }
    const double q = policy.eligible_wealth_quantile * static_cast<double>(total);
    const auto index = static_cast<std::int64_t>(std::min(q, static_cast<double>(total - 1)));
    state.cash_threshold_usd[k] = nth_smallest(state, h.initial_wealth_usd, index);
  }
  state.relocation_used.assign(state.policies.size(), 0);

  StepInputs& in = state.inputs;
  in.slots = land.exposure_slots;
  in.hazard_damage.assign(cells * static_cast<std::size_t>(in.slots), 0.0f);
  in.forecast_damage.assign(cells * static_cast<std::size_t>(in.slots), 0.0f);
  in.cell_damage.assign(cells, 0.0f);
  in.damage_hazard.assign(cells * static_cast<std::size_t>(in.slots), kNoHazard);
  in.largest_damage.assign(cells * static_cast<std::size_t>(in.slots), 0.0f);
  in.warned.assign(cells, 0);
  in.services_loss.assign(cells, 0.0f);
  in.livelihood_loss.assign(cells, 0.0f);
  in.heat_anomaly_k.assign(cells, 0.0f);
  in.evacuation_probability.assign(cells, 0.0f);
  in.adaptation_efficacy.assign(cells, 0.0f);
  in.recovery_multiplier.assign(cells, 1.0f);
  in.return_incentive.assign(cells, 0.0f);
  in.relocation_policy.assign(cells, -1);
  in.pathway_mask.assign(cells, 0u);
  in.shelter_open.assign(land.shelters.size(), 0);
  in.present_households.assign(cells, 0);
  in.shelter_occupancy.assign(land.shelters.size(), 0);
  in.external_occupancy.assign(land.externals.size(), 0);

  size_step_tallies(state.outputs, land, false);
  state.duration_bins = std::min(options.step_count, 120) + 1;
  state.duration_counts.assign(static_cast<std::size_t>(state.duration_bins), 0);
  state.cell_present_people.assign(cells, 0);
  state.cell_arrivals_people.assign(cells, 0);
  state.cell_displaced_from_people.assign(cells, 0);
  state.block_first.assign(1, 0);
  for (std::size_t k = 0; k + 1 < h.range_first_row.size(); ++k) {
    const std::int64_t end = h.range_first_row[k + 1];
    for (std::int64_t row = h.range_first_row[k]; row < end;) {
      row = std::min(end, row + kDecisionBlock);
      state.block_first.push_back(row);
    }
  }
  state.block_mover_count.assign(state.block_first.size() - 1, 0);
  state.movers.reserve(1024);
  state.contested.reserve(1024);
  prepare_threads(state);
  census(state);
  return state;
}

void prepare_step(RunState& state, int step) {
  const Landscape& land = *state.landscape;
  StepInputs& in = state.inputs;
  const std::int64_t cells = land.cell_count();
  in.step = step;

  // Hazard: this step's events combined as independent damage, 1 - prod(1 - d), per cell and
  // exposure slot; warnings where a forecast event reaches its hazard's warning intensity.
  const bool had_event = in.any_event;
  in.any_event = false;
  in.any_forecast = false;
  for (const auto& ev : land.events) {
    if (ev.step != step) continue;
    in.any_event = true;
    in.any_forecast = in.any_forecast || ev.forecast;
  }
  if (in.any_event || had_event) {
    std::fill(in.hazard_damage.begin(), in.hazard_damage.end(), 0.0f);
    std::fill(in.forecast_damage.begin(), in.forecast_damage.end(), 0.0f);
    std::fill(in.cell_damage.begin(), in.cell_damage.end(), 0.0f);
    std::fill(in.damage_hazard.begin(), in.damage_hazard.end(), kNoHazard);
    std::fill(in.largest_damage.begin(), in.largest_damage.end(), 0.0f);
    std::fill(in.warned.begin(), in.warned.end(), std::uint8_t{0});
  }
  const auto slots = static_cast<std::size_t>(in.slots);
  for (const auto& ev : land.events) {
    if (ev.step != step) continue;
    const HazardKind& kind = land.hazard_kinds[at(ev.hazard_kind)];
    const VulnerabilityCurve& curve = kind.curve;
    const bool warns = ev.forecast && !std::isnan(kind.warning_intensity);
    const auto event_slots = static_cast<std::size_t>(ev.slots);
#pragma omp parallel for schedule(static)
    for (std::int64_t c = 0; c < cells; ++c) {
      for (std::size_t j = 0; j < slots; ++j) {
        const double v =
            static_cast<double>(ev.intensity[at(c) * event_slots + (event_slots == 1 ? 0 : j)]);
        if (warns && v >= kind.warning_intensity) in.warned[at(c)] = 1;
        const double d = curve_damage(curve, v);
        if (d <= 0.0) continue;
        const std::size_t cj = at(c) * slots + j;
        // The cause recorded for the dwellings damaged here: the kind of the most damaging event
        // (the first in the landscape's order on a tie).
        if (static_cast<float>(d) > in.largest_damage[cj]) {
          in.largest_damage[cj] = static_cast<float>(d);
          in.damage_hazard[cj] = static_cast<std::uint8_t>(ev.hazard_kind);
        }
        const double all = static_cast<double>(in.hazard_damage[cj]);
        in.hazard_damage[cj] = static_cast<float>(1.0 - (1.0 - all) * (1.0 - d));
        if (ev.forecast) {
          const double f = static_cast<double>(in.forecast_damage[cj]);
          in.forecast_damage[cj] = static_cast<float>(1.0 - (1.0 - f) * (1.0 - d));
        }
      }
    }
  }
  if (in.any_event) {
#pragma omp parallel for schedule(static)
    for (std::int64_t c = 0; c < cells; ++c) {
      double sum = 0.0;
      for (std::size_t j = 0; j < slots; ++j)
        sum += static_cast<double>(in.hazard_damage[at(c) * slots + j]);
      in.cell_damage[at(c)] = static_cast<float>(sum / static_cast<double>(slots));
    }
  }
  // Services and livelihoods: every past event's onset, restored with the time since it struck.
  const bool had_services = in.any_services;
  in.any_services = false;
  const ServicesParameters& sv = state.parameters.services;
  const double dt = state.options.step_length_years;
  // The mean over the step of an exponential restoration with half-life h, from age a to a + dt:
  // s0 h / (dt ln 2) (2^(-a/h) - 2^(-(a+dt)/h)), so a week-long outage weighs a week, whatever
  // the step length.
  auto step_mean = [dt](double age, double half_life) {
    return half_life / (dt * 0.6931471805599453) *
           (std::exp2(-age / half_life) - std::exp2(-(age + dt) / half_life));
  };
  for (const EventFootprint& fp : state.footprints) {
    if (fp.step > step) continue;
    const double age_years = static_cast<double>(step - fp.step) * dt;
    const double livelihood_left = step_mean(age_years, sv.livelihood_half_life_years);
    // A footprint whose losses are restored to under 1e-4 everywhere no longer counts.
    const double longest = std::max(sv.restoration_half_life_max_years, 1e-9);
    if (livelihood_left < 1e-4 && std::exp2(-age_years / longest) < 1e-4) continue;
    if (!in.any_services) {
      std::fill(in.services_loss.begin(), in.services_loss.end(), 0.0f);
      std::fill(in.livelihood_loss.begin(), in.livelihood_loss.end(), 0.0f);
      in.any_services = true;
    }
    for (std::size_t n = 0; n < fp.cell.size(); ++n) {
      const auto c = at32(fp.cell[n]);
      const double services =
          static_cast<double>(fp.services_onset[n]) *
          step_mean(age_years, static_cast<double>(fp.services_half_life_years[n]));
      const double livelihood = static_cast<double>(fp.livelihood_onset[n]) * livelihood_left;
      in.services_loss[c] = static_cast<float>(
          1.0 - (1.0 - static_cast<double>(in.services_loss[c])) * (1.0 - services));
      in.livelihood_loss[c] = static_cast<float>(
          1.0 - (1.0 - static_cast<double>(in.livelihood_loss[c])) * (1.0 - livelihood));
    }
  }
  if (had_services && !in.any_services) {
    std::fill(in.services_loss.begin(), in.services_loss.end(), 0.0f);
    std::fill(in.livelihood_loss.begin(), in.livelihood_loss.end(), 0.0f);
  }
  // Heat anomaly.
  in.any_heat = state.heat_driver >= 0;
  if (in.any_heat) {
    const ClimateDriver& driver = land.climate[at(state.heat_driver)];
    const auto& frame = driver.frames[at(driver.frame_of_step[at(step)])];
    std::copy(frame.begin(), frame.end(), in.heat_anomaly_k.begin());
  }
  // Policies -> per-cell parameters.
  std::fill(in.evacuation_probability.begin(), in.evacuation_probability.end(), 0.0f);
  std::fill(in.recovery_multiplier.begin(), in.recovery_multiplier.end(), 1.0f);
  std::fill(in.return_incentive.begin(), in.return_incentive.end(), 0.0f);
  std::fill(in.relocation_policy.begin(), in.relocation_policy.end(), std::int16_t{-1});
  std::fill(in.pathway_mask.begin(), in.pathway_mask.end(), 0u);
  std::fill(in.shelter_open.begin(), in.shelter_open.end(), std::uint8_t{0});
  std::fill(in.adaptation_efficacy.begin(), in.adaptation_efficacy.end(), 0.0f);
  in.pathway_policies.clear();
  in.cash_policies.clear();
  in.adaptation_policies.clear();
  for (std::size_t k = 0; k < state.policies.size(); ++k) {
    const Policy& policy = state.policies[k];
    const bool now = active(policy, step);
    const int first_step = std::max(policy.first_step, 0);
    switch (policy.kind) {
      case PolicyKind::early_warning:
        if (!now) break;
        for (std::int64_t c = 0; c < cells; ++c) {
          if (!targets(policy, static_cast<std::int32_t>(c))) continue;
          const double p = policy.coverage * policy.compliance;
          const double old = static_cast<double>(in.evacuation_probability[at(c)]);
          in.evacuation_probability[at(c)] = static_cast<float>(1.0 - (1.0 - old) * (1.0 - p));
        }
        break;
      case PolicyKind::cash_transfer:
        if (now && step == first_step) in.cash_policies.push_back(static_cast<int>(k));
        break;
      case PolicyKind::adaptation_subsidy:
        if (step == first_step && now) in.adaptation_policies.push_back(static_cast<int>(k));
        // Adaptation lasts: the efficacy applies from the first step on, recomputed every step
        // from the policies (no state carried between steps, so a restored run sees the same).
        if (step >= first_step && active(policy, first_step)) {
          for (std::int64_t c = 0; c < cells; ++c) {
            if (!targets(policy, static_cast<std::int32_t>(c))) continue;
            in.adaptation_efficacy[at(c)] =
                std::max(in.adaptation_efficacy[at(c)], static_cast<float>(policy.efficacy));
          }
        }
        break;
      case PolicyKind::planned_relocation:
        if (!now) break;
        for (std::int64_t c = 0; c < cells; ++c) {
          if (targets(policy, static_cast<std::int32_t>(c)) && in.relocation_policy[at(c)] < 0) {
            in.relocation_policy[at(c)] = static_cast<std::int16_t>(k);
          }
        }
        break;
      case PolicyKind::migration_pathway: {
        if (!now) break;
        const auto bit = std::uint32_t{1} << in.pathway_policies.size();
        in.pathway_policies.push_back(static_cast<int>(k));
        for (std::int64_t c = 0; c < cells; ++c) {
          if (targets(policy, static_cast<std::int32_t>(c))) in.pathway_mask[at(c)] |= bit;
        }
        break;
      }
      case PolicyKind::return_support:
        if (!now) break;
        for (std::int64_t c = 0; c < cells; ++c) {
          if (!targets(policy, static_cast<std::int32_t>(c))) continue;
          in.recovery_multiplier[at(c)] *= static_cast<float>(policy.recovery_multiplier);
          in.return_incentive[at(c)] += static_cast<float>(policy.return_incentive);
        }
        break;
      case PolicyKind::shelter:
        if (!now) break;
        for (auto site : policy.shelter_sites)
          in.shelter_open[at(site)] = 1;
        break;
    }
  }
  prepare_destination_terms(state);
}

void prepare_destination_terms(RunState& state) {
  const CellTables& cells = state.cells;
  StepInputs& in = state.inputs;
  const DestinationParameters& dp = state.parameters.destination;
  const std::size_t n = cells.region.size();
  in.destination_pull_damage.resize(n);
  in.destination_crowding.resize(n);
  for (std::size_t c = 0; c < n; ++c) {
    const double resident = std::max(1.0, static_cast<double>(cells.resident_households[c]));
    const double crowding =
        std::max(0.0, static_cast<double>(in.present_households[c]) / resident - 1.0);
    in.destination_pull_damage[c] = cells.log_attractiveness[c] * dp.coef_attractiveness +
                                    static_cast<double>(in.cell_damage[c]) * dp.coef_hazard_damage;
    in.destination_crowding[c] = crowding * dp.coef_crowding;
  }
}

void census(RunState& state) {
  const HouseholdTable& h = state.households;
  StepInputs& in = state.inputs;
  std::fill(in.present_households.begin(), in.present_households.end(), 0);
  std::fill(in.shelter_occupancy.begin(), in.shelter_occupancy.end(), 0);
  std::fill(in.external_occupancy.begin(), in.external_occupancy.end(), 0);
  const auto externals = static_cast<std::int32_t>(state.landscape->externals.size());
  for (std::int64_t i = 0; i < h.size(); ++i) {
    const Destination place = Destination::decode(h.location[at(i)], externals);
    if (place.is_cell()) {
      ++in.present_households[static_cast<std::size_t>(place.index())];
    } else {
      ++in.external_occupancy[static_cast<std::size_t>(place.index())];
    }
    if (h.shelter[at(i)] != 0) ++in.shelter_occupancy[h.shelter[at(i)] - 1u];
  }
  sum_over_ranks(state, in.present_households);
  sum_over_ranks(state, in.shelter_occupancy);
  sum_over_ranks(state, in.external_occupancy);
  // Households present per place before the next step (the conservation check's start).
  const Landscape& land = *state.landscape;
  state.present_before.assign(land.regions.size() + land.externals.size(), 0);
  for (std::size_t c = 0; c < in.present_households.size(); ++c) {
    state.present_before[static_cast<std::size_t>(state.cells.region[c])] +=
        in.present_households[c];
  }
  for (std::size_t e = 0; e < land.externals.size(); ++e) {
    state.present_before[land.regions.size() + e] = in.external_occupancy[e];
  }
  prepare_destination_terms(state);
}

RunLayout run_layout(const RunState& state) {
  const Landscape& land = *state.landscape;
  RunLayout layout;
  layout.step_count = state.options.step_count;
  layout.step_length_years = state.options.step_length_years;
  layout.width = land.width;
  layout.height = land.height;
  layout.region_count = static_cast<int>(land.regions.size());
  layout.external_count = static_cast<int>(land.externals.size());
  for (const auto& r : land.regions) {
    layout.region_codes.push_back(r.code);
    layout.region_names.push_back(r.name);
  }
  for (const auto& e : land.externals)
    layout.external_names.push_back(e.name);
  layout.households_simulated = state.households.total();
  layout.households_per_agent = state.parameters.synthesis.households_per_agent;
  layout.map_every_steps = state.options.map_every_steps;
  layout.duration_bins = state.duration_bins;
  for (const auto& site : land.shelters) {
    layout.shelter_names.push_back(site.name);
    layout.shelter_capacity_households.push_back(site.capacity_households);
  }
  for (const HazardKind& kind : land.hazard_kinds)
    layout.hazard_names.push_back(kind.name);
  for (const AdminLevel& level : land.admin_levels) {
    AdminLevelLayout axes;
    axes.layer = level.layer;
    axes.level = level.level;
    for (const Region& unit : level.units) {
      axes.unit_codes.push_back(unit.code);
      axes.unit_names.push_back(unit.name);
    }
    layout.admin_levels.push_back(std::move(axes));
  }
  return layout;
}

}  // namespace displace::engine
