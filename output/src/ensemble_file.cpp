#include "displace/output/ensemble_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "displace/common/error.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/schema.hpp"
#include "hdf5_support.hpp"
#include "netcdf_layout.hpp"
#include "run_file_seal.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using h5::Handle;

constexpr const auto& kQuantiles = kEnsembleQuantiles;

bool is_recorded_variable(const VariableData& variable) {
  if (variable.dimensions.empty()) return false;
  if (variable.dimensions.size() == 1 && variable.dimensions.front() == variable.name) {
    return false;  // a coordinate
  }
  return std::any_of(variable.dimensions.begin(), variable.dimensions.end(),
                     [](const std::string& d) {
                       return d == schema::kTime || d == schema::kMapTime || d == schema::kDuration;
                     });
}

/// Creates a 1-D coordinate of integers or doubles and makes it the dimension `name`.
Handle numeric_dimension(hid_t root, const std::string& name, const std::vector<double>& values,
                         hid_t type, const std::string& long_name, const fs::path& file) {
  Handle dataset =
      netcdf::create_dataset(root, name, type, {values.size()}, false, {}, false, file);
  netcdf::write_all(dataset.get(), H5T_NATIVE_DOUBLE, values.data(), file);
  netcdf::make_dimension(dataset.get(), name, file);
  h5::write_text_attribute(dataset.get(), "long_name", long_name, file);
  h5::write_text_attribute(dataset.get(), "units", "1", file);
  return dataset;
}

}  // namespace

