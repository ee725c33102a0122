// The observation CSV: what a good file gives, and a located error (FILE:LINE:COLUMN: column:
// what is wrong) for each kind of bad file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "displace/common/error.hpp"
#include "displace/evaluation/observations.hpp"
#include "evaluation_fixture.hpp"

namespace displace::evaluation {
namespace {

const std::string kHeader = "id,quantity,place,period_start,period_end,value,factor,unit,source\n";
const std::string kRow = "a,displacements,PRI,2017-09-17,2017-12-15,87600,2,people,IDMC\n";
//                        1 3             17  21         32         43    49 51     58

/// The message of the InputError that parsing `text` throws ("" when it parses).
std::string error_of(const std::string& text) {
  try {
    parse_targets(text, "t.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_STARTS_WITH(text, prefix) \
  EXPECT_EQ(std::string(text).rfind(prefix, 0), 0u) << "message: " << (text)

TEST(Observations, AGoodRowGivesEveryField) {
  const auto targets = parse_targets(kHeader + kRow, "t.csv");
  ASSERT_EQ(targets.size(), 1u);
  const Target& t = targets.front();
  EXPECT_EQ(t.id, "a");
  EXPECT_EQ(t.quantity, Quantity::displacements);
  EXPECT_EQ(t.place, "PRI");
  EXPECT_EQ(t.period_start, (CivilDate{2017, 9, 17}));
  EXPECT_EQ(t.period_end, (CivilDate{2017, 12, 15}));
  EXPECT_EQ(t.value, 87600.0);
  EXPECT_EQ(t.lower, 43800.0);
  EXPECT_EQ(t.upper, 175200.0);
  EXPECT_EQ(t.bound, Bound::estimate);
  EXPECT_EQ(t.unit, Unit::people);
  EXPECT_TRUE(t.causes.empty());
  EXPECT_EQ(t.source, "IDMC");
  EXPECT_EQ(t.location.line, 2);
  EXPECT_EQ(describe_period(t), "2017-09-17..2017-12-15");
}

TEST(Observations, QuotingCommentsBlankLinesBomAndCrlf) {
  const std::string text = "\xEF\xBB\xBF# observed targets\r\n\r\n" +
                           kHeader.substr(0, kHeader.size() - 1) +
                           "\r\n# a comment between rows\r\n"
                           "\"b\",displacements, PRI ,2017-09-17,2017-12-15,100,2,people,\"IDMC, "
                           "\"\"GIDD\"\"\nline 2\"\r\n";
  const auto targets = parse_targets(text, "t.csv");
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].id, "b");
  EXPECT_EQ(targets[0].place, "PRI");  // unquoted fields are trimmed
  EXPECT_EQ(targets[0].source, "IDMC, \"GIDD\"\nline 2");
  EXPECT_EQ(targets[0].location.line, 5);
}

TEST(Observations, UncertaintyFormsAndBounds) {
  const std::string header =
      "id,quantity,place,date,period_start,period_end,value,lower,upper,relative_error,factor,"
      "bound,unit,source,cause,kind,origin,destination\n";
  const auto targets = parse_targets(
      header +
          "i,displacements,PRI,,2017-09-01,2017-09-30,100,80,130,,,,people,s,,,,\n"
          "r,displaced_people,PRI,2017-12-31,,,100,,,0.25,,,households,s,,,,\n"
          "u,displacements,DOM,,2017-09-01,2017-09-30,100,,,,2,upper,people,s,evacuation+"
          "uninhabitable_home,,,\n"
          "l,flow,,,2017-09-01,2017-09-30,100,,,,3,lower,people,s,,migration,PRI,US mainland\n"
          "z,moved_to_external,US mainland,,2017-09-01,2017-09-30,0,,,,2,upper,people,s,,,,\n",
      "t.csv");
  ASSERT_EQ(targets.size(), 5u);
  EXPECT_EQ(targets[0].lower, 80.0);
  EXPECT_EQ(targets[0].upper, 130.0);
  EXPECT_EQ(targets[1].lower, 75.0);
  EXPECT_EQ(targets[1].upper, 125.0);
  EXPECT_EQ(targets[1].unit, Unit::households);
  EXPECT_EQ(targets[1].period_start, targets[1].period_end);
  EXPECT_EQ(targets[2].bound, Bound::upper);
  EXPECT_EQ(targets[2].lower, 0.0);
  EXPECT_EQ(targets[2].upper, 200.0);
  EXPECT_EQ(targets[2].causes, (std::vector<int>{0, 1}));
  EXPECT_EQ(targets[3].lower, 100.0 / 3.0);
  EXPECT_EQ(targets[3].upper, std::numeric_limits<double>::infinity());
  EXPECT_EQ(targets[3].kinds, (std::vector<int>{2}));
  EXPECT_EQ(describe_place(targets[3]), "PRI -> US mainland");
  EXPECT_EQ(describe_place(targets[4]), "* -> US mainland");
  EXPECT_EQ(targets[4].value, 0.0);  // an observed zero, as an upper bound
}

TEST(Observations, BadValuesAreLocatedByLineColumnAndColumnName) {
  auto with_row = [](const std::string& row) { return error_of(kHeader + row + "\n"); };
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,abc,2,people,IDMC"),
                     "t.csv:2:43: value: 'abc' is not a number");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,2017-09-17,2017-12-15,\"87,600\",2,people,IDMC"),
      "t.csv:2:43: value: '87,600' is not a number (write digits only, without thousands "
      "separators)");
  EXPECT_STARTS_WITH(with_row("a,displacement,PRI,2017-09-17,2017-12-15,87600,2,people,IDMC"),
                     "t.csv:2:3: quantity: unknown quantity 'displacement' (did you mean "
                     "'displacements'?)");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-9-17,2017-12-15,87600,2,people,IDMC"),
                     "t.csv:2:21: period_start: '2017-9-17' is not a date YYYY-MM-DD");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-02-30,87600,2,people,IDMC"),
                     "t.csv:2:32: period_end: '2017-02-30' is not a date");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-09-01,87600,2,people,IDMC"),
                     "t.csv:2:32: period_end: is before period_start");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,87600,0.5,people,IDMC"),
                     "t.csv:2:49: factor: must be >= 1");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,87600,2,persons,IDMC"),
                     "t.csv:2:51: unit: unknown unit 'persons'");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,87600,2,households,IDMC"),
                     "t.csv:2:51: unit: displacements are counted in people only");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,87600,2,people,"),
                     "t.csv:2:58: source: empty");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,-5,2,people,IDMC"),
                     "t.csv:2:43: value: must be >= 0");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,0,2,people,IDMC"),
                     "t.csv:2:43: value: an estimate of 0 has no ratio");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,2017-09-17,2017-12-15,87600,,people,IDMC"),
                     "t.csv:2:43: value: no uncertainty: give 'lower' and 'upper', or 'factor', "
                     "or 'relative_error'");
  EXPECT_STARTS_WITH(with_row("a,displacements,,2017-09-17,2017-12-15,87600,2,people,IDMC"),
                     "t.csv:2:17: place: empty, but quantity 'displacements' needs it");
  EXPECT_STARTS_WITH(with_row("a b,displacements,PRI,2017-09-17,2017-12-15,87600,2,people,IDMC"),
                     "t.csv:2:1: id: 'a b' has characters other than");
  EXPECT_STARTS_WITH(with_row("a,displaced_people,PRI,2017-09-17,2017-12-15,87600,2,people,IDMC"),
                     "t.csv:2:3: quantity: quantity 'displaced_people' needs column 'date', "
                     "which the header lacks");
}

