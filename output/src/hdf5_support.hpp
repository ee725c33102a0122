#pragma once
// RAII around every hid_t, HDF5 error-stack messages, and the few typed reads/writes the run file
// needs. Private to output/: no HDF5 type leaves this module.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace displace::output::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Closes now; returns false if HDF5 reported a failure while closing (data not written).
  bool reset() noexcept;

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

/// Turns off HDF5's default printing of its error stack to stderr (errors become exceptions).
void silence_error_printing();

/// The messages of the current HDF5 error stack, innermost last ("" when empty).
std::string error_stack_message();

/// Throws displace::Error "<file>: <action>: <HDF5 message>".
[[noreturn]] void fail(const std::filesystem::path& file, std::string_view action);

/// Returns `id` wrapped in a Handle, or throws via fail() when negative.
Handle checked(hid_t id, Handle::Closer closer, const std::filesystem::path& file,
               std::string_view action);
/// Throws via fail() when `status` is negative.
void check(herr_t status, const std::filesystem::path& file, std::string_view action);

/// Property lists, dataspaces, datatypes.
Handle make_plist(hid_t property_class, const std::filesystem::path& file);
/// File access for a `.partial` file this process holds the PartialFileLock of: HDF5's own
/// flock() is switched off, as on network file systems (NFS, Lustre) it is emulated with the
/// same byte-range locks and would conflict with ours.
Handle make_locked_partial_access(const std::filesystem::path& file);
Handle make_simple_space(const std::vector<hsize_t>& dims, const std::vector<hsize_t>& max_dims,
                         const std::filesystem::path& file);
Handle make_scalar_space(const std::filesystem::path& file);
/// Variable-length UTF-8 string type (read by netCDF-4 as NC_STRING, by xarray as str).
Handle make_vlen_string_type(const std::filesystem::path& file);
/// Fixed-length, null-terminated string type of `size` bytes (netCDF-4 text attribute).
Handle make_fixed_string_type(std::size_t size, const std::filesystem::path& file);

Handle open_dataset(hid_t location, const std::string& name, const std::filesystem::path& file);
bool has_link(hid_t location, const std::string& name);

/// Attributes (an existing attribute of the same name is replaced).
void write_text_attribute(hid_t object, const std::string& name, std::string_view value,
                          const std::filesystem::path& file);
void write_int_attribute(hid_t object, const std::string& name, std::int32_t value,
                         const std::filesystem::path& file);
void write_int64_attribute(hid_t object, const std::string& name, std::int64_t value,
                           const std::filesystem::path& file);
void write_uint64_attribute(hid_t object, const std::string& name, std::uint64_t value,
                            const std::filesystem::path& file);
void write_double_attribute(hid_t object, const std::string& name, double value,
                            const std::filesystem::path& file);
void write_doubles_attribute(hid_t object, const std::string& name,
                             const std::vector<double>& values, const std::filesystem::path& file);

bool has_attribute(hid_t object, const std::string& name);
/// Text attribute (fixed or variable length); nullopt when absent or not a string.
std::optional<std::string> read_text_attribute(hid_t object, const std::string& name,
                                               const std::filesystem::path& file);
/// Numeric attribute converted to double (first element); nullopt when absent or not numeric.
std::optional<double> read_number_attribute(hid_t object, const std::string& name,
                                            const std::filesystem::path& file);
std::optional<std::uint64_t> read_uint64_attribute(hid_t object, const std::string& name,
                                                   const std::filesystem::path& file);
std::vector<double> read_doubles_attribute(hid_t object, const std::string& name,
                                           const std::filesystem::path& file);

/// Current extent of a dataset.
std::vector<hsize_t> dataset_shape(hid_t dataset, const std::filesystem::path& file);
/// Whole dataset converted to double.
std::vector<double> read_doubles(hid_t dataset, const std::filesystem::path& file);
/// Whole 1-D string dataset (fixed or variable length).
std::vector<std::string> read_strings(hid_t dataset, const std::filesystem::path& file);
/// Names of the dimension scales attached to each dimension of `dataset` ("" when none); a
/// dimension-scale dataset names itself for its only dimension.
std::vector<std::string> dimension_names(hid_t dataset, const std::filesystem::path& file);

}  // namespace displace::output::h5
