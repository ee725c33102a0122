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
  for (const char* name :
       {"run", "validate", "inspect", "storms", "compare", "export", "version"}) {
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

// Observed tracks (issue #26): the bundled IBTrACS NetCDF and HURDAT2 files.
const std::string kTracksDir = std::string(DISPLACE_SOURCE_DIR) + "/scenarios/data/tracks";

TEST(Cli, StormsListsMariaNearSanJuan) {
  const auto r = cli({"storms", kTracksDir + "/IBTrACS.NA.v04r00.nc", "--near", "-66.1,18.4",
                      "--within", "100", "--years", "2017..2017"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  const auto maria = r.out.find("\n2017    MARIA");
  ASSERT_NE(maria, std::string::npos) << r.out;
  const auto line = r.out.substr(maria + 1, r.out.find('\n', maria + 1) - maria - 1);
  EXPECT_NE(line.find("2017260N12310"), std::string::npos) << line;
  EXPECT_NE(line.find("AL152017"), std::string::npos) << line;
  EXPECT_NE(line.find("2017-09-20"), std::string::npos) << line;
  EXPECT_NE(line.find("77.2"), std::string::npos) << line;       // 150 kt, its peak
  EXPECT_EQ(r.out.find("\n2016 "), std::string::npos) << r.out;  // only the years asked for
  EXPECT_NE(r.out.find("came within 100 km of -66.100, 18.400"), std::string::npos) << r.out;
}

TEST(Cli, StormsSaysWhenNoStormCameNear) {
  const auto r = cli({"storms", kTracksDir + "/hurdat2_atlantic_2021-2022.txt", "--near", "-30,-60",
                      "--within", "50"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("no storm came within 50 km"), std::string::npos) << r.out;
}

TEST(Cli, StormsRefusesBadArgumentsByName) {
  const std::string tracks = kTracksDir + "/hurdat2_atlantic_2021-2022.txt";
  auto r = cli({"storms", tracks, "--near", "north", "--within", "100"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--near: expected LON,LAT"), std::string::npos) << r.err;
  r = cli({"storms", tracks, "--near", "-66.1,18.4", "--within", "-5"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--within"), std::string::npos) << r.err;
  r = cli({"storms", tracks, "--near", "-66.1,18.4", "--within", "100", "--years", "2022..2021"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--years"), std::string::npos) << r.err;
  r = cli({"storms", tracks, "--within", "100"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--near LON,LAT and --within KM"), std::string::npos) << r.err;
  r = cli({"storms", "/nonexistent/tracks.txt", "--near", "-66.1,18.4", "--within", "100"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("/nonexistent/tracks.txt: file not found"), std::string::npos) << r.err;
}

TEST(Cli, InspectListsTheStormsOfATrackFile) {
  const auto r = cli({"inspect", kTracksDir + "/hurdat2_atlantic_2021-2022.txt"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("format:    HURDAT2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("storms:    37, seasons 2021-2022"), std::string::npos) << r.out;
  const auto fiona = r.out.find("\n2022    FIONA");
  ASSERT_NE(fiona, std::string::npos) << r.out;
  const auto line = r.out.substr(fiona + 1, r.out.find('\n', fiona + 1) - fiona - 1);
  EXPECT_NE(line.find("AL072022"), std::string::npos) << line;
  EXPECT_NE(line.find(" 61 "), std::string::npos) << line;  // fixes
}

TEST(Cli, InspectListsTheStormsOfAnIbtracsNetcdf) {
  const auto r = cli({"inspect", kTracksDir + "/IBTrACS.NA.v04r00.nc"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("format:    IBTrACS NetCDF"), std::string::npos) << r.out.substr(0, 400);
  EXPECT_NE(r.out.find("storms:    2323, seasons 1851-2022"), std::string::npos)
      << r.out.substr(0, 400);
  EXPECT_NE(r.out.find("2017260N12310"), std::string::npos);
}

TEST(Cli, InspectRefusesABrokenTrackFileByLine) {
  const testing::World world;
  const auto file = world.write("tracks.txt",
                                "AL152017,              MARIA,      2,\n"
                                "20170916, 1200,  , TD, 12.2N,  49.7W,  30\n");
  const auto r = cli({"inspect", file.string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("tracks.txt:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cut short"), std::string::npos) << r.err;
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
