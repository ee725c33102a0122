// `displace score` on the command line: the text table, --csv that parses back, --targets, and
// exit code 2 with a located message for bad input (in-process and as a shell sees it).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "displace/app/cli.hpp"
#include "evaluation_fixture.hpp"

namespace displace::evaluation {
namespace {

using testing::TempFolder;

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CliResult cli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  CliResult result;
  result.exit_code = app::run_cli(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

const char* const kTargets =
    "id,event,quantity,place,origin,period_start,period_end,value,factor,unit,source\n"
    "disp_jan_feb,storm1,displacements,MZ01,,2020-01-15,2020-02-10,33,2,people,test\n"
    "emigration,storm1,moved_to_external,abroad,MZ01,2020-01-01,2020-03-31,600,2,people,\"a, "
    "b\"\n"
    "elsewhere,storm2,displacements,PRI,,2020-01-01,2020-03-31,100,2,people,test\n";

/// Fields of one CSV line (quotes and doubled quotes; no line breaks inside fields).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST(ScoreCli, PrintsTargetsNotComputedAndSummary) {
  const TempFolder folder;
  const auto run = testing::write_synthetic_run(folder / "run.h5");
  const auto targets = testing::write_text(folder / "targets.csv", kTargets);
  const CliResult r = cli({"score", run.string(), targets.string()});
  ASSERT_EQ(r.exit_code, app::kExitOk) << r.err;
  EXPECT_NE(r.out.find("targets   3 (2 computed, 1 not computed)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("disp_jan_feb  displacements"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("elsewhere: region 'PRI' is not in the run"), std::string::npos) << r.out;
  // ratios 2 and 0.5: ARD (1 + 0.5) / 2, median |log10| = log10 2, both within a factor of 2
  EXPECT_NE(r.out.find("averaged relative difference (ARD, mean |m-o|/o)  0.75\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("median |log10(m/o)|                               0.301\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("within a factor of 2                              100%"), std::string::npos)
      << r.out;
}

TEST(ScoreCli, CsvParsesBackWithOneRowPerTarget) {
  const TempFolder folder;
  const auto run = testing::write_synthetic_run(folder / "run.h5");
  const auto targets = testing::write_text(folder / "targets.csv", kTargets);
  const CliResult r = cli({"score", run.string(), targets.string(), "--csv"});
  ASSERT_EQ(r.exit_code, app::kExitOk) << r.err;
  std::istringstream lines(r.out);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(lines, line);)
    rows.push_back(split_csv(line));
  ASSERT_EQ(rows.size(), 4u) << r.out;
  const auto& header = rows[0];
  for (const auto& row : rows)
    EXPECT_EQ(row.size(), header.size()) << r.out;
  auto cell = [&](std::size_t row, const std::string& column) {
    const auto at = std::find(header.begin(), header.end(), column);
    EXPECT_NE(at, header.end()) << column;
    return rows[row][static_cast<std::size_t>(at - header.begin())];
  };
  EXPECT_EQ(cell(1, "id"), "disp_jan_feb");
  EXPECT_EQ(std::stod(cell(1, "modelled")), 66.0);
  EXPECT_EQ(std::stod(cell(1, "ratio")), 2.0);
  EXPECT_EQ(cell(1, "within_range"), "yes");
  EXPECT_EQ(cell(1, "steps"), "2020-01-01..2020-02-01");
  EXPECT_EQ(cell(2, "place"), "MZ01 -> abroad");
  EXPECT_EQ(std::stod(cell(2, "modelled")), 300.0);
  EXPECT_EQ(cell(3, "status"), "not computed");
  EXPECT_NE(cell(3, "reason").find("region 'PRI' is not in the run (regions: MZ01, MZ02)"),
            std::string::npos);
  EXPECT_EQ(cell(3, "modelled"), "");
}

TEST(ScoreCli, TargetsOptionChoosesTargets) {
  const TempFolder folder;
  const auto run = testing::write_synthetic_run(folder / "run.h5");
  const auto targets = testing::write_text(folder / "targets.csv", kTargets);
  const CliResult r =
      cli({"score", run.string(), targets.string(), "--csv", "--targets", "emigration"});
  ASSERT_EQ(r.exit_code, app::kExitOk) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_NE(r.out.find("\nemigration,"), std::string::npos) << r.out;
  const CliResult storm2 = cli({"score", run.string(), targets.string(), "--events", "storm2"});
  ASSERT_EQ(storm2.exit_code, app::kExitOk) << storm2.err;
  EXPECT_NE(storm2.out.find("targets   1 (0 computed, 1 not computed)"), std::string::npos)
      << storm2.out;
  const CliResult no_event = cli({"score", run.string(), targets.string(), "--events", "x"});
  EXPECT_EQ(no_event.exit_code, app::kExitUsage);
  EXPECT_NE(no_event.err.find("no target of event 'x' (events: storm1, storm2)"), std::string::npos)
      << no_event.err;
  const CliResult unknown = cli({"score", run.string(), targets.string(), "--targets", "nope"});
  EXPECT_EQ(unknown.exit_code, app::kExitUsage);
  EXPECT_NE(unknown.err.find("no target with id 'nope'"), std::string::npos) << unknown.err;
}

TEST(ScoreCli, BadInputIsExitCodeTwoWithALocatedMessage) {
  const TempFolder folder;
  const auto run = testing::write_synthetic_run(folder / "run.h5");
  const auto bad =
      testing::write_text(folder / "bad.csv",
                          "id,quantity,place,period_start,period_end,value,factor,unit,source\n"
                          "a,displacements,MZ01,2020-01-01,2020-01-31,lots,2,people,test\n");
  const CliResult r = cli({"score", run.string(), bad.string()});
  EXPECT_EQ(r.exit_code, app::kExitUsage);
  EXPECT_NE(r.err.find("bad.csv:2:44: value: 'lots' is not a number"), std::string::npos) << r.err;
  const auto good = testing::write_text(folder / "targets.csv", kTargets);
  const CliResult missing = cli({"score", (folder / "none.h5").string(), good.string()});
  EXPECT_EQ(missing.exit_code, app::kExitUsage);
  EXPECT_NE(missing.err.find("run file does not exist"), std::string::npos) << missing.err;
  EXPECT_EQ(cli({"score", run.string()}).exit_code, app::kExitUsage);
  EXPECT_EQ(cli({"score", run.string(), good.string(), "--design", "x"}).exit_code,
            app::kExitUsage);
}

TEST(ScoreCli, TheExecutableExitsWithTwoForABadFileAndZeroForAGoodOne) {
  const TempFolder folder;
  const auto run = testing::write_synthetic_run(folder / "run.h5");
  const auto good = testing::write_text(folder / "targets.csv", kTargets);
  const auto bad = testing::write_text(folder / "bad.csv", "id,quantity\n");
  auto shell = [&](const std::filesystem::path& observations) {
    const std::string command = std::string(DISPLACE_EXECUTABLE) + " score '" + run.string() +
                                "' '" + observations.string() + "' >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(shell(good), 0);
  EXPECT_EQ(shell(bad), 2);
}

}  // namespace
}  // namespace displace::evaluation
