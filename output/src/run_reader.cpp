#include "displace/output/run_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "displace/common/civil_date.hpp"
#include "displace/common/error.hpp"
#include "displace/output/schema.hpp"
#include "hdf5_support.hpp"
#include "run_file_seal.hpp"

namespace displace::output {

namespace {

namespace fs = std::filesystem;
using h5::Handle;

std::string name(std::string_view text) {
  return std::string(text);
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

herr_t collect_link(hid_t /*group*/, const char* link, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(link);
  return 0;
}

/// True when `link` under `location` is a group (the groups of admin levels), not a dataset.
bool is_group(hid_t location, const std::string& link) {
  const hid_t object = H5Oopen(location, link.c_str(), H5P_DEFAULT);
  if (object < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  const bool group = H5Iget_type(object) == H5I_GROUP;
  H5Oclose(object);
  return group;
}

}  // namespace

std::size_t VariableData::index_of(const std::vector<std::size_t>& position) const {
  std::size_t index = 0;
  for (std::size_t d = 0; d < shape.size(); ++d)
    index = index * shape[d] + position[d];
  return index;
}

/// Rethrows the exception in flight: an InputError as is, any other failure (HDF5 could not read
/// a dataset, a checksum did not match) as an InputError naming the file: a damaged input, not
/// an internal error.
[[noreturn]] void rethrow_as_damaged(const std::string& shown) {
  try {
    throw;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) {
    throw InputError(shown + ": damaged or unreadable run file: " + error.what());
  }
}

struct RunReader::Impl {
  fs::path path;
  Handle file;
  RunFileLayout layout;
  Provenance provenance;
  std::string ended_utc;
  std::vector<std::string> variables;
  std::vector<std::string> level_groups;  ///< groups named admin_<level>

  std::vector<std::string> strings(std::string_view variable) const {
    const Handle dataset = h5::open_dataset(file.get(), name(variable), path);
    return h5::read_strings(dataset.get(), path);
  }
  std::string text(std::string_view attribute) const {
    return h5::read_text_attribute(file.get(), name(attribute), path).value_or("");
  }
  void read_layout();
  void read_provenance();
  std::vector<std::string> dates_of(std::string_view coordinate) const;
};

std::vector<std::string> RunReader::Impl::dates_of(std::string_view coordinate) const {
  const Handle dataset = h5::open_dataset(file.get(), name(coordinate), path);
  const std::string units = h5::read_text_attribute(dataset.get(), "units", path).value_or("");
  constexpr std::string_view kPrefix = "days since ";
  const auto start = units.rfind(kPrefix, 0) == 0
                         ? parse_civil_date(std::string_view(units).substr(kPrefix.size(), 10))
                         : std::nullopt;
  if (!start) {
    throw InputError(path.string() + ": variable '" + name(coordinate) + "' has units '" + units +
                     "', expected 'days since YYYY-MM-DD'");
  }
  std::vector<std::string> dates;
  for (const double days : h5::read_doubles(dataset.get(), path)) {
    dates.push_back(
        format_civil_date(date_from_days(days_since_epoch(*start) + std::llround(days))));
  }
  return dates;
}

void RunReader::Impl::read_layout() {
  const hid_t r = file.get();
  layout.region_codes = strings(schema::kRegion);
  layout.region_names = strings(schema::kRegionName);
  layout.place_ids = strings(schema::kPlace);
  layout.place_names = strings(schema::kPlaceName);
  layout.step_dates = dates_of(schema::kTime);
  layout.step_length_years = h5::read_number_attribute(r, "step_length_years", path).value_or(0);
  layout.has_flows = h5::has_link(r, name(schema::kFlows));
  layout.has_flows_people = h5::has_link(r, name(schema::kFlowsPeople));
  layout.has_displacements_people = h5::has_link(r, name(schema::kDisplacementsPeople));
  if (h5::has_link(r, name(schema::kDisplacementCause))) {
    layout.displacement_causes = strings(schema::kDisplacementCause);
  }
  if (h5::has_link(r, name(schema::kUninhabitablePeopleByHazard))) {
    layout.hazard_names = strings(schema::kHazard);
  }
  if (h5::has_link(r, name(schema::kShelter))) {
    layout.shelter_names = strings(schema::kShelter);
    const Handle capacity = h5::open_dataset(r, name(schema::kShelterCapacityHouseholds), path);
    layout.shelter_capacity_households = h5::read_doubles(capacity.get(), path);
  }
  layout.has_protected = h5::has_link(r, name(schema::kProtectedHouseholds));
  if (h5::has_link(r, name(schema::kDuration))) {
    const Handle duration = h5::open_dataset(r, name(schema::kDuration), path);
    layout.duration_bins = static_cast<int>(h5::dataset_shape(duration.get(), path).at(0));
  }
  if (h5::has_link(r, name(schema::kMapTime))) {
    layout.map_dates = dates_of(schema::kMapTime);
    for (const std::string& date : layout.map_dates) {
      const auto found = std::find(layout.step_dates.begin(), layout.step_dates.end(), date);
      layout.map_steps.push_back(found == layout.step_dates.end()
                                     ? -1
                                     : static_cast<int>(found - layout.step_dates.begin()));
    }
    const Handle y = h5::open_dataset(r, name(schema::kY), path);
    const Handle x = h5::open_dataset(r, name(schema::kX), path);
    layout.grid.height = static_cast<int>(h5::dataset_shape(y.get(), path).at(0));
    layout.grid.width = static_cast<int>(h5::dataset_shape(x.get(), path).at(0));
  } else {
    layout.grid.width = 0;
    layout.grid.height = 0;
  }
  for (const std::string& group_name : level_groups) {
    const Handle group = h5::checked(H5Gopen2(r, group_name.c_str(), H5P_DEFAULT), H5Gclose, path,
                                     "opening group '" + group_name + "'");
    AdminLevelAxes axes;
    axes.group = group_name;
    axes.level = static_cast<int>(
        h5::read_number_attribute(group.get(), name(schema::kAdminLevelAttribute), path)
            .value_or(-1));
    axes.layer =
        h5::read_text_attribute(group.get(), name(schema::kAdminLayerAttribute), path).value_or("");
    const std::string prefix = group_name + "/";
    axes.unit_codes = strings(prefix + name(schema::kUnit));
    axes.unit_names = strings(prefix + name(schema::kUnitName));
    axes.current_ids = strings(prefix + name(schema::kCurrent));
    axes.current_names = strings(prefix + name(schema::kCurrentName));
    layout.admin_levels.push_back(std::move(axes));
  }
  std::sort(layout.admin_levels.begin(), layout.admin_levels.end(),
            [](const AdminLevelAxes& a, const AdminLevelAxes& b) { return a.level < b.level; });
  const Handle crs = h5::open_dataset(r, name(schema::kCrs), path);
  layout.grid.crs_wkt = h5::read_text_attribute(crs.get(), "crs_wkt", path).value_or("");
  layout.grid.geographic =
      h5::read_text_attribute(crs.get(), "grid_mapping_name", path).value_or("") ==
      "latitude_longitude";
  std::istringstream transform(
      h5::read_text_attribute(crs.get(), "GeoTransform", path).value_or(""));
  for (double& value : layout.grid.geotransform)
    transform >> value;
}

RunReader::RunReader(std::filesystem::path path) : impl_(std::make_unique<Impl>()) {
  h5::silence_error_printing();
  Impl& m = *impl_;
  m.path = std::move(path);
  const std::string shown = m.path.string();
  if (ends_with(shown, schema::kPartialSuffix)) {
    throw InputError(shown + ": is an unfinished run (still being written, or interrupted)");
  }
  std::error_code error;
  if (!fs::is_regular_file(m.path, error)) {
    fs::path partial = m.path;
    partial += std::string(schema::kPartialSuffix);
    if (fs::exists(partial, error)) {
      throw InputError(shown + ": does not exist; '" + partial.string() +
                       "' is an unfinished run (still being written, or interrupted)");
    }
    throw InputError(shown + ": run file does not exist");
  }
  // Before HDF5 reads a byte: HDF5 can crash on a corrupt file, the checksum cannot.
  check_run_file_seal(m.path);
  if (H5Fis_hdf5(m.path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(shown + ": not a displace run file (not HDF5)");
  }
  const hid_t file = H5Fopen(m.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    throw InputError(shown + ": cannot open the run file: " + h5::error_stack_message());
  }
  m.file = Handle(file, H5Fclose);
  const auto version =
      h5::read_number_attribute(file, name(schema::kFormatVersionAttribute), m.path);
  if (!version) {
    throw InputError(shown + ": not a displace run file (no '" +
                     name(schema::kFormatVersionAttribute) + "' attribute)");
  }
  if (*version > schema::kFormatVersion) {
    throw InputError(shown + ": run file format " + std::to_string(static_cast<int>(*version)) +
                     " is newer than this displace understands (" +
                     std::to_string(schema::kFormatVersion) + ")");
  }
  if (h5::read_number_attribute(file, name(schema::kCompleteAttribute), m.path).value_or(0) != 1) {
    throw InputError(shown + ": incomplete run (no completion mark): the run did not finish");
  }
  std::vector<std::string> links;
  if (H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_link, &links) < 0) {
    throw InputError(shown + ": damaged or unreadable run file: cannot list its variables: " +
                     h5::error_stack_message());
  }
  for (const std::string& link : links) {
    if (!is_group(file, link)) {
      m.variables.push_back(link);
      continue;
    }
    if (link.rfind(schema::kAdminLevelGroupPrefix, 0) != 0) continue;
    m.level_groups.push_back(link);
    std::vector<std::string> inside;
    const Handle group = h5::checked(H5Gopen2(file, link.c_str(), H5P_DEFAULT), H5Gclose, m.path,
                                     "opening group '" + link + "'");
    if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_link, &inside) < 0) {
      throw InputError(shown + ": damaged or unreadable run file: cannot list the variables of '" +
                       link + "': " + h5::error_stack_message());
    }
    for (const std::string& variable : inside)
      m.variables.push_back(link + "/" + variable);
  }
  std::sort(m.variables.begin(), m.variables.end());
  // Every run has these; a root group that lists fewer is damaged, not an older engine's run.
  for (const std::string_view required :
       {schema::kTime, schema::kRegion, schema::kPlace, schema::kHouseholds, schema::kPeople}) {
    if (!std::binary_search(m.variables.begin(), m.variables.end(), name(required))) {
      throw InputError(shown + ": damaged or unreadable run file: no variable '" + name(required) +
                       "', which every run has");
    }
  }
  try {
    m.read_layout();
  } catch (...) {
    rethrow_as_damaged(shown);
  }
  try {
    m.read_provenance();
  } catch (...) {
    rethrow_as_damaged(shown);
  }
}

void RunReader::Impl::read_provenance() {
  Impl& m = *this;
  const hid_t root = m.file.get();
  Provenance& p = m.provenance;
  p.scenario_name = m.text(schema::kScenarioNameAttribute);
  p.scenario_yaml = m.text(schema::kScenarioYamlAttribute);
  p.seed = h5::read_uint64_attribute(root, name(schema::kSeedAttribute), m.path).value_or(0);
  p.engine_version = m.text(schema::kEngineVersionAttribute);
  p.git_revision = m.text(schema::kGitRevisionAttribute);
  p.threads = static_cast<int>(
      h5::read_number_attribute(root, name(schema::kThreadsAttribute), m.path).value_or(1));
  p.ranks = static_cast<int>(
      h5::read_number_attribute(root, name(schema::kRanksAttribute), m.path).value_or(1));
  p.started_utc = m.text(schema::kStartedUtcAttribute);
  std::istringstream digests(m.text(schema::kInputSha256Attribute));
  for (std::string line; std::getline(digests, line);) {
    const auto gap = line.find("  ");
    if (gap == std::string::npos) continue;
    p.input_sha256.emplace_back(line.substr(gap + 2), line.substr(0, gap));
  }
  m.ended_utc = m.text("ended_utc");
}

RunReader::~RunReader() = default;
RunReader::RunReader(RunReader&&) noexcept = default;
RunReader& RunReader::operator=(RunReader&&) noexcept = default;

const std::filesystem::path& RunReader::path() const {
  return impl_->path;
}
const RunFileLayout& RunReader::layout() const {
  return impl_->layout;
}
const Provenance& RunReader::provenance() const {
  return impl_->provenance;
}
std::string RunReader::ended_utc() const {
  return impl_->ended_utc;
}
std::vector<std::string> RunReader::variable_names() const {
  return impl_->variables;
}

bool RunReader::has_variable(std::string_view variable) const {
  return std::binary_search(impl_->variables.begin(), impl_->variables.end(), name(variable));
}

VariableData RunReader::read(std::string_view variable) const {
  const Impl& m = *impl_;
  auto read_variable = [&]() {
    if (!has_variable(variable)) {
      std::string available;
      for (const std::string& v : m.variables)
        available += (available.empty() ? "" : ", ") + v;
      throw InputError(m.path.string() + ": no variable '" + name(variable) +
                       "' (available: " + available + ")");
    }
    const Handle dataset = h5::open_dataset(m.file.get(), name(variable), m.path);
    VariableData data;
    data.name = name(variable);
    for (const hsize_t extent : h5::dataset_shape(dataset.get(), m.path)) {
      data.shape.push_back(static_cast<std::size_t>(extent));
    }
    data.dimensions = h5::dimension_names(dataset.get(), m.path);
    const Handle type = h5::checked(H5Dget_type(dataset.get()), H5Tclose, m.path, "reading a type");
    const H5T_class_t type_class = H5Tget_class(type.get());
    if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) {
      throw InputError(m.path.string() + ": variable '" + data.name + "' is not numeric");
    }
    data.values = h5::read_doubles(dataset.get(), m.path);
    data.units = h5::read_text_attribute(dataset.get(), "units", m.path).value_or("");
    data.long_name = h5::read_text_attribute(dataset.get(), "long_name", m.path).value_or("");
    return data;
  };
  try {
    return read_variable();
  } catch (...) {
    rethrow_as_damaged(m.path.string());
  }
}

std::vector<std::string> RunReader::read_strings(std::string_view variable) const {
  if (!has_variable(variable)) {
    throw InputError(impl_->path.string() + ": no variable '" + name(variable) + "'");
  }
  try {
    return impl_->strings(variable);
  } catch (...) {
    rethrow_as_damaged(impl_->path.string() + " (variable '" + name(variable) + "')");
  }
}

std::optional<std::string> RunReader::text_attribute(std::string_view attribute) const {
  return h5::read_text_attribute(impl_->file.get(), name(attribute), impl_->path);
}

std::optional<double> RunReader::number_attribute(std::string_view attribute) const {
  return h5::read_number_attribute(impl_->file.get(), name(attribute), impl_->path);
}

}  // namespace displace::output
