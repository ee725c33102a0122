// The committed scenarios/REFERENCE.md is exactly what the key declarations generate.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "displace/scenario/calibration.hpp"
#include "displace/scenario/load.hpp"

namespace displace::scenario {
namespace {

TEST(ScenarioReference, CommittedReferenceIsUpToDate) {
  std::ifstream in(DISPLACE_SCENARIO_REFERENCE_MD, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << DISPLACE_SCENARIO_REFERENCE_MD;
  std::ostringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == reference_markdown())
      << DISPLACE_SCENARIO_REFERENCE_MD
      << " is out of date: regenerate it with displace_scenario_reference > "
         "scenarios/REFERENCE.md";
}

TEST(ScenarioReference, ListsEveryGroupWithDefaults) {
  const std::string text = reference_markdown();
  for (const char* expected :
       {"| `time.start` | date | yes |", "`behaviour.recovery.migrant_return_per_year`",
        "| `layers.<name>.curve.v_thresh_m_s` |", "`policies[].compliance`", "kind: early_warning",
        "`external_destinations[].kin_share`", "`shelters[].capacity_households`",
        "`layers.<name>.events[].date`", "`run.threads`", "| `0.55` |"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
}

TEST(ScenarioReference, CommittedCalibrationReferenceIsUpToDate) {
  std::ifstream in(DISPLACE_CALIBRATION_REFERENCE_MD, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << DISPLACE_CALIBRATION_REFERENCE_MD;
  std::ostringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == calibration_reference_markdown())
      << DISPLACE_CALIBRATION_REFERENCE_MD
      << " is out of date: regenerate it with displace_scenario_reference --calibration > "
         "scenarios/CALIBRATION-REFERENCE.md";
}

}  // namespace
}  // namespace displace::scenario
