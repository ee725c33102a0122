#include "displace/output/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/output/run_writer.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Compare, ComputesHeadlineFiguresPerRegionAndTotal) {
  const TempFolder folder;
  const ComparisonTable table =
      compare_runs({testing::write_test_run(folder / "a.h5"),
                    testing::write_test_run(folder / "b.h5", 1.5, "seawall")});
  ASSERT_EQ(table.run_labels, (std::vector<std::string>{"baseline", "seawall"}));
  const std::size_t total = 2;
  // displaced (status 2, breakdown all) = 1000 t + 100 r + 20, peak at t = 2.
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::peak_displaced, 1), 2120.0);
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::peak_displaced, total), 4140.0);
  EXPECT_DOUBLE_EQ(table.value(1, ComparisonMetric::peak_displaced, total), 6210.0);
  // migrated (status 3) at the last step.
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::migrated, 0), 2030.0);
  // trapped = t + r, peak of the total at t = 2: 2 + 3.
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::peak_trapped, total), 5.0);
  // displacement flows (kind 1): (1 + o + d) % 3 == 0 -> (o,d) in {(0,2),(1,1),(2,0)}, value t+1.
  // By origin: region 0 gets (0,2) = 1+2+3 = 6; region 1 gets (1,1) = 6; total adds (2,0): 18.
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::cumulative_displaced, 0), 6.0);
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::cumulative_displaced, total), 18.0);
  // return flows (kind 3): (o + d) % 3 == 0 -> (0,0),(1,2),(2,1); by destination region 0: 6.
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::returned, 0), 6.0);
  // people-months: people = 3 x households, 1 month per step; region 0: 3 x (20+1020+2020).
  EXPECT_DOUBLE_EQ(table.value(0, ComparisonMetric::people_months_displaced, 0), 9180.0);
}

TEST(Compare, WideTextTableShowsDifferencesAgainstFirstRun) {
  const TempFolder folder;
  const std::string text = format_comparison_text(
      compare_runs({testing::write_test_run(folder / "a.h5"),
                    testing::write_test_run(folder / "b.h5", 1.5, "seawall")}),
      true);
  EXPECT_TRUE(contains(text, "[1] baseline")) << text;
  EXPECT_TRUE(contains(text, "[2] seawall")) << text;
  EXPECT_TRUE(contains(text, "TOTAL")) << text;
  EXPECT_TRUE(contains(text, "Zambezia, North")) << text;
  // peak displaced total 4140 -> 6210: +2070, +50%.
  EXPECT_TRUE(contains(text, "4140.0")) << text;
  EXPECT_TRUE(contains(text, "6210.0")) << text;
  EXPECT_TRUE(contains(text, "+2070.0")) << text;
  EXPECT_TRUE(contains(text, "+50.0%")) << text;
}

TEST(Compare, TextTableFitsOneHundredColumnsWhateverTheRunCount) {
  const TempFolder folder;
  std::vector<fs::path> runs;
  for (int i = 0; i < 7; ++i) {
    const std::string number = std::to_string(i);
    std::string file = "r";
    file.append(number).append(".h5");
    std::string name = "policy-";
    name.append(number);
    runs.push_back(testing::write_test_run(folder / file, 1.0 + 0.5 * i, name));
  }
  const ComparisonTable table = compare_runs(runs);
  EXPECT_EQ(table.column_kinds, std::vector<ColumnKind>(7, ColumnKind::run));
  const std::string text = format_comparison_text(table);
  std::size_t widest = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = text.find('\n', begin);
    widest = std::max(widest, end - begin);
    begin = end + 1;
  }
  EXPECT_LE(widest, 100u) << text;
  // Thousands grouped, the change against [1] next to each value; every run appears.
  EXPECT_TRUE(contains(text, "4,140")) << text;
  EXPECT_TRUE(contains(text, "6,210 (+50.0%)")) << text;
  EXPECT_TRUE(contains(text, "[7]")) << text;
  EXPECT_TRUE(contains(text, "Zambezia, North")) << text;
  // The wide layout puts all seven runs on one line, far over 100 columns.
  const std::string wide = format_comparison_text(table, true);
  EXPECT_GT(wide.find('\n', wide.find("region  ")) - wide.find("region  "), 100u);
}

