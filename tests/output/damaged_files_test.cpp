// Damaged files are located user errors (InputError naming the file), never an internal error, a
// crash or silently different numbers: checkpoints carry a SHA-256 of their contents, run files a
// SHA-256 of their bytes in their user block (checked before HDF5 reads them), run-file chunks a
// Fletcher-32 checksum.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/output/checkpoint.hpp"
#include "displace/output/run_reader.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

Checkpoint small_checkpoint() {
  Checkpoint checkpoint;
  checkpoint.snapshot.next_step = 2;
  checkpoint.snapshot.seed = 7;
  checkpoint.snapshot.households = 3;
  checkpoint.snapshot.household_ranges = {{0, 3}};
  checkpoint.snapshot.columns.emplace_back("status", std::vector<std::uint8_t>{0, 2, 3});
  checkpoint.snapshot.columns.emplace_back("damage", std::vector<float>{0.0f, 0.7f, 0.1f});
  checkpoint.scenario_yaml = "name: test\n";
  checkpoint.output_path = "/tmp/run.h5";
  checkpoint.run_file_bytes = {1, 2, 3, 4};
  return checkpoint;
}

void set_int_attribute(const fs::path& file, const char* name, std::int32_t value) {
  const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(id, 0);
  const hid_t attribute = H5Aopen(id, name, H5P_DEFAULT);
  ASSERT_GE(attribute, 0);
  ASSERT_GE(H5Awrite(attribute, H5T_NATIVE_INT32, &value), 0);
  H5Aclose(attribute);
  H5Fclose(id);
}

/// Overwrites `count` bytes at the file address of the first chunk of `dataset`.
void damage_first_chunk(const fs::path& file, const char* dataset, int count) {
  haddr_t address = 0;
  {
    const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(id, 0);
    const hid_t data = H5Dopen2(id, dataset, H5P_DEFAULT);
    ASSERT_GE(data, 0);
    hsize_t size = 0;
    unsigned mask = 0;
    const hid_t space = H5Dget_space(data);
    ASSERT_GE(H5Dget_chunk_info(data, space, 0, nullptr, &mask, &address, &size), 0);
    H5Sclose(space);
    H5Dclose(data);
    H5Fclose(id);
  }
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(static_cast<std::streamoff>(address));
  for (int i = 0; i < count; ++i)
    stream.put(static_cast<char>(0x5a));
}

TEST(DamagedFiles, CheckpointRoundTripsWithItsChecksum) {
  const TempFolder folder;
  const fs::path path = folder / "run.checkpoint";
  write_checkpoint(path, small_checkpoint());
  const Checkpoint back = read_checkpoint(path);
  EXPECT_EQ(back.snapshot.next_step, 2);
  EXPECT_EQ(back.run_file_bytes, (std::vector<std::uint8_t>{1, 2, 3, 4}));
}

TEST(DamagedFiles, CheckpointWhoseContentsChangedIsRefused) {
  const TempFolder folder;
  const fs::path path = folder / "run.checkpoint";
  write_checkpoint(path, small_checkpoint());
  set_int_attribute(path, "next_step", 1);  // a valid-looking value, but not what was written
  try {
    read_checkpoint(path);
    FAIL() << "a changed checkpoint must be refused";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("damaged checkpoint"), std::string::npos) << message;
  }
}

TEST(DamagedFiles, CheckpointWithADamagedColumnIsAUserError) {
  const TempFolder folder;
  const fs::path path = folder / "run.checkpoint";
  write_checkpoint(path, small_checkpoint());
  damage_first_chunk(path, "state/damage", 4);
  try {
    read_checkpoint(path);
    FAIL() << "a damaged checkpoint must be refused";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
}

/// The message of the InputError RunReader throws for `path` ("" when it reads the file).
std::string refusal(const fs::path& path) {
  try {
    const RunReader run(path);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// XORs the byte at `offset` with `mask`.
void flip_byte(const fs::path& file, std::uintmax_t offset, unsigned char mask) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekg(static_cast<std::streamoff>(offset));
  const int byte = stream.get();
  stream.seekp(static_cast<std::streamoff>(offset));
  stream.put(static_cast<char>(static_cast<unsigned char>(byte) ^ mask));
}

/// A run file as displace wrote it before run files were sealed: the same HDF5 file without its
/// user block (HDF5 finds the superblock at offset 0 and takes it as the base address).
fs::path legacy_copy(const fs::path& sealed, const fs::path& to) {
  std::ifstream in(sealed, std::ios::binary);
  in.seekg(512);
  std::ofstream out(to, std::ios::binary);
  out << in.rdbuf();
  return to;
}

TEST(DamagedFiles, RunFileWithADamagedChunkIsAUserErrorNotOtherNumbers) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  damage_first_chunk(path, "households", 8);
  const std::string message = refusal(path);
  EXPECT_TRUE(contains(message, "damaged run file")) << message;
  EXPECT_TRUE(contains(message, path.string())) << message;
}

// #31: HDF5 crashes on some corrupt files (H5HG_read, H5G__dense_iterate), so the run file's
// checksum is checked before HDF5 reads a byte: every flipped byte is refused by name.
TEST(DamagedFiles, EveryFlippedByteOfARunFileIsRefusedBeforeHdf5ReadsIt) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  ASSERT_EQ(refusal(path), "");
  const std::uintmax_t size = fs::file_size(path);
  std::vector<std::uintmax_t> offsets = {0, 10, 47, 48, 60, 118, 119, 120, 300, 511, 512, 519};
  for (std::uintmax_t k = 0; k < 200; ++k)
    offsets.push_back(512 + k * (size - 512) / 200);
  offsets.push_back(size - 1);
  const fs::path damaged = folder / "damaged.h5";
  for (const std::uintmax_t offset : offsets) {
    for (const int mask : {0x01, 0xff}) {
      fs::copy_file(path, damaged, fs::copy_options::overwrite_existing);
      flip_byte(damaged, offset, static_cast<unsigned char>(mask));
      const std::string message = refusal(damaged);
      EXPECT_TRUE(contains(message, damaged.string())) << "offset " << offset << ": " << message;
      EXPECT_TRUE(contains(message, "damaged run file") || contains(message, "not a displace run"))
          << "offset " << offset << ": " << message;
    }
  }
}

