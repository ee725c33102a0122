// The report's headline figures, read back from the HTML's data-value attributes and from the text
// shown, against the hand-made test run whose every value follows a formula (test_run.hpp).
#include "displace/report/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "displace/common/error.hpp"
#include "displace/report/text.hpp"
#include "test_run.hpp"

namespace displace::report {
namespace {

namespace fs = std::filesystem;
using output::testing::TempFolder;
using output::testing::write_test_run;

struct Shown {
  double value = -1.0;
  std::string text;
};

/// The figure element with data-key `key`: its data-value and the text it shows.
Shown figure(const std::string& html, const std::string& key) {
  const std::string marker = "data-key=\"" + key + "\" data-value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) return {};
  Shown shown;
  shown.value = std::strtod(html.c_str() + at + marker.size(), nullptr);
  const auto open = html.find('>', at) + 1;
  shown.text = html.substr(open, html.find('<', open) - open);
  return shown;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++n;
  return n;
}

// Expected totals of the test run (scale 1), from its formulas:
//   households(t, r, s, b) = 1000 t + 100 r + 10 s + b, people = 3 x households, 1 month steps.
constexpr double kPeakDisplaced = 4140.0;  // status 2, t = 2: (2020) + (2120)
constexpr double kPeopleMonths = 19260.0;  // 3 x sum over t, r of (1000 t + 100 r + 20)
constexpr double kMigratedAtEnd = 4160.0;  // status 3, t = 2: 2030 + 2130
constexpr double kPeakTrapped = 5.0;       // t + r, total at t = 2
constexpr double kEvacuated = 18.0;        // evacuation flows: 3 (o, d) pairs x (1 + 2 + 3)
constexpr double kPeopleAtStart = 2700.0;  // 3 x sum over r, s of (100 r + 10 s), t = 0
constexpr double kRelocated = 18.0;        // relocation flows, like evacuation

TEST(Report, HeadlineFiguresEqualThoseOfTheRunFile) {
  const TempFolder folder;
  const fs::path run = write_test_run(folder / "run.h5");
  for (const Language language : {Language::en, Language::es}) {
    const std::string html = render_report({run}, language);
    const std::vector<std::pair<std::string, double>> expected = {
        {"people_at_start", kPeopleAtStart},        {"peak_displaced_households", kPeakDisplaced},
        {"people_months_displaced", kPeopleMonths}, {"migrated_households", kMigratedAtEnd},
        {"peak_trapped_households", kPeakTrapped},  {"evacuated_households", kEvacuated},
        {"relocated_households", kRelocated}};
    for (const auto& [key, value] : expected) {
      const Shown shown = figure(html, key);
      EXPECT_DOUBLE_EQ(shown.value, value) << key;
      EXPECT_EQ(shown.text, format_count(value, language)) << key;
    }
    // The region table: Sofala (MZ01) people-months 3 x (20 + 1020 + 2020).
    const auto row = html.find("data-region=\"MZ01\"");
    ASSERT_NE(row, std::string::npos);
    EXPECT_NE(html.find("data-value=\"9180\"", row), std::string::npos);
  }
  const std::string en = render_report({run}, Language::en);
  EXPECT_EQ(figure(en, "people_months_displaced").text, "19,260");
  const std::string es = render_report({run}, Language::es);
  EXPECT_EQ(figure(es, "people_months_displaced").text, "19\u202f260");
  EXPECT_EQ(figure(es, "peak_displaced_households").text, "4140");
}

TEST(Report, IsOneSelfContainedPageWithEverySection) {
  const TempFolder folder;
  const std::string html = render_report({write_test_run(folder / "run.h5")}, Language::en);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* section : {"id=\"headline\"", "id=\"what\"", "id=\"maps\"", "id=\"series\"",
                              "id=\"regions\"", "id=\"limits\"", "id=\"provenance\""}) {
    EXPECT_EQ(count(html, section), 1u) << section;
  }
  // Two maps and one chart drawn inline; nothing fetched, nothing run.
  EXPECT_EQ(count(html, "<svg"), 3u);
  EXPECT_EQ(count(html, "<script"), 0u);
  EXPECT_EQ(count(html, "src=\""), 0u);
  EXPECT_EQ(count(html, "href=\""), 0u);
  EXPECT_EQ(count(html, "url("), 0u);
  // Provenance: seed and every input with its checksum; the scenario and region names.
  EXPECT_NE(html.find("data-key=\"seed\" data-value=\"42\""), std::string::npos);
  EXPECT_NE(html.find(std::string(64, 'a') + "</code> /data/population.tif"), std::string::npos);
  EXPECT_NE(html.find("Zambezia, North"), std::string::npos);
  EXPECT_NE(html.find("abc1234"), std::string::npos);
  // One run: no comparison; the text says that a single seed carries chance variation.
  EXPECT_EQ(html.find("id=\"comparison\""), std::string::npos);
  EXPECT_NE(html.find("One run with one random seed"), std::string::npos);
}

TEST(Report, ShowsProtectedPeopleAndEachShelter) {
  const TempFolder folder;
  const fs::path run = output::testing::write_test_run_with_shelters(folder / "run.h5");
  for (const Language language : {Language::en, Language::es}) {
    const std::string html = render_report({run}, language);
    // Protected people: (0 + 0) + (4 + 8) + (8 + 16) over steps and regions.
    const Shown shown = figure(html, "protected_people");
    EXPECT_DOUBLE_EQ(shown.value, 36.0);
    EXPECT_EQ(shown.text, format_count(36.0, language));
    EXPECT_EQ(count(html, "id=\"shelters\""), 1u);
    EXPECT_EQ(count(html, "<svg"), 4u);  // two maps, the status chart, the shelter chart
    EXPECT_NE(html.find(std::string(message("heading.shelters", language))), std::string::npos);
    // The stadium: capacity 5000, peak 41 households (123 people) at the last step, 41 then.
    const auto row = html.find("data-shelter=\"stadium, east\"");
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(figure(html.substr(row), "capacity").value, 5000.0);
    EXPECT_EQ(figure(html.substr(row), "peak").value, 41.0);
    EXPECT_EQ(figure(html.substr(row), "peak_people").value, 123.0);
    EXPECT_EQ(figure(html.substr(row), "end").value, 41.0);
    EXPECT_NE(html.find(format_date("2020-03-01", language), row), std::string::npos);
  }
  // A run without shelter sites or protection tallies has neither.
  const std::string plain = render_report({write_test_run(folder / "plain.h5")}, Language::en);
  EXPECT_EQ(plain.find("id=\"shelters\""), std::string::npos);
  EXPECT_EQ(figure(plain, "protected_people").value, -1.0);
}

TEST(Report, ShowsUninhabitableHomesByHazard) {
  // The test run splits uninhabitable_home, 100 t + 10 r + 2 people, 3/4 wind and 1/4 flood:
  // over t = 0..2 and r = 0, 1: 2 x 300 + 3 x 10 + 6 x 2 = 642 people.
  const TempFolder folder;
  const fs::path run = write_test_run(folder / "run.h5");
  const std::string en = render_report({run}, Language::en);
  EXPECT_DOUBLE_EQ(figure(en, "uninhabitable_by_hazard.wind").value, 0.75 * 642.0);
  EXPECT_DOUBLE_EQ(figure(en, "uninhabitable_by_hazard.flood").value, 0.25 * 642.0);
  EXPECT_NE(en.find("People who left a home made uninhabitable by wind"), std::string::npos);
  const std::string es = render_report({run}, Language::es);
  EXPECT_NE(es.find("Personas que dejaron una vivienda que quedó inhabitable por flood"),
            std::string::npos);
}

TEST(Report, SpanishReportHasNoEnglishHeadings) {
  const TempFolder folder;
  const std::string html = render_report({write_test_run(folder / "run.h5")}, Language::es);
  EXPECT_NE(html.find("<html lang=\"es\">"), std::string::npos);
  for (const std::string_view id :
       {"heading.headline", "heading.what", "heading.maps", "heading.series", "heading.regions",
        "heading.limits", "heading.provenance", "explain.single"}) {
    EXPECT_NE(html.find(std::string(message(id, Language::es))), std::string::npos) << id;
    EXPECT_EQ(html.find(std::string(message(id, Language::en))), std::string::npos) << id;
  }
}

TEST(Report, AdminLevelTableShowsTheFinestLevelAtItsPeak) {
  const TempFolder folder;
  const fs::path with_level =
      write_test_run(folder / "levels.h5", 1.0, "baseline", {}, /*admin_level=*/true);
  const fs::path without = write_test_run(folder / "plain.h5");
  EXPECT_EQ(render_report({without}, Language::en).find("id=\"admin-level\""), std::string::npos);
  for (const Language language : {Language::en, Language::es}) {
    const std::string html = render_report({with_level}, language);
    const auto section = html.find("id=\"admin-level\"");
    ASSERT_NE(section, std::string::npos);
    EXPECT_NE(html.find(std::string(message("admin.origin", language)), section),
              std::string::npos);
    // The peak is the last step (t = 2): people from MZ02-A (o = 2) abroad (c = 3) are
    // 3 x (20 + 3 + 1) = 72, the most of any pair, so the first row; with children (b = 2): 24.
    const auto row = html.find("<tr data-origin=\"MZ02-A\" data-current=\"abroad\">", section);
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(html.find("<tr data-origin=", section), row) << "the largest pair comes first";
    EXPECT_NE(html.find("data-value=\"72\"", row), std::string::npos);
    EXPECT_NE(html.find("data-value=\"24\"", row), std::string::npos);
    EXPECT_NE(html.find("Quelimane (MZ02-A)", row), std::string::npos);
    // No row for a unit's people still in it (o == c has nobody displaced).
    EXPECT_EQ(html.find("data-origin=\"MZ01-A\" data-current=\"MZ01-A\""), std::string::npos);
    // 3 x 4 - 3 pairs have people.
    EXPECT_EQ(count(html.substr(section), "<tr data-origin="), 9u);
  }
}

TEST(Report, SeveralRunsAreCompared) {
  const TempFolder folder;
  const std::string html =
      render_report({write_test_run(folder / "a.h5"), write_test_run(folder / "b.h5", 1.5, "dike")},
                    Language::en);
  const auto section = html.find("id=\"comparison\"");
  ASSERT_NE(section, std::string::npos);
  // Peak displaced 4140 -> 6210 (+50%).
  const auto row = html.find("<tr data-key=\"peak_displaced_households\">", section);
  ASSERT_NE(row, std::string::npos);
  EXPECT_NE(html.find("data-value=\"6210\">6,210<span class=\"change\">(+50.0%)", row),
            std::string::npos)
      << html.substr(row, 400);
  EXPECT_NE(html.find("<th>dike</th>", section), std::string::npos);
}

// #31: a slow-onset run (heat, yearly steps, maps every 10 steps) in which nobody is displaced at
// any map date made the report read past an emptied grid in svg_grid_map (exit 139).
TEST(Report, MapsWithNobodyDisplacedAreAnEmptyMapNotACrash) {
  const TempFolder folder;
  const fs::path path = folder / "quiet.h5";
  {
    using namespace output::testing;
    output::RunWriter writer(path, test_grid(), test_step_dates(), test_provenance("heat"));
    writer.begin(test_layout());
    for (int step = 0; step < 3; ++step) {
      writer.record_step(test_step(step));
      if (step == 0 || step == 2) {
        engine::MapRecord map = test_map(step);
        std::fill(map.displaced_from_people.begin(), map.displaced_from_people.end(), 0.0f);
        std::fill(map.arrivals_people.begin(), map.arrivals_people.end(), 0.0f);
        writer.record_map(map);
      }
    }
    writer.end(test_summary());
  }
  for (const Language language : {Language::en, Language::es}) {
    const std::string html = render_report({path}, language);
    EXPECT_EQ(count(html, std::string(message("map.empty", language))), 2u);
    EXPECT_EQ(count(html, "<svg"), 1u);  // the chart only
  }
}

TEST(Report, WritesOnlyCompleteFilesAndRefusesToOverwrite) {
  const TempFolder folder;
  const fs::path run = write_test_run(folder / "run.h5");
  const fs::path to = folder / "report.html";
  write_report({run}, to, Language::en, false);
  ASSERT_TRUE(fs::exists(to));
  EXPECT_FALSE(fs::exists(folder / "report.html.partial"));
  EXPECT_GT(fs::file_size(to), 5000u);
  EXPECT_THROW(write_report({run}, to, Language::en, false), InputError);
  EXPECT_NO_THROW(write_report({run}, to, Language::es, true));
  EXPECT_THROW(write_report({run}, folder / "missing" / "r.html", Language::en, false), InputError);
  // A file that is not a run: the reader's message, and nothing written.
  std::ofstream(folder / "not-a-run.h5") << "text";
  EXPECT_THROW(write_report({folder / "not-a-run.h5"}, folder / "x.html", Language::en, false),
               InputError);
  EXPECT_FALSE(fs::exists(folder / "x.html"));
  EXPECT_FALSE(fs::exists(folder / "x.html.partial"));
}

TEST(Report, ADamagedRecordedScenarioIsReportedNotSkipped) {
  const TempFolder folder;
  // The test run records "name: <scenario name>\nseed: 42\n": this name makes it a YAML error.
  const fs::path run = write_test_run(folder / "run.h5", 1.0, "baseline: [");
  try {
    (void)render_report({run}, Language::en);
    FAIL() << "a report was written from a damaged scenario text";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find((folder / "run.h5").string() + " (scenario_yaml):1:"), std::string::npos)
        << what;
    EXPECT_NE(what.find("YAML syntax error"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace displace::report
