// Checkpoint and restart (issue 11): a run killed with SIGKILL, or stopped by SIGTERM, and
// resumed from its checkpoint writes the same run file as an uninterrupted run.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/common/error.hpp"
#include "displace/output/run_reader.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

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

}  // namespace
}  // namespace displace::app