TEST(Observations, RowsThatDoNotFitTheHeaderAreLocated) {
  EXPECT_STARTS_WITH(error_of(kHeader + "a,displacements,PRI\n"),
                     "t.csv:2:20: row has 3 fields, the header 9 (missing: 'period_start'...)");
  EXPECT_STARTS_WITH(error_of(kHeader + kRow.substr(0, kRow.size() - 1) + ",x\n"),
                     "t.csv:2:63: row has 10 fields, the header 9");
  EXPECT_STARTS_WITH(error_of(kHeader + kRow + kRow),
                     "t.csv:3:1: id: 'a' is already the id of line 2");
  EXPECT_STARTS_WITH(
      error_of(kHeader + "a,displacements,PRI,2017-09-17,2017-12-15,87600,2,people,\"IDMC\n"),
      "t.csv:2:58: quoted field is never closed");
  EXPECT_STARTS_WITH(
      error_of(kHeader + "a,displacements,PRI,2017-09-17,2017-12-15,87600,2,people,\"IDMC\"x\n"),
      "t.csv:2:64: unexpected character after a closing quote");
  EXPECT_STARTS_WITH(
      error_of(kHeader + "a,displacements,PRI,2017-09-17,2017-12-15,87600,2,people,ID\"MC\n"),
      "t.csv:2:60: a '\"' inside an unquoted field");
  // Comment and blank lines still count in line numbers.
  EXPECT_STARTS_WITH(error_of("# note\n\n" + kHeader + "# more\n" +
                              "a,displacements,PRI,2017-09-17,2017-12-15,abc,2,people,IDMC\n"),
                     "t.csv:5:43: value:");
}

