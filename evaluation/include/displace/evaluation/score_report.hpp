#pragma once
// A score table for people: aligned text (targets, the ones not computed with their reasons, the
// summary) or CSV for spreadsheets (one row per target).
#include <iosfwd>

#include "displace/evaluation/score.hpp"

namespace displace::evaluation {

void print_score(const ScoreTable& table, std::ostream& out);

/// Header: id,event,quantity,place,period,unit,bound,observed,observed_lower,observed_upper,
/// members,modelled,modelled_p05,modelled_p95,ratio,log10_ratio,within_range,within_factor_2,
/// steps,status,reason. Numbers in %.17g; empty cells for targets not computed.
void write_score_csv(const ScoreTable& table, std::ostream& out);

}  // namespace displace::evaluation
