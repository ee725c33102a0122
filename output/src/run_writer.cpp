#include "displace/output/run_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>

#include "displace/common/civil_date.hpp"
#include "displace/common/error.hpp"
#include "displace/engine/status.hpp"
#include "displace/engine/step_outputs.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/schema.hpp"
#include "hdf5_support.hpp"
#include "netcdf_layout.hpp"
#include "run_file_seal.hpp"

namespace displace::output {

namespace {

namespace fs = std::filesystem;
using h5::Handle;

std::string name(std::string_view text) {
  return std::string(text);
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text.data(), length);
}

/// The index of a DISPLACE_STEP_OUTPUTS entry (its engine::StepOutputId).
std::size_t index_of(const engine::StepOutput& output) {
  return static_cast<std::size_t>(&output - engine::kStepOutputs.data());
}

template <std::size_t N>
std::vector<std::string> labels(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

/// Refuses paths the writer cannot use (InputError naming the path).
void check_destination(const fs::path& path, bool overwrite) {
  if (path.empty() || !path.has_filename()) throw InputError("run file path is empty");
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw InputError(path.string() + ": output folder '" + folder.string() + "' does not exist");
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw InputError(path.string() + ": output folder '" + folder.string() + "' is not writable");
  }
  if (fs::is_directory(path, error)) {
    throw InputError(path.string() + ": is a folder, not a run file");
  }
  require_regular_or_absent(path, "run file");
  if (fs::exists(path, error) && !overwrite) {
    throw InputError(path.string() +
                     ": file already exists (choose another path or allow overwriting)");
  }
}

}  // namespace

struct RunWriter::Impl {
  fs::path path;
  fs::path partial;
  RunGrid grid;
  std::vector<std::string> step_dates;
  std::vector<double> step_days;  ///< days since step_dates[0]
  Provenance provenance;
  RunWriterOptions options;
  engine::RunLayout layout;
  bool begun = false;
  bool completed = false;
  hsize_t steps_written = 0;
  hsize_t maps_written = 0;
  int last_map_step = -1;

  /// Held from creation to destruction: no other run can take over or truncate the partial file.
  std::optional<PartialFileLock> partial_lock;
  Handle file;
  Handle time;
  Handle map_time;
  /// One per DISPLACE_STEP_OUTPUTS entry (index = engine::StepOutputId); invalid while the run
  /// file does not have the variable (not yet created, or not recorded in this run).
  std::array<Handle, engine::kStepOutputCount> step_variables;
  Handle present_people_map;
  Handle displaced_from_people_map;
  Handle arrivals_people_map;
  Handle duration_histogram;
  /// Per admin level (RunLayout::admin_levels order): its variables, in its group.
  struct LevelVariables {
    Handle households;
    Handle people;
    Handle displaced_households;
    Handle displaced_people;
  };
  std::vector<LevelVariables> levels;

  /// Closes every dataset, then the file. Returns false if HDF5 failed to close something.
  bool close_all() noexcept {
    bool ok = true;
    for (Handle* handle : {&time, &map_time}) {
      ok = handle->reset() && ok;
    }
    for (Handle& handle : step_variables) {
      ok = handle.reset() && ok;
    }
    for (Handle* handle : {&present_people_map, &displaced_from_people_map, &arrivals_people_map,
                           &duration_histogram}) {
      ok = handle->reset() && ok;
    }
    for (LevelVariables& level : levels) {
      for (Handle* handle : {&level.households, &level.people, &level.displaced_households,
                             &level.displaced_people}) {
        ok = handle->reset() && ok;
      }
    }
    return file.reset() && ok;
  }

  hid_t root() const { return file.get(); }

  void flush() { h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), partial, "flushing to disk"); }

  void write_provenance();
  /// Creates every dimension; `scales` gets their ids in Scale order, `owned` keeps them open.
  void write_coordinates(std::vector<hid_t>& scales, std::vector<Handle>& owned);
  void write_variables(const std::vector<hid_t>& scales);
  Handle data_variable(const std::string& variable, hid_t type, const std::vector<hsize_t>& dims,
                       bool has_time, const std::vector<hid_t>& scales,
                       const std::string& long_name, const std::string& units, hid_t location = -1);
  /// Creates the group, dimensions and variables of each admin level.
  void write_admin_levels(hid_t time, hid_t status, hid_t breakdown);
  /// Whether this run records step outputs of `condition` at all.
  bool condition_met(engine::StepOutputCondition condition) const;
  /// Elements along `axis` (RunLayout sizes and the engine's categories).
  hsize_t axis_size(engine::StepAxis axis) const;
  /// The coordinate variable of `axis`; creates the displacement_cause and hazard dimensions the
  /// first time a variable needs them.
  Handle axis_scale(engine::StepAxis axis);
  /// Creates the run file variable of a DISPLACE_STEP_OUTPUTS entry: (time, its axes), f64.
  Handle create_step_variable(const engine::StepOutput& output);
  /// Creates the at_begin step outputs this run records: those on the shelter axis (created with
  /// the shelter dimension) or the others, in table order.
  void create_begin_step_variables(bool shelter_outputs);
  /// Creates the at_first_step outputs that the first step carries (and the run records): the
  /// engine fills each of them or leaves it empty for a whole run.
  void create_first_step_variables(const engine::StepRecord& first);
  /// Creates a dimension `dimension` whose coordinate variable holds the string `labels`.
  Handle label_dimension(std::string_view dimension, const std::vector<std::string>& labels,
                         const std::string& long_name);
  /// Creates the shelter dimension, the sites' capacities and their per-step variables.
  void write_shelter_variables();
  /// Opens the variables of an existing partial file and positions after its last step.
  void open_for_resume();
  void write_step_row(const Handle& dataset, const std::vector<double>& values,
                      std::size_t expected, std::string_view variable, int step);
  /// Writes this step's row of every step output the run file has.
  void write_step_outputs(const engine::StepRecord& record);
};

