#pragma once
// Building blocks of a netCDF-4-readable HDF5 file: datasets with attribute creation order tracked,
// dimension scales, chunking/deflate choices and appends along an unlimited first dimension.
#include <filesystem>
#include <string>
#include <vector>

#include "hdf5_support.hpp"

namespace displace::output::netcdf {

/// Creation property list of a file whose root group tracks link and attribute creation order
/// (netCDF-4 iterates in creation order).
h5::Handle make_file_creation_plist(const std::filesystem::path& file);

/// Creation property list of a group that tracks link and attribute creation order.
h5::Handle make_group_creation_plist(const std::filesystem::path& file);

/// Creates a dataset. `unlimited_first` makes dimension 0 extendible (requires `chunk`); an empty
/// `chunk` stores the data contiguously; `deflate` adds shuffle + deflate level 4.
h5::Handle create_dataset(hid_t location, const std::string& name, hid_t type,
                          const std::vector<hsize_t>& dims, bool unlimited_first,
                          const std::vector<hsize_t>& chunk, bool deflate,
                          const std::filesystem::path& file);

/// Scalar dataset (the CF grid-mapping variable).
h5::Handle create_scalar_dataset(hid_t location, const std::string& name, hid_t type,
                                 const std::filesystem::path& file);

/// Marks `dataset` as the dimension scale (coordinate variable) of the dimension `name`.
void make_dimension(hid_t dataset, const std::string& name, const std::filesystem::path& file);

/// Attaches one dimension scale per dimension of `dataset`, in order.
void attach_dimensions(hid_t dataset, const std::vector<hid_t>& scales,
                       const std::filesystem::path& file);

/// Writes the whole dataset from `data` in memory type `memory_type`.
void write_all(hid_t dataset, hid_t memory_type, const void* data,
               const std::filesystem::path& file);

/// Writes a 1-D string dataset (variable-length UTF-8).
void write_strings(hid_t dataset, const std::vector<std::string>& values,
                   const std::filesystem::path& file);

/// Grows dimension 0 to at least index + 1 and writes one row (all other dimensions) at `index`.
void write_row(hid_t dataset, hsize_t index, hid_t memory_type, const void* data,
               const std::filesystem::path& file);

/// Chunk shape for a variable whose rows (all dimensions but an unlimited first one) have
/// `row_dims`: whole rows up to about 1 MiB, several time steps per chunk when rows are small.
/// With `has_time` false, returns a chunk for `row_dims` alone.
std::vector<hsize_t> choose_chunk(const std::vector<hsize_t>& row_dims, std::size_t element_bytes,
                                  bool has_time);

/// CF grid_mapping_name for a CRS: "latitude_longitude" when geographic, else a best guess from
/// the projection method named in the WKT ("" when unknown).
std::string cf_grid_mapping_name(const std::string& crs_wkt, bool geographic);

}  // namespace displace::output::netcdf
