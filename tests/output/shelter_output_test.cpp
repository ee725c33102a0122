// Shelter occupancy and protected-by-early-warning in the run file: written, read back and
// exported as tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "displace/output/export.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/schema.hpp"
#include "displace/output/shelter_summary.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

using testing::TempFolder;

using testing::lines_of;

TEST(ShelterOutput, WrittenAndReadBackPerSiteAndStep) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run_with_shelters(folder / "run.h5"));
  EXPECT_EQ(run.layout().shelter_names, (std::vector<std::string>{"school", "stadium, east"}));
  EXPECT_EQ(run.layout().shelter_capacity_households, (std::vector<double>{60.0, 5000.0}));
  EXPECT_TRUE(run.layout().has_protected);
  const VariableData households = run.read(schema::kShelterHouseholds);
  EXPECT_EQ(households.dimensions, (std::vector<std::string>{"time", "shelter"}));
  EXPECT_EQ(households.values, (std::vector<double>{0, 1, 10, 21, 20, 41}));
  EXPECT_EQ(run.read(schema::kShelterPeople).values, (std::vector<double>{0, 3, 30, 63, 60, 123}));
  EXPECT_EQ(run.read(schema::kShelterOpen).values, (std::vector<double>{1, 0, 1, 1, 1, 1}));
  const VariableData capacity = run.read(schema::kShelterCapacityHouseholds);
  EXPECT_EQ(capacity.dimensions, (std::vector<std::string>{"shelter"}));
  const VariableData protected_people = run.read(schema::kProtectedPeople);
  EXPECT_EQ(protected_people.dimensions, (std::vector<std::string>{"time", "region"}));
  EXPECT_EQ(protected_people.values, (std::vector<double>{0, 0, 4, 8, 8, 16}));
  EXPECT_EQ(run.read(schema::kProtectedHouseholds).values, (std::vector<double>{0, 0, 1, 2, 2, 4}));
}

TEST(ShelterOutput, RunWithoutSheltersHasNoneOfTheirVariables) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  EXPECT_TRUE(run.layout().shelter_names.empty());
  EXPECT_FALSE(run.layout().has_protected);
  EXPECT_FALSE(run.has_variable(schema::kShelter));
  EXPECT_FALSE(run.has_variable(schema::kShelterHouseholds));
}

TEST(ShelterOutput, ExportedAsTablesWithSiteNames) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run_with_shelters(folder / "run.h5"));
  const std::vector<std::string> tables = table_variable_names(run);
  for (const std::string_view name : {schema::kShelterHouseholds, schema::kShelterPeople,
                                      schema::kShelterOpen, schema::kShelterCapacityHouseholds,
                                      schema::kProtectedHouseholds, schema::kProtectedPeople}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), name), tables.end()) << name;
  }
  EXPECT_EQ(std::find(tables.begin(), tables.end(), schema::kShelter), tables.end());

  std::ostringstream occupancy;
  export_table_csv(run, schema::kShelterPeople, occupancy);
  const std::vector<std::string> lines = lines_of(occupancy.str());
  ASSERT_EQ(lines.size(), 1u + 3 * 2);
  EXPECT_EQ(lines[0], "date,shelter,units,value");
  EXPECT_EQ(lines[4], "2020-02-01,\"stadium, east\",people,63");

  std::ostringstream capacity;
  export_table_csv(run, schema::kShelterCapacityHouseholds, capacity);
  EXPECT_EQ(lines_of(capacity.str()),
            (std::vector<std::string>{"shelter,units,value", "school,households,60",
                                      "\"stadium, east\",households,5000"}));

  std::ostringstream protected_people;
  export_table_csv(run, schema::kProtectedPeople, protected_people);
  const std::vector<std::string> rows = lines_of(protected_people.str());
  ASSERT_EQ(rows.size(), 1u + 3 * 2);
  EXPECT_EQ(rows[0], "date,region_code,region_name,units,value");
  EXPECT_EQ(rows.back(), "2020-03-01,MZ02,\"Zambezia, North\",people,16");
}

TEST(ShelterOutput, SummedForTheRunSummary) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run_with_shelters(folder / "run.h5"));
  const ShelterProtectionSummary summary = summarise_shelters_and_protection(run);
  EXPECT_TRUE(summary.protection.recorded);
  EXPECT_EQ(summary.protection.households, 9.0);  // (0 + 0) + (1 + 2) + (2 + 4)
  EXPECT_EQ(summary.protection.people, 36.0);
  EXPECT_EQ(summary.protection.people_by_region, (std::vector<double>{12.0, 24.0}));
  ASSERT_EQ(summary.shelters.size(), 2u);
  const ShelterFigures& stadium = summary.shelters[1];
  EXPECT_EQ(stadium.households, (std::vector<double>{1.0, 21.0, 41.0}));
  EXPECT_EQ(stadium.peak_households, 41.0);
  EXPECT_EQ(stadium.peak_people, 123.0);
  EXPECT_EQ(stadium.peak_step, 2);
  EXPECT_EQ(stadium.open_steps, 2);
  EXPECT_EQ(summary.shelters[0].open_steps, 3);
  const std::vector<std::string> lines =
      lines_of(format_shelters_and_protection_text(summary, run.layout()));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[1],
            "early warning moved 36 people (9 households) out of homes that were then "
            "uninhabitable");
  EXPECT_EQ(lines[4].substr(0, 13), "school       ");
  EXPECT_EQ(lines[5],
            "stadium, east     5,000           2               41  2020-03-01              123"
            "          41");

  const RunReader plain(testing::write_test_run(folder / "plain.h5"));
  EXPECT_TRUE(summarise_shelters_and_protection(plain).empty());
  EXPECT_EQ(
      format_shelters_and_protection_text(summarise_shelters_and_protection(plain), plain.layout()),
      "");
}

}  // namespace
}  // namespace displace::output