// Issue 31, item 5: every bad row is reported, not only the first, up to 20 of them.
TEST(Observations, EveryBadRowIsReportedUpToALimit) {
  const std::string bad_value = "x,displacements,PRI,2017-09-17,2017-12-15,abc,2,people,IDMC\n";
  const std::string message = error_of(kHeader + kRow + bad_value +
                                       "b,displacement,PRI,2017-09-17,"
                                       "2017-12-15,87600,2,people,IDMC\n" +
                                       kRow);
  EXPECT_STARTS_WITH(message, "t.csv:3:43: value: 'abc' is not a number");
  EXPECT_NE(message.find("\nt.csv:4:3: quantity: unknown quantity 'displacement'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("\nt.csv:5:1: id: 'a' is already the id of line 2"), std::string::npos)
      << message;
  std::string many = kHeader;
  for (int i = 0; i < 25; ++i) {
    many += "x";
    many += std::to_string(i);
    many.append(bad_value, 1, std::string::npos);
  }
  const std::string limited = error_of(many);
  EXPECT_EQ(std::count(limited.begin(), limited.end(), '\n'), 20) << limited;
  EXPECT_NE(limited.find("t.csv:21:"), std::string::npos) << limited;
  EXPECT_EQ(limited.find("t.csv:22:"), std::string::npos) << limited;
  EXPECT_NE(limited.find("t.csv: 5 more bad row(s) not shown (25 in all)"), std::string::npos)
      << limited;
}

TEST(Observations, BadHeadersAreLocated) {
  EXPECT_STARTS_WITH(
      error_of("id,quantity,place,period_start,period_end,vaule,factor,unit,source\n" + kRow),
      "t.csv:1:43: unknown column 'vaule' (did you mean 'value'?)");
  EXPECT_STARTS_WITH(error_of("id,id,quantity\n"), "t.csv:1:4: column 'id' appears twice");
  EXPECT_STARTS_WITH(error_of("id,quantity,place,period_start,period_end,value,factor,unit\n"),
                     "t.csv:1: the header lacks the column 'source'");
  EXPECT_STARTS_WITH(error_of(""), "t.csv: no header line");
  EXPECT_STARTS_WITH(error_of("# only a comment\n"), "t.csv: no header line");
  EXPECT_STARTS_WITH(error_of(kHeader), "t.csv: no targets");
}

TEST(Observations, WhereAndWhatMustAgreeWithTheQuantity) {
  const std::string header =
      "id,quantity,place,origin,destination,cause,kind,date,period_start,period_end,value,factor,"
      "lower,upper,relative_error,bound,set,unit,source\n";
  auto with_row = [&](const std::string& row) { return error_of(header + row + "\n"); };
  EXPECT_STARTS_WITH(
      with_row("a,flow,PRI,PRI,DOM,,,,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
      "t.csv:2:8: place: 'PRI' given, but quantity 'flow' takes 'origin' and 'destination'");
  EXPECT_STARTS_WITH(with_row("a,flow,,PRI,,,,,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
                     "t.csv:2:13: destination: empty, but quantity 'flow' needs it");
  EXPECT_STARTS_WITH(
      with_row("a,evacuations,PRI,,,evacuation,,,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
      "t.csv:2:21: cause: 'evacuation' given, but only 'displacements' take a cause");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,,,flood,,,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
      "t.csv:2:23: cause: unknown cause 'flood'; expected one of evacuation, uninhabitable_home, "
      "services_loss");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,,,evacuation+evacuation,,,2017-09-01,2017-09-"
                              "30,10,2,,,,,,people,s"),
                     "t.csv:2:23: cause: cause 'evacuation' listed twice");
  EXPECT_STARTS_WITH(
      with_row("a,flow,,PRI,DOM,,migrate,,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
      "t.csv:2:18: kind: unknown kind of move 'migrate' (did you mean 'migration'?)");
  EXPECT_STARTS_WITH(
      with_row("a,displaced_people,PRI,,,,,2017-12-31,2017-09-01,,10,2,,,,,,people,s"),
      "t.csv:2:39: period_start: '2017-09-01' given, but quantity 'displaced_people' is a stock "
      "at a date");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,,,,,2017-12-31,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
      "t.csv:2:25: date: '2017-12-31' given, but quantity 'displacements' is counted over a "
      "period");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,,,,,,2017-09-01,2017-09-30,10,2,,,0.5,,,people,s"),
      "t.csv:2:55: relative_error: give one uncertainty");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,,,,,,2017-09-01,2017-09-30,10,,12,20,,,,people,s"),
      "t.csv:2:52: lower: is above the value");
  EXPECT_STARTS_WITH(with_row("a,displacements,PRI,,,,,,2017-09-01,2017-09-30,10,,5,,,,,people,s"),
                     "t.csv:2:52: lower: 'lower' needs 'upper' too");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,,,,,,2017-09-01,2017-09-30,10,2,,,,maybe,,people,s"),
      "t.csv:2:56: bound: unknown bound 'maybe'");
  EXPECT_STARTS_WITH(
      with_row("a,displacements,PRI,,,,,,2017-09-01,2017-09-30,10,2,,,,,training,people,s"),
      "t.csv:2:57: set: 'training' is neither 'calibration' nor 'validation'");
  EXPECT_STARTS_WITH(with_row("a,uninhabitable_homes,PRI,,,,,,2017-09-17,2017-12-15,52500,,35000,"
                              "70000,,,,people,s"),
                     "t.csv:2:76: unit: uninhabitable homes are counted in households");
  EXPECT_STARTS_WITH(
      with_row("a,sheltered_people,school,,,,,,2017-09-01,2017-09-30,10,2,,,,,,people,s"),
      "t.csv:2:31: date: empty, but quantity 'sheltered_people' needs it");
  EXPECT_STARTS_WITH(with_row("a,uninhabitable_homes,PRI,,,uninhabitable_home,,,2017-09-17,2017-"
                              "12-15,10,2,,,,,,households,s"),
                     "t.csv:2:29: cause: 'uninhabitable_home' given, but only 'displacements' "
                     "take a cause");
  EXPECT_EQ(with_row("a,uninhabitable_homes,PRI,,,,,,2017-09-17,2017-12-15,52500,,35000,70000,,,,"
                     "households,s"),
            "");
  EXPECT_EQ(with_row("a,sheltered_people,\"school+stadium, east\",,,,,2017-09-29,,,11105,,11105,"
                     "11105,,lower,,people,s"),
            "");
}

