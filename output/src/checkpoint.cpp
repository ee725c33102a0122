#include "displace/output/checkpoint.hpp"

#include <hdf5.h>

#include <algorithm>
#include <system_error>
#include <type_traits>

#include "displace/common/error.hpp"
#include "displace/common/sha256.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/schema.hpp"
#include "hdf5_support.hpp"
#include "netcdf_layout.hpp"
#include "run_file_seal.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using h5::Handle;

constexpr int kCheckpointFormat = 2;
constexpr const char* kMarker = "displace_checkpoint_format";

template <class T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_STD_U8LE;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_STD_U16LE;
  if constexpr (std::is_same_v<T, std::int16_t>) return H5T_STD_I16LE;
  if constexpr (std::is_same_v<T, std::int32_t>) return H5T_STD_I32LE;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_STD_I64LE;
  if constexpr (std::is_same_v<T, float>) return H5T_IEEE_F32LE;
}

template <class T>
hid_t memory_type() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  if constexpr (std::is_same_v<T, std::int16_t>) return H5T_NATIVE_INT16;
  if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
}

template <class T>
void write_column(hid_t group, const std::string& name, const std::vector<T>& values,
                  const fs::path& file) {
  const std::vector<hsize_t> dims = {values.size()};
  const std::vector<hsize_t> chunk = {
      std::max<hsize_t>(1, std::min<hsize_t>(values.size(), 1 << 20))};
  const Handle dataset =
      netcdf::create_dataset(group, name, file_type<T>(), dims, false,
                             values.empty() ? std::vector<hsize_t>{} : chunk, true, file);
  if (!values.empty()) netcdf::write_all(dataset.get(), memory_type<T>(), values.data(), file);
}

template <class T>
std::vector<T> read_column(hid_t dataset, const fs::path& file) {
  const auto shape = h5::dataset_shape(dataset, file);
  std::vector<T> values(shape.empty() ? 0 : shape.front());
  if (!values.empty()) {
    h5::check(H5Dread(dataset, memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              file, "reading a checkpoint column");
  }
  return values;
}

/// The column type stored in an attribute "type" (index of the variant alternative).
engine::SnapshotColumn read_typed_column(hid_t dataset, int type, const fs::path& file) {
  switch (type) {
    case 0:
      return read_column<std::uint8_t>(dataset, file);
    case 1:
      return read_column<std::uint16_t>(dataset, file);
    case 2:
      return read_column<std::int16_t>(dataset, file);
    case 3:
      return read_column<std::int32_t>(dataset, file);
    case 4:
      return read_column<std::int64_t>(dataset, file);
    case 5:
      return read_column<float>(dataset, file);
    default:
      throw InputError(file.string() + ": unknown column type in checkpoint");
  }
}

/// SHA-256 over everything a checkpoint holds (numbers, texts, columns with their names and
/// types, the run file's bytes), each piece length-prefixed so that no two contents hash alike by
/// shifting bytes between pieces. Stored in the file and checked when it is read back.
std::string content_digest(const Checkpoint& checkpoint) {
  Sha256 hash;
  auto number = [&](std::int64_t value) { hash.update(&value, sizeof value); };
  auto bytes = [&](const void* data, std::size_t size) {
    number(static_cast<std::int64_t>(size));
    hash.update(data, size);
  };
  auto text = [&](const std::string& value) { bytes(value.data(), value.size()); };
  const auto& s = checkpoint.snapshot;
  number(s.next_step);
  number(static_cast<std::int64_t>(s.seed));
  number(s.households);
  number(checkpoint.rank);
  number(checkpoint.ranks);
  text(checkpoint.scenario_yaml);
  text(checkpoint.output_path);
  for (const auto& [first, last] : s.household_ranges) {
    number(first);
    number(last);
  }
  // In name order: the file lists its columns by name, whatever order they were written in.
  std::vector<const std::pair<std::string, engine::SnapshotColumn>*> columns;
  for (const auto& column : s.columns)
    columns.push_back(&column);
  std::sort(columns.begin(), columns.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* entry : columns) {
    const auto& [name, column] = *entry;
    text(name);
    number(static_cast<std::int64_t>(column.index()));
    std::visit(
        [&](const auto& values) {
          bytes(values.data(),
                values.size() * sizeof(typename std::decay_t<decltype(values)>::value_type));
        },
        column);
  }
  bytes(checkpoint.run_file_bytes.data(), checkpoint.run_file_bytes.size());
  return hash.hex();
}

}  // namespace

