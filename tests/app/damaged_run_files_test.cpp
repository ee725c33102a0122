// #31: run files with a few flipped bytes made compare, export and score segfault (H5HG_read via
// read_strings) and report abort (free() in H5G__dense_iterate). A corpus of damaged copies of a
// real run, each given to every command that reads run files, through the real executable (a
// crash is a signal there, not a failed test process): exit 2 naming the file, never 0, never a
// signal. See docs/reliability.md, "Damaged files".
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

struct Outcome {
  int exit_code = -1;  ///< -1 when killed by a signal
  int signal = 0;
  std::string output;  ///< stdout and stderr together
};

/// Runs the real executable once per entry of `commands`, all at once (each is mostly process
/// start-up), the output of command i into `<folder>/log-<i>.txt`.
std::vector<Outcome> run_displace(const std::vector<std::vector<std::string>>& commands,
                                  const fs::path& folder) {
  std::vector<pid_t> children;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    std::vector<std::string> all = {DISPLACE_EXECUTABLE};
    all.insert(all.end(), commands[i].begin(), commands[i].end());
    std::vector<char*> argv;
    for (std::string& arg : all)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    const std::string log = (folder / ("log-" + std::to_string(i) + ".txt")).string();
    const pid_t child = ::fork();
    if (child == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) ::_exit(126);
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::execv(argv.front(), argv.data());
      ::_exit(127);
    }
    children.push_back(child);
  }
  std::vector<Outcome> outcomes(commands.size());
  for (std::size_t i = 0; i < children.size(); ++i) {
    int status = 0;
    if (children[i] < 0 || ::waitpid(children[i], &status, 0) != children[i]) continue;
    if (WIFEXITED(status)) outcomes[i].exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcomes[i].signal = WTERMSIG(status);
    std::ifstream in(folder / ("log-" + std::to_string(i) + ".txt"));
    std::ostringstream text;
    text << in.rdbuf();
    outcomes[i].output = text.str();
  }
  return outcomes;
}

/// XORs the byte at `offset` of `file` with `mask`.
void flip_byte(const fs::path& file, std::uintmax_t offset, unsigned char mask) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekg(static_cast<std::streamoff>(offset));
  const int byte = stream.get();
  stream.seekp(static_cast<std::streamoff>(offset));
  stream.put(static_cast<char>(static_cast<unsigned char>(byte) ^ mask));
}

/// The commands that read a run file, for `run`: each writes what it writes into `dir`.
std::vector<std::vector<std::string>> commands_on(const fs::path& run, const fs::path& intact,
                                                  const fs::path& observations,
                                                  const fs::path& dir) {
  return {
      {"compare", run.string(), intact.string()},
      {"export", run.string(), "--table", "households", "--to", (dir / "table.csv").string(),
       "--overwrite"},
      {"score", run.string(), observations.string()},
      {"report", run.string(), "--to", (dir / "report.html").string(), "--overwrite"},
  };
}

TEST(DamagedRunFiles, EveryCommandRefusesEachOfSixtyDamagedCopiesByNameWithExit2) {
  const testing::World world;
  const auto r = cli({"run", world.scenario().string(), "--quiet"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const fs::path intact = world.dir() / "out" / "storm.h5";
  const fs::path observations = world.write(
      "observed.csv",
      "id,event,quantity,place,origin,period_start,period_end,value,factor,unit,source\n"
      "moved,S1,displacements,_NONE,,2020-02-01,2020-03-31,100,2,people,test\n");
  // The intact run: every command succeeds, so a refusal below is the damage's doing.
  const auto on_intact = commands_on(intact, intact, observations, world.dir());
  const std::vector<Outcome> intact_outcomes = run_displace(on_intact, world.dir());
  for (std::size_t c = 0; c < on_intact.size(); ++c) {
    ASSERT_EQ(intact_outcomes[c].exit_code, kExitOk)
        << on_intact[c].front() << ": " << intact_outcomes[c].output;
  }
  // 60 copies, each with one byte changed: spread evenly over the file, a few in the checksum's
  // user block and the HDF5 superblock; a single bit and a whole byte in turn.
  const std::uintmax_t size = fs::file_size(intact);
  std::vector<std::uintmax_t> offsets = {0, 60, 100, 511, 512, 530};
  for (std::uintmax_t k = 0; offsets.size() < 60; ++k)
    offsets.push_back(600 + k * (size - 601) / 53);
  const fs::path damaged = world.dir() / "damaged.h5";
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    fs::copy_file(intact, damaged, fs::copy_options::overwrite_existing);
    flip_byte(damaged, offsets[i], i % 2 == 0 ? 0x01 : 0xff);
    const auto commands = commands_on(damaged, intact, observations, world.dir());
    const std::vector<Outcome> outcomes = run_displace(commands, world.dir());
    for (std::size_t c = 0; c < commands.size(); ++c) {
      const Outcome& outcome = outcomes[c];
      const std::string what = commands[c].front() + " with byte " + std::to_string(offsets[i]) +
                               " of " + std::to_string(size) + " changed: ";
      EXPECT_EQ(outcome.signal, 0) << what << "killed by signal " << outcome.signal;
      EXPECT_EQ(outcome.exit_code, kExitUsage) << what << outcome.output;
      EXPECT_NE(outcome.output.find(damaged.string()), std::string::npos) << what << outcome.output;
    }
  }
}

}  // namespace
}  // namespace displace::app
