// Modelled values of targets and the score, against values worked out by hand from the synthetic
// run (evaluation_fixture.cpp), for single runs, runs in memory and ensemble files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "displace/common/error.hpp"
#include "displace/evaluation/observations.hpp"
#include "displace/evaluation/score.hpp"
#include "displace/evaluation/score_run.hpp"
#include "displace/evaluation/target_accumulator.hpp"
#include "displace/evaluation/target_recorder.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/run_reader.hpp"
#include "evaluation_fixture.hpp"

namespace displace::evaluation {
namespace {

using testing::Tallies;
using testing::TempFolder;

constexpr const char* kHeader =
    "id,quantity,place,origin,destination,cause,kind,date,period_start,period_end,value,factor,"
    "lower,upper,relative_error,bound,unit,source\n";

// Modelled (by hand from the fixture)            observed  -> ratio  |m-o|/o  in range
//   disp_jan_feb     steps 0-1: 60 + 6 = 66          33 x2    2        1        yes [16.5, 66]
//   disp_mar_homes   step 2: 200 + 300 = 500         500 [400,600]     0        yes
//   evac_all         10 + 1 + 100 = 111              111 +-10% 1       0        yes
//   emigration_mz01  50 + 100 + 150 = 300            600 x2   0.5      0.5      yes [300, 1200]
//   emigration_all   300 + 3 x 7 = 321               3210 x2  0.1      0.9      no [1605, 6420]
//   flow_mz01_mz02   1000 (February)                 1000 +-50% 1      0        yes
//   displaced_feb    step 1: 800 + 80 = 880          880 x2   1        0        yes
//   present_abroad   step 2: 1200                    600 x1.5 2        1        no [400, 900]
//   bound_met        MZ02 5 x 3 = 15                 <= 20 (10 x2, upper bound)  yes
//   bound_missed     15                              <= 10 (5 x2, upper bound)   no
const std::string kTargets =
    std::string(kHeader) +
    "disp_jan_feb,displacements,MZ01,,,,,,2020-01-15,2020-02-10,33,2,,,,,"
    "people,test\n"
    "disp_mar_homes,displacements,MZ01,,,uninhabitable_home+services_loss,"
    ",,2020-03-01,2020-03-31,500,,400,600,,,people,test\n"
    "evac_all,evacuations,MZ01,,,,,,2020-01-01,2020-03-31,111,,,,0.1,,"
    "people,test\n"
    "emigration_mz01,moved_to_external,abroad,MZ01,,,,,2020-01-01,2020-03-"
    "31,600,2,,,,,people,test\n"
    "emigration_all,moved_to_external,abroad,,,,,,2020-01-01,2020-03-31,"
    "3210,2,,,,,people,test\n"
    "flow_mz01_mz02,flow,,MZ01,MZ02,,migration,,2020-02-01,2020-02-29,1000,"
    ",,,0.5,,people,test\n"
    "displaced_feb,displaced_people,MZ02,,,,,2020-02-15,,,880,2,,,,,people,"
    "test\n"
    "present_abroad,present_people,abroad,,,,,2020-03-31,,,600,1.5,,,,,"
    "people,test\n"
    "bound_met,displacements,MZ02,,,,,,2020-01-01,2020-03-31,10,2,,,,upper,"
    "people,test\n"
    "bound_missed,displacements,MZ02,,,,,,2020-01-01,2020-03-31,5,2,,,,"
    "upper,people,test\n";

const TargetScore& row_of(const ScoreTable& table, const std::string& id) {
  for (const TargetScore& row : table.rows)
    if (row.target.id == id) return row;
  throw Error("no row " + id);
}

TEST(Score, ModelledValuesMatchTheHandWorkedTable) {
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const ScoreTable table = score_run(run, parse_targets(kTargets, "targets.csv"));
  ASSERT_EQ(table.rows.size(), 10u);
  const std::vector<std::pair<std::string, double>> expected = {
      {"disp_jan_feb", 66},     {"disp_mar_homes", 500},  {"evac_all", 111},
      {"emigration_mz01", 300}, {"emigration_all", 321},  {"flow_mz01_mz02", 1000},
      {"displaced_feb", 880},   {"present_abroad", 1200}, {"bound_met", 15},
      {"bound_missed", 15}};
  for (const auto& [id, value] : expected) {
    const TargetScore& row = row_of(table, id);
    ASSERT_TRUE(row.computed) << id << ": " << row.reason;
    EXPECT_DOUBLE_EQ(row.modelled, value) << id;
    EXPECT_EQ(row.members, 1) << id;
    EXPECT_DOUBLE_EQ(row.modelled_p05, value) << id;  // one run: its range is its value
    EXPECT_DOUBLE_EQ(row.modelled_p95, value) << id;
  }
  EXPECT_EQ(row_of(table, "disp_jan_feb").first_step_date, "2020-01-01");
  EXPECT_EQ(row_of(table, "disp_jan_feb").last_step_date, "2020-02-01");
  EXPECT_EQ(row_of(table, "displaced_feb").first_step_date, "2020-02-01");
  EXPECT_EQ(row_of(table, "displaced_feb").last_step_date, "2020-02-01");
}

TEST(Score, RatiosRangesAndSummaryMatchTheHandWorkedTable) {
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const ScoreTable table = score_run(run, parse_targets(kTargets, "targets.csv"));
  EXPECT_DOUBLE_EQ(row_of(table, "disp_jan_feb").ratio, 2.0);
  EXPECT_NEAR(row_of(table, "disp_jan_feb").log10_ratio, std::log10(2.0), 1e-15);
  EXPECT_TRUE(row_of(table, "disp_jan_feb").within_factor_2);  // 2 is within a factor of 2
  EXPECT_TRUE(row_of(table, "disp_jan_feb").within_range);     // 66 is the interval's upper end
  EXPECT_DOUBLE_EQ(row_of(table, "emigration_mz01").ratio, 0.5);
  EXPECT_NEAR(row_of(table, "emigration_all").ratio, 0.1, 1e-15);
  EXPECT_NEAR(row_of(table, "emigration_all").log10_ratio, -1.0, 1e-15);
  EXPECT_FALSE(row_of(table, "emigration_all").within_factor_2);
  EXPECT_FALSE(row_of(table, "emigration_all").within_range);
  EXPECT_TRUE(row_of(table, "evac_all").within_range);
  EXPECT_FALSE(row_of(table, "present_abroad").within_range);
  EXPECT_TRUE(row_of(table, "bound_met").within_range);
  EXPECT_FALSE(row_of(table, "bound_missed").within_range);

  const ScoreSummary& s = table.summary;
  EXPECT_EQ(s.targets, 10);
  EXPECT_EQ(s.computed, 10);
  EXPECT_EQ(s.not_computed, 0);
  EXPECT_EQ(s.estimates, 8);
  EXPECT_EQ(s.bounds, 2);
  EXPECT_EQ(s.bounds_within_range, 1);
  EXPECT_NEAR(s.ard, (1.0 + 0.5 + 0.9 + 1.0) / 8.0, 1e-15);
  EXPECT_NEAR(s.total_relative_difference,
              (33.0 + 300.0 + 2889.0 + 600.0) / (33.0 + 500 + 111 + 600 + 3210 + 1000 + 880 + 600),
              1e-15);
  // |log10 ratio| sorted: 0 0 0 0 log2 log2 log2 1 -> median (0 + log10 2) / 2
  EXPECT_NEAR(s.median_abs_log10_ratio, std::log10(2.0) / 2.0, 1e-15);
  EXPECT_DOUBLE_EQ(s.share_within_factor_2, 7.0 / 8.0);
  EXPECT_DOUBLE_EQ(s.share_within_range, 6.0 / 8.0);
}

TEST(Score, HouseholdUnitsReadTheHouseholdTallies) {
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const std::string text = std::string(kHeader) +
                           "f,flow,,MZ01,MZ02,,,,2020-01-01,2020-03-31,400,2,,,,,households,t\n"
                           "d,displaced_people,MZ02,,,,,2020-03-01,,,528,2,,,,,households,t\n";
  const ScoreTable table = score_run(run, parse_targets(text, "t.csv"));
  EXPECT_DOUBLE_EQ(row_of(table, "f").modelled, 400.0);         // 1000 people / 2.5
  EXPECT_DOUBLE_EQ(row_of(table, "d").modelled, 480.0 + 48.0);  // (160 + 16) x 3
}

TEST(Score, ZeroModelValueHasMinusInfiniteLog10AndCountsAsFarOff) {
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const std::string text = std::string(kHeader) +
                           "z,flow,,MZ02,MZ01,,,,2020-01-01,2020-03-31,100,2,,,,,people,t\n"
                           "one,evacuations,MZ01,,,,,,2020-01-01,2020-03-31,111,2,,,,,people,t\n";
  const ScoreTable table = score_run(run, parse_targets(text, "t.csv"));
  const TargetScore& z = row_of(table, "z");
  ASSERT_TRUE(z.computed);
  EXPECT_EQ(z.modelled, 0.0);
  EXPECT_EQ(z.ratio, 0.0);
  EXPECT_EQ(z.log10_ratio, -std::numeric_limits<double>::infinity());
  EXPECT_FALSE(z.within_factor_2);
  EXPECT_DOUBLE_EQ(table.summary.ard, (1.0 + 0.0) / 2.0);
  // |log10|: 0 and inf -> median inf (a zero is never hidden by averaging)
  EXPECT_EQ(table.summary.median_abs_log10_ratio, std::numeric_limits<double>::infinity());
}

TEST(Score, TargetsTheRunCannotGiveAreListedWithTheirReasons) {
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const std::string text =
      std::string(kHeader) +
      "no_region,displacements,XX01,,,,,,2020-01-01,2020-01-31,10,2,,,,,people,t\n"
      "too_early,displacements,MZ01,,,,,,2019-12-01,2020-01-31,10,2,,,,,people,t\n"
      "too_late,displacements,MZ01,,,,,,2020-03-01,2020-04-01,10,2,,,,,people,t\n"
      "external,displacements,abroad,,,,,,2020-01-01,2020-01-31,10,2,,,,,people,t\n"
      "not_external,moved_to_external,MZ02,,,,,,2020-01-01,2020-01-31,10,2,,,,,people,t\n"
      "no_origin,moved_to_external,abroad,XX02,,,,,2020-01-01,2020-01-31,10,2,,,,,people,t\n"
      "after_end,present_people,abroad,,,,,2020-04-01,,,10,2,,,,,people,t\n"
      "fine,evacuations,MZ01,,,,,,2020-01-01,2020-03-31,111,2,,,,,people,t\n";
  const ScoreTable table = score_run(run, parse_targets(text, "t.csv"));
  auto reason = [&](const std::string& id) {
    const TargetScore& row = row_of(table, id);
    EXPECT_FALSE(row.computed) << id;
    return row.reason;
  };
  EXPECT_NE(reason("no_region").find("region 'XX01' is not in the run (regions: MZ01, MZ02)"),
            std::string::npos);
  EXPECT_NE(reason("too_early").find("reaches outside the run (2020-01-01..2020-03-31)"),
            std::string::npos)
      << reason("too_early");
  EXPECT_NE(reason("too_late").find("reaches outside the run"), std::string::npos);
  EXPECT_NE(reason("external").find("'abroad' is an external destination"), std::string::npos);
  EXPECT_NE(reason("not_external")
                .find("'MZ02' is a region; 'moved_to_external' needs an "
                      "external destination (the run's: abroad)"),
            std::string::npos)
      << reason("not_external");
  EXPECT_NE(reason("no_origin").find("place 'XX02' is not in the run"), std::string::npos);
  EXPECT_NE(reason("after_end").find("date 2020-04-01 is outside the run"), std::string::npos);
  EXPECT_TRUE(row_of(table, "fine").computed);
  EXPECT_EQ(table.summary.not_computed, 7);
  EXPECT_EQ(table.summary.computed, 1);
  EXPECT_EQ(table.summary.estimates, 1);  // the not-computed ones are not zeros in the averages
  EXPECT_DOUBLE_EQ(table.summary.ard, 0.0);
}

TEST(Score, VariablesTheRunDoesNotRecordAreNotComputedNotZero) {
  const TempFolder folder;
  Tallies old_engine;
  old_engine.flows_people = false;
  old_engine.displacements_people = false;
  const output::RunReader old_run(testing::write_synthetic_run(folder / "old.h5", old_engine));
  Tallies no_flows;
  no_flows.flows = false;
  const output::RunReader flowless(testing::write_synthetic_run(folder / "nf.h5", no_flows));
  const std::string text =
      std::string(kHeader) +
      "disp,displacements,MZ01,,,,,,2020-01-01,2020-01-31,10,2,,,,,people,t\n"
      "emig,moved_to_external,abroad,,,,,,2020-01-01,2020-01-31,10,2,,,,,people,t\n"
      "emig_hh,moved_to_external,abroad,,,,,,2020-01-01,2020-01-31,10,2,,,,,households,t\n"
      "stock,displaced_people,MZ02,,,,,2020-01-10,,,440,2,,,,,people,t\n";
  const auto targets = parse_targets(text, "t.csv");

  const ScoreTable old_table = score_run(old_run, targets);
  EXPECT_FALSE(row_of(old_table, "disp").computed);
  EXPECT_NE(row_of(old_table, "disp").reason.find("does not record displacements_people"),
            std::string::npos);
  EXPECT_FALSE(row_of(old_table, "emig").computed);
  EXPECT_NE(row_of(old_table, "emig").reason.find("does not record flows_people"),
            std::string::npos);
  EXPECT_TRUE(row_of(old_table, "emig_hh").computed);  // household flows are there
  EXPECT_DOUBLE_EQ(row_of(old_table, "emig_hh").modelled, (50.0 + 7.0) / 2.5);
  EXPECT_DOUBLE_EQ(row_of(old_table, "stock").modelled, 440.0);

  const ScoreTable flowless_table = score_run(flowless, targets);
  EXPECT_TRUE(row_of(flowless_table, "disp").computed);
  EXPECT_DOUBLE_EQ(row_of(flowless_table, "disp").modelled, 60.0);
  EXPECT_FALSE(row_of(flowless_table, "emig_hh").computed);
  EXPECT_NE(row_of(flowless_table, "emig_hh").reason.find("record_flows off"), std::string::npos);
}

TEST(Score, RecordsInMemoryGiveTheFileValues) {
  // The seam calibration uses: no run file, the accumulator fed StepRecords.
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const auto targets = parse_targets(kTargets, "targets.csv");
  TargetAccumulator accumulator(
      axes_of(output::testing::test_layout(), testing::synthetic_step_bounds()), targets);
  std::vector<std::vector<Modelled>> members;
  for (const double scale : {1.0, 2.0}) {
    accumulator.reset();
    Tallies tallies;
    tallies.scale = scale;
    for (int step = 0; step < 3; ++step)
      accumulator.add(testing::synthetic_step(step, tallies));
    members.push_back(accumulator.values());
  }
  const ScoreTable from_file = score_run(run, targets);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    ASSERT_TRUE(members[0][t].computed) << targets[t].id;
    EXPECT_EQ(members[0][t].value, from_file.rows[t].modelled) << targets[t].id;
    EXPECT_DOUBLE_EQ(members[1][t].value, 2.0 * members[0][t].value) << targets[t].id;
  }
  // Steps must come in order, and a target cannot be read before its steps were added.
  accumulator.reset();
  EXPECT_THROW(accumulator.add(testing::synthetic_step(1)), Error);
  accumulator.add(testing::synthetic_step(0));
  EXPECT_THROW(accumulator.values(), Error);
}

TEST(Score, TargetRecorderTakesThePlaceOfTheRunWriter) {
  const auto targets = parse_targets(kTargets, "targets.csv");
  TargetAccumulator accumulator(
      axes_of(output::testing::test_layout(), testing::synthetic_step_bounds()), targets);
  TargetRecorder recorder(accumulator);
  engine::Recorder& as_engine_sees_it = recorder;
  for (int run = 0; run < 2; ++run) {  // begin() starts each run afresh
    as_engine_sees_it.begin(output::testing::test_layout());
    for (int step = 0; step < 3; ++step) {
      as_engine_sees_it.record_step(testing::synthetic_step(step));
      as_engine_sees_it.record_map(output::testing::test_map(step));
    }
    as_engine_sees_it.end(output::testing::test_summary());
    EXPECT_EQ(accumulator.values()[0].value, 66.0);  // disp_jan_feb
  }
  engine::RunLayout other = output::testing::test_layout();
  other.external_names = {"elsewhere"};
  EXPECT_THROW(as_engine_sees_it.begin(other), Error);
}

TEST(Score, AxesOfARunFileEndWithTheLastStep) {
  const TempFolder folder;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5"));
  const RunAxes axes = axes_of(run);
  EXPECT_EQ(axes.step_bounds, testing::synthetic_step_bounds());
  EXPECT_EQ(axes.place_ids, (std::vector<std::string>{"MZ01", "MZ02", "abroad"}));
}

/// Member runs with scales 1..n written into one ensemble file; members [0, split) in design 0,
/// the rest in design 1 (one design group when split == n).
std::filesystem::path write_ensemble(const TempFolder& folder, int n, int split) {
  std::vector<output::EnsembleMemberRun> members;
  for (int m = 0; m < n; ++m) {
    Tallies tallies;
    tallies.scale = m + 1.0;
    const auto path = folder / ("member" + std::to_string(m) + ".h5");
    testing::write_synthetic_run(path, tallies);
    members.push_back({path, static_cast<std::uint64_t>(m), m < split ? 0 : 1});
  }
  std::vector<output::EnsembleDesignGroup> designs = {{split == n ? "" : "factual", 0, {}}};
  if (split < n) designs.push_back({"counterfactual", 0, {}});
  const auto path = folder / "ensemble.h5";
  output::write_ensemble_file(path, designs, members, false);
  return path;
}

TEST(Score, EnsembleGivesTheMedianAndFiveToNinetyFivePercentOverMembers) {
  const TempFolder folder;
  const output::RunReader run(write_ensemble(folder, 5, 5));
  const std::string text = std::string(kHeader) +
                           "far,displacements,MZ01,,,,,,2020-01-15,2020-02-10,33,2,,,,,people,t\n"
                           "near,displacements,MZ01,,,,,,2020-01-15,2020-02-10,300,2,,,,,people,"
                           "t\n";
  const ScoreTable table = score_run(run, parse_targets(text, "t.csv"));
  const TargetScore& far = row_of(table, "far");
  // Members give 66 x (1, 2, 3, 4, 5): median 198; numpy's linear quantiles 66 x 1.2, 66 x 4.8.
  EXPECT_EQ(far.members, 5);
  EXPECT_DOUBLE_EQ(far.modelled, 198.0);
  EXPECT_DOUBLE_EQ(far.modelled_p05, 66.0 * 1.2);
  EXPECT_DOUBLE_EQ(far.modelled_p95, 66.0 * 4.8);
  EXPECT_DOUBLE_EQ(far.ratio, 6.0);
  EXPECT_FALSE(far.within_range);                   // [16.5, 66] vs [79.2, 316.8]
  EXPECT_TRUE(row_of(table, "near").within_range);  // [150, 600] meets [79.2, 316.8]
  EXPECT_NE(table.run.find("5 member(s)"), std::string::npos) << table.run;
}

TEST(Score, EnsembleWithSeveralDesignGroupsNeedsOneChosen) {
  const TempFolder folder;
  const output::RunReader run(write_ensemble(folder, 4, 2));  // scales 1, 2 | 3, 4
  const std::string text =
      std::string(kHeader) + "d,displacements,MZ01,,,,,,2020-01-15,2020-02-10,33,2,,,,,people,t\n";
  const auto targets = parse_targets(text, "t.csv");
  try {
    score_run(run, targets);
    FAIL() << "an ensemble of two design groups was scored without a choice";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("2 design groups (0 = point 0 factual; 1 = point 0 "
                                         "counterfactual); choose one with --design"),
              std::string::npos)
        << e.what();
  }
  const ScoreTable second = score_run(run, targets, 1);
  EXPECT_EQ(row_of(second, "d").members, 2);
  EXPECT_DOUBLE_EQ(row_of(second, "d").modelled, 66.0 * 3.5);
  EXPECT_THROW(score_run(run, targets, 2), InputError);
  const output::RunReader single(testing::write_synthetic_run(folder / "single.h5"));
  EXPECT_THROW(score_run(single, targets, 0), InputError);
}

