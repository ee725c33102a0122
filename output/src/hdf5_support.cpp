#include "hdf5_support.hpp"

#include <H5DSpublic.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "displace/common/error.hpp"

namespace displace::output::h5 {

namespace {

// HDF5 1.10 leaves a file whose close failed (disk full while flushing) as a zombie identifier and
// then crashes in its atexit clean-up (H5F__close_cb). Every handle here is closed explicitly, so
// HDF5's atexit clean-up is not needed: turn it off before the library initialises (this runs
// during static initialisation, before main and before any HDF5 call).
[[maybe_unused]] const bool kNoHdf5AtExit = [] { return H5dont_atexit() >= 0; }();

}  // namespace

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, -1);
    closer_ = other.closer_;
  }
  return *this;
}

bool Handle::reset() noexcept {
  bool ok = true;
  if (id_ >= 0 && closer_ != nullptr) ok = closer_(id_) >= 0;
  id_ = -1;
  return ok;
}

void silence_error_printing() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

namespace {

herr_t collect_error(unsigned /*position*/, const H5E_error2_t* entry, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  std::string text = entry->desc != nullptr ? entry->desc : "";
  char minor[256] = {};
  if (H5Eget_msg(entry->min_num, nullptr, minor, sizeof minor) > 0 && minor[0] != '\0') {
    text += text.empty() ? std::string(minor) : " (" + std::string(minor) + ")";
  }
  if (!text.empty()) messages->push_back(std::move(text));
  return 0;
}

/// HDF5's low-level messages carry "time = ..., filename = ..., errno = N, error message = 'X',
/// ..." (with a newline inside); keep "<what failed>: X".
std::string concise(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  constexpr std::string_view kSystem = "error message = '";
  const auto system = text.find(kSystem);
  if (system == std::string::npos) return text;
  const auto start = system + kSystem.size();
  const auto end = text.find('\'', start);
  const auto colon = text.find(':');
  const std::string what = colon < system ? text.substr(0, colon) : "system error";
  return what + ": " + text.substr(start, end == std::string::npos ? end : end - start);
}

}  // namespace

std::string error_stack_message() {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &messages);
  H5Eclear2(H5E_DEFAULT);
  if (messages.empty()) return "";
  if (messages.size() == 1) return concise(messages.front());
  // The API-level failure, then the innermost cause (e.g. "No space left on device").
  return concise(messages.front()) + ": " + concise(messages.back());
}

void fail(const std::filesystem::path& file, std::string_view action) {
  std::string message = file.string() + ": " + std::string(action);
  const std::string detail = error_stack_message();
  if (!detail.empty()) message += ": " + detail;
  throw Error(message);
}

Handle checked(hid_t id, Handle::Closer closer, const std::filesystem::path& file,
               std::string_view action) {
  if (id < 0) fail(file, action);
  return Handle(id, closer);
}

void check(herr_t status, const std::filesystem::path& file, std::string_view action) {
  if (status < 0) fail(file, action);
}

Handle make_plist(hid_t property_class, const std::filesystem::path& file) {
  return checked(H5Pcreate(property_class), H5Pclose, file, "creating a property list");
}

Handle make_locked_partial_access(const std::filesystem::path& file) {
  Handle access = make_plist(H5P_FILE_ACCESS, file);
  check(H5Pset_file_locking(access.get(), false, true), file, "choosing the file locking");
  return access;
}

Handle make_simple_space(const std::vector<hsize_t>& dims, const std::vector<hsize_t>& max_dims,
                         const std::filesystem::path& file) {
  return checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                  max_dims.empty() ? nullptr : max_dims.data()),
                 H5Sclose, file, "creating a dataspace");
}

Handle make_scalar_space(const std::filesystem::path& file) {
  return checked(H5Screate(H5S_SCALAR), H5Sclose, file, "creating a scalar dataspace");
}

Handle make_vlen_string_type(const std::filesystem::path& file) {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, file, "creating a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), file, "sizing a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), file, "setting a string character set");
  return type;
}

Handle make_fixed_string_type(std::size_t size, const std::filesystem::path& file) {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, file, "creating a string type");
  check(H5Tset_size(type.get(), std::max<std::size_t>(size, 1)), file, "sizing a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), file, "setting string padding");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), file, "setting a string character set");
  return type;
}

Handle open_dataset(hid_t location, const std::string& name, const std::filesystem::path& file) {
  return checked(H5Dopen2(location, name.c_str(), H5P_DEFAULT), H5Dclose, file,
                 "opening variable '" + name + "'");
}

bool has_link(hid_t location, const std::string& name) {
  return H5Lexists(location, name.c_str(), H5P_DEFAULT) > 0;
}

bool has_attribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

namespace {

void write_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type,
                     hid_t space, const void* data, const std::filesystem::path& file) {
  const std::string action = "writing attribute '" + name + "'";
  if (has_attribute(object, name)) check(H5Adelete(object, name.c_str()), file, action);
  const Handle attribute =
      checked(H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, file, action);
  if (data != nullptr) check(H5Awrite(attribute.get(), memory_type, data), file, action);
}

