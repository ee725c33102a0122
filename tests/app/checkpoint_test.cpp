// Checkpoint and restart (issue 11): a run killed with SIGKILL, or stopped by SIGTERM, and
// resumed from its checkpoint writes the same run file as an uninterrupted run.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/common/error.hpp"
#include "displace/output/checkpoint.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::CliResult;

/// Runs the real executable (signals need a process of their own); returns its exit status or
/// 128 + the signal that killed it.
int run_displace(const std::string& environment, const std::vector<std::string>& args) {
  std::string command = environment + " '" + std::string(DISPLACE_EXECUTABLE) + "'";
  for (const auto& a : args)
    command += " '" + a + "'";
  command += " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/// Every numeric variable of two run files is identical.
void expect_same_run(const fs::path& a, const fs::path& b) {
  const output::RunReader ra(a);
  const output::RunReader rb(b);
  ASSERT_EQ(ra.variable_names(), rb.variable_names());
  int compared = 0;
  for (const auto& name : ra.variable_names()) {
    output::VariableData va;
    try {
      va = ra.read(name);
    } catch (const InputError&) {
      continue;  // text labels
    }
    EXPECT_EQ(va.values, rb.read(name).values) << name;
    ++compared;
  }
  EXPECT_GT(compared, 10);
}

TEST(Checkpoint, KilledRunResumedEqualsUninterruptedRun) {
  const testing::World world;
  const auto scenario = world.scenario().string();
  const auto whole = world.dir() / "out" / "whole.h5";
  const auto killed = world.dir() / "out" / "killed.h5";
  ASSERT_EQ(cli({"run", scenario, "--out", whole.string(), "--quiet"}).exit_code, kExitOk);

  EXPECT_EQ(run_displace("DISPLACE_FAULT_AFTER_STEP=7:KILL",
                         {"run", scenario, "--out", killed.string(), "--checkpoint-every", "3"}),
            128 + 9);
  EXPECT_FALSE(fs::exists(killed)) << "a killed run must not leave a complete-looking file";
  const auto checkpoint = killed.string() + ".checkpoint";
  ASSERT_TRUE(fs::exists(checkpoint));

  const auto r =
      cli({"run", scenario, "--out", killed.string(), "--resume", checkpoint, "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  expect_same_run(whole, killed);
  EXPECT_FALSE(fs::exists(checkpoint)) << "the checkpoint of a finished run is removed";
}

TEST(Checkpoint, SigtermWritesACheckpointAndExitsWithItsOwnCode) {
  const testing::World world;
  const auto scenario = world.scenario().string();
  const auto whole = world.dir() / "out" / "whole.h5";
  const auto stopped = world.dir() / "out" / "stopped.h5";
  ASSERT_EQ(cli({"run", scenario, "--out", whole.string(), "--quiet"}).exit_code, kExitOk);
  EXPECT_EQ(run_displace("DISPLACE_FAULT_AFTER_STEP=2:TERM",
                         {"run", scenario, "--out", stopped.string()}),
            kExitInterrupted);
  EXPECT_FALSE(fs::exists(stopped));
  const auto checkpoint = stopped.string() + ".checkpoint";
  ASSERT_TRUE(fs::exists(checkpoint));
  const auto r =
      cli({"run", scenario, "--out", stopped.string(), "--resume", checkpoint, "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  expect_same_run(whole, stopped);
}

TEST(Checkpoint, ResumingAnotherScenarioOrAGarbageFileIsRefused) {
  const testing::World world;
  const auto scenario = world.scenario().string();
  const auto out = world.dir() / "out" / "run.h5";
  ASSERT_EQ(
      run_displace("DISPLACE_FAULT_AFTER_STEP=2:TERM", {"run", scenario, "--out", out.string()}),
      kExitInterrupted);
  const auto checkpoint = out.string() + ".checkpoint";
  const auto other = cli({"run", scenario, "--set", "seed=8", "--out", out.string(), "--resume",
                          checkpoint, "--quiet"});
  EXPECT_EQ(other.exit_code, kExitUsage);
  EXPECT_NE(other.err.find("written by another scenario"), std::string::npos) << other.err;

  const auto garbage = world.write("garbage.checkpoint", "not a checkpoint");
  const auto bad = cli({"run", scenario, "--out", out.string(), "--resume", garbage.string()});
  EXPECT_EQ(bad.exit_code, kExitUsage);
  EXPECT_NE(bad.err.find("garbage.checkpoint"), std::string::npos) << bad.err;
}

/// A checkpoint of the storm run stopped after step 2, and the uninterrupted run to compare.
struct StoppedRun {
  testing::World world;
  fs::path out = world.dir() / "out" / "run.h5";
  fs::path checkpoint = fs::path(out.string() + ".checkpoint");
  StoppedRun() {
    EXPECT_EQ(run_displace("DISPLACE_FAULT_AFTER_STEP=2:TERM",
                           {"run", world.scenario().string(), "--out", out.string()}),
              kExitInterrupted);
  }
  CliResult resume() const {
    return cli({"run", world.scenario().string(), "--out", out.string(), "--resume",
                checkpoint.string(), "--quiet"});
  }
};

/// Rewrites the checkpoint with `edit` applied to one household column (its checksum is then
/// right: what the range checks must catch is a value no run can produce).
template <class T, class Edit>
void edit_column(const fs::path& checkpoint, const std::string& column, Edit edit) {
  output::Checkpoint state = output::read_checkpoint(checkpoint);
  for (auto& [name, values] : state.snapshot.columns) {
    if (name == column) edit(std::get<std::vector<T>>(values));
  }
  output::write_checkpoint(checkpoint, state);
}

TEST(Checkpoint, OutOfRangeRestoredValuesAreRefusedNamingTheFile) {
  struct Case {
    std::string column;
    std::function<void(const fs::path&)> edit;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"status",
       [](const fs::path& c) {
         edit_column<std::uint8_t>(c, "status", [](auto& v) { v[5] = 250; });
       },
       "status 250 is not a status"},
      {"location",
       [](const fs::path& c) {
         edit_column<std::int32_t>(c, "location", [](auto& v) { v[0] = 100000; });
       },
       "location 100000 is neither a cell"},
      {"damage",
       [](const fs::path& c) {
         edit_column<float>(c, "damage", [](auto& v) { v[3] = std::nanf(""); });
       },
       "damage nan is not a share in [0, 1]"},
      {"home_cell",
       [](const fs::path& c) {
         edit_column<std::int32_t>(c, "home_cell", [](auto& v) { v[0] = -7; });
       },
       "home_cell -7 is not the household's home cell"},
  };
  for (const auto& test : cases) {
    const StoppedRun stopped;
    test.edit(stopped.checkpoint);
    const auto r = stopped.resume();
    EXPECT_EQ(r.exit_code, kExitUsage) << test.column << ": " << r.err;
    EXPECT_NE(r.err.find(stopped.checkpoint.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(test.expected), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(stopped.out)) << test.column;
  }
}

TEST(Checkpoint, ADamagedByteAnywhereIsNeverAnInternalErrorOrAnotherRun) {
  const StoppedRun stopped;
  const auto whole = stopped.world.dir() / "out" / "whole.h5";
  ASSERT_EQ(
      cli({"run", stopped.world.scenario().string(), "--out", whole.string(), "--quiet"}).exit_code,
      kExitOk);
  const auto size = fs::file_size(stopped.checkpoint);
  const fs::path pristine = stopped.checkpoint.string() + ".pristine";
  fs::copy_file(stopped.checkpoint, pristine);
  for (int k = 1; k < 12; ++k) {
    const auto offset = static_cast<std::streamoff>(size * static_cast<std::uintmax_t>(k) / 12);
    fs::copy_file(pristine, stopped.checkpoint, fs::copy_options::overwrite_existing);
    {
      std::fstream file(stopped.checkpoint, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(offset);
      for (int i = 0; i < 16; ++i)
        file.put(static_cast<char>(0xa5));
    }
    std::error_code ignored;
    fs::remove(stopped.out.string() + ".partial", ignored);
    const auto r = stopped.resume();
    EXPECT_NE(r.exit_code, kExitFailure) << "offset " << offset << ": " << r.err;
    if (r.exit_code == kExitOk) {
      expect_same_run(whole, stopped.out);  // the bytes changed were unused space
      fs::remove(stopped.out);
    } else {
      EXPECT_EQ(r.exit_code, kExitUsage) << "offset " << offset << ": " << r.err;
      EXPECT_NE(r.err.find(stopped.checkpoint.string()), std::string::npos) << r.err;
    }
  }
}

}  // namespace
}  // namespace displace::app