// Homes made uninhabitable and people in shelters (fixture: damaged_home_households MZ01 4, 0, 12
// and MZ02 2 per step; protected_households MZ01 1, 0, 3; shelter_people school 30 t, "stadium,
// east" 3 (20 t + 1), "hall+annex" 5; shelter_households 10 t, 20 t + 1, 2):
//   homes_mz01      steps 0-2: (4 + 1) + (0 + 0) + (12 + 3) = 20
//   homes_mz02_feb  step 1: 2 + 0 = 2
//   sheltered_feb   step 1: school 30 + stadium 63 = 93 people
//   sheltered_hall  step 2: "hall+annex" (one site whose name holds a '+') 2 households
const std::string kHomesAndShelters =
    std::string(kHeader) +
    "homes_mz01,uninhabitable_homes,MZ01,,,,,,2020-01-01,2020-03-31,20,2,,,,,households,t\n"
    "homes_mz02_feb,uninhabitable_homes,MZ02,,,,,,2020-02-01,2020-02-29,2,2,,,,,households,t\n"
    "sheltered_feb,sheltered_people,\"school+stadium, east\",,,,,2020-02-15,,,93,2,,,,,people,t\n"
    "sheltered_hall,sheltered_people,hall+annex,,,,,2020-03-31,,,2,2,,,,,households,t\n";

