#include "displace/output/ensemble_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_file.hpp"
#include "displace/output/run_reader.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

using testing::TempFolder;

/// Three member runs (scales 1, 2, 3) in one ensemble file: members 0 and 1 factual at point 0,
/// member 2 the counterfactual, one swept key.
std::filesystem::path write_three_members(const TempFolder& folder) {
  std::vector<EnsembleMemberRun> members;
  for (int m = 0; m < 3; ++m) {
    const auto path = folder / ("member" + std::to_string(m) + ".h5");
    testing::write_test_run(path, m + 1.0);
    members.push_back({path, static_cast<std::uint64_t>(100 + m), m < 2 ? 0 : 1});
  }
  const std::vector<EnsembleDesignGroup> designs = {
      {"factual", 0, {{"behaviour.recovery_rate_per_year", 0.5}}},
      {"counterfactual", 0, {{"behaviour.recovery_rate_per_year", 0.5}}}};
  const auto path = folder / "ensemble.h5";
  write_ensemble_file(path, designs, members, false);
  return path;
}

TEST(EnsembleReader, ReadsTheDesignTable) {
  const TempFolder folder;
  const RunReader run(write_three_members(folder));
  ASSERT_TRUE(is_ensemble_file(run));
  const EnsembleReader ensemble(run);
  EXPECT_EQ(ensemble.member_count(), 3U);
  EXPECT_EQ(ensemble.design_count(), 2U);
  EXPECT_EQ(ensemble.member_design(), (std::vector<std::size_t>{0, 0, 1}));
  EXPECT_EQ(ensemble.design_variants(), (std::vector<std::string>{"factual", "counterfactual"}));
  EXPECT_EQ(ensemble.design_points(), (std::vector<double>{0.0, 0.0}));
  ASSERT_EQ(ensemble.swept_keys().size(), 1U);
  EXPECT_EQ(ensemble.swept_keys()[0].key, "behaviour.recovery_rate_per_year");
  EXPECT_EQ(ensemble.swept_keys()[0].values, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(ensemble.members_of_design(0), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(ensemble.members_of_design(1), (std::vector<std::size_t>{2}));
  EXPECT_TRUE(ensemble.members_of_design(2).empty());
}

TEST(EnsembleReader, AMemberReadsAsItsOwnRunFileWithUnitsAndLongName) {
  const TempFolder folder;
  const RunReader run(write_three_members(folder));
  const EnsembleReader ensemble(run);
  ASSERT_TRUE(ensemble.has_variable("people"));
  EXPECT_FALSE(ensemble.has_variable("no_such_variable"));
  for (std::size_t m = 0; m < 3; ++m) {
    const RunReader own(folder / ("member" + std::to_string(m) + ".h5"));
    const VariableData expected = own.read("people");
    const VariableData member = ensemble.read_member("people", m);
    EXPECT_EQ(member.name, "people");
    EXPECT_EQ(member.dimensions, expected.dimensions);
    EXPECT_EQ(member.shape, expected.shape);
    EXPECT_EQ(member.values, expected.values) << "member " << m;
    EXPECT_EQ(member.units, expected.units);
    // The long_name the report's former copy of member_slice dropped: the member's own, not the
    // stacked variable's "... (every ensemble member)".
    ASSERT_FALSE(expected.long_name.empty());
    EXPECT_EQ(member.long_name, expected.long_name);
  }
  EXPECT_EQ(ensemble.read_members("people").long_name,
            run.read("people").long_name + std::string(kMembersLongNameSuffix));
}

TEST(EnsembleReader, AQuantileOfADesignGroupReadsAsTheVariable) {
  const TempFolder folder;
  const RunReader run(write_three_members(folder));
  const EnsembleReader ensemble(run);
  const VariableData people = run.read("people");
  // Design 0 holds members 0 and 1 (scales 1 and 2): the median is 1.5 x member 0, element by
  // element; design 1 holds member 2 alone (scale 3): every quantile is member 2's value.
  const VariableData median = ensemble.read_quantile("people", 0, 0.5);
  EXPECT_EQ(median.name, "people");
  EXPECT_EQ(median.dimensions, people.dimensions);
  EXPECT_EQ(median.shape, people.shape);
  EXPECT_EQ(median.units, people.units);
  EXPECT_EQ(median.long_name, people.long_name);
  ASSERT_EQ(median.values.size(), people.values.size());
  for (std::size_t i = 0; i < people.values.size(); ++i)
    EXPECT_DOUBLE_EQ(median.values[i], 1.5 * people.values[i]) << i;
  const VariableData low = ensemble.read_quantile("people", 0, 0.05);
  EXPECT_DOUBLE_EQ(low.values.back(), 1.05 * people.values.back());
  const VariableData counterfactual = ensemble.read_quantile("people", 1, 0.95);
  EXPECT_EQ(counterfactual.values, ensemble.read_member("people", 2).values);
  EXPECT_THROW((void)ensemble.read_quantile("people", 2, 0.5), InputError);
  EXPECT_THROW((void)ensemble.read_quantile("people", 0, 0.25), InputError);
  EXPECT_THROW((void)ensemble.read_quantile("no_such_variable", 0, 0.5), InputError);
}

TEST(EnsembleReader, RefusesASingleRunAndMembersPastTheLast) {
  const TempFolder folder;
  const RunReader single(testing::write_test_run(folder / "single.h5"));
  EXPECT_FALSE(is_ensemble_file(single));
  try {
    const EnsembleReader ensemble(single);
    FAIL() << "a single run read as an ensemble";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("single.h5: not an ensemble file"), std::string::npos)
        << e.what();
  }
  const RunReader run(write_three_members(folder));
  const EnsembleReader ensemble(run);
  try {
    (void)ensemble.read_member("people", 3);
    FAIL() << "member 3 of 3 read";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ensemble.h5: variable 'people_members' has 3 members; "
                                         "no member 3"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)ensemble.read_member("no_such_variable", 0), InputError);
}

TEST(EnsembleReader, MemberSliceNeedsAMemberAxis) {
  VariableData scalar;
  scalar.name = "x_members";
  scalar.values = {1.0};
  EXPECT_THROW((void)member_slice(scalar, 0, "x"), InputError);

  VariableData stacked;
  stacked.name = "x_members";
  stacked.dimensions = {"member", "time"};
  stacked.shape = {2, 3};
  stacked.values = {1, 2, 3, 4, 5, 6};
  stacked.units = "1";
  stacked.long_name = "x" + std::string(kMembersLongNameSuffix);
  const VariableData second = member_slice(stacked, 1, "x");
  EXPECT_EQ(second.dimensions, (std::vector<std::string>{"time"}));
  EXPECT_EQ(second.shape, (std::vector<std::size_t>{3}));
  EXPECT_EQ(second.values, (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(second.long_name, "x");
  EXPECT_EQ(second.units, "1");
}

}  // namespace
}  // namespace displace::output
