#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "displace/common/error.hpp"
#include "displace/output/export.hpp"
#include "test_run.hpp"

namespace displace::output {
namespace {

using testing::TempFolder;

using testing::lines_of;

TEST(ExportTable, StatusVariableHasDatesCodesNamesAndLabels) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  std::ostringstream csv;
  export_table_csv(run, "households", csv);
  const std::vector<std::string> lines = lines_of(csv.str());
  ASSERT_EQ(lines.size(), 1u + 3 * 2 * 6 * 5);
  EXPECT_EQ(lines[0], "date,region_code,region_name,status,breakdown,units,value");
  EXPECT_EQ(lines[1], "2020-01-01,MZ01,Sofala,home,all,households,0");
  // Last row: t = 2, region MZ02, returned (5), with_disability (4) = 2000 + 100 + 50 + 4.
  EXPECT_EQ(lines.back(),
            "2020-03-01,MZ02,\"Zambezia, North\",returned,with_disability,households,2154");
}

TEST(ExportTable, FlowsNameOriginAndDestination) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  std::ostringstream csv;
  export_table_csv(run, "flows", csv);
  const std::vector<std::string> lines = lines_of(csv.str());
  EXPECT_EQ(lines[0],
            "date,flow_kind,origin_code,origin_name,destination_code,destination_name,units,value");
  EXPECT_EQ(lines[1], "2020-01-01,evacuation,MZ01,Sofala,MZ01,Sofala,households,1");
  EXPECT_EQ(lines[3], "2020-01-01,evacuation,MZ01,Sofala,abroad,abroad,households,0");
}

TEST(ExportTable, RefusesGriddedVariable) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  std::ostringstream csv;
  EXPECT_THROW(export_table_csv(run, "present_people_map", csv), InputError);
  EXPECT_THROW(export_table_csv(run, "time", csv), InputError);
}

TEST(ExportTable, ListsGriddedVariables) {
  const TempFolder folder;
  const RunReader run(testing::write_test_run(folder / "run.h5"));
  EXPECT_EQ(gridded_variable_names(run),
            (std::vector<std::string>{"arrivals_people_map", "displaced_from_people_map",
                                      "present_people_map"}));
}

}  // namespace
}  // namespace displace::output
