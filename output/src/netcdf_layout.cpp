#include "netcdf_layout.hpp"

#include <H5DSpublic.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace displace::output::netcdf {

namespace {

constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
constexpr std::size_t kMaxChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kTargetTimeChunkBytes = std::size_t{256} << 10;
constexpr hsize_t kMaxTimeChunk = 64;

}  // namespace

h5::Handle make_file_creation_plist(const std::filesystem::path& file) {
  h5::Handle plist = h5::make_plist(H5P_FILE_CREATE, file);
  h5::check(H5Pset_link_creation_order(plist.get(), kCreationOrder), file,
            "tracking link creation order");
  h5::check(H5Pset_attr_creation_order(plist.get(), kCreationOrder), file,
            "tracking attribute creation order");
  return plist;
}

h5::Handle make_group_creation_plist(const std::filesystem::path& file) {
  h5::Handle plist = h5::make_plist(H5P_GROUP_CREATE, file);
  h5::check(H5Pset_link_creation_order(plist.get(), kCreationOrder), file,
            "tracking link creation order");
  h5::check(H5Pset_attr_creation_order(plist.get(), kCreationOrder), file,
            "tracking attribute creation order");
  return plist;
}

h5::Handle create_dataset(hid_t location, const std::string& name, hid_t type,
                          const std::vector<hsize_t>& dims, bool unlimited_first,
                          const std::vector<hsize_t>& chunk, bool deflate,
                          const std::filesystem::path& file) {
  const std::string action = "creating variable '" + name + "'";
  std::vector<hsize_t> max_dims = dims;
  if (unlimited_first && !max_dims.empty()) max_dims.front() = H5S_UNLIMITED;
  const h5::Handle space = h5::make_simple_space(dims, max_dims, file);
  const h5::Handle plist = h5::make_plist(H5P_DATASET_CREATE, file);
  h5::check(H5Pset_attr_creation_order(plist.get(), kCreationOrder), file, action);
  if (!chunk.empty()) {
    h5::check(H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data()), file,
              action);
    if (deflate) {
      h5::check(H5Pset_shuffle(plist.get()), file, action);
      h5::check(H5Pset_deflate(plist.get(), 4), file, action);
    }
    // A checksum per chunk (netCDF-4's `fletcher32`), checked by every reader: a damaged chunk is
    // a read error, never silently different numbers.
    h5::check(H5Pset_fletcher32(plist.get()), file, action);
  }
  return h5::checked(
      H5Dcreate2(location, name.c_str(), type, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
      H5Dclose, file, action);
}

h5::Handle create_scalar_dataset(hid_t location, const std::string& name, hid_t type,
                                 const std::filesystem::path& file) {
  const std::string action = "creating variable '" + name + "'";
  const h5::Handle space = h5::make_scalar_space(file);
  const h5::Handle plist = h5::make_plist(H5P_DATASET_CREATE, file);
  h5::check(H5Pset_attr_creation_order(plist.get(), kCreationOrder), file, action);
  return h5::checked(
      H5Dcreate2(location, name.c_str(), type, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
      H5Dclose, file, action);
}

void make_dimension(hid_t dataset, const std::string& name, const std::filesystem::path& file) {
  h5::check(H5DSset_scale(dataset, name.c_str()), file, "making '" + name + "' a dimension");
}

void attach_dimensions(hid_t dataset, const std::vector<hid_t>& scales,
                       const std::filesystem::path& file) {
  for (std::size_t d = 0; d < scales.size(); ++d) {
    h5::check(H5DSattach_scale(dataset, scales[d], static_cast<unsigned>(d)), file,
              "attaching a dimension");
  }
}

void write_all(hid_t dataset, hid_t memory_type, const void* data,
               const std::filesystem::path& file) {
  h5::check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), file,
            "writing values");
}

void write_strings(hid_t dataset, const std::vector<std::string>& values,
                   const std::filesystem::path& file) {
  if (values.empty()) return;
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values)
    pointers.push_back(value.c_str());
  const h5::Handle type = h5::make_vlen_string_type(file);
  write_all(dataset, type.get(), pointers.data(), file);
}

void write_row(hid_t dataset, hsize_t index, hid_t memory_type, const void* data,
               const std::filesystem::path& file) {
  std::vector<hsize_t> dims = h5::dataset_shape(dataset, file);
  if (dims.empty()) h5::fail(file, "appending to a scalar");
  if (dims.front() < index + 1) {
    dims.front() = index + 1;
    h5::check(H5Dset_extent(dataset, dims.data()), file, "extending the time dimension");
  }
  const h5::Handle file_space =
      h5::checked(H5Dget_space(dataset), H5Sclose, file, "selecting a step");
  std::vector<hsize_t> start(dims.size(), 0);
  std::vector<hsize_t> count = dims;
  start.front() = index;
  count.front() = 1;
  h5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                count.data(), nullptr),
            file, "selecting a step");
  const h5::Handle memory_space = h5::make_simple_space(count, {}, file);
  h5::check(H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, data),
            file, "writing a step");
}

std::vector<hsize_t> choose_chunk(const std::vector<hsize_t>& row_dims, std::size_t element_bytes,
                                  bool has_time) {
  std::vector<hsize_t> row = row_dims;
  for (hsize_t& d : row)
    d = std::max<hsize_t>(d, 1);
  auto row_bytes = [&] {
    std::size_t bytes = element_bytes;
    for (const hsize_t d : row)
      bytes *= static_cast<std::size_t>(d);
    return bytes;
  };
  while (row_bytes() > kMaxChunkBytes) {
    auto largest = std::max_element(row.begin(), row.end());
    if (*largest <= 1) break;
    *largest = (*largest + 1) / 2;
  }
  if (!has_time) return row;
  std::vector<hsize_t> chunk(row.size() + 1, 1);
  chunk[0] = std::clamp<hsize_t>(kTargetTimeChunkBytes / row_bytes(), 1, kMaxTimeChunk);
  std::copy(row.begin(), row.end(), chunk.begin() + 1);
  return chunk;
}

std::string cf_grid_mapping_name(const std::string& crs_wkt, bool geographic) {
  if (geographic) return "latitude_longitude";
  std::string wkt = crs_wkt;
  std::transform(wkt.begin(), wkt.end(), wkt.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (char& c : wkt) {
    if (c == '_') c = ' ';
  }
  // Most specific names first (e.g. "transverse mercator" before "mercator").
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kMethods = {{
      {"transverse mercator", "transverse_mercator"},
      {"lambert azimuthal equal area", "lambert_azimuthal_equal_area"},
      {"lambert conic conformal", "lambert_conformal_conic"},
      {"lambert conformal conic", "lambert_conformal_conic"},
      {"albers", "albers_conical_equal_area"},
      {"polar stereographic", "polar_stereographic"},
      {"stereographic", "stereographic"},
      {"sinusoidal", "sinusoidal"},
      {"mercator", "mercator"},
  }};
  for (const auto& [method, cf_name] : kMethods) {
    if (wkt.find(method) != std::string::npos) return std::string(cf_name);
  }
  return "";
}

}  // namespace displace::output::netcdf