template <typename T>
void write_scalar_attribute(hid_t object, const std::string& name, hid_t type, T value,
                            const std::filesystem::path& file) {
  const Handle space = make_scalar_space(file);
  write_attribute(object, name, type, type, space.get(), &value, file);
}

}  // namespace

void write_text_attribute(hid_t object, const std::string& name, std::string_view value,
                          const std::filesystem::path& file) {
  const Handle type = make_fixed_string_type(value.size(), file);
  if (value.empty()) {
    // netCDF-4 stores empty attributes with a null dataspace.
    const Handle space = checked(H5Screate(H5S_NULL), H5Sclose, file, "creating a dataspace");
    write_attribute(object, name, type.get(), type.get(), space.get(), nullptr, file);
    return;
  }
  const Handle space = make_scalar_space(file);
  write_attribute(object, name, type.get(), type.get(), space.get(), value.data(), file);
}

void write_int_attribute(hid_t object, const std::string& name, std::int32_t value,
                         const std::filesystem::path& file) {
  write_scalar_attribute(object, name, H5T_NATIVE_INT32, value, file);
}

void write_int64_attribute(hid_t object, const std::string& name, std::int64_t value,
                           const std::filesystem::path& file) {
  write_scalar_attribute(object, name, H5T_NATIVE_INT64, value, file);
}

void write_uint64_attribute(hid_t object, const std::string& name, std::uint64_t value,
                            const std::filesystem::path& file) {
  write_scalar_attribute(object, name, H5T_NATIVE_UINT64, value, file);
}

void write_double_attribute(hid_t object, const std::string& name, double value,
                            const std::filesystem::path& file) {
  write_scalar_attribute(object, name, H5T_NATIVE_DOUBLE, value, file);
}

void write_doubles_attribute(hid_t object, const std::string& name,
                             const std::vector<double>& values, const std::filesystem::path& file) {
  const Handle space = make_simple_space({static_cast<hsize_t>(values.size())}, {}, file);
  write_attribute(object, name, H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, space.get(), values.data(),
                  file);
}

namespace {

hssize_t point_count(hid_t space) {
  return H5Sget_simple_extent_npoints(space);
}

void reclaim_strings(hid_t memory_type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(memory_type, space, H5P_DEFAULT, buffer);
#else
  H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, buffer);
#endif
}

/// Bounds of a label variable (region codes, names, statuses): far above any real run, low enough
/// that a damaged size is refused before it is allocated.
constexpr std::uint64_t kMaxStrings = std::uint64_t{1} << 24;
constexpr std::size_t kMaxStringBytes = std::size_t{1} << 16;
/// A text attribute (the resolved scenario is the longest) is below the scenario size limit.
constexpr std::size_t kMaxTextAttributeBytes = std::size_t{1} << 28;

std::string trim_nulls(std::string text) {
  const auto end = text.find('\0');
  if (end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace

std::optional<std::string> read_text_attribute(hid_t object, const std::string& name,
                                               const std::filesystem::path& file) {
  if (!has_attribute(object, name)) return std::nullopt;
  const std::string action = "reading attribute '" + name + "'";
  const Handle attribute =
      checked(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, file, action);
  const Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, file, action);
  if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  const Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, file, action);
  if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) return std::string();
  if (point_count(space.get()) != 1) return std::nullopt;
  if (H5Tis_variable_str(type.get()) > 0) {
    const Handle memory_type = make_vlen_string_type(file);
    char* text = nullptr;
    check(H5Aread(attribute.get(), memory_type.get(), &text), file, action);
    std::string value = text != nullptr ? text : "";
    reclaim_strings(memory_type.get(), space.get(), &text);
    return value;
  }
  const std::size_t size = H5Tget_size(type.get());
  if (size == 0 || size > kMaxTextAttributeBytes) {
    throw Error(file.string() + ": " + action + ": " + std::to_string(size) + " bytes, not 1 to " +
                std::to_string(kMaxTextAttributeBytes));
  }
  std::string buffer(size, '\0');
  check(H5Aread(attribute.get(), type.get(), buffer.data()), file, action);
  return trim_nulls(std::move(buffer));
}

namespace {

template <typename T>
std::optional<std::vector<T>> read_numeric_attribute(hid_t object, const std::string& name,
                                                     hid_t memory_type,
                                                     const std::filesystem::path& file) {
  if (!has_attribute(object, name)) return std::nullopt;
  const std::string action = "reading attribute '" + name + "'";
  const Handle attribute =
      checked(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, file, action);
  const Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, file, action);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) return std::nullopt;
  const Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, file, action);
  const hssize_t count = point_count(space.get());
  if (count < 0) fail(file, action);
  std::vector<T> values(static_cast<std::size_t>(count));
  if (!values.empty()) check(H5Aread(attribute.get(), memory_type, values.data()), file, action);
  return values;
}

}  // namespace

std::optional<double> read_number_attribute(hid_t object, const std::string& name,
                                            const std::filesystem::path& file) {
  const auto values = read_numeric_attribute<double>(object, name, H5T_NATIVE_DOUBLE, file);
  if (!values || values->empty()) return std::nullopt;
  return values->front();
}