std::string sweep_variable_name(const std::string& key) {
  std::string name = "sweep_" + key;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

double linear_quantile(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  for (const double v : values) {
    if (std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
  }
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * q;
  const auto lower = static_cast<std::size_t>(std::floor(h));
  const std::size_t upper = std::min(lower + 1, values.size() - 1);
  return values[lower] + (h - static_cast<double>(lower)) * (values[upper] - values[lower]);
}

void write_ensemble_file(const fs::path& path, const std::vector<EnsembleDesignGroup>& designs,
                         const std::vector<EnsembleMemberRun>& members, bool overwrite,
                         const std::string& scenario_yaml, int ranks) {
  if (members.empty() || designs.empty()) throw Error("ensemble: no member runs");
  std::error_code ec;
  require_regular_or_absent(path, "ensemble file");
  if (fs::exists(path, ec) && !overwrite) {
    throw InputError(path.string() + ": exists; pass --overwrite to replace it");
  }
  std::vector<RunReader> readers;
  readers.reserve(members.size());
  for (const auto& member : members)
    readers.emplace_back(member.run_file);
  const RunFileLayout& base = readers.front().layout();
  for (std::size_t m = 1; m < readers.size(); ++m) {
    const RunFileLayout& other = readers[m].layout();
    if (other.region_codes != base.region_codes || other.step_dates != base.step_dates ||
        other.grid.width != base.grid.width || other.grid.height != base.grid.height) {
      throw InputError("ensemble: member run '" + members[m].run_file.string() +
                       "' has a different layout (regions, steps or grid) from '" +
                       members.front().run_file.string() + "'");
    }
  }
  std::vector<VariableData> recorded;
  for (const std::string& name : readers.front().variable_names()) {
    if (name == schema::kRegionName || name == schema::kPlaceName || name == schema::kCrs) continue;
    VariableData variable;
    try {
      variable = readers.front().read(name);
    } catch (const InputError&) {
      continue;  // a text coordinate (status, breakdown, ...): copied with the base run
    }
    if (is_recorded_variable(variable)) recorded.push_back(std::move(variable));
  }

  const fs::path partial = fs::path(path.string() + std::string(schema::kPartialSuffix));
  // Taken (never through a symlink, never from another run) before the copy truncates it.
  const PartialFileLock lock(partial, false);
  fs::copy_file(members.front().run_file, partial, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    throw InputError(partial.string() + ": cannot create the ensemble file: " + ec.message());
  }
  try {
    h5::silence_error_printing();
    const Handle access = h5::make_locked_partial_access(partial);
    const Handle file = h5::checked(H5Fopen(partial.c_str(), H5F_ACC_RDWR, access.get()), H5Fclose,
                                    partial, "opening the ensemble file");
    const Handle root = h5::checked(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose, partial,
                                    "opening the root group");
    const hid_t r = root.get();
    h5::write_int_attribute(r, std::string(schema::kCompleteAttribute), 0, partial);
    if (!scenario_yaml.empty())
      h5::write_text_attribute(r, std::string(schema::kScenarioYamlAttribute), scenario_yaml,
                               partial);
    h5::write_int_attribute(r, std::string(schema::kRanksAttribute), ranks, partial);

    std::vector<double> member_index(members.size());
    std::vector<double> member_design(members.size());
    for (std::size_t m = 0; m < members.size(); ++m) {
      member_index[m] = static_cast<double>(m);
      member_design[m] = members[m].design;
    }
    const Handle member_dim =
        numeric_dimension(r, "member", member_index, H5T_STD_I32LE, "ensemble member", partial);
    const Handle quantile_dim =
        numeric_dimension(r, "quantile", {kQuantiles[0], kQuantiles[1], kQuantiles[2]},
                          H5T_IEEE_F64LE, "quantile over the members of a design group", partial);
    std::vector<double> design_index(designs.size());
    std::vector<double> design_point(designs.size());
    for (std::size_t g = 0; g < designs.size(); ++g) {
      design_index[g] = static_cast<double>(g);
      design_point[g] = designs[g].point;
    }
    const Handle design_dim = numeric_dimension(r, "design", design_index, H5T_STD_I32LE,
                                                "design group (sweep point x variant)", partial);

    // The member and design tables.
    {
      const Handle seeds = netcdf::create_dataset(r, "member_seed", H5T_STD_U64LE, {members.size()},
                                                  false, {}, false, partial);
      std::vector<std::uint64_t> raw(members.size());
      for (std::size_t m = 0; m < members.size(); ++m)
        raw[m] = members[m].seed;
      netcdf::write_all(seeds.get(), H5T_NATIVE_UINT64, raw.data(), partial);
      netcdf::attach_dimensions(seeds.get(), {member_dim.get()}, partial);
      h5::write_text_attribute(seeds.get(), "long_name", "random seed of the member", partial);
      const Handle group = netcdf::create_dataset(r, "member_design", H5T_STD_I32LE,
                                                  {members.size()}, false, {}, false, partial);
      netcdf::write_all(group.get(), H5T_NATIVE_DOUBLE, member_design.data(), partial);
      netcdf::attach_dimensions(group.get(), {member_dim.get()}, partial);
      h5::write_text_attribute(group.get(), "long_name", "design group of the member", partial);

      const Handle strings = h5::make_vlen_string_type(partial);
      std::vector<std::string> variants;
      for (const auto& d : designs)
        variants.push_back(d.variant);
      const Handle variant = netcdf::create_dataset(r, "design_variant", strings.get(),
                                                    {designs.size()}, false, {}, false, partial);
      netcdf::write_strings(variant.get(), variants, partial);
      netcdf::attach_dimensions(variant.get(), {design_dim.get()}, partial);
      h5::write_text_attribute(variant.get(), "long_name",
                               "factual or counterfactual (empty without a pair)", partial);
      const Handle point = netcdf::create_dataset(r, "design_point", H5T_STD_I32LE,
                                                  {designs.size()}, false, {}, false, partial);
      netcdf::write_all(point.get(), H5T_NATIVE_DOUBLE, design_point.data(), partial);
      netcdf::attach_dimensions(point.get(), {design_dim.get()}, partial);
      h5::write_text_attribute(point.get(), "long_name", "sweep point", partial);
      std::string swept_keys;
      for (std::size_t k = 0; k < designs.front().sweep_values.size(); ++k) {
        const std::string& key = designs.front().sweep_values[k].first;
        std::vector<double> values(designs.size());
        for (std::size_t g = 0; g < designs.size(); ++g)
          values[g] = designs[g].sweep_values[k].second;
        const Handle sweep = netcdf::create_dataset(r, sweep_variable_name(key), H5T_IEEE_F64LE,
                                                    {designs.size()}, false, {}, false, partial);
        netcdf::write_all(sweep.get(), H5T_NATIVE_DOUBLE, values.data(), partial);
        netcdf::attach_dimensions(sweep.get(), {design_dim.get()}, partial);
        h5::write_text_attribute(sweep.get(), "long_name", "swept scenario key " + key, partial);
        h5::write_text_attribute(sweep.get(), "scenario_key", key, partial);
        swept_keys += (swept_keys.empty() ? "" : ", ") + key;
      }
      h5::write_text_attribute(r, "ensemble_swept_keys", swept_keys, partial);
      h5::write_int_attribute(r, "ensemble_members", static_cast<std::int32_t>(members.size()),
                              partial);
      h5::write_int_attribute(r, "ensemble_designs", static_cast<std::int32_t>(designs.size()),
                              partial);
    }

    for (const VariableData& base_variable : recorded) {
      std::vector<hid_t> scales;
      std::vector<Handle> owned;
      // An admin level's variable ("admin_2/people") is stacked in its group, where its own
      // dimensions (unit, current) are; time, status and breakdown are the root's.
      const auto slash = base_variable.name.rfind('/');
      const std::string group =
          slash == std::string::npos ? "" : base_variable.name.substr(0, slash + 1);
      for (const std::string& dim : base_variable.dimensions) {
        const bool in_group = !group.empty() && h5::has_link(r, group + dim);
        owned.push_back(h5::open_dataset(r, in_group ? group + dim : dim, partial));
        scales.push_back(owned.back().get());
      }
      std::size_t size = 1;
      for (const std::size_t s : base_variable.shape)
        size *= s;
      std::vector<hsize_t> row(base_variable.shape.begin(), base_variable.shape.end());
      std::vector<hsize_t> member_dims = {members.size()};
      member_dims.insert(member_dims.end(), row.begin(), row.end());
      std::vector<hsize_t> chunk = {1};
      const auto row_chunk = netcdf::choose_chunk(row, sizeof(double), false);
      chunk.insert(chunk.end(), row_chunk.begin(), row_chunk.end());
      const Handle stacked =
          netcdf::create_dataset(r, base_variable.name + "_members", H5T_IEEE_F64LE, member_dims,
                                 false, size > 0 ? chunk : std::vector<hsize_t>{}, true, partial);
      std::vector<std::vector<double>> values(members.size());
      for (std::size_t m = 0; m < members.size(); ++m) {
        VariableData variable = readers[m].read(base_variable.name);
        if (variable.shape != base_variable.shape) {
          throw InputError("ensemble: variable '" + base_variable.name + "' of member run '" +
                           members[m].run_file.string() + "' has another shape");
        }
        if (size > 0) {
          netcdf::write_row(stacked.get(), m, H5T_NATIVE_DOUBLE, variable.values.data(), partial);
        }
        values[m] = std::move(variable.values);
      }
      std::vector<hid_t> member_scales = {member_dim.get()};
      member_scales.insert(member_scales.end(), scales.begin(), scales.end());
      netcdf::attach_dimensions(stacked.get(), member_scales, partial);
      h5::write_text_attribute(stacked.get(), "long_name",
                               base_variable.long_name + std::string(kMembersLongNameSuffix),
                               partial);
      h5::write_text_attribute(stacked.get(), "units", base_variable.units, partial);

      std::vector<hsize_t> quantile_dims = {designs.size(), std::size(kQuantiles)};
      quantile_dims.insert(quantile_dims.end(), row.begin(), row.end());
      std::vector<hsize_t> quantile_chunk = {1, 1};
      quantile_chunk.insert(quantile_chunk.end(), row_chunk.begin(), row_chunk.end());
      const Handle quantiles = netcdf::create_dataset(
          r, base_variable.name + "_quantiles", H5T_IEEE_F64LE, quantile_dims, false,
          size > 0 ? quantile_chunk : std::vector<hsize_t>{}, true, partial);
      std::vector<double> all(designs.size() * std::size(kQuantiles) * size);
      std::vector<double> sample;
      for (std::size_t g = 0; g < designs.size(); ++g) {
        for (std::size_t i = 0; i < size; ++i) {
          sample.clear();
          for (std::size_t m = 0; m < members.size(); ++m) {
            if (members[m].design == static_cast<int>(g)) sample.push_back(values[m][i]);
          }
          for (std::size_t q = 0; q < std::size(kQuantiles); ++q) {
            all[(g * std::size(kQuantiles) + q) * size + i] =
                linear_quantile(sample, kQuantiles[q]);
          }
        }
      }
      if (size > 0) netcdf::write_all(quantiles.get(), H5T_NATIVE_DOUBLE, all.data(), partial);
      std::vector<hid_t> quantile_scales = {design_dim.get(), quantile_dim.get()};
      quantile_scales.insert(quantile_scales.end(), scales.begin(), scales.end());
      netcdf::attach_dimensions(quantiles.get(), quantile_scales, partial);
      h5::write_text_attribute(quantiles.get(), "long_name",
                               base_variable.long_name + std::string(kQuantilesLongNameSuffix),
                               partial);
      h5::write_text_attribute(quantiles.get(), "units", base_variable.units, partial);
    }
    h5::write_int_attribute(r, std::string(schema::kCompleteAttribute), 1, partial);
    h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), partial, "flushing the ensemble file");
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  try {
    // The copy of the base run carries the base run's checksum: the file has changed since.
    seal_run_file(partial);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  fs::rename(partial, path, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw Error(partial.string() + ": cannot rename to '" + path.string() + "'");
  }
}

}  // namespace displace::output