TEST(Compare, CsvHasRunColumnsAndDifferences) {
  const TempFolder folder;
  const std::string csv = format_comparison_csv(
      compare_runs({testing::write_test_run(folder / "a.h5"),
                    testing::write_test_run(folder / "b.h5", 1.5, "seawall")}));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "region_code,region_name,metric,baseline,seawall,seawall_minus_baseline");
  EXPECT_TRUE(contains(csv, "TOTAL,all regions,peak_displaced_households,4140,6210,2070\n")) << csv;
  EXPECT_TRUE(contains(csv, "MZ02,\"Zambezia, North\",peak_displaced_households,2120,3180,1060\n"))
      << csv;
}

TEST(Compare, SameScenarioNamesFallBackToFileNames) {
  const TempFolder folder;
  const ComparisonTable table = compare_runs(
      {testing::write_test_run(folder / "a.h5"), testing::write_test_run(folder / "b.h5")});
  EXPECT_EQ(table.run_labels, (std::vector<std::string>{"a.h5", "b.h5"}));
}

TEST(Compare, RefusesRunsWithDifferentRegions) {
  const TempFolder folder;
  const fs::path first = testing::write_test_run(folder / "a.h5");
  const fs::path other = folder / "other.h5";
  {
    engine::RunLayout layout = testing::test_layout();
    layout.region_codes = {"MZ01", "MZ03"};
    RunWriter writer(other, testing::test_grid(), testing::test_step_dates(),
                     testing::test_provenance("other"));
    writer.begin(layout);
    for (int step = 0; step < 3; ++step)
      writer.record_step(testing::test_step(step));
    writer.end(testing::test_summary());
  }
  try {
    compare_runs({first, other});
    FAIL() << "InputError expected";
  } catch (const InputError& error) {
    EXPECT_TRUE(contains(error.what(), first.string())) << error.what();
    EXPECT_TRUE(contains(error.what(), other.string())) << error.what();
    EXPECT_TRUE(contains(error.what(), "regions")) << error.what();
  }
}

TEST(Compare, RefusesRunsWithDifferentGrids) {
  const TempFolder folder;
  const fs::path first = testing::write_test_run(folder / "a.h5");
  const fs::path other = folder / "shifted.h5";
  {
    RunGrid grid = testing::test_grid();
    grid.geotransform[0] = 35.0;
    RunWriter writer(other, grid, testing::test_step_dates(), testing::test_provenance("x"));
    writer.begin(testing::test_layout());
    for (int step = 0; step < 3; ++step)
      writer.record_step(testing::test_step(step));
    writer.end(testing::test_summary());
  }
  EXPECT_THROW(compare_runs({first, other}), InputError);
}

TEST(Compare, GridsThatDifferInTheLastBitsOfTheCellSizeCompare) {
  // open-gira's 0.1-degree grid reads as 0.10000000000000009 from its file and 0.1 from a
  // scenario's bounds: the same grid. A shift of a thousandth of a cell is another grid.
  const TempFolder folder;
  const fs::path first = testing::write_test_run(folder / "a.h5");
  auto write_with = [&](const fs::path& path, int index, double delta) {
    RunGrid grid = testing::test_grid();
    grid.geotransform[static_cast<std::size_t>(index)] += delta;
    RunWriter writer(path, grid, testing::test_step_dates(), testing::test_provenance("x"));
    writer.begin(testing::test_layout());
    for (int step = 0; step < 3; ++step)
      writer.record_step(testing::test_step(step));
    writer.end(testing::test_summary());
    return path;
  };
  const double cell = testing::test_grid().geotransform[1];
  EXPECT_NO_THROW(compare_runs({first, write_with(folder / "ulp.h5", 1, 1e-15 * cell)}));
  EXPECT_THROW(compare_runs({first, write_with(folder / "moved.h5", 0, 1e-3 * cell)}), InputError);
}

TEST(Compare, NeedsTwoRuns) {
  const TempFolder folder;
  EXPECT_THROW(compare_runs({testing::write_test_run(folder / "a.h5")}), InputError);
}

}  // namespace
}  // namespace displace::output
