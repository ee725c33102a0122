#include "displace/output/run_reader.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>
#include <string>

#include "displace/common/error.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

/// The message of the InputError the reader throws for `path` ("" if it does not throw one).
std::string refusal(const fs::path& path) {
  try {
    RunReader run(path);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RunReader, RefusesForeignHdf5File) {
  const TempFolder folder;
  const fs::path path = folder / "foreign.h5";
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hsize_t size = 4;
  const hid_t space = H5Screate_simple(1, &size, nullptr);
  const hid_t dataset =
      H5Dcreate2(file, "data", H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose(dataset);
  H5Sclose(space);
  H5Fclose(file);
  const std::string message = refusal(path);
  EXPECT_TRUE(contains(message, path.string())) << message;
  EXPECT_TRUE(contains(message, "not a displace run file")) << message;
}

TEST(RunReader, RefusesFileThatIsNotHdf5) {
  const TempFolder folder;
  const fs::path path = folder / "notes.h5";
  std::ofstream(path) << "not hdf5\n";
  EXPECT_TRUE(contains(refusal(path), "not a displace run file"));
}

TEST(RunReader, RefusesRunWithoutCompletionMark) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  const fs::path copied = folder / "crashed.h5";
  {
    RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("baseline"));
    writer.begin(testing::test_layout());
    writer.record_step(testing::test_step(0));
    fs::path partial = path;
    partial += ".partial";
    fs::copy_file(partial, copied);  // the state a killed run leaves behind, renamed by hand
  }
  const std::string message = refusal(copied);
  EXPECT_TRUE(contains(message, "incomplete run")) << message;
  EXPECT_TRUE(contains(message, copied.string())) << message;
}

TEST(RunReader, RefusesPartialFile) {
  const TempFolder folder;
  const fs::path path = folder / "run.h5";
  RunWriter writer(path, testing::test_grid(), testing::test_step_dates(),
                   testing::test_provenance("baseline"));
  writer.begin(testing::test_layout());
  fs::path partial = path;
  partial += ".partial";
  EXPECT_TRUE(contains(refusal(partial), "unfinished run"));
  // Asking for the final name while only the partial exists points at the partial.
  const std::string message = refusal(path);
  EXPECT_TRUE(contains(message, "unfinished run")) << message;
  EXPECT_TRUE(contains(message, partial.string())) << message;
}

TEST(RunReader, RefusesMissingFile) {
  const TempFolder folder;
  EXPECT_TRUE(contains(refusal(folder / "missing.h5"), "does not exist"));
}

TEST(RunReader, MissingVariableErrorListsVariables) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  try {
    run.read("householdz");
    FAIL() << "InputError expected";
  } catch (const InputError& error) {
    EXPECT_TRUE(contains(error.what(), "householdz"));
    EXPECT_TRUE(contains(error.what(), "households"));
  }
}

TEST(RunReader, ReadsLabelCoordinatesAsStrings) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  EXPECT_EQ(run.read_strings("status"),
            (std::vector<std::string>{"home", "evacuated", "displaced", "migrated", "relocated",
                                      "returned"}));
  EXPECT_EQ(run.read_strings("place_name"),
            (std::vector<std::string>{"Sofala", "Zambezia, North", "abroad"}));
}

}  // namespace
}  // namespace displace::output
