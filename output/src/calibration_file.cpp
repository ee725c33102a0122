#include "displace/output/calibration_file.hpp"

#include <hdf5.h>

#include <system_error>

#include "displace/common/error.hpp"
#include "displace/output/partial_file.hpp"
#include "hdf5_support.hpp"
#include "netcdf_layout.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using h5::Handle;

constexpr int kCalibrationFormat = 1;
constexpr const char* kMarker = "displace_calibration_format";

void require_size(std::size_t size, std::size_t expected, const char* what) {
  if (size != expected) {
    throw Error(std::string("calibration results: '") + what + "' has " + std::to_string(size) +
                " values, expected " + std::to_string(expected));
  }
}

class Writer {
 public:
  Writer(hid_t root, const fs::path& file) : root_(root), file_(file) {}

  hid_t dimension(const std::string& name, std::size_t size, const std::string& long_name) {
    Handle dataset =
        netcdf::create_dataset(root_, name, H5T_STD_I32LE, {size}, false, {}, false, file_);
    std::vector<std::int32_t> index(size);
    for (std::size_t i = 0; i < size; ++i)
      index[i] = static_cast<std::int32_t>(i);
    if (size > 0) netcdf::write_all(dataset.get(), H5T_NATIVE_INT32, index.data(), file_);
    netcdf::make_dimension(dataset.get(), name, file_);
    h5::write_text_attribute(dataset.get(), "long_name", long_name, file_);
    const hid_t id = dataset.get();
    owned_.push_back(std::move(dataset));
    return id;
  }

  void strings(const std::string& name, hid_t scale, const std::vector<std::string>& values,
               const std::string& long_name) {
    const Handle type = h5::make_vlen_string_type(file_);
    const Handle dataset =
        netcdf::create_dataset(root_, name, type.get(), {values.size()}, false, {}, false, file_);
    netcdf::write_strings(dataset.get(), values, file_);
    netcdf::attach_dimensions(dataset.get(), {scale}, file_);
    h5::write_text_attribute(dataset.get(), "long_name", long_name, file_);
  }

  template <class T>
  void numbers(const std::string& name, const std::vector<hid_t>& scales,
               const std::vector<hsize_t>& dims, const std::vector<T>& values,
               const std::string& long_name, const std::string& units = "1") {
    hid_t file_type = H5T_IEEE_F64LE;
    hid_t memory_type = H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<T, std::int32_t>) {
      file_type = H5T_STD_I32LE;
      memory_type = H5T_NATIVE_INT32;
    } else if constexpr (std::is_same_v<T, std::uint8_t>) {
      file_type = H5T_STD_U8LE;
      memory_type = H5T_NATIVE_UINT8;
    }
    std::size_t count = 1;
    for (const hsize_t d : dims)
      count *= static_cast<std::size_t>(d);
    require_size(values.size(), count, name.c_str());
    const bool chunked = count > 4096;
    std::vector<hsize_t> chunk;
    if (chunked) {
      chunk = dims;
      chunk.front() = std::max<hsize_t>(1, std::min<hsize_t>(dims.front(), 256));
    }
    const Handle dataset =
        netcdf::create_dataset(root_, name, file_type, dims, false, chunk, chunked, file_);
    if (count > 0) netcdf::write_all(dataset.get(), memory_type, values.data(), file_);
    netcdf::attach_dimensions(dataset.get(), scales, file_);
    h5::write_text_attribute(dataset.get(), "long_name", long_name, file_);
    h5::write_text_attribute(dataset.get(), "units", units, file_);
  }

 private:
  hid_t root_;
  fs::path file_;
  std::vector<Handle> owned_;
};

