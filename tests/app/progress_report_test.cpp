// Progress on stderr when it is not a terminal (a log file), and `displace report` end to end:
// the CLI, its languages, and what is due to the storm in a paired ensemble's report.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "app_fixture.hpp"
#include "displace/app/cli.hpp"
#include "displace/app/progress.hpp"
#include "displace/output/compare.hpp"

namespace displace::app {
namespace {

namespace fs = std::filesystem;
using testing::cli;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++n;
  return n;
}

TEST(ProgressSchedule, OneLinePerTenthAndAtLeastOnePerMinute) {
  ProgressSchedule schedule(100);
  int lines = 0;
  for (int done = 1; done <= 100; ++done)
    lines += schedule.due(done, 0.1 * done) ? 1 : 0;
  EXPECT_EQ(lines, 10);
  ProgressSchedule slow(1000);
  EXPECT_FALSE(slow.due(1, 30.0));
  EXPECT_TRUE(slow.due(2, 61.0)) << "a minute without a line";
  EXPECT_FALSE(slow.due(3, 90.0));
  EXPECT_TRUE(slow.due(4, 121.5));
  ProgressSchedule few(3);  // fewer steps than tenths: a line for each
  EXPECT_TRUE(few.due(1, 0.0));
  EXPECT_TRUE(few.due(2, 0.0));
  EXPECT_TRUE(few.due(3, 0.0));
}

/// Runs the real executable with stderr into a file (not a terminal); returns the exit status.
int run_logged(const std::vector<std::string>& args, const fs::path& log) {
  std::string command;
  command.append("'").append(DISPLACE_EXECUTABLE).append("'");
  for (const auto& a : args)
    command.append(" '").append(a).append("'");
  command.append(" >/dev/null 2>'").append(log.string()).append("'");
  return std::system(command.c_str());
}

TEST(Progress, RunLoggedToAFileWritesLinesUnlessQuiet) {
  const testing::World world;
  const fs::path log = world.dir() / "run.log";
  ASSERT_EQ(run_logged({"run", world.scenario().string()}, log), 0);
  const std::string text = read_text(log);
  // 12 steps: one line per step that completes a tenth, each a whole line (no carriage return).
  EXPECT_EQ(count(text, "  step "), 10u) << text;
  EXPECT_NE(text.find("  step 12/12  2020-12-01"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
  ASSERT_EQ(run_logged({"run", world.scenario().string(), "--overwrite", "--quiet"}, log), 0);
  EXPECT_EQ(read_text(log).find("step"), std::string::npos) << read_text(log);
}

TEST(ReportCli, WritesTheReportInEitherLanguageAndRefusesUnknownOnes) {
  const testing::World world;
  ASSERT_EQ(cli({"run", world.scenario().string(), "--quiet"}).exit_code, kExitOk);
  const std::string run = (world.dir() / "out" / "storm.h5").string();
  const fs::path en = world.dir() / "report-en.html";
  auto r = cli({"report", run, "--to", en.string()});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(read_text(en).find("<html lang=\"en\">"), std::string::npos);
  const fs::path es = world.dir() / "report-es.html";
  r = cli({"report", run, "--to", es.string(), "--lang", "es"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(read_text(es).find("Cifras principales"), std::string::npos);
  r = cli({"report", run, "--to", es.string(), "--lang", "es"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
  r = cli({"report", run, "--to", (world.dir() / "fr.html").string(), "--lang", "fr"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("'fr' is not a report language"), std::string::npos) << r.err;
  r = cli({"report", run});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--to"), std::string::npos) << r.err;
}

TEST(ReportCli, PairedEnsembleReportShowsWhatIsDueToTheStorm) {
  const testing::World world;
  world.write("calm.yaml",
              "extends: storm.yaml\nname: calm\n"
              "layers: {wind: {events: [{band: 1, id: S1, name: Storm, "
              "date: 2030-01-01}]}}\n");
  const auto scenario = world.write("pair.yaml",
                                    "extends: storm.yaml\nname: storm-pair\n"
                                    "ensemble: {members: 3, pair: {counterfactual: calm.yaml}}\n"
                                    "outputs: {path: out/pair.h5}\n");
  ASSERT_EQ(cli({"run", scenario.string(), "--quiet"}).exit_code, kExitOk);
  const fs::path file = world.dir() / "out" / "pair.h5";
  const fs::path html_path = world.dir() / "pair.html";
  const auto r = cli({"report", file.string(), "--to", html_path.string()});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  const std::string html = read_text(html_path);
  // The paired difference and the median equal compare's, read from the data attributes.
  const auto table = output::compare_runs({file});
  const std::size_t total = table.row_count() - 1;
  const double due = table.value(2, output::ComparisonMetric::people_months_displaced, total);
  const double median = table.value(0, output::ComparisonMetric::people_months_displaced, total);
  ASSERT_GT(due, 0.0);
  const std::string key = "data-key=\"people_months_displaced\"";
  const auto at = html.find(key + " data-due=\"");
  ASSERT_NE(at, std::string::npos);
  EXPECT_DOUBLE_EQ(std::strtod(html.c_str() + at + key.size() + 11, nullptr), due);
  const auto value_at = html.find(key + " data-value=\"");
  ASSERT_NE(value_at, std::string::npos);
  EXPECT_DOUBLE_EQ(std::strtod(html.c_str() + value_at + key.size() + 13, nullptr), median);
  EXPECT_NE(html.find("This file holds 6 runs"), std::string::npos);
  EXPECT_NE(html.find("calm.yaml"), std::string::npos);
  EXPECT_NE(html.find("data-low=\""), std::string::npos) << "5-95% ranges for an ensemble";
}

}  // namespace
}  // namespace displace::app

namespace displace::app {
namespace {

// Traps a newcomer fell into (#19): each gives a message that says what to do.
TEST(Hints, CompressedRasterSuggestsGdalVirtualPaths) {
  const testing::World world;
  world.write("flood.tif.gz", "compressed bytes");
  world.write("flood.zip", "zip bytes");
  auto r = cli({"inspect", (world.dir() / "flood.tif.gz").string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("/vsigzip/" + (world.dir() / "flood.tif.gz").string()), std::string::npos)
      << r.err;
  r = cli({"inspect", (world.dir() / "flood.zip").string()});
  EXPECT_NE(r.err.find("/vsizip/"), std::string::npos) << r.err;
  // The same in a scenario: the layer's message names the virtual path.
  std::string text = testing::kStormScenario;
  text.replace(text.find("path: wind.tif"), 14, "path: flood.tif.gz");
  const auto scenario = world.write("gz.yaml", text);
  r = cli({"run", scenario.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("/vsigzip/"), std::string::npos) << r.err;
}

TEST(Hints, InspectDescribesAVectorFilesLayersAndFields) {
  const std::string gpkg = std::string(DISPLACE_SOURCE_DIR) +
                           "/scenarios/data/puerto-rico/ne_50m_admin_0_countries_caribbean.gpkg";
  const auto r = cli({"inspect", gpkg});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("vector"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ISO_A3 (String), e.g. '"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NAME (String)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EPSG:4326"), std::string::npos) << r.out;
}

TEST(Hints, DecimalCommaSuggestsADecimalPoint) {
  const testing::World world;
  std::string text = testing::kStormScenario;
  const std::string households = "households: {households_per_agent: 1}";
  text.replace(text.find(households), households.size(),
               "households:\n  households_per_agent: 1\n  mean_household_size_people: 3,3");
  const auto scenario = world.write("comma.yaml", text);
  const auto r = cli({"validate", scenario.string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("found '3,3' (numbers use a decimal point: write '3.3')"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace displace::app
