#pragma once
// Synthetic runs for the evaluation tests: the layout of tests/output/test_run (regions MZ01, MZ02,
// the external place "abroad", monthly steps from 2020-01-01 to 2020-04-01) with tallies chosen
// so that every target's value can be worked out by hand (evaluation_fixture.cpp lists them).
#include <filesystem>
#include <string>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/engine/records.hpp"
#include "test_run.hpp"

namespace displace::evaluation::testing {

using output::testing::TempFolder;

struct Tallies {
  double scale = 1.0;  ///< every count multiplied by this
  bool flows_people = true;
  bool displacements_people = true;
  bool flows = true;  ///< RunWriterOptions::record_flows
  bool protected_households = true;
  bool shelters = false;  ///< three shelter sites (shelter_layout) with their tallies
};

/// The layout of the synthetic run, with the sites "school", "stadium, east" and "hall+annex"
/// when `shelters`.
engine::RunLayout synthetic_layout(bool shelters);

engine::StepRecord synthetic_step(int step, const Tallies& tallies = {});
/// 2020-01-01, 2020-02-01, 2020-03-01 and the run's end 2020-04-01.
std::vector<CivilDate> synthetic_step_bounds();
std::filesystem::path write_synthetic_run(const std::filesystem::path& path,
                                          const Tallies& tallies = {});
/// Writes `text` to `path` and returns the path.
std::filesystem::path write_text(const std::filesystem::path& path, const std::string& text);

}  // namespace displace::evaluation::testing
