#include "displace/evaluation/score_report.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <ostream>
#include <string>

#include <string_view>
#include <vector>
#include "displace/output/csv.hpp"
#include "number_text.hpp"

namespace displace::evaluation {

namespace {

using Style = detail::NumberStyle;

std::string format(Style style, double value) {
  return detail::number_text(style, value);
}

/// Counts for people: whole numbers from 100 up, 3 significant digits below.
std::string count(double value) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return std::abs(value) >= 100.0 ? format(Style::whole, value)
                                  : format(Style::significant3, value);
}

std::string number(Style style, double value) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return format(style, value);
}

std::string exact(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return format(Style::exact, value);
}

/// Joins pieces (GCC 12 warns falsely about "literal" + std::string temporaries).
std::string concat(std::initializer_list<std::string_view> pieces) {
  std::string text;
  for (const std::string_view piece : pieces)
    text.append(piece);
  return text;
}

/// One CSV cell, quoted and defused against formulas as every CSV displace writes.
std::string csv_text(const std::string& text) {
  return output::csv_field(text);
}

std::string name_of(Quantity q) {
  return std::string(kQuantityNames[static_cast<std::size_t>(q)]);
}

std::string interval(const Target& t) {
  return concat({"[", count(t.lower), ", ", count(t.upper), "]"});
}

void print_table(const std::vector<std::vector<std::string>>& cells,
                 const std::vector<bool>& right_aligned, std::ostream& out) {
  std::vector<std::size_t> width(cells.front().size(), 0);
  for (const auto& row : cells)
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  for (const auto& row : cells) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c > 0) line += "  ";
      line += right_aligned[c] ? pad + row[c] : row[c] + pad;
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << "\n";
  }
}

}  // namespace

void print_score(const ScoreTable& table, std::ostream& out) {
  const ScoreSummary& s = table.summary;
  out << "run       " << table.run << "\n"
      << "targets   " << s.targets << " (" << s.computed << " computed, " << s.not_computed
      << " not computed)\n\n";
  if (s.computed > 0) {
    std::vector<std::vector<std::string>> cells = {{"target", "quantity", "place", "period",
                                                    "observed", "obs. range", "modelled",
                                                    "model 5-95%", "ratio", "log10", "in range"}};
    for (const TargetScore& row : table.rows) {
      if (!row.computed) continue;
      const Target& t = row.target;
      std::string observed = count(t.value);
      if (t.bound == Bound::upper) observed = concat({"<= ", count(t.upper)});
      if (t.bound == Bound::lower) observed = concat({">= ", count(t.lower)});
      const std::string model_range =
          row.members > 1
              ? concat({"[", count(row.modelled_p05), ", ", count(row.modelled_p95), "]"})
              : "-";
      cells.push_back({t.id, name_of(t.quantity), describe_place(t), describe_period(t), observed,
                       t.bound == Bound::estimate ? interval(t) : "(bound)", count(row.modelled),
                       model_range, number(Style::significant3, row.ratio),
                       number(Style::signed2, row.log10_ratio), row.within_range ? "yes" : "no"});
    }
    print_table(cells, {false, false, false, false, true, true, true, true, true, true, false},
                out);
  }
  if (s.not_computed > 0) {
    out << "\nnot computed (" << s.not_computed << "): the run cannot give these; they are not "
        << "counted as zero\n";
    for (const TargetScore& row : table.rows) {
      if (!row.computed) out << "  " << row.target.id << ": " << row.reason << "\n";
    }
  }
  out << "\nsummary over " << s.estimates << " estimate(s)";
  if (s.estimates > 0) {
    out << "\n  averaged relative difference (ARD, mean |m-o|/o)  "
        << number(Style::significant3, s.ard)
        << "\n  total relative difference (sum |m-o| / sum o)     "
        << number(Style::significant3, s.total_relative_difference)
        << "\n  median |log10(m/o)|                               "
        << number(Style::significant3, s.median_abs_log10_ratio)
        << "\n  within a factor of 2                              "
        << number(Style::whole, 100.0 * s.share_within_factor_2) << "%"
        << "\n  observation and model ranges meet                 "
        << number(Style::whole, 100.0 * s.share_within_range) << "%";
  }
  out << "\n";
  if (s.bounds > 0) {
    out << "bounds    " << s.bounds_within_range << " of " << s.bounds
        << " upper/lower bound(s) met by the model\n";
  }
}

void write_score_csv(const ScoreTable& table, std::ostream& out) {
  out << "id,event,quantity,place,period,unit,bound,observed,observed_lower,observed_upper,"
         "members,modelled,modelled_p05,modelled_p95,ratio,log10_ratio,within_range,"
         "within_factor_2,steps,status,reason\n";
  for (const TargetScore& row : table.rows) {
    const Target& t = row.target;
    out << csv_text(t.id) << ',' << csv_text(t.event) << ',' << name_of(t.quantity) << ','
        << csv_text(describe_place(t)) << ',' << describe_period(t) << ','
        << kUnitNames[static_cast<std::size_t>(t.unit)] << ','
        << kBoundNames[static_cast<std::size_t>(t.bound)] << ',' << exact(t.value) << ','
        << exact(t.lower) << ',' << exact(t.upper) << ',';
    if (row.computed) {
      out << row.members << ',' << exact(row.modelled) << ',' << exact(row.modelled_p05) << ','
          << exact(row.modelled_p95) << ',' << exact(row.ratio) << ',' << exact(row.log10_ratio)
          << ',' << (row.within_range ? "yes" : "no") << ',' << (row.within_factor_2 ? "yes" : "no")
          << ',' << row.first_step_date << ".." << row.last_step_date << ",computed,\n";
    } else {
      out << ",,,,,,,,,not computed," << csv_text(row.reason) << "\n";
    }
  }
}

}  // namespace displace::evaluation
