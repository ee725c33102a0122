#include "displace/engine/household_table.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "displace/common/error.hpp"
#include "displace/engine/partition.hpp"
#include "displace/engine/rng.hpp"
#include "displace/engine/status.hpp"

namespace displace::engine {

namespace {

std::size_t at(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

/// 1 + Poisson(lambda) by inverse transform on one uniform, capped at 255.
std::uint8_t household_size(double lambda, double u) {
  if (!(lambda > 0.0)) return 1;
  double p = std::exp(-lambda);
  double cumulative = p;
  int k = 0;
  while (u >= cumulative && k < 254) {
    ++k;
    p *= lambda / k;
    cumulative += p;
    if (p < 1e-300) break;
  }
  return static_cast<std::uint8_t>(1 + k);
}

}  // namespace

void HouseholdTable::resize(std::int64_t n) {
  for_each_household_column(
      *this, [&](const char*, auto& column, ColumnLifetime) { column.resize(at(n)); });
}

double expected_households(double population_people, const SynthesisParameters& parameters) {
  return population_people / parameters.mean_household_size_people /
         parameters.households_per_agent;
}

std::vector<std::int64_t> household_offsets(const Landscape& landscape,
                                            const SynthesisParameters& parameters,
                                            std::uint64_t seed) {
  const std::uint64_t key = seed_key(seed);
  const std::int64_t cells = landscape.cell_count();
  std::vector<std::int64_t> cell_first(at(cells) + 1, 0);
#pragma omp parallel for schedule(static)
  for (std::int64_t c = 0; c < cells; ++c) {
    const double expected =
        expected_households(static_cast<double>(landscape.population_people[at(c)]), parameters);
    const double whole = std::floor(expected);
    const double fraction = expected - whole;
    const double u = uniform(key, static_cast<std::uint64_t>(c), 0, Purpose::household_count);
    cell_first[at(c) + 1] = static_cast<std::int64_t>(whole) + (u < fraction ? 1 : 0);
  }
  for (std::int64_t c = 0; c < cells; ++c)
    cell_first[at(c) + 1] += cell_first[at(c)];
  return cell_first;
}

HouseholdTable synthesise_households(const Landscape& landscape,
                                     const SynthesisParameters& parameters, std::uint64_t seed,
                                     int rank, int ranks) {
  const std::uint64_t key = seed_key(seed);
  HouseholdTable table;
  table.cell_first = household_offsets(landscape, parameters, seed);
  table.ranges = partition_cells(table.cell_first, rank, ranks);
  table.range_first_row.assign(1, 0);
  for (const CellRange& range : table.ranges) {
    table.range_first_row.push_back(table.range_first_row.back() + range.last_household -
                                    range.first_household);
  }
  table.resize(table.range_first_row.back());

  const int region_count = static_cast<int>(landscape.regions.size());
  const int kin_external_count = std::min<int>(16, static_cast<int>(landscape.externals.size()));
  const double lambda = parameters.mean_household_size_people - 1.0;
  const double rho = parameters.wealth_income_correlation;
  const double rho_complement = std::sqrt(std::max(0.0, 1.0 - rho * rho));
  // Lognormal with mean fragility_mean (log 1 = 0 leaves the mean-1 draws unchanged), or the mean
  // of the region's housing stock.
  const double sigma_shift = -0.5 * parameters.fragility_sigma_log * parameters.fragility_sigma_log;
  std::vector<double> fragility_shift(landscape.regions.size(),
                                      sigma_shift + std::log(parameters.fragility_mean));
  for (const HousingStock& stock : parameters.housing_stocks) {
    for (const std::string& code : stock.regions) {
      for (std::size_t r = 0; r < landscape.regions.size(); ++r) {
        if (landscape.regions[r].code == code) {
          fragility_shift[r] = sigma_shift + std::log(stock.fragility_mean);
        }
      }
    }
  }

  for (std::size_t k = 0; k < table.ranges.size(); ++k) {
    const CellRange& range = table.ranges[k];
    const std::int64_t to_row = table.range_first_row[k] - range.first_household;
#pragma omp parallel for schedule(static)
    for (std::int64_t c = range.first_cell; c < range.last_cell; ++c) {
      for (std::int64_t i = table.cell_first[at(c)]; i < table.cell_first[at(c) + 1]; ++i) {
        const auto id = static_cast<std::uint64_t>(i);
        const auto h = at(i + to_row);
        table.home_cell[h] = static_cast<std::int32_t>(c);
        table.location[h] = static_cast<std::int32_t>(c);
        table.status[h] = static_cast<std::uint8_t>(Status::home);
        table.size_people[h] = household_size(lambda, uniform(key, id, 0, Purpose::household_size));
        const double z1 = standard_normal(key, id, 0, Purpose::household_wealth, 0);
        const double z2 = standard_normal(key, id, 0, Purpose::household_wealth, 2);
        const double wealth =
            parameters.wealth_median_usd * std::exp(parameters.wealth_sigma_log * z1);
        const double income =
            parameters.income_median_usd_per_year *
            std::exp(parameters.income_sigma_log * (rho * z1 + rho_complement * z2));
        table.wealth_usd[h] = static_cast<float>(wealth);
        table.initial_wealth_usd[h] = static_cast<float>(wealth);
        table.income_usd_per_year[h] = static_cast<float>(income);
        const double zf = standard_normal(key, id, 0, Purpose::household_fragility);
        table.fragility[h] = static_cast<float>(
            std::exp(parameters.fragility_sigma_log * zf +
                     fragility_shift[static_cast<std::size_t>(landscape.region_of_cell[at(c)])]));
        std::uint16_t flags = 0;
        const double shares[5] = {parameters.agriculture_share, parameters.female_headed_share,
                                  parameters.with_children_share, parameters.with_elderly_share,
                                  parameters.with_disability_share};
        const std::uint16_t bits[5] = {flag_agriculture, flag_female_headed, flag_with_children,
                                       flag_with_elderly, flag_with_disability};
        for (std::uint32_t f = 0; f < 5; ++f) {
          if (uniform(key, id, 0, Purpose::household_flags, f) < shares[f]) flags |= bits[f];
        }
        table.flags[h] = flags;
        table.damage[h] = 0.0f;
        table.recovery[h] = 0.0f;
        table.damage_hazard[h] = kNoHazard;
        table.steps_in_status[h] = 0;
        table.episodes[h] = 0;
        table.shelter[h] = 0;
        table.income_loss[h] = 0.0f;
        table.intent[h] = 0;
        table.destination[h] = 0;
        table.fallback[h] = 0;
        // Kin: another region of the grid (uniform among the others) and external destinations.
        std::int16_t kin = -1;
        const int home_region = landscape.region_of_cell[at(c)];
        if (region_count > 1 &&
            uniform(key, id, 0, Purpose::household_kin, 0) < parameters.kin_other_region_share) {
          const double u = uniform(key, id, 0, Purpose::household_kin, 1);
          int other = std::min(region_count - 2, static_cast<int>(u * (region_count - 1)));
          if (other >= home_region) ++other;
          kin = static_cast<std::int16_t>(other);
        }
        table.kin_region[h] = kin;
        std::uint16_t kin_bits = 0;
        for (int e = 0; e < kin_external_count; ++e) {
          const double u =
              uniform(key, id, 0, Purpose::household_kin, 2u + static_cast<unsigned>(e));
          if (u < landscape.externals[at(e)].kin_share)
            kin_bits |= static_cast<std::uint16_t>(1u << e);
        }
        table.kin_externals[h] = kin_bits;
      }
    }
  }
  return table;
}

std::int64_t HouseholdTable::id_offset(std::int64_t first, std::int64_t last) const {
  // The range holding row `first`: the last one starting at or before it.
  const auto after = std::upper_bound(range_first_row.begin(), range_first_row.end() - 1, first);
  const auto k = static_cast<std::size_t>(after - range_first_row.begin()) - 1;
  if (after == range_first_row.begin() || last > range_first_row[k + 1]) {
    throw Error("engine: household rows " + std::to_string(first) + ".." +
                std::to_string(last - 1) + " are not in one range of home cells");
  }
  return ranges[k].first_household - range_first_row[k];
}

std::int64_t HouseholdTable::row_of(std::int64_t id) const {
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    if (id >= ranges[k].first_household && id < ranges[k].last_household) {
      return id - ranges[k].first_household + range_first_row[k];
    }
  }
  return -1;
}

}  // namespace displace::engine