TEST(Score, UninhabitableHomesAndShelteredPeopleMatchTheHandWorkedValues) {
  const TempFolder folder;
  Tallies tallies;
  tallies.shelters = true;
  const output::RunReader run(testing::write_synthetic_run(folder / "run.h5", tallies));
  const auto targets = parse_targets(kHomesAndShelters, "t.csv");
  const ScoreTable table = score_run(run, targets);
  const std::vector<std::pair<std::string, double>> expected = {
      {"homes_mz01", 20}, {"homes_mz02_feb", 2}, {"sheltered_feb", 93}, {"sheltered_hall", 2}};
  for (const auto& [id, value] : expected) {
    const TargetScore& row = row_of(table, id);
    ASSERT_TRUE(row.computed) << id << ": " << row.reason;
    EXPECT_DOUBLE_EQ(row.modelled, value) << id;
  }
  EXPECT_EQ(row_of(table, "sheltered_feb").first_step_date, "2020-02-01");
  EXPECT_EQ(row_of(table, "homes_mz01").last_step_date, "2020-03-01");

  // Runs in memory (calibration's path) give the file's values, scaled with the tallies.
  TargetAccumulator accumulator(
      axes_of(testing::synthetic_layout(true), testing::synthetic_step_bounds()), targets);
  tallies.scale = 3.0;
  for (int step = 0; step < 3; ++step)
    accumulator.add(testing::synthetic_step(step, tallies));
  const auto values = accumulator.values();
  for (std::size_t t = 0; t < targets.size(); ++t) {
    ASSERT_TRUE(values[t].computed) << targets[t].id;
    EXPECT_DOUBLE_EQ(values[t].value, 3.0 * table.rows[t].modelled) << targets[t].id;
  }
}

