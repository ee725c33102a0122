// The command line's contract: subcommands, options, messages and exit codes (issue 2 and 4).
#include <gtest/gtest.h>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/common/version.hpp"

namespace displace::app {
namespace {

using testing::cli;

TEST(Cli, VersionPrintsVersionAndRevision) {
  const auto r = cli({"--version"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_NE(r.out.find(std::string(engine_version())), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(std::string(git_revision())), std::string::npos) << r.out;
}

TEST(Cli, HelpListsEverySubcommandWithOneLine) {
  const auto r = cli({"--help"});
  EXPECT_EQ(r.exit_code, kExitOk);
  for (const char* name : {"run", "validate", "inspect", "compare", "export", "version"}) {
    EXPECT_NE(r.out.find(std::string("\n  ") + name + " "), std::string::npos) << name;
  }
}

TEST(Cli, NoArgumentsIsAUsageError) {
  const auto r = cli({});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("usage:"), std::string::npos);
}

TEST(Cli, UnknownSubcommandSuggestsTheClosest) {
  const auto r = cli({"rnu", "x.yaml"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("unknown subcommand 'rnu'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'run'"), std::string::npos) << r.err;
}

TEST(Cli, UnknownOptionSuggestsTheClosest) {
  const auto r = cli({"run", "x.yaml", "--treads", "2"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("unknown option '--treads'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean '--threads'"), std::string::npos) << r.err;
}

TEST(Cli, OptionWithoutItsValueIsRefused) {
  const auto r = cli({"run", "x.yaml", "--out"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--out needs a value"), std::string::npos) << r.err;
}

TEST(Cli, ThreadsMustBeAPositiveInteger) {
  const testing::World world;
  for (const char* bad : {"0", "-1", "two", "2x"}) {
    const auto r = cli({"run", world.scenario().string(), "--threads", bad});
    EXPECT_EQ(r.exit_code, kExitUsage) << bad;
    EXPECT_NE(r.err.find("--threads"), std::string::npos) << r.err;
  }
}

TEST(Cli, MissingScenarioArgumentShowsUsage) {
  const auto r = cli({"validate"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("missing argument"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: displace validate"), std::string::npos) << r.err;
}

TEST(Cli, SubcommandHelpShowsItsUsage) {
  const auto r = cli({"export", "--help"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_NE(r.out.find("usage: displace export"), std::string::npos) << r.out;
}

TEST(Cli, ValidateAcceptsAGoodScenario) {
  const testing::World world;
  const auto r = cli({"validate", world.scenario().string()});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("valid"), std::string::npos);
}

TEST(Cli, ValidatePrintShowsDefaultsFilledIn) {
  const testing::World world;
  const auto r = cli({"validate", world.scenario().string(), "--print"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("uninhabitable_damage"), std::string::npos) << r.out;
}

TEST(Cli, ValidateReportsMisspeltKeyWithLineAndColumn) {
  const testing::World world;
  const auto file =
      world.write("typo.yaml", std::string(testing::kStormScenario) +
                                   "behaviour:\n  damage:\n    uninhabitabel_damage: 0.5\n");
  const auto r = cli({"validate", file.string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("typo.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("uninhabitabel_damage"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(Cli, ValidateRejectsOutOfRangeOverride) {
  const testing::World world;
  const auto r = cli({"validate", world.scenario().string(), "--set",
                      "behaviour.damage.uninhabitable_damage=1.7"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("uninhabitable_damage"), std::string::npos) << r.err;
}

TEST(Cli, MissingScenarioFileIsNamed) {
  const auto r = cli({"validate", "/nonexistent/scenario.yaml"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("/nonexistent/scenario.yaml"), std::string::npos) << r.err;
}

TEST(Cli, InspectDescribesARaster) {
  const testing::World world;
  const auto r = cli({"inspect", (world.dir() / "wind.tif").string()});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("GTiff"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4326"), std::string::npos) << r.out;
}

TEST(Cli, InspectRefusesACorruptFile) {
  const testing::World world;
  const auto file = world.write("broken.tif", "this is not a GeoTIFF");
  const auto r = cli({"inspect", file.string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("broken.tif"), std::string::npos) << r.err;
}

TEST(Cli, ExportNeedsExactlyOneOfMapAndTable) {
  const auto r = cli({"export", "run.h5", "--to", "x.csv"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("exactly one of --map"), std::string::npos) << r.err;
}

TEST(Cli, CompareRefusesAForeignFile) {
  const testing::World world;
  const auto file = world.write("foreign.h5", "not an HDF5 file at all");
  const auto r = cli({"compare", file.string(), file.string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("foreign.h5"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace displace::app
