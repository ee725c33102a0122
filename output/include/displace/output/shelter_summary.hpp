#pragma once
// Shelter occupancy and protection by early warning of one run, read from its run file: the
// figures `displace run` prints after its summary table and the report shows.
#include <string>
#include <vector>

#include "displace/output/run_reader.hpp"

namespace displace::output {

/// One shelter site over the run (real households / people).
struct ShelterFigures {
  std::string name;
  double capacity_households = 0.0;
  std::vector<double> households;  ///< per step, at the end of the step
  double peak_households = 0.0;    ///< max over the steps
  double peak_people = 0.0;        ///< people there at the (first) peak step
  int peak_step = -1;              ///< first step of the peak; -1 when never occupied
  int open_steps = 0;              ///< steps a shelter policy opens it
};

/// Households and people protected by early warning (docs/model.md, "9. Record"), summed over
/// the steps.
struct ProtectionFigures {
  bool recorded = false;  ///< the run file has protected_households / protected_people
  double households = 0.0;
  double people = 0.0;
  std::vector<double> people_by_region;  ///< summed over the steps, by home region
};

struct ShelterProtectionSummary {
  std::vector<ShelterFigures> shelters;  ///< empty when the run has no shelter sites
  ProtectionFigures protection;
  bool empty() const { return shelters.empty() && !protection.recorded; }
};

/// Reads the figures from `run`; empty for a run that has none of them, and for an ensemble file
/// (whose plain variables are its first member's; the report reads `<V>_members`).
ShelterProtectionSummary summarise_shelters_and_protection(const RunReader& run);

/// Plain-text lines for the terminal ("" when `summary` is empty): the people early warning moved
/// out of homes that were then uninhabitable, and per shelter site its capacity, peak occupancy
/// with its date, and the occupancy at the last step.
std::string format_shelters_and_protection_text(const ShelterProtectionSummary& summary,
                                                const RunFileLayout& layout);

}  // namespace displace::output
