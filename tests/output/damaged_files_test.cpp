// Damaged files are located user errors (InputError naming the file), never an internal error or
// silently different numbers: checkpoints carry a SHA-256 of their contents, run-file chunks a
// Fletcher-32 checksum.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdio>
#include <fstream>
#include <string>

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

TEST(DamagedFiles, RunFileWithADamagedChunkIsAUserErrorNotOtherNumbers) {
  const TempFolder folder;
  const fs::path path = testing::write_test_run(folder / "run.h5");
  damage_first_chunk(path, "households", 8);
  const RunReader run(path);
  try {
    run.read("households");
    FAIL() << "a damaged chunk must not read as numbers";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("damaged or unreadable run file"), std::string::npos) << message;
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace displace::output