std::optional<std::uint64_t> read_uint64_attribute(hid_t object, const std::string& name,
                                                   const std::filesystem::path& file) {
  const auto values = read_numeric_attribute<std::uint64_t>(object, name, H5T_NATIVE_UINT64, file);
  if (!values || values->empty()) return std::nullopt;
  return values->front();
}

std::vector<double> read_doubles_attribute(hid_t object, const std::string& name,
                                           const std::filesystem::path& file) {
  auto values = read_numeric_attribute<double>(object, name, H5T_NATIVE_DOUBLE, file);
  return values ? std::move(*values) : std::vector<double>{};
}

std::vector<hsize_t> dataset_shape(hid_t dataset, const std::filesystem::path& file) {
  const Handle space = checked(H5Dget_space(dataset), H5Sclose, file, "reading a dataspace");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(file, "reading a dataspace");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) {
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), file,
          "reading a dataspace");
  }
  return dims;
}

std::vector<double> read_doubles(hid_t dataset, const std::filesystem::path& file) {
  const Handle space = checked(H5Dget_space(dataset), H5Sclose, file, "reading a dataspace");
  const hssize_t count = point_count(space.get());
  if (count < 0) fail(file, "reading a dataspace");
  std::vector<double> values(static_cast<std::size_t>(count));
  if (!values.empty()) {
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), file,
          "reading values");
  }
  return values;
}

std::vector<std::string> read_strings(hid_t dataset, const std::filesystem::path& file) {
  const std::string action = "reading strings";
  auto refuse = [&](const std::string& why) -> void {
    throw Error(file.string() + ": " + action + ": " + why);
  };
  const Handle type = checked(H5Dget_type(dataset), H5Tclose, file, action);
  if (H5Tget_class(type.get()) != H5T_STRING) refuse("variable does not hold strings");
  const Handle space = checked(H5Dget_space(dataset), H5Sclose, file, action);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(file, action);
  if (rank > 1) refuse("a label variable has " + std::to_string(rank) + " dimensions, not 1");
  const hssize_t count = point_count(space.get());
  if (count < 0) fail(file, action);
  if (static_cast<std::uint64_t>(count) > kMaxStrings) {
    refuse(std::to_string(count) + " labels, more than any run has (" +
           std::to_string(kMaxStrings) + ")");
  }
  const auto n = static_cast<std::size_t>(count);
  std::vector<std::string> values;
  values.reserve(n);
  if (n == 0) return values;
  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0) fail(file, action);
  if (variable > 0) {
    const Handle memory_type = make_vlen_string_type(file);
    std::vector<char*> pointers(n, nullptr);
    check(H5Dread(dataset, memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), file,
          action);
    for (const char* text : pointers)
      values.emplace_back(text != nullptr ? std::string(text, ::strnlen(text, kMaxStringBytes))
                                          : std::string());
    reclaim_strings(memory_type.get(), space.get(), pointers.data());
    return values;
  }
  const std::size_t size = H5Tget_size(type.get());
  if (size == 0 || size > kMaxStringBytes) {
    refuse("labels of " + std::to_string(size) + " bytes each, not 1 to " +
           std::to_string(kMaxStringBytes));
  }
  // The file's type (size, character set), null-padded in memory.
  const Handle memory_type = checked(H5Tcopy(type.get()), H5Tclose, file, action);
  check(H5Tset_strpad(memory_type.get(), H5T_STR_NULLPAD), file, action);
  std::string buffer(size * n, '\0');
  check(H5Dread(dataset, memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), file,
        action);
  for (std::size_t i = 0; i < n; ++i)
    values.push_back(trim_nulls(buffer.substr(i * size, size)));
  return values;
}

namespace {

std::string object_name(hid_t object) {
  const ssize_t length = H5Iget_name(object, nullptr, 0);
  if (length <= 0) return "";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  H5Iget_name(object, name.data(), name.size());
  name.resize(static_cast<std::size_t>(length));
  const auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

herr_t take_scale_name(hid_t /*dataset*/, unsigned /*dim*/, hid_t scale, void* data) {
  *static_cast<std::string*>(data) = object_name(scale);
  return 1;  // the first scale is the dimension
}

}  // namespace

std::vector<std::string> dimension_names(hid_t dataset, const std::filesystem::path& file) {
  const std::vector<hsize_t> shape = dataset_shape(dataset, file);
  std::vector<std::string> names(shape.size());
  if (H5DSis_scale(dataset) > 0) {
    if (!names.empty()) names.front() = object_name(dataset);
    return names;
  }
  for (std::size_t d = 0; d < names.size(); ++d) {
    const auto dim = static_cast<unsigned>(d);
    if (H5DSget_num_scales(dataset, dim) <= 0) continue;
    if (H5DSiterate_scales(dataset, dim, nullptr, take_scale_name, &names[d]) < 0) {
      fail(file, "reading dimension scales");
    }
  }
  H5Eclear2(H5E_DEFAULT);
  return names;
}

}  // namespace displace::output::h5