void write_checkpoint(const fs::path& path, const Checkpoint& checkpoint) {
  h5::silence_error_printing();
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw InputError(path.string() + ": checkpoint folder '" + folder.string() +
                     "' does not exist");
  }
  require_regular_or_absent(path, "checkpoint");
  const fs::path partial = fs::path(path.string() + ".partial");
  const PartialFileLock lock(partial, false);
  try {
    const Handle creation = netcdf::make_file_creation_plist(partial);
    // Room for the whole-file checksum written below (run_file_seal.hpp).
    h5::check(H5Pset_userblock(creation.get(), kRunUserBlockBytes), partial,
              "reserving the user block");
    const Handle access = h5::make_locked_partial_access(partial);
    const hid_t id = H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, creation.get(), access.get());
    if (id < 0) {
      throw InputError(partial.string() +
                       ": cannot create the checkpoint: " + h5::error_stack_message());
    }
    Handle file(id, H5Fclose);
    const hid_t r = file.get();
    const auto& s = checkpoint.snapshot;
    h5::write_int_attribute(r, kMarker, kCheckpointFormat, partial);
    h5::write_int_attribute(r, "next_step", s.next_step, partial);
    h5::write_uint64_attribute(r, std::string(schema::kSeedAttribute), s.seed, partial);
    h5::write_int64_attribute(r, "households", s.households, partial);
    h5::write_int_attribute(r, "rank", checkpoint.rank, partial);
    h5::write_int_attribute(r, std::string(schema::kRanksAttribute), checkpoint.ranks, partial);
    h5::write_text_attribute(r, std::string(schema::kScenarioYamlAttribute),
                             checkpoint.scenario_yaml, partial);
    h5::write_text_attribute(r, "output_path", checkpoint.output_path, partial);
    {  // closed before the file, so that closing the file writes everything
      const Handle group =
          h5::checked(H5Gcreate2(r, "state", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                      partial, "creating the state group");
      for (const auto& entry : s.columns) {
        // Not a structured binding: clang (clang-tidy) before 16 cannot capture one in a lambda.
        const auto& name = entry.first;
        const auto& column = entry.second;
        std::visit([&](const auto& values) { write_column(group.get(), name, values, partial); },
                   column);
        const Handle dataset = h5::open_dataset(group.get(), name, partial);
        h5::write_int_attribute(dataset.get(), "type", static_cast<std::int32_t>(column.index()),
                                partial);
      }
    }
    std::vector<std::int64_t> ranges;  // first, last id of each range held
    for (const auto& [first, last] : s.household_ranges) {
      ranges.push_back(first);
      ranges.push_back(last);
    }
    write_column(r, "household_ranges", ranges, partial);
    write_column(r, "run_file_bytes", checkpoint.run_file_bytes, partial);
    h5::write_text_attribute(r, "content_sha256", content_digest(checkpoint), partial);
    h5::write_int_attribute(r, "complete", 1, partial);
    h5::check(H5Fflush(r, H5F_SCOPE_GLOBAL), partial, "flushing the checkpoint");
    if (!file.reset()) h5::fail(partial, "closing the checkpoint");
    // Last: checked before HDF5 reads the checkpoint back, which it may not survive if damaged.
    seal_file(partial, SealedFile::checkpoint);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  fs::rename(partial, path, ec);
  if (ec) throw Error(partial.string() + ": cannot rename to '" + path.string() + "'");
}

namespace {
Checkpoint read_checkpoint_file(const fs::path& path);
}  // namespace

bool is_checkpoint_file(const fs::path& path) {
  return carries_seal_header(path, SealedFile::checkpoint);
}