void write_contents(hid_t root, const CalibrationResults& r, const fs::path& file) {
  const std::size_t sets = r.set_wave.size();
  const std::size_t parameters = r.parameter_key.size();
  const std::size_t seeds = r.seed_index.size();
  const std::size_t rows = r.row_target.size();
  h5::write_int_attribute(root, kMarker, kCalibrationFormat, file);
  h5::write_text_attribute(root, "title", "displace calibration: " + r.name, file);
  h5::write_text_attribute(root, "calibration_name", r.name, file);
  h5::write_text_attribute(root, "calibration_yaml", r.calibration_yaml, file);
  h5::write_text_attribute(root, "engine_version", r.engine_version, file);
  h5::write_text_attribute(root, "git_revision", r.git_revision, file);
  h5::write_text_attribute(root, "created_utc", r.created_utc, file);
  h5::write_text_attribute(root, "method",
                           "history matching on the simulator (docs/calibration.md)", file);
  h5::write_double_attribute(root, "cutoff", r.cutoff, file);
  h5::write_text_attribute(root, "measure", r.measure, file);
  h5::write_double_attribute(root, "discrepancy_log10", r.discrepancy_log10, file);
  h5::write_int_attribute(root, "best_set", r.best_set, file);
  h5::write_int_attribute(root, "ranks", r.ranks, file);
  h5::write_int_attribute(root, "threads", r.threads, file);

  Writer w(root, file);
  const hid_t set = w.dimension("set", sets, "parameter set, in the order run");
  const hid_t parameter = w.dimension("parameter", parameters, "fitted key");
  const hid_t seed = w.dimension("seed", seeds, "run of a parameter set (member index)");
  const hid_t row = w.dimension("row", rows, "a target scored on one scenario");
  w.strings("parameter_key", parameter, r.parameter_key, "scenario key path");
  w.strings("parameter_group", parameter, r.parameter_group,
            "the scenarios' group it is fitted for; empty = every scenario");
  w.numbers("parameter_min", {parameter}, {parameters}, r.parameter_min, "prior range: lower end");
  w.numbers("parameter_max", {parameter}, {parameters}, r.parameter_max, "prior range: upper end");
  w.strings("parameter_scale", parameter, r.parameter_scale, "linear or log");
  w.numbers("set_wave", {set}, {sets}, r.set_wave, "wave that ran the set (0 = space-filling)");
  w.numbers("set_values", {set, parameter}, {sets, parameters}, r.set_values, "parameter values");
  w.numbers("set_measure", {set}, {sets}, r.set_measure,
            "implausibility measure over the calibration rows");
  w.numbers("set_squared_error", {set}, {sets}, r.set_squared_error,
            "mean squared log10(1+x) error over the calibration rows");
  w.numbers("set_accepted", {set}, {sets}, r.set_accepted,
            "1 = not ruled out yet (measure <= cutoff)");
  w.strings("row_target", row, r.row_target, "target id");
  w.strings("row_event", row, r.row_event, "target event");
  w.strings("row_scenario", row, r.row_scenario, "scenario file the row is computed from");
  w.strings("row_role", row, r.row_role, "calibration or validation");
  w.strings("row_quantity", row, r.row_quantity, "what the target counts");
  w.strings("row_bound", row, r.row_bound, "estimate, upper or lower");
  w.numbers("row_observed", {row}, {rows}, r.row_observed, "observed value");
  w.numbers("row_lower", {row}, {rows}, r.row_lower, "observed interval: lower end");
  w.numbers("row_upper", {row}, {rows}, r.row_upper, "observed interval: upper end");
  w.numbers("row_min_implausibility", {row}, {rows}, r.row_min_implausibility,
            "smallest implausibility over the sets the row was run for");
  w.numbers("row_structural_misfit", {row}, {rows}, r.row_structural_misfit,
            "1 = no set brings the row within the cutoff");
  w.numbers("modelled", {set, seed, row}, {sets, seeds, rows}, r.modelled,
            "modelled value (NaN: not run for this set)");
  w.numbers("implausibility", {set, row}, {sets, rows}, r.implausibility,
            "implausibility (NaN: not run for this set)");
}

}  // namespace

void write_calibration_results(const fs::path& path, const CalibrationResults& results,
                               bool overwrite) {
  h5::silence_error_printing();
  std::error_code ec;
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    throw InputError(path.string() + ": folder '" + folder.string() + "' does not exist");
  }
  require_regular_or_absent(path, "results file");
  if (fs::exists(path, ec) && !overwrite) {
    throw InputError(path.string() + ": file exists (use --overwrite to replace it)");
  }
  const fs::path partial = fs::path(path.string() + ".partial");
  // Locked (never through a symbolic link, never another process's) before HDF5 truncates it.
  const PartialFileLock lock(partial, false);
  try {
    const Handle creation = netcdf::make_file_creation_plist(partial);
    const Handle access = h5::make_locked_partial_access(partial);
    h5::check(H5Pset_libver_bounds(access.get(), H5F_LIBVER_V18, H5F_LIBVER_V18), partial,
              "choosing the file format");
    const hid_t id = H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, creation.get(), access.get());
    if (id < 0) {
      throw InputError(partial.string() +
                       ": cannot create the results file: " + h5::error_stack_message());
    }
    Handle file(id, H5Fclose);
    const Handle root =
        h5::checked(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose, partial, "opening /");
    write_contents(root.get(), results, partial);
    h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), partial, "flushing the results");
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

CalibrationResultsSummary read_calibration_results(const fs::path& path) {
  h5::silence_error_printing();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    throw InputError(path.string() +
                     ": cannot open the calibration results: " + h5::error_stack_message());
  }
  const Handle file(id, H5Fclose);
  if (!h5::read_number_attribute(file.get(), kMarker, path)) {
    throw InputError(path.string() + ": not a displace calibration results file");
  }
  CalibrationResultsSummary s;
  auto doubles = [&](const char* name) {
    const Handle dataset = h5::open_dataset(file.get(), name, path);
    return h5::read_doubles(dataset.get(), path);
  };
  auto bytes = [&](const char* name) {
    std::vector<std::uint8_t> out;
    for (const double v : doubles(name))
      out.push_back(static_cast<std::uint8_t>(v));
    return out;
  };
  auto strings = [&](const char* name) {
    const Handle dataset = h5::open_dataset(file.get(), name, path);
    return h5::read_strings(dataset.get(), path);
  };
  s.parameter_key = strings("parameter_key");
  s.parameter_group = H5Lexists(file.get(), "parameter_group", H5P_DEFAULT) > 0
                          ? strings("parameter_group")
                          : std::vector<std::string>(s.parameter_key.size());
  s.row_target = strings("row_target");
  s.set_values = doubles("set_values");
  s.set_accepted = bytes("set_accepted");
  s.modelled = doubles("modelled");
  s.row_structural_misfit = bytes("row_structural_misfit");
  s.parameters = static_cast<int>(s.parameter_key.size());
  s.rows = static_cast<int>(s.row_target.size());
  s.sets = static_cast<int>(s.set_accepted.size());
  s.seeds = static_cast<int>(doubles("seed").size());
  s.best_set = static_cast<std::int32_t>(
      h5::read_number_attribute(file.get(), "best_set", path).value_or(-1.0));
  return s;
}

}  // namespace displace::output