TEST(Observations, MissingFileIsNamed) {
  try {
    read_targets("/nonexistent/targets.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STARTS_WITH(e.what(), "/nonexistent/targets.csv: observation file does not exist");
  }
}

TEST(Observations, TheShippedDemoTargetsRead) {
  const auto targets = read_targets(std::string(DISPLACE_SOURCE_DIR) +
                                    "/scenarios/data/observations/caribbean_storms_targets.csv");
  ASSERT_EQ(targets.size(), 28u);  // 20 IDMC, 3 Centro, 1 on homes, 4 status.pr on shelters
  int upper_bounds = 0;
  for (const Target& t : targets) {
    EXPECT_EQ(t.unit, t.quantity == Quantity::uninhabitable_homes ? Unit::households : Unit::people)
        << t.id;
    if (t.place == "DOM") {
      ++upper_bounds;
      EXPECT_EQ(t.bound, Bound::upper) << t.id;
      EXPECT_EQ(t.lower, 0.0) << t.id;
      EXPECT_EQ(t.upper, 2.0 * t.value) << t.id;
    }
  }
  EXPECT_EQ(upper_bounds, 11);
  const auto maria = std::find_if(targets.begin(), targets.end(),
                                  [](const Target& t) { return t.id == "idmc_maria_2017_PRI"; });
  ASSERT_NE(maria, targets.end());
  EXPECT_EQ(maria->value, 87600.0);  // 1,600 (2017) + 86,000 (2019)
  EXPECT_EQ(maria->event, "2017260N12310");
  EXPECT_EQ(maria->period_start, (CivilDate{2017, 9, 17}));  // day 260 of 2017
  const auto centro = std::find_if(targets.begin(), targets.end(), [](const Target& t) {
    return t.id == "centro_maria_pri_to_us_12m";
  });
  ASSERT_NE(centro, targets.end());
  EXPECT_EQ(centro->quantity, Quantity::moved_to_external);
  EXPECT_EQ(centro->place, "US mainland");
  EXPECT_EQ(centro->origin, "PRI");
  EXPECT_EQ(centro->value, 159415.0);
  EXPECT_EQ(centro->upper, 176603.0);
  const auto homes = std::find_if(targets.begin(), targets.end(),
                                  [](const Target& t) { return t.id == "homes_maria_2017_PRI"; });
  ASSERT_NE(homes, targets.end());
  EXPECT_EQ(homes->quantity, Quantity::uninhabitable_homes);
  EXPECT_EQ(homes->lower, 35000.0);
  EXPECT_EQ(homes->upper, 70000.0);
  EXPECT_EQ(homes->set, "calibration");
  const auto sheltered = std::find_if(targets.begin(), targets.end(), [](const Target& t) {
    return t.id == "statuspr_sheltered_2017_09_29_PRI";
  });
  ASSERT_NE(sheltered, targets.end());
  EXPECT_EQ(sheltered->quantity, Quantity::displaced_people);
  EXPECT_EQ(sheltered->bound, Bound::lower);
  EXPECT_EQ(sheltered->lower, 11105.0);
  EXPECT_EQ(sheltered->upper, std::numeric_limits<double>::infinity());
  EXPECT_EQ(sheltered->period_start, (CivilDate{2017, 9, 29}));
}

}  // namespace
}  // namespace displace::evaluation