void RunWriter::Impl::write_provenance() {
  const hid_t r = root();
  h5::write_text_attribute(r, "Conventions", "CF-1.8", partial);
  h5::write_text_attribute(r, "title", "displace run: " + provenance.scenario_name, partial);
  h5::write_text_attribute(r, "source", "displace " + provenance.engine_version, partial);
  h5::write_int_attribute(r, name(schema::kFormatVersionAttribute), schema::kFormatVersion,
                          partial);
  h5::write_text_attribute(r, name(schema::kScenarioNameAttribute), provenance.scenario_name,
                           partial);
  h5::write_text_attribute(r, name(schema::kScenarioYamlAttribute), provenance.scenario_yaml,
                           partial);
  h5::write_uint64_attribute(r, name(schema::kSeedAttribute), provenance.seed, partial);
  h5::write_text_attribute(r, name(schema::kEngineVersionAttribute), provenance.engine_version,
                           partial);
  h5::write_text_attribute(r, name(schema::kGitRevisionAttribute), provenance.git_revision,
                           partial);
  h5::write_int_attribute(r, name(schema::kThreadsAttribute), provenance.threads, partial);
  h5::write_int_attribute(r, name(schema::kRanksAttribute), provenance.ranks, partial);
  if (provenance.started_utc.empty()) provenance.started_utc = utc_now_iso8601();
  h5::write_text_attribute(r, name(schema::kStartedUtcAttribute), provenance.started_utc, partial);
  std::string digests;
  for (const auto& [input_path, digest] : provenance.input_sha256) {
    digests += digest + "  " + input_path + "\n";
  }
  h5::write_text_attribute(r, name(schema::kInputSha256Attribute), digests, partial);
  h5::write_text_attribute(r, name(schema::kRunStartDateAttribute), step_dates.front(), partial);
  h5::write_int_attribute(r, name(schema::kCompleteAttribute), 0, partial);
}

RunWriter::RunWriter(std::filesystem::path path, RunGrid grid, std::vector<std::string> step_dates,
                     Provenance provenance, RunWriterOptions options)
    : impl_(std::make_unique<Impl>()) {
  h5::silence_error_printing();
  check_destination(path, options.overwrite);
  Impl& m = *impl_;
  m.path = std::move(path);
  m.partial = m.path;
  m.partial += std::string(schema::kPartialSuffix);
  if (step_dates.empty()) throw Error(m.path.string() + ": a run needs at least one step date");
  std::int64_t first_day = 0;
  for (std::size_t k = 0; k < step_dates.size(); ++k) {
    const auto date = parse_civil_date(step_dates[k]);
    if (!date) throw Error(m.path.string() + ": step date '" + step_dates[k] + "' is not ISO");
    const std::int64_t day = days_since_epoch(*date);
    if (k == 0) first_day = day;
    m.step_days.push_back(static_cast<double>(day - first_day));
  }
  m.grid = std::move(grid);
  m.step_dates = std::move(step_dates);
  m.provenance = std::move(provenance);
  m.options = options;

  if (m.options.resume_steps >= 0) {
    std::error_code exists_error;
    if (!fs::exists(m.partial, exists_error)) {
      throw InputError(m.partial.string() + ": no partial run file to continue");
    }
    m.partial_lock.emplace(m.partial, true);
    const Handle resume_access = h5::make_locked_partial_access(m.partial);
    const hid_t file = H5Fopen(m.partial.c_str(), H5F_ACC_RDWR, resume_access.get());
    if (file < 0) {
      throw InputError(m.partial.string() +
                       ": cannot open the run file to continue it: " + h5::error_stack_message());
    }
    m.file = Handle(file, H5Fclose);
    return;
  }
  // Locked (and emptied) before HDF5 opens it with O_TRUNC: a second run on the same output
  // path is refused here instead of truncating the first run's file.
  m.partial_lock.emplace(m.partial, false);
  const Handle creation = netcdf::make_file_creation_plist(m.partial);
  // Room for the whole-file checksum end() writes (run_file_seal.hpp).
  h5::check(H5Pset_userblock(creation.get(), kRunUserBlockBytes), m.partial,
            "reserving the user block");
  const Handle access = h5::make_locked_partial_access(m.partial);
  h5::check(H5Pset_libver_bounds(access.get(), H5F_LIBVER_V18, H5F_LIBVER_V18), m.partial,
            "choosing the file format");
  const hid_t file = H5Fcreate(m.partial.c_str(), H5F_ACC_TRUNC, creation.get(), access.get());
  if (file < 0) {
    throw InputError(m.partial.string() +
                     ": cannot create the run file: " + h5::error_stack_message());
  }
  m.file = Handle(file, H5Fclose);
  try {
    m.write_provenance();
    m.flush();
  } catch (...) {
    m.close_all();
    std::error_code ignored;
    fs::remove(m.partial, ignored);
    throw;
  }
}

RunWriter::~RunWriter() {
  if (!impl_ || impl_->completed) return;
  impl_->close_all();
  std::error_code ignored;
  fs::remove(impl_->partial, ignored);
}

const std::filesystem::path& RunWriter::path() const {
  return impl_->path;
}