TEST(Score, HomesAndSheltersTheRunCannotGiveAreNotComputedWithTheirReasons) {
  const TempFolder folder;
  Tallies no_protected;
  no_protected.protected_households = false;
  const output::RunReader old_run(testing::write_synthetic_run(folder / "old.h5", no_protected));
  Tallies with_shelters;
  with_shelters.shelters = true;
  const output::RunReader sheltered(testing::write_synthetic_run(folder / "s.h5", with_shelters));
  const std::string text =
      kHomesAndShelters +
      "homes_abroad,uninhabitable_homes,abroad,,,,,,2020-01-01,2020-01-31,2,2,,,,,households,t\n"
      "homes_late,uninhabitable_homes,MZ01,,,,,,2020-03-01,2020-04-30,2,2,,,,,households,t\n"
      "no_site,sheltered_people,school+gym,,,,,2020-02-15,,,93,2,,,,,people,t\n";
  const auto targets = parse_targets(text, "t.csv");
  auto reason = [](const ScoreTable& table, const std::string& id) {
    const TargetScore& row = row_of(table, id);
    EXPECT_FALSE(row.computed) << id;
    return row.reason;
  };
  // Without protected_households the evacuees' homes would be missed: not computed, not zero.
  const ScoreTable old_table = score_run(old_run, targets);
  EXPECT_NE(reason(old_table, "homes_mz01").find("does not record protected_households"),
            std::string::npos);
  // A run without shelter sites records no one in shelters.
  EXPECT_NE(reason(old_table, "sheltered_feb").find("the run has no shelter sites"),
            std::string::npos);
  const ScoreTable table = score_run(sheltered, targets);
  EXPECT_TRUE(row_of(table, "homes_mz01").computed);
  EXPECT_NE(reason(table, "homes_abroad").find("'abroad' is an external destination"),
            std::string::npos);
  EXPECT_NE(reason(table, "homes_late").find("reaches outside the run"), std::string::npos);
  EXPECT_NE(reason(table, "no_site")
                .find("shelter site 'gym' is not in the run (its sites: school, stadium, east, "
                      "hall+annex)"),
            std::string::npos)
      << reason(table, "no_site");
  EXPECT_EQ(table.summary.not_computed, 3);
}

TEST(Score, SelectingTargetsKeepsFileOrderAndRefusesUnknownIds) {
  const auto targets = parse_targets(kTargets, "targets.csv");
  const auto chosen = select_targets(targets, {"evac_all", "disp_jan_feb"});
  ASSERT_EQ(chosen.size(), 2u);
  EXPECT_EQ(chosen[0].id, "disp_jan_feb");
  EXPECT_EQ(chosen[1].id, "evac_all");
  EXPECT_THROW(select_targets(targets, {"nope"}), InputError);
}

}  // namespace
}  // namespace displace::evaluation
