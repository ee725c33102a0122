#pragma once
// `displace report`: one self-contained HTML file (inline CSS and SVG; no script, no network) that
// a planner can hand on — what was simulated in plain words, the headline figures (with 5-95%
// ranges for ensembles and what is due to the hazard for a paired counterfactual), maps of where
// people were displaced from and where they went, households by status over time, a table by
// region, the comparison of several runs, the model's limits and the run's provenance.
// docs/report.md describes it.
#include <filesystem>
#include <string>
#include <vector>

#include "displace/report/text.hpp"

namespace displace::report {

/// The report of `runs` (the first is described; with several, a comparison of all follows) as
/// HTML text. Headline figures carry data-key / data-value attributes with the exact numbers.
/// Throws InputError for a file the run reader refuses, or runs that cannot be compared.
std::string render_report(const std::vector<std::filesystem::path>& runs, Language language);

/// Writes render_report() to `to` through `<to>.partial` (renamed when complete). Throws
/// InputError when `to` exists without `overwrite` or its folder does not exist.
void write_report(const std::vector<std::filesystem::path>& runs, const std::filesystem::path& to,
                  Language language, bool overwrite);

}  // namespace displace::report