std::vector<std::uint8_t> RunWriter::partial_file_bytes() {
  Impl& m = *impl_;
  m.flush();
  std::ifstream in(m.partial, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw Error(m.partial.string() + ": cannot read back");
  return bytes;
}

void RunWriter::Impl::write_coordinates(std::vector<hid_t>& scales, std::vector<Handle>& owned) {
  const hid_t r = root();
  const Handle strings = h5::make_vlen_string_type(partial);
  auto string_coordinate = [&](std::string_view dim, const std::vector<std::string>& values,
                               const std::string& long_name) {
    Handle dataset = netcdf::create_dataset(r, name(dim), strings.get(), {values.size()}, false, {},
                                            false, partial);
    netcdf::write_strings(dataset.get(), values, partial);
    netcdf::make_dimension(dataset.get(), name(dim), partial);
    h5::write_text_attribute(dataset.get(), "long_name", long_name, partial);
    h5::write_text_attribute(dataset.get(), "units", "1", partial);
    return dataset;
  };
  auto label_variable = [&](std::string_view variable, hid_t scale,
                            const std::vector<std::string>& values, const std::string& long_name) {
    const Handle dataset = netcdf::create_dataset(r, name(variable), strings.get(), {values.size()},
                                                  false, {}, false, partial);
    netcdf::write_strings(dataset.get(), values, partial);
    netcdf::attach_dimensions(dataset.get(), {scale}, partial);
    h5::write_text_attribute(dataset.get(), "long_name", long_name, partial);
    h5::write_text_attribute(dataset.get(), "units", "1", partial);
  };
  const std::string time_units = "days since " + step_dates.front();
  auto time_coordinate = [&](std::string_view dim, const std::string& long_name) {
    Handle dataset =
        netcdf::create_dataset(r, name(dim), H5T_IEEE_F64LE, {0}, true, {64}, false, partial);
    netcdf::make_dimension(dataset.get(), name(dim), partial);
    h5::write_text_attribute(dataset.get(), "long_name", long_name, partial);
    h5::write_text_attribute(dataset.get(), "standard_name", "time", partial);
    h5::write_text_attribute(dataset.get(), "units", time_units, partial);
    h5::write_text_attribute(dataset.get(), "calendar", "standard", partial);
    h5::write_text_attribute(dataset.get(), "axis", "T", partial);
    return dataset;
  };

  // Places: regions (by admin code) then external destinations (by name).
  std::vector<std::string> place_ids = layout.region_codes;
  place_ids.insert(place_ids.end(), layout.external_names.begin(), layout.external_names.end());
  std::vector<std::string> place_names = layout.region_names;
  place_names.insert(place_names.end(), layout.external_names.begin(), layout.external_names.end());

  time = time_coordinate(schema::kTime, "start date of the step (values are end-of-step stocks)");
  Handle region = string_coordinate(schema::kRegion, layout.region_codes, "admin region code");
  label_variable(schema::kRegionName, region.get(), layout.region_names, "admin region name");
  Handle status =
      string_coordinate(schema::kStatus, labels(engine::kStatusNames), "household status");
  Handle breakdown = string_coordinate(schema::kBreakdown, labels(engine::kBreakdownNames),
                                       "population breakdown (all = every household)");
  Handle place = string_coordinate(schema::kPlace, place_ids,
                                   "place: admin region code, or external destination name");
  label_variable(schema::kPlaceName, place.get(), place_names, "place name");
  Handle flow_kind =
      string_coordinate(schema::kFlowKind, labels(engine::kFlowKindNames), "kind of move");
  Handle origin = string_coordinate(schema::kOrigin, place_ids, "place a move started from");
  Handle destination = string_coordinate(schema::kDestination, place_ids, "place a move ended in");
  scales = {time.get(),  region.get(),    status.get(), breakdown.get(),
            place.get(), flow_kind.get(), origin.get(), destination.get()};
  owned.push_back(std::move(region));
  owned.push_back(std::move(status));
  owned.push_back(std::move(breakdown));
  owned.push_back(std::move(place));
  owned.push_back(std::move(flow_kind));
  owned.push_back(std::move(origin));
  owned.push_back(std::move(destination));

  // Grid coordinates (cell centres) and the grid mapping.
  if (grid.width > 0 && grid.height > 0) {
    map_time = time_coordinate(schema::kMapTime, "start date of a step with maps");
    std::vector<double> ys(static_cast<std::size_t>(grid.height));
    std::vector<double> xs(static_cast<std::size_t>(grid.width));
    for (std::size_t row = 0; row < ys.size(); ++row) {
      ys[row] = grid.geotransform[3] + (static_cast<double>(row) + 0.5) * grid.geotransform[5];
    }
    for (std::size_t col = 0; col < xs.size(); ++col) {
      xs[col] = grid.geotransform[0] + (static_cast<double>(col) + 0.5) * grid.geotransform[1];
    }
    auto axis = [&](std::string_view dim, const std::vector<double>& values, bool is_y) {
      Handle dataset = netcdf::create_dataset(r, name(dim), H5T_IEEE_F64LE, {values.size()}, false,
                                              {}, false, partial);
      netcdf::write_all(dataset.get(), H5T_NATIVE_DOUBLE, values.data(), partial);
      netcdf::make_dimension(dataset.get(), name(dim), partial);
      const hid_t d = dataset.get();
      if (grid.geographic) {
        h5::write_text_attribute(d, "standard_name", is_y ? "latitude" : "longitude", partial);
        h5::write_text_attribute(
            d, "long_name", is_y ? "latitude of cell centre" : "longitude of cell centre", partial);
        h5::write_text_attribute(d, "units", is_y ? "degrees_north" : "degrees_east", partial);
      } else {
        h5::write_text_attribute(d, "standard_name",
                                 is_y ? "projection_y_coordinate" : "projection_x_coordinate",
                                 partial);
        h5::write_text_attribute(d, "long_name", is_y ? "y of cell centre" : "x of cell centre",
                                 partial);
        h5::write_text_attribute(d, "units", "m", partial);
      }
      h5::write_text_attribute(d, "axis", is_y ? "Y" : "X", partial);
      return dataset;
    };
    owned.push_back(axis(schema::kY, ys, true));
    owned.push_back(axis(schema::kX, xs, false));
    scales.push_back(map_time.get());
    scales.push_back(owned[owned.size() - 2].get());
    scales.push_back(owned.back().get());
  }

  const Handle crs = netcdf::create_scalar_dataset(r, name(schema::kCrs), H5T_STD_I32LE, partial);
  const std::int32_t zero = 0;
  netcdf::write_all(crs.get(), H5T_NATIVE_INT32, &zero, partial);
  const std::string mapping = netcdf::cf_grid_mapping_name(grid.crs_wkt, grid.geographic);
  if (!mapping.empty()) {
    h5::write_text_attribute(crs.get(), "grid_mapping_name", mapping, partial);
  }
  h5::write_text_attribute(crs.get(), "long_name", "coordinate reference system", partial);
  h5::write_text_attribute(crs.get(), "units", "1", partial);
  h5::write_text_attribute(crs.get(), "crs_wkt", grid.crs_wkt, partial);
  h5::write_text_attribute(crs.get(), "spatial_ref", grid.crs_wkt, partial);
  std::string transform;
  for (const double value : grid.geotransform) {
    if (!transform.empty()) transform += ' ';
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.17g", value);
    transform += text.data();
  }
  h5::write_text_attribute(crs.get(), "GeoTransform", transform, partial);
}

Handle RunWriter::Impl::data_variable(const std::string& variable, hid_t type,
                                      const std::vector<hsize_t>& dims, bool has_time,
                                      const std::vector<hid_t>& scales,
                                      const std::string& long_name, const std::string& units,
                                      hid_t location) {
  std::vector<hsize_t> row = dims;
  std::size_t element_bytes = H5Tget_size(type);
  if (has_time) row.erase(row.begin());
  const std::vector<hsize_t> chunk = netcdf::choose_chunk(row, element_bytes, has_time);
  Handle dataset = netcdf::create_dataset(location < 0 ? root() : location, variable, type, dims,
                                          has_time, chunk, true, partial);
  netcdf::attach_dimensions(dataset.get(), scales, partial);
  h5::write_text_attribute(dataset.get(), "long_name", long_name, partial);
  h5::write_text_attribute(dataset.get(), "units", units, partial);
  return dataset;
}

void RunWriter::Impl::write_variables(const std::vector<hid_t>& scales) {
  enum Scale {
    kTimeScale,
    kRegionScale,
    kStatusScale,
    kBreakdownScale,
    kPlaceScale,
    kFlowKindScale,
    kOriginScale,
    kDestinationScale,
    kMapTimeScale,
    kYScale,
    kXScale
  };
  auto s = [&](Scale which) { return scales[static_cast<std::size_t>(which)]; };
  create_begin_step_variables(false);
  if (map_time.valid()) {
    const auto height = static_cast<hsize_t>(grid.height);
    const auto width = static_cast<hsize_t>(grid.width);
    const std::vector<hid_t> map_scales = {s(kMapTimeScale), s(kYScale), s(kXScale)};
    auto map = [&](std::string_view variable, const std::string& long_name) {
      Handle dataset = data_variable(name(variable), H5T_IEEE_F32LE, {0, height, width}, true,
                                     map_scales, long_name, "1");
      h5::write_text_attribute(dataset.get(), "grid_mapping", name(schema::kCrs), partial);
      return dataset;
    };
    present_people_map = map(schema::kPresentPeopleMap, "people located in the cell");
    displaced_from_people_map = map(schema::kDisplacedFromPeopleMap,
                                    "displaced or evacuated people whose home is in the cell");
    arrivals_people_map =
        map(schema::kArrivalsPeopleMap, "people located in the cell whose home is elsewhere");
  }
  if (layout.duration_bins > 0) {
    const hid_t r = root();
    const auto bins = static_cast<hsize_t>(layout.duration_bins);
    const Handle duration = netcdf::create_dataset(r, name(schema::kDuration), H5T_STD_I32LE,
                                                   {bins}, false, {}, false, partial);
    std::vector<std::int32_t> values(bins);
    for (std::size_t d = 0; d < values.size(); ++d)
      values[d] = static_cast<std::int32_t>(d);
    netcdf::write_all(duration.get(), H5T_NATIVE_INT32, values.data(), partial);
    netcdf::make_dimension(duration.get(), name(schema::kDuration), partial);
    h5::write_text_attribute(duration.get(), "long_name",
                             "displacement episode length in steps (last bin: that many or more)",
                             partial);
    h5::write_text_attribute(duration.get(), "units", "1", partial);
    duration_histogram =
        netcdf::create_dataset(r, name(schema::kDisplacementDurationHouseholds), H5T_IEEE_F64LE,
                               {bins}, false, {bins}, true, partial);
    netcdf::attach_dimensions(duration_histogram.get(), {duration.get()}, partial);
    h5::write_text_attribute(duration_histogram.get(), "long_name",
                             "households by displacement episode length (completed and ongoing)",
                             partial);
    h5::write_text_attribute(duration_histogram.get(), "units", "1", partial);
    const std::vector<double> zeros(bins, 0.0);
    netcdf::write_all(duration_histogram.get(), H5T_NATIVE_DOUBLE, zeros.data(), partial);
  }
  write_admin_levels(s(kTimeScale), s(kStatusScale), s(kBreakdownScale));
}

void RunWriter::Impl::write_admin_levels(hid_t time_scale, hid_t status_scale,
                                         hid_t breakdown_scale) {
  const Handle strings = h5::make_vlen_string_type(partial);
  const Handle group_creation = netcdf::make_group_creation_plist(partial);
  for (const engine::AdminLevelLayout& level : layout.admin_levels) {
    const std::string group_name = schema::admin_level_group(level.level);
    const Handle group = h5::checked(
        H5Gcreate2(root(), group_name.c_str(), H5P_DEFAULT, group_creation.get(), H5P_DEFAULT),
        H5Gclose, partial, "creating group '" + group_name + "'");
    const hid_t g = group.get();
    h5::write_int_attribute(g, name(schema::kAdminLevelAttribute), level.level, partial);
    h5::write_text_attribute(g, name(schema::kAdminLayerAttribute), level.layer, partial);
    auto coordinate = [&](std::string_view dim, std::string_view label,
                          const std::vector<std::string>& codes,
                          const std::vector<std::string>& names, const std::string& long_name) {
      Handle dataset = netcdf::create_dataset(g, name(dim), strings.get(), {codes.size()}, false,
                                              {}, false, partial);
      netcdf::write_strings(dataset.get(), codes, partial);
      netcdf::make_dimension(dataset.get(), name(dim), partial);
      h5::write_text_attribute(dataset.get(), "long_name", long_name + " code", partial);
      h5::write_text_attribute(dataset.get(), "units", "1", partial);
      const Handle names_dataset = netcdf::create_dataset(
          g, name(label), strings.get(), {names.size()}, false, {}, false, partial);
      netcdf::write_strings(names_dataset.get(), names, partial);
      netcdf::attach_dimensions(names_dataset.get(), {dataset.get()}, partial);
      h5::write_text_attribute(names_dataset.get(), "long_name", long_name + " name", partial);
      h5::write_text_attribute(names_dataset.get(), "units", "1", partial);
      return dataset;
    };
    std::vector<std::string> current_codes = level.unit_codes;
    current_codes.insert(current_codes.end(), layout.external_names.begin(),
                         layout.external_names.end());
    std::vector<std::string> current_names = level.unit_names;
    current_names.insert(current_names.end(), layout.external_names.begin(),
                         layout.external_names.end());
    const std::string what = "admin " + std::to_string(level.level) + " unit";
    const Handle unit = coordinate(schema::kUnit, schema::kUnitName, level.unit_codes,
                                   level.unit_names, what + " (of origin: the home's)");
    const Handle current =
        coordinate(schema::kCurrent, schema::kCurrentName, current_codes, current_names,
                   "place now: " + what + ", or external destination");
    const auto units = static_cast<hsize_t>(level.unit_codes.size());
    const auto currents = static_cast<hsize_t>(current_codes.size());
    const hid_t f64 = H5T_IEEE_F64LE;
    const std::vector<hsize_t> by_status = {0, units, engine::kStatusCount,
                                            engine::kBreakdownCount};
    const std::vector<hid_t> status_scales = {time_scale, unit.get(), status_scale,
                                              breakdown_scale};
    const std::vector<hsize_t> by_place = {0, units, currents, engine::kBreakdownCount};
    const std::vector<hid_t> place_scales = {time_scale, unit.get(), current.get(),
                                             breakdown_scale};
    LevelVariables variables;
    variables.households =
        data_variable(name(schema::kHouseholds), f64, by_status, true, status_scales,
                      "households by home " + what + ", status and breakdown", "1", g);
    variables.people = data_variable(name(schema::kPeople), f64, by_status, true, status_scales,
                                     "people by home " + what + ", status and breakdown", "1", g);
    variables.displaced_households = data_variable(
        name(schema::kDisplacedHouseholds), f64, by_place, true, place_scales,
        "displaced or evacuated households by " + what + " of origin and place now", "1", g);
    variables.displaced_people = data_variable(
        name(schema::kDisplacedPeople), f64, by_place, true, place_scales,
        "displaced or evacuated people by " + what + " of origin and place now", "1", g);
    levels.push_back(std::move(variables));
  }
}

void RunWriter::begin(const engine::RunLayout& layout) {
  Impl& m = *impl_;
  const std::string where = m.path.string() + ": ";
  if (m.begun) throw Error(where + "begin() called twice");
  if (layout.region_count < 1 || layout.external_count < 0) {
    throw Error(where + "a run needs at least one region");
  }
  if (layout.region_codes.size() != static_cast<std::size_t>(layout.region_count) ||
      layout.region_names.size() != static_cast<std::size_t>(layout.region_count) ||
      layout.external_names.size() != static_cast<std::size_t>(layout.external_count)) {
    throw Error(where + "region/external names do not match the layout's counts");
  }
  if (layout.width != m.grid.width || layout.height != m.grid.height) {
    throw Error(where + "layout grid " + std::to_string(layout.width) + "x" +
                std::to_string(layout.height) + " differs from the run grid " +
                std::to_string(m.grid.width) + "x" + std::to_string(m.grid.height));
  }
  for (std::size_t l = 0; l < layout.admin_levels.size(); ++l) {
    const engine::AdminLevelLayout& level = layout.admin_levels[l];
    if (level.unit_codes.empty() || level.unit_names.size() != level.unit_codes.size()) {
      throw Error(where + "admin level " + std::to_string(level.level) +
                  " has no units, or unit names that do not match its codes");
    }
    for (std::size_t j = 0; j < l; ++j) {
      if (layout.admin_levels[j].level == level.level) {
        throw Error(where + "admin level " + std::to_string(level.level) + " given twice");
      }
    }
  }
  if (layout.step_count != static_cast<int>(m.step_dates.size())) {
    throw Error(where + "layout has " + std::to_string(layout.step_count) + " steps but " +
                std::to_string(m.step_dates.size()) + " step dates were given");
  }
  m.layout = layout;
  const hid_t r = m.root();
  if (m.options.resume_steps >= 0) {
    m.open_for_resume();
    m.begun = true;
    return;
  }
  h5::write_double_attribute(r, "step_length_years", layout.step_length_years, m.partial);
  h5::write_int_attribute(r, "step_count", layout.step_count, m.partial);
  h5::write_int64_attribute(r, "households_simulated", layout.households_simulated, m.partial);
  h5::write_double_attribute(r, "households_per_agent", layout.households_per_agent, m.partial);
  h5::write_int_attribute(r, "map_every_steps", layout.map_every_steps, m.partial);
  std::vector<hid_t> scales;
  std::vector<Handle> owned;
  m.write_coordinates(scales, owned);
  m.write_variables(scales);
  if (!layout.shelter_names.empty()) m.write_shelter_variables();
  m.flush();
  m.begun = true;
}

void RunWriter::Impl::open_for_resume() {
  const hid_t r = root();
  auto open = [&](std::string_view variable) {
    return h5::has_link(r, name(variable)) ? h5::open_dataset(r, name(variable), partial)
                                           : Handle();
  };
  time = open(schema::kTime);
  map_time = open(schema::kMapTime);
  for (const engine::StepOutput& output : engine::kStepOutputs) {
    step_variables[index_of(output)] = open(output.name);
  }
  present_people_map = open(schema::kPresentPeopleMap);
  displaced_from_people_map = open(schema::kDisplacedFromPeopleMap);
  arrivals_people_map = open(schema::kArrivalsPeopleMap);
  duration_histogram = open(schema::kDisplacementDurationHouseholds);
  for (const engine::AdminLevelLayout& level : layout.admin_levels) {
    const std::string group = schema::admin_level_group(level.level) + "/";
    LevelVariables variables;
    variables.households = open(group + name(schema::kHouseholds));
    variables.people = open(group + name(schema::kPeople));
    variables.displaced_households = open(group + name(schema::kDisplacedHouseholds));
    variables.displaced_people = open(group + name(schema::kDisplacedPeople));
    if (!variables.households.valid() || !variables.displaced_people.valid()) {
      throw InputError(partial.string() + ": not a run file of this scenario (no group '" +
                       schema::admin_level_group(level.level) + "')");
    }
    levels.push_back(std::move(variables));
  }
  bool same_variables = time.valid();
  for (const engine::StepOutput& output : engine::kStepOutputs) {  // those begin() creates
    if (output.creation == engine::StepOutputCreation::at_begin &&
        step_variables[index_of(output)].valid() != condition_met(output.condition)) {
      same_variables = false;
    }
  }
  if (!same_variables) {
    throw InputError(partial.string() + ": not a run file of this scenario (variables differ)");
  }
  steps_written = h5::dataset_shape(time.get(), partial).front();
  if (steps_written != static_cast<hsize_t>(options.resume_steps)) {
    throw InputError(partial.string() + ": holds " + std::to_string(steps_written) +
                     " steps, the checkpoint " + std::to_string(options.resume_steps));
  }
  if (map_time.valid()) {
    const auto days = h5::read_doubles(map_time.get(), partial);
    maps_written = days.size();
    if (!days.empty()) {
      const auto found = std::find(step_days.begin(), step_days.end(), days.back());
      if (found == step_days.end()) throw InputError(partial.string() + ": unknown map date");
      last_map_step = static_cast<int>(found - step_days.begin());
    }
  }
  h5::write_text_attribute(r, "resumed_utc", utc_now_iso8601(), partial);
}

Handle RunWriter::Impl::label_dimension(std::string_view dimension,
                                        const std::vector<std::string>& labels,
                                        const std::string& long_name) {
  const Handle strings = h5::make_vlen_string_type(partial);
  Handle axis = netcdf::create_dataset(root(), name(dimension), strings.get(), {labels.size()},
                                       false, {}, false, partial);
  netcdf::write_strings(axis.get(), labels, partial);
  netcdf::make_dimension(axis.get(), name(dimension), partial);
  h5::write_text_attribute(axis.get(), "long_name", long_name, partial);
  h5::write_text_attribute(axis.get(), "units", "1", partial);
  return axis;
}

bool RunWriter::Impl::condition_met(engine::StepOutputCondition condition) const {
  switch (condition) {
    case engine::StepOutputCondition::always:
      return true;
    case engine::StepOutputCondition::with_flows:
      return options.record_flows;
    case engine::StepOutputCondition::with_shelters:
      return !layout.shelter_names.empty();
    case engine::StepOutputCondition::with_hazards:
      return !layout.hazard_names.empty();
  }
  return false;
}

hsize_t RunWriter::Impl::axis_size(engine::StepAxis axis) const {
  switch (axis) {
    case engine::StepAxis::region:
      return static_cast<hsize_t>(layout.region_count);
    case engine::StepAxis::status:
      return engine::kStatusCount;
    case engine::StepAxis::breakdown:
      return engine::kBreakdownCount;
    case engine::StepAxis::place:
    case engine::StepAxis::origin:
    case engine::StepAxis::destination:
      return static_cast<hsize_t>(layout.place_count());
    case engine::StepAxis::flow_kind:
      return engine::kFlowKindCount;
    case engine::StepAxis::displacement_cause:
      return engine::kDisplacementCauseCount;
    case engine::StepAxis::hazard:
      return layout.hazard_names.size();
    case engine::StepAxis::shelter:
      return layout.shelter_names.size();
  }
  return 0;
}

Handle RunWriter::Impl::axis_scale(engine::StepAxis axis) {
  const std::string dimension = name(schema::step_axis_name(axis));
  if (!h5::has_link(root(), dimension)) {
    if (axis == engine::StepAxis::displacement_cause) {
      return label_dimension(schema::kDisplacementCause, labels(engine::kDisplacementCauseNames),
                             "why people left home (each departure counted once)");
    }
    if (axis == engine::StepAxis::hazard) {
      return label_dimension(schema::kHazard, layout.hazard_names,
                             "hazard kind (the scenario's hazard layers)");
    }
  }
  return h5::open_dataset(root(), dimension, partial);
}

Handle RunWriter::Impl::create_step_variable(const engine::StepOutput& output) {
  std::vector<hsize_t> dims = {0};
  std::vector<Handle> axes;
  std::vector<hid_t> scales = {time.get()};
  for (std::size_t a = 0; a < output.axis_count; ++a) {
    dims.push_back(axis_size(output.axes[a]));
    axes.push_back(axis_scale(output.axes[a]));
    scales.push_back(axes.back().get());
  }
  return data_variable(name(output.name), H5T_IEEE_F64LE, dims, true, scales,
                       name(output.long_name), name(output.units));
}

void RunWriter::Impl::create_begin_step_variables(bool shelter_outputs) {
  for (const engine::StepOutput& output : engine::kStepOutputs) {
    if (output.creation == engine::StepOutputCreation::at_begin &&
        (output.condition == engine::StepOutputCondition::with_shelters) == shelter_outputs &&
        condition_met(output.condition)) {
      step_variables[index_of(output)] = create_step_variable(output);
    }
  }
}

void RunWriter::Impl::create_first_step_variables(const engine::StepRecord& first) {
  engine::for_each_step_output(
      first, [&](const engine::StepOutput& output, const std::vector<double>& values) {
        Handle& variable = step_variables[index_of(output)];
        if (output.creation == engine::StepOutputCreation::at_first_step && !variable.valid() &&
            condition_met(output.condition) && !values.empty()) {
          variable = create_step_variable(output);
        }
      });
}

void RunWriter::Impl::write_shelter_variables() {
  const hid_t r = root();
  const std::vector<std::string>& names = layout.shelter_names;
  const auto sites = static_cast<hsize_t>(names.size());
  if (layout.shelter_capacity_households.size() != names.size()) {
    throw Error(path.string() + ": " + std::to_string(names.size()) + " shelter names but " +
                std::to_string(layout.shelter_capacity_households.size()) + " capacities");
  }
  const Handle shelter = label_dimension(schema::kShelter, names, "shelter site name");
  const Handle capacity =
      netcdf::create_dataset(r, name(schema::kShelterCapacityHouseholds), H5T_IEEE_F64LE, {sites},
                             false, {sites}, true, partial);
  netcdf::attach_dimensions(capacity.get(), {shelter.get()}, partial);
  h5::write_text_attribute(capacity.get(), "long_name", "households the shelter site holds at most",
                           partial);
  h5::write_text_attribute(capacity.get(), "units", "1", partial);
  netcdf::write_all(capacity.get(), H5T_NATIVE_DOUBLE, layout.shelter_capacity_households.data(),
                    partial);
  create_begin_step_variables(true);
}

void RunWriter::Impl::write_step_row(const Handle& dataset, const std::vector<double>& values,
                                     std::size_t expected, std::string_view variable, int step) {
  if (values.size() != expected) {
    throw Error(path.string() + ": step " + std::to_string(step) + ": " + std::string(variable) +
                " has " + std::to_string(values.size()) + " values, expected " +
                std::to_string(expected));
  }
  netcdf::write_row(dataset.get(), steps_written, H5T_NATIVE_DOUBLE, values.data(), partial);
}

void RunWriter::Impl::write_step_outputs(const engine::StepRecord& record) {
  bool first_step_variables_created = steps_written != 0;
  engine::for_each_step_output(
      record, [&](const engine::StepOutput& output, const std::vector<double>& values) {
        const bool first_step = output.creation == engine::StepOutputCreation::at_first_step;
        if (first_step && !first_step_variables_created) {
          create_first_step_variables(record);
          first_step_variables_created = true;
        }
        const Handle& variable = step_variables[index_of(output)];
        if (variable.valid()) {
          std::size_t expected = 1;
          for (std::size_t a = 0; a < output.axis_count; ++a)
            expected *= static_cast<std::size_t>(axis_size(output.axes[a]));
          write_step_row(variable, values, expected, output.name, record.step);
        } else if (first_step && condition_met(output.condition) && !values.empty()) {
          throw Error(path.string() + ": step " + std::to_string(record.step) + ": " +
                      name(output.name) + " appears after the first step");
        }
      });
}

void RunWriter::record_step(const engine::StepRecord& record) {
  Impl& m = *impl_;
  const std::string where = m.path.string() + ": ";
  if (!m.begun || m.completed) throw Error(where + "record_step() outside begin()..end()");
  if (record.step != static_cast<int>(m.steps_written)) {
    throw Error(where + "step " + std::to_string(record.step) +
                " recorded out of order (expected " + std::to_string(m.steps_written) + ")");
  }
  if (record.step >= m.layout.step_count) {
    throw Error(where + "step " + std::to_string(record.step) + " is past the last step");
  }
  m.write_step_outputs(record);
  if (record.admin_levels.size() != m.levels.size()) {
    throw Error(where + "step " + std::to_string(record.step) + ": " +
                std::to_string(record.admin_levels.size()) + " admin levels recorded, expected " +
                std::to_string(m.levels.size()));
  }
  for (std::size_t l = 0; l < m.levels.size(); ++l) {
    const engine::AdminLevelLayout& axes = m.layout.admin_levels[l];
    const engine::AdminLevelRecord& level = record.admin_levels[l];
    const auto units = static_cast<std::size_t>(axes.unit_count());
    const std::size_t by_unit_status = units * engine::kStatusCount * engine::kBreakdownCount;
    const std::size_t by_place = units *
                                 (units + static_cast<std::size_t>(m.layout.external_count)) *
                                 engine::kBreakdownCount;
    const std::string group = schema::admin_level_group(axes.level) + "/";
    m.write_step_row(m.levels[l].households, level.households, by_unit_status,
                     group + name(schema::kHouseholds), record.step);
    m.write_step_row(m.levels[l].people, level.people, by_unit_status,
                     group + name(schema::kPeople), record.step);
    m.write_step_row(m.levels[l].displaced_households, level.displaced_households, by_place,
                     group + name(schema::kDisplacedHouseholds), record.step);
    m.write_step_row(m.levels[l].displaced_people, level.displaced_people, by_place,
                     group + name(schema::kDisplacedPeople), record.step);
  }
  // The coordinate last: a reader of a crashed file sees only whole steps.
  const double day = m.step_days[static_cast<std::size_t>(record.step)];
  netcdf::write_row(m.time.get(), m.steps_written, H5T_NATIVE_DOUBLE, &day, m.partial);
  ++m.steps_written;
  m.flush();
}

void RunWriter::record_map(const engine::MapRecord& record) {
  Impl& m = *impl_;
  const std::string where = m.path.string() + ": ";
  if (!m.begun || m.completed) throw Error(where + "record_map() outside begin()..end()");
  if (!m.map_time.valid()) throw Error(where + "maps recorded for a run without a grid");
  if (record.step < 0 || record.step >= m.layout.step_count || record.step <= m.last_map_step) {
    throw Error(where + "map for step " + std::to_string(record.step) +
                " is out of range or out of order");
  }
  const auto cells =
      static_cast<std::size_t>(m.grid.width) * static_cast<std::size_t>(m.grid.height);
  auto write = [&](const Handle& dataset, const std::vector<float>& values,
                   std::string_view variable) {
    if (values.size() != cells) {
      throw Error(where + "map for step " + std::to_string(record.step) + ": " +
                  std::string(variable) + " has " + std::to_string(values.size()) +
                  " cells, expected " + std::to_string(cells));
    }
    netcdf::write_row(dataset.get(), m.maps_written, H5T_NATIVE_FLOAT, values.data(), m.partial);
  };
  write(m.present_people_map, record.present_people, schema::kPresentPeopleMap);
  write(m.displaced_from_people_map, record.displaced_from_people, schema::kDisplacedFromPeopleMap);
  write(m.arrivals_people_map, record.arrivals_people, schema::kArrivalsPeopleMap);
  const double day = m.step_days[static_cast<std::size_t>(record.step)];
  netcdf::write_row(m.map_time.get(), m.maps_written, H5T_NATIVE_DOUBLE, &day, m.partial);
  ++m.maps_written;
  m.last_map_step = record.step;
  m.flush();
}

void RunWriter::end(const engine::RunSummary& summary) {
  Impl& m = *impl_;
  const std::string where = m.path.string() + ": ";
  if (!m.begun || m.completed) throw Error(where + "end() without begin(), or called twice");
  const std::vector<double>& histogram = summary.displacement_duration_households;
  if (m.duration_histogram.valid() && !histogram.empty()) {
    if (histogram.size() != static_cast<std::size_t>(m.layout.duration_bins)) {
      throw Error(where + "duration histogram has " + std::to_string(histogram.size()) +
                  " bins, expected " + std::to_string(m.layout.duration_bins));
    }
    netcdf::write_all(m.duration_histogram.get(), H5T_NATIVE_DOUBLE, histogram.data(), m.partial);
  }
  const hid_t r = m.root();
  h5::write_text_attribute(r, "ended_utc", utc_now_iso8601(), m.partial);
  h5::write_double_attribute(r, "wall_seconds", summary.wall_seconds, m.partial);
  h5::write_int_attribute(r, "steps_recorded", static_cast<std::int32_t>(m.steps_written),
                          m.partial);
  h5::write_int_attribute(r, name(schema::kCompleteAttribute), 1, m.partial);
  m.flush();
  if (!m.close_all()) h5::fail(m.partial, "closing the run file");
  seal_run_file(m.partial);  // last: any later change to the file is refused by readers
  std::error_code error;
  std::filesystem::rename(m.partial, m.path, error);
  if (error) {
    throw Error(m.partial.string() + ": cannot rename to '" + m.path.string() +
                "': " + error.message());
  }
  m.completed = true;
}

}  // namespace displace::output