TEST(DamagedFiles, RunFileChangedThroughHdf5AfterTheRunIsRefused) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  set_int_attribute(path, "steps_recorded", 2);  // valid HDF5, but not what the run wrote
  const std::string message = refusal(path);
  EXPECT_TRUE(contains(message, "damaged run file")) << message;
  EXPECT_TRUE(contains(message, "changed since")) << message;
}

TEST(DamagedFiles, RunFileOfAnOlderVersionWithoutChecksumIsStillRead) {
  const TempFolder folder;
  const fs::path legacy =
      legacy_copy(testing::write_test_run(folder / "run.h5"), folder / "legacy.h5");
  const RunReader run(legacy);
  EXPECT_EQ(run.layout().place_names,
            (std::vector<std::string>{"Sofala", "Zambezia, North", "abroad"}));
  EXPECT_EQ(run.read("households").shape.front(), 3u);
}

// #31: HDF5 parsed a checkpoint before its content digest was checked; the whole-file checksum is
// checked first, so no damaged byte reaches HDF5.
TEST(DamagedFiles, EveryFlippedByteOfACheckpointIsRefusedBeforeHdf5ReadsIt) {
  const TempFolder folder;
  const fs::path path = folder / "run.checkpoint";
  write_checkpoint(path, small_checkpoint());
  const std::uintmax_t size = fs::file_size(path);
  std::vector<std::uintmax_t> offsets = {0, 20, 60, 511, 512, 519};
  for (std::uintmax_t k = 0; k < 100; ++k)
    offsets.push_back(512 + k * (size - 512) / 100);
  const fs::path damaged = folder / "damaged.checkpoint";
  for (const std::uintmax_t offset : offsets) {
    fs::copy_file(path, damaged, fs::copy_options::overwrite_existing);
    flip_byte(damaged, offset, 0x01);
    try {
      read_checkpoint(damaged);
      ADD_FAILURE() << "offset " << offset << ": a damaged checkpoint must be refused";
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_TRUE(contains(message, damaged.string())) << "offset " << offset << ": " << message;
      EXPECT_TRUE(contains(message, "damaged checkpoint") || contains(message, "not an HDF5 file"))
          << "offset " << offset << ": " << message;
    }
  }
}

TEST(DamagedFiles, CheckpointOfAnOlderVersionWithoutChecksumIsStillRead) {
  const TempFolder folder;
  write_checkpoint(folder / "run.checkpoint", small_checkpoint());
  const fs::path legacy = legacy_copy(folder / "run.checkpoint", folder / "legacy.checkpoint");
  EXPECT_EQ(read_checkpoint(legacy).snapshot.next_step, 2);
}

// #31: a damaged root group that lists fewer variables read as "written by an engine that does
// not tally them" (score exit 0). Files without checksum get the reader's own checks.
TEST(DamagedFiles, RunFileWithoutChecksumMissingAVariableEveryRunHasIsRefused) {
  const TempFolder folder;
  const fs::path legacy =
      legacy_copy(testing::write_test_run(folder / "run.h5"), folder / "legacy.h5");
  const hid_t id = H5Fopen(legacy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(id, 0);
  ASSERT_GE(H5Ldelete(id, "people", H5P_DEFAULT), 0);
  H5Fclose(id);
  const std::string message = refusal(legacy);
  EXPECT_TRUE(contains(message, legacy.string())) << message;
  EXPECT_TRUE(contains(message, "no variable 'people', which every run has")) << message;
}

TEST(DamagedFiles, LabelsThatAreNotOneDimensionalStringsAreRefused) {
  const TempFolder folder;
  const fs::path legacy =
      legacy_copy(testing::write_test_run(folder / "run.h5"), folder / "legacy.h5");
  {
    const hid_t id = H5Fopen(legacy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(id, 0);
    ASSERT_GE(H5Ldelete(id, "region_name", H5P_DEFAULT), 0);
    const hsize_t dims[2] = {2, 2};
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 8);
    const hid_t dataset =
        H5Dcreate2(id, "region_name", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(dataset, 0);
    H5Dclose(dataset);
    H5Tclose(type);
    H5Sclose(space);
    H5Fclose(id);
  }
  const std::string message = refusal(legacy);
  EXPECT_TRUE(contains(message, "damaged or unreadable run file")) << message;
  EXPECT_TRUE(contains(message, "2 dimensions, not 1")) << message;
}

}  // namespace
}  // namespace displace::output
