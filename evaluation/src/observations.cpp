#include "displace/evaluation/observations.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "csv_table.hpp"
#include "displace/common/error.hpp"
#include "displace/common/file_checks.hpp"
#include "displace/engine/status.hpp"

namespace displace::evaluation {

bool is_stock(Quantity quantity) {
  return quantity == Quantity::displaced_people || quantity == Quantity::migrated_people ||
         quantity == Quantity::present_people || quantity == Quantity::sheltered_people;
}

std::string describe_period(const Target& target) {
  if (is_stock(target.quantity)) return format_civil_date(target.period_start);
  return format_civil_date(target.period_start) + ".." + format_civil_date(target.period_end);
}

std::string describe_place(const Target& target) {
  if (target.quantity == Quantity::flow) return target.origin + " -> " + target.destination;
  if (target.quantity == Quantity::moved_to_external) {
    return (target.origin.empty() ? "*" : target.origin) + " -> " + target.place;
  }
  return target.place;
}

namespace {

enum Column {
  kId,
  kEvent,
  kQuantity,
  kPlace,
  kOrigin,
  kDestination,
  kCause,
  kKind,
  kDate,
  kPeriodStart,
  kPeriodEnd,
  kValue,
  kLower,
  kUpper,
  kFactor,
  kRelativeError,
  kBound,
  kUnit,
  kSet,
  kSource,
  kNote,
  kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "id",     "event",          "quantity",     "place",      "origin", "destination", "cause",
    "kind",   "date",           "period_start", "period_end", "value",  "lower",       "upper",
    "factor", "relative_error", "bound",        "unit",       "set",    "source",      "note"};
constexpr std::array<Column, 5> kRequired = {kId, kQuantity, kValue, kUnit, kSource};

/// Edit distance counting a swap of two neighbouring letters as one edit (optimal string
/// alignment), so that "vaule" is one edit from "value".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

template <std::size_t N>
std::string choices(const std::array<std::string_view, N>& names) {
  std::string text;
  for (const auto name : names)
    text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

template <std::size_t N>
std::string suggestion(std::string_view word, const std::array<std::string_view, N>& names) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto name : names) {
    const std::size_t d = edit_distance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  if (best.empty() && word.size() >= 4) {  // a shortened name: "migrat" for "migration"
    for (const auto name : names) {
      if (name.substr(0, word.size() - 1) == word.substr(0, word.size() - 1)) {
        best = name;
        break;
      }
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

template <std::size_t N>
std::optional<int> find_name(std::string_view word, const std::array<std::string_view, N>& names) {
  const auto found = std::find(names.begin(), names.end(), word);
  if (found == names.end()) return std::nullopt;
  return static_cast<int>(found - names.begin());
}

class RowReader {
 public:
  RowReader(const std::string& file, const csv::Row& row, const std::vector<int>& column_of)
      : file_(file), row_(row), column_of_(column_of) {}

  bool has_column(Column column) const { return column_of_[column] >= 0; }
  /// The field of `column`, or nullptr when the header has no such column.
  const csv::Field* field(Column column) const {
    const int at = column_of_[column];
    return at < 0 ? nullptr : &row_.fields[static_cast<std::size_t>(at)];
  }
  std::string text(Column column) const {
    const csv::Field* f = field(column);
    return f == nullptr ? "" : f->text;
  }
  bool given(Column column) const { return !text(column).empty(); }

  [[noreturn]] void fail(Column column, const std::string& message) const {
    const csv::Field* f = field(column);
    const std::string name(kColumnNames[column]);
    if (f == nullptr) throw InputError(csv::where(file_, row_.line, 0) + name + ": " + message);
    throw InputError(csv::where(file_, f->line, f->column) + name + ": " + message);
  }

  /// The non-empty text of a column `why` requires.
  std::string required(Column column, const std::string& why) const {
    if (!has_column(column)) {
      fail(kQuantity, why + " needs column '" + std::string(kColumnNames[column]) +
                          "', which the header lacks");
    }
    if (!given(column)) fail(column, "empty, but " + why + " needs it");
    return text(column);
  }
  void forbid(Column column, const std::string& why) const {
    if (given(column)) fail(column, "'" + text(column) + "' given, but " + why);
  }

  double number(Column column) const {
    const std::string value = text(column);
    double parsed = 0.0;
    const char* end = value.data() + value.size();
    const auto result = std::from_chars(value.data(), end, parsed);
    if (result.ec != std::errc() || result.ptr != end || !std::isfinite(parsed)) {
      std::string hint;
      if (value.find(',') != std::string::npos || value.find('_') != std::string::npos ||
          value.find(' ') != std::string::npos) {
        hint = " (write digits only, without thousands separators)";
      }
      fail(column, "'" + value + "' is not a number" + hint);
    }
    return parsed;
  }

  CivilDate date(Column column) const {
    const std::string value = text(column);
    const auto parsed = parse_civil_date(value);
    if (!parsed || value.size() != 10) {
      fail(column, "'" + value + "' is not a date YYYY-MM-DD");
    }
    return *parsed;
  }

  template <std::size_t N>
  std::vector<int> name_list(Column column, const std::array<std::string_view, N>& names,
                             const std::string& what) const {
    std::vector<int> indices;
    std::string rest = text(column);
    while (true) {
      const auto plus = rest.find('+');
      const std::string word = rest.substr(0, plus);
      const auto index = find_name(word, names);
      if (!index) {
        fail(column, "unknown " + what + " '" + word + "'" + suggestion(word, names) +
                         "; expected one of " + choices(names) + ", joined with '+'");
      }
      if (std::find(indices.begin(), indices.end(), *index) != indices.end()) {
        fail(column, what + " '" + word + "' listed twice");
      }
      indices.push_back(*index);
      if (plus == std::string::npos) break;
      rest = rest.substr(plus + 1);
    }
    std::sort(indices.begin(), indices.end());
    return indices;
  }

 private:
  const std::string& file_;
  const csv::Row& row_;
  const std::vector<int>& column_of_;
};

bool valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

/// The observation's interval from exactly one of lower+upper, factor, relative_error.
void read_uncertainty(const RowReader& r, Target& t) {
  const bool interval = r.given(kLower) || r.given(kUpper);
  const int forms =
      (interval ? 1 : 0) + (r.given(kFactor) ? 1 : 0) + (r.given(kRelativeError) ? 1 : 0);
  if (forms == 0) {
    r.fail(kValue, "no uncertainty: give 'lower' and 'upper', or 'factor', or 'relative_error'");
  }
  if (forms > 1) {
    const Column second = r.given(kRelativeError) ? kRelativeError : kFactor;
    r.fail(second, "give one uncertainty: 'lower' and 'upper', or 'factor', or 'relative_error'");
  }
  if (interval) {
    if (!r.given(kLower)) r.fail(kUpper, "'upper' needs 'lower' too");
    if (!r.given(kUpper)) r.fail(kLower, "'lower' needs 'upper' too");
    t.lower = r.number(kLower);
    t.upper = r.number(kUpper);
    if (t.lower < 0.0) r.fail(kLower, "must be >= 0");
    if (t.lower > t.value) r.fail(kLower, "is above the value");
    if (t.upper < t.value) r.fail(kUpper, "is below the value");
  } else if (r.given(kFactor)) {
    const double factor = r.number(kFactor);
    if (factor < 1.0) r.fail(kFactor, "must be >= 1 (the interval is value/factor..value*factor)");
    t.lower = t.value / factor;
    t.upper = t.value * factor;
  } else {
    const double e = r.number(kRelativeError);
    if (e <= 0.0) r.fail(kRelativeError, "must be > 0");
    t.lower = std::max(0.0, t.value * (1.0 - e));
    t.upper = t.value * (1.0 + e);
  }
  if (t.bound == Bound::upper) t.lower = 0.0;
  if (t.bound == Bound::lower) t.upper = std::numeric_limits<double>::infinity();
}

Target read_row(const RowReader& r, const std::string& file, int line) {
  Target t;
  t.location = {file, line};
  t.id = r.text(kId);
  if (!valid_id(t.id)) {
    r.fail(kId, t.id.empty() ? "empty"
                             : "'" + t.id +
                                   "' has characters other than letters, "
                                   "digits, '_', '-' and '.'");
  }
  t.event = r.text(kEvent);
  const std::string quantity = r.text(kQuantity);
  const auto q = find_name(quantity, kQuantityNames);
  if (!q) {
    r.fail(kQuantity, "unknown quantity '" + quantity + "'" + suggestion(quantity, kQuantityNames) +
                          "; expected one of " + choices(kQuantityNames));
  }
  t.quantity = static_cast<Quantity>(*q);
  const std::string why = "quantity '" + quantity + "'";

  // Where.
  if (t.quantity == Quantity::flow) {
    r.forbid(kPlace, why + " takes 'origin' and 'destination', not 'place'");
    t.origin = r.required(kOrigin, why);
    t.destination = r.required(kDestination, why);
  } else {
    t.place = r.required(kPlace, why);
    if (t.quantity == Quantity::moved_to_external) {
      t.origin = r.text(kOrigin);
      r.forbid(kDestination, why + " has its destination in 'place'");
    } else {
      r.forbid(kOrigin, why + " has no origin");
      r.forbid(kDestination, why + " has no destination");
    }
  }
  if (r.given(kCause)) {
    if (t.quantity != Quantity::displacements) {
      r.forbid(kCause,
               "only 'displacements' take a cause ('evacuations' are the evacuation "
               "cause)");
    }
    t.causes = r.name_list(kCause, engine::kDisplacementCauseNames, "cause");
  }
  if (r.given(kKind)) {
    if (t.quantity != Quantity::flow && t.quantity != Quantity::moved_to_external) {
      r.forbid(kKind, "only 'flow' and 'moved_to_external' take a kind of move");
    }
    t.kinds = r.name_list(kKind, engine::kFlowKindNames, "kind of move");
  }

  // When.
  if (is_stock(t.quantity)) {
    const std::string stock = why + " is a stock at a date";
    r.required(kDate, why);
    r.forbid(kPeriodStart, stock);
    r.forbid(kPeriodEnd, stock);
    t.period_start = r.date(kDate);
    t.period_end = t.period_start;
  } else {
    const std::string period = why + " is counted over a period";
    r.forbid(kDate, period + " (period_start, period_end)");
    r.required(kPeriodStart, why);
    r.required(kPeriodEnd, why);
    t.period_start = r.date(kPeriodStart);
    t.period_end = r.date(kPeriodEnd);
    if (t.period_end < t.period_start) r.fail(kPeriodEnd, "is before period_start");
  }

  // How much, in what, how sure.
  const std::string unit = r.text(kUnit);
  const auto u = find_name(unit, kUnitNames);
  if (!u) {
    r.fail(kUnit, "unknown unit '" + unit + "'" + suggestion(unit, kUnitNames) +
                      "; expected one of " + choices(kUnitNames));
  }
  t.unit = static_cast<Unit>(*u);
  if (t.unit == Unit::people && t.quantity == Quantity::uninhabitable_homes) {
    r.fail(kUnit,
           "uninhabitable homes are counted in households (one dwelling each; the run records "
           "them in households)");
  }
  if (t.unit == Unit::households &&
      (t.quantity == Quantity::displacements || t.quantity == Quantity::evacuations)) {
    r.fail(kUnit,
           "displacements are counted in people only (the run records departures from "
           "home in people)");
  }
  if (r.given(kBound)) {
    const std::string bound = r.text(kBound);
    const auto b = find_name(bound, kBoundNames);
    if (!b) {
      r.fail(kBound, "unknown bound '" + bound + "'" + suggestion(bound, kBoundNames) +
                         "; expected one of " + choices(kBoundNames));
    }
    t.bound = static_cast<Bound>(*b);
  }
  if (!r.given(kValue)) r.fail(kValue, "empty");
  t.value = r.number(kValue);
  if (t.value < 0.0) r.fail(kValue, "must be >= 0");
  if (t.value == 0.0 && t.bound == Bound::estimate) {
    r.fail(kValue,
           "an estimate of 0 has no ratio; write an observed zero as bound 'upper' with "
           "an upper limit");
  }
  read_uncertainty(r, t);

  t.set = r.text(kSet);
  if (!t.set.empty() && t.set != "calibration" && t.set != "validation") {
    r.fail(kSet, "'" + t.set + "' is neither 'calibration' nor 'validation' (or empty)");
  }
  t.source = r.text(kSource);
  if (t.source.empty()) r.fail(kSource, "empty: say who counted it");
  t.note = r.text(kNote);
  return t;
}

}  // namespace

std::vector<Target> parse_targets(std::string_view text, const std::string& file_name) {
  const std::vector<csv::Row> rows = csv::parse(text, file_name);
  if (rows.empty()) {
    throw InputError(file_name + ": no header line (expected columns " + choices(kColumnNames) +
                     ")");
  }
  const csv::Row& header = rows.front();
  std::vector<int> column_of(kColumnCount, -1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const csv::Field& f = header.fields[i];
    const auto column = find_name(f.text, kColumnNames);
    if (!column) {
      throw InputError(csv::where(file_name, f.line, f.column) + "unknown column '" + f.text + "'" +
                       suggestion(f.text, kColumnNames) +
                       "; known columns: " + choices(kColumnNames));
    }
    if (column_of[static_cast<std::size_t>(*column)] >= 0) {
      throw InputError(csv::where(file_name, f.line, f.column) + "column '" + f.text +
                       "' appears twice in the header");
    }
    column_of[static_cast<std::size_t>(*column)] = static_cast<int>(i);
  }
  for (const Column column : kRequired) {
    if (column_of[column] < 0) {
      throw InputError(csv::where(file_name, header.line, 0) + "the header lacks the column '" +
                       std::string(kColumnNames[column]) +
                       "' (required: id, quantity, value, "
                       "unit, source)");
    }
  }
  std::vector<Target> targets;
  std::map<std::string, int> line_of_id;
  // Every bad row is reported (the first problem of each), up to kMaxReportedRows of them: a file
  // typed by hand is fixed in one pass, not one row per run.
  constexpr std::size_t kMaxReportedRows = 20;
  std::vector<std::string> problems;
  std::size_t bad_rows = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const csv::Row& row = rows[k];
    try {
      if (row.fields.size() != header.fields.size()) {
        const bool short_row = row.fields.size() < header.fields.size();
        const int column = short_row ? row.end_column : row.fields[header.fields.size()].column;
        throw InputError(
            csv::where(file_name, row.line, column) + "row has " +
            std::to_string(row.fields.size()) + " fields, the header " +
            std::to_string(header.fields.size()) +
            (short_row ? " (missing: '" + header.fields[row.fields.size()].text + "'...)" : ""));
      }
      const RowReader reader(file_name, row, column_of);
      Target target = read_row(reader, file_name, row.line);
      const auto [previous, inserted] = line_of_id.emplace(target.id, row.line);
      if (!inserted) {
        reader.fail(kId, "'" + target.id + "' is already the id of line " +
                             std::to_string(previous->second));
      }
      targets.push_back(std::move(target));
    } catch (const InputError& error) {
      if (++bad_rows <= kMaxReportedRows) problems.emplace_back(error.what());
    }
  }
  if (!problems.empty()) {
    std::string report;
    for (const auto& problem : problems)
      report += (report.empty() ? "" : "\n") + problem;
    if (bad_rows > problems.size()) {
      report += "\n" + file_name + ": " + std::to_string(bad_rows - problems.size()) +
                " more bad row(s) not shown (" + std::to_string(bad_rows) + " in all)";
    }
    throw InputError(report);
  }
  if (targets.empty()) throw InputError(file_name + ": no targets (a header but no rows)");
  return targets;
}

std::vector<Target> read_targets(const std::filesystem::path& path) {
  // As a scenario file is read: a FIFO does not block, /dev/zero is not read without end, a
  // folder is not an empty file, and the size is bounded.
  std::string text;
  try {
    text = read_regular_file(path, kMaxTextInputBytes);
  } catch (const InputError& error) {
    std::string reason = error.what();
    const std::string prefix = path.string() + ": ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    if (reason == "file not found") {
      throw InputError(path.string() + ": observation file does not exist");
    }
    throw InputError(path.string() + ": observation file: " + reason);
  }
  return parse_targets(text, path.string());
}

}  // namespace displace::evaluation