Checkpoint read_checkpoint(const fs::path& path) {
  try {
    return read_checkpoint_file(path);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) {
    // HDF5 could not read a part of it (a chunk checksum failed, a header is garbage).
    throw InputError(path.string() + ": damaged or unreadable checkpoint: " + error.what());
  }
}

namespace {

Checkpoint read_checkpoint_file(const fs::path& path) {
  h5::silence_error_printing();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path.string() + ": checkpoint not found");
  // Before HDF5 reads a byte (its content digest below is checked after HDF5 parsed the file).
  check_file_seal(path, SealedFile::checkpoint);
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(path.string() + ": not an HDF5 file (not a displace checkpoint)");
  const Handle file(id, H5Fclose);
  const hid_t r = file.get();
  const auto format = h5::read_number_attribute(r, kMarker, path);
  if (!format) throw InputError(path.string() + ": not a displace checkpoint");
  if (*format > kCheckpointFormat) {
    throw InputError(path.string() + ": checkpoint format " + std::to_string(*format) +
                     " is newer than this displace reads");
  }
  if (h5::read_number_attribute(r, "complete", path).value_or(0.0) != 1.0) {
    throw InputError(path.string() + ": incomplete checkpoint");
  }
  Checkpoint checkpoint;
  auto& s = checkpoint.snapshot;
  s.next_step = static_cast<int>(h5::read_number_attribute(r, "next_step", path).value_or(-1));
  s.seed = h5::read_uint64_attribute(r, std::string(schema::kSeedAttribute), path).value_or(0);
  s.households =
      static_cast<std::int64_t>(h5::read_number_attribute(r, "households", path).value_or(-1));
  checkpoint.rank = static_cast<int>(h5::read_number_attribute(r, "rank", path).value_or(0));
  checkpoint.ranks = static_cast<int>(
      h5::read_number_attribute(r, std::string(schema::kRanksAttribute), path).value_or(1));
  checkpoint.scenario_yaml =
      h5::read_text_attribute(r, std::string(schema::kScenarioYamlAttribute), path).value_or("");
  checkpoint.output_path = h5::read_text_attribute(r, "output_path", path).value_or("");
  const Handle group =
      h5::checked(H5Gopen2(r, "state", H5P_DEFAULT), H5Gclose, path, "opening the state group");
  H5G_info_t info{};
  h5::check(H5Gget_info(group.get(), &info), path, "listing the state");
  for (hsize_t k = 0; k < info.nlinks; ++k) {
    char name[256] = {};
    H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, k, name, sizeof name,
                       H5P_DEFAULT);
    const Handle dataset = h5::open_dataset(group.get(), name, path);
    const auto type = h5::read_number_attribute(dataset.get(), "type", path);
    if (!type) throw InputError(path.string() + ": column '" + name + "' has no type");
    s.columns.emplace_back(name, read_typed_column(dataset.get(), static_cast<int>(*type), path));
  }
  if (H5Lexists(r, "household_ranges", H5P_DEFAULT) > 0) {
    const Handle ranges_dataset = h5::open_dataset(r, "household_ranges", path);
    const auto ranges = read_column<std::int64_t>(ranges_dataset.get(), path);
    for (std::size_t k = 0; k + 1 < ranges.size(); k += 2)
      s.household_ranges.emplace_back(ranges[k], ranges[k + 1]);
  } else {  // written before runs were shared by ranks: every household
    s.household_ranges.emplace_back(0, s.households);
  }
  const Handle bytes = h5::open_dataset(r, "run_file_bytes", path);
  checkpoint.run_file_bytes = read_column<std::uint8_t>(bytes.get(), path);
  // Format 1 files carry no digest; from format 2 on a mismatch is a damaged file.
  if (*format >= 2) {
    const auto stored = h5::read_text_attribute(r, "content_sha256", path);
    if (!stored || *stored != content_digest(checkpoint)) {
      throw InputError(path.string() +
                       ": damaged checkpoint (its contents do not match their checksum); "
                       "resume from another checkpoint or start the run again");
    }
  }
  return checkpoint;
}

}  // namespace

}  // namespace displace::output
