#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "displace/common/error.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/report/report.hpp"
#include "page.hpp"
#include "report_data.hpp"
#include "svg.hpp"

namespace displace::report {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStyle = R"css(
:root { --ink: #1d2733; --muted: #5b6775; --line: #d8dee6; --accent: #a50f15; --due: #08519c; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
       max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
p.subtitle { color: var(--muted); margin: 0 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; break-inside: avoid; }
.card .label { font-size: .9rem; color: var(--muted); }
.card .value { font-size: 1.6rem; font-weight: bold; margin: 2px 0; }
.card .range, .card .note { font-size: .8rem; color: var(--muted); }
.card .due { font-size: .9rem; color: var(--due); font-weight: bold; margin-top: 4px; }
.card.start .value { color: var(--ink); }
.explain { font-size: .9rem; color: var(--muted); }
ul.facts { padding-left: 20px; } ul.facts li { margin: 3px 0; }
.maps { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
figure { margin: 0; break-inside: avoid; }
.maps figure.wide { grid-column: 1 / -1; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: 4px; }
svg.map { width: 100%; height: auto; max-height: 420px; border: 1px solid var(--line); }
svg.chart { width: 100%; height: auto; font-family: inherit; }
ul.legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: .8rem; }
.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: -2px; border: 1px solid #999; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: right; vertical-align: top; }
th { background: #f3f5f8; }
th:first-child, td:first-child, th.text, td.text { text-align: left; }
tr.total td { font-weight: bold; border-top: 2px solid var(--ink); }
td .change { color: var(--muted); font-size: .8rem; display: block; }
td.due, th.due { color: var(--due); }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: .9rem; }
dl.provenance dt { color: var(--muted); } dl.provenance dd { margin: 0; }
code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; overflow-wrap: anywhere; }
footer { margin-top: 36px; font-size: .8rem; color: var(--muted); }
p.synthetic { color: var(--accent); }
svg.forecast-map { max-height: 620px; }
th .change { display: block; font-weight: normal; color: var(--muted); font-size: .8rem; }
table.forecast-action { font-size: .8rem; } table.forecast-action th, table.forecast-action td { padding: 4px 5px; }
h3 { font-size: 1.05rem; margin: 22px 0 8px; }
@media (max-width: 760px) { .maps { grid-template-columns: 1fr; } }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } section { break-inside: auto; } }
@page { size: A4; margin: 14mm; }
)css";

std::string today_iso() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

/// The value element of a figure: the text shown, with the exact number in data attributes.
std::string figure_value(const Page& page, const std::string& key, const Summary& s,
                         const char* css_class) {
  std::string html = std::string("<div class=\"") + css_class + "\" data-key=\"" + key +
                     "\" data-value=\"" + exact(s.value) + "\"";
  if (!std::isnan(s.low))
    html += " data-low=\"" + exact(s.low) + "\" data-high=\"" + exact(s.high) + "\"";
  return html + ">" + page.count(s.value) + "</div>";
}

std::string range_text(const Page& page, const Summary& s) {
  if (std::isnan(s.low)) return "";
  return page.t("range", {page.count(s.low), page.count(s.high)});
}

std::string headline_section(const Page& page, const ReportData& data) {
  std::string html = "<section id=\"headline\"><h2>" + page.t("heading.headline") + "</h2>";
  html += "<div class=\"cards\">";
  // The population first, for scale.
  html += "<div class=\"card start\"><div class=\"label\">" + page.t("metric.people_at_start") +
          "</div>" + figure_value(page, "people_at_start", data.people_at_start, "value") +
          "<div class=\"note\">" + page.count(data.households_at_start.value) + " " +
          page.t("series.axis") + "</div></div>";
  for (const Headline& h : data.headlines) {
    const std::string figure_id = h.detail.empty() ? h.key : h.key + "." + escape_html(h.detail);
    const std::string label =
        page.t("metric." + h.key) + (h.detail.empty() ? "" : " " + escape_html(h.detail));
    html += "<div class=\"card\"><div class=\"label\">" + label + "</div>" +
            figure_value(page, figure_id, h.main, "value");
    if (const std::string range = range_text(page, h.main); !range.empty()) {
      html += "<div class=\"range\">" + range + "</div>";
    }
    if (h.due) {
      html += "<div class=\"due\" data-key=\"" + figure_id + "\" data-due=\"" +
              exact(h.due->value) + "\">" + page.t("due", {page.count(h.due->value)}) + "</div>";
      if (const std::string range = range_text(page, *h.due); !range.empty()) {
        html += "<div class=\"range\">" + range + "</div>";
      }
    }
    const std::string note_id = "note." + h.key;
    bool has_note = false;
    for (const auto id : message_ids())
      has_note = has_note || id == note_id;
    if (has_note) html += "<div class=\"note\">" + page.t(note_id) + "</div>";
    html += "</div>";
  }
  html += "</div>";
  if (data.ensemble) {
    html += "<p class=\"explain\">" +
            page.t("explain.ensemble", {std::to_string(data.runs_in_file)}) + "</p>";
  } else {
    html += "<p class=\"explain\">" + page.t("explain.single") + "</p>";
  }
  if (data.paired) {
    const std::string name = data.facts.counterfactual.empty() ? "—" : data.facts.counterfactual;
    html += "<p class=\"explain\">" +
            page.t("explain.due", {"<code>" + escape_html(name) + "</code>"}) + "</p>";
  }
  if (!std::isnan(data.households_per_agent)) {
    html += "<p class=\"explain\">" +
            page.t("explain.households",
                   {format_decimal(
                       data.households_per_agent,
                       data.households_per_agent == std::round(data.households_per_agent) ? 0 : 1,
                       page.language())}) +
            "</p>";
  }
  return html + "</section>";
}

std::string what_section(const Page& page, const ReportData& data) {
  const ScenarioFacts& f = data.facts;
  std::string html = "<section id=\"what\"><h2>" + page.t("heading.what") + "</h2>";
  if (!f.description.empty()) html += "<p>" + escape_html(f.description) + "</p>";
  html += "<ul class=\"facts\">";
  html += "<li>" +
          page.t("what.scenario",
                 {"<strong>" + escape_html(data.provenance.scenario_name) + "</strong>"}) +
          "</li>";
  std::vector<std::string> regions;
  for (std::size_t r = 0; r < data.layout.region_codes.size(); ++r) {
    const std::string& name =
        r < data.layout.region_names.size() ? data.layout.region_names[r] : "";
    regions.push_back(escape_html(name.empty() ? data.layout.region_codes[r] : name));
  }
  html += "<li>" + page.t("what.area", {join(regions, ", ")}) + "</li>";
  const auto& dates = data.layout.step_dates;
  if (!dates.empty()) {
    const std::string step_id = "step." + (f.step.empty() ? std::string("month") : f.step);
    bool known_step = false;
    for (const auto id : message_ids())
      known_step = known_step || id == step_id;
    const std::string step = known_step ? page.t(step_id) : escape_html(f.step);
    const std::string steps = std::to_string(dates.size());
    html += "<li>" +
            (f.end.size() == 10
                 ? page.t("what.period", {page.date(dates.front()), page.date(f.end), steps, step})
                 : page.t("what.period_open",
                          {page.date(dates.front()), page.date(dates.back()), steps, step})) +
            "</li>";
  }
  html += "<li>" +
          page.t("what.population", {page.count(data.households_at_start.value),
                                     page.count(data.people_at_start.value)}) +
          "</li>";
  if (f.hazards.empty() && f.climate_drivers.empty()) {
    html += "<li>" + page.t("what.no_hazard") + "</li>";
  } else {
    html += "<li>" + page.t("what.hazards") + "<ul>";
    for (const HazardFact& h : f.hazards) {
      std::vector<std::string> events;
      for (const auto& [name, date] : h.events)
        events.push_back(escape_html(name) + (date.empty() ? "" : " (" + page.date(date) + ")"));
      if (!events.empty())
        html +=
            "<li>" + page.t("what.events", {escape_html(h.hazard), join(events, ", ")}) + "</li>";
      if (h.events_per_year > 0) {
        html +=
            "<li>" +
            page.t("what.sampled",
                   {escape_html(h.hazard), format_decimal(h.events_per_year, 2, page.language()),
                    std::to_string(h.first_year), std::to_string(h.last_year)}) +
            "</li>";
      }
    }
    for (const std::string& driver : f.climate_drivers)
      html += "<li>" + page.t("what.climate", {escape_html(driver)}) + "</li>";
    html += "</ul></li>";
  }
  if (f.policies.empty()) {
    html += "<li>" + page.t("what.no_policy") + "</li>";
  } else {
    html += "<li>" + page.t("what.policies") + "<ul>";
    for (const PolicyFact& p : f.policies) {
      const std::string kind_id = "policy." + p.kind;
      bool known = false;
      for (const auto id : message_ids())
        known = known || id == kind_id;
      const std::string kind = known ? page.t(kind_id) : escape_html(p.kind);
      const std::string name = escape_html(p.name);
      std::string line;
      if (!p.start.empty() && !p.end.empty()) {
        line = page.t("what.policy_window", {kind, name, page.date(p.start), page.date(p.end)});
      } else if (!p.start.empty()) {
        line = page.t("what.policy_from", {kind, name, page.date(p.start)});
      } else {
        line = page.t("what.policy_always", {kind, name});
      }
      html += "<li>" + line + "</li>";
    }
    html += "</ul></li>";
  }
  if (!f.destinations.empty()) {
    std::vector<std::string> names;
    for (const auto& d : f.destinations)
      names.push_back(escape_html(d));
    html += "<li>" + page.t("what.destinations", {join(names, ", ")}) + "</li>";
  }
  if (!f.counterfactual.empty()) {
    html += "<li>" +
            page.t("what.counterfactual", {"<code>" + escape_html(f.counterfactual) + "</code>"}) +
            "</li>";
  }
  if (!f.swept_keys.empty()) {
    std::vector<std::string> keys;
    for (const auto& k : f.swept_keys)
      keys.push_back("<code>" + escape_html(k) + "</code>");
    html += "<li>" + page.t("what.sweep", {join(keys, ", ")}) + "</li>";
  }
  return html + "</ul></section>";
}

std::string map_figure(const Page& page, const ReportData& data, const MapData& map,
                       const char* caption_id, Palette palette) {
  const std::string caption = page.t(caption_id, {page.date(map.date)});
  const GridMapPicture picture =
      svg_grid_map(map.values, map.background, palette, caption, page.language());
  // Wide maps take the whole width of the page.
  std::string html =
      picture.columns > 3 * picture.rows / 2 ? "<figure class=\"wide\">" : "<figure>";
  if (picture.svg.empty()) {
    return html + "<figcaption>" + caption + "</figcaption><p class=\"explain\">" +
           page.t("map.empty") + "</p></figure>";
  }
  html += picture.svg + picture.legend_html + "<figcaption>" + caption + ". " +
          page.t("map.legend") + ". ";
  const auto& g = data.layout.grid;
  if (g.geographic) {
    const double cell_x = g.geotransform[1] * picture.block;
    const double cell_y = g.geotransform[5] * picture.block;
    const double west = g.geotransform[0] + cell_x * picture.first_column;
    const double east = west + cell_x * picture.columns;
    const double north = g.geotransform[3] + cell_y * picture.first_row;
    const double south = north + cell_y * picture.rows;
    html += page.t(
        "map.extent",
        {format_decimal(west, 1, page.language()), format_decimal(east, 1, page.language()),
         format_decimal(south, 1, page.language()), format_decimal(north, 1, page.language())});
  } else {
    html += page.t("map.extent_projected");
  }
  if (picture.block > 1) html += " " + page.t("map.aggregated", {std::to_string(picture.block)});
  if (map.median) html += " " + page.t("map.median");
  return html + "</figcaption></figure>";
}

std::string maps_section(const Page& page, const ReportData& data) {
  std::string html = "<section id=\"maps\"><h2>" + page.t("heading.maps") + "</h2>";
  if (!data.displaced_from.present && !data.arrivals.present) {
    return html + "<p class=\"explain\">" + page.t("map.none") + "</p></section>";
  }
  html += "<div class=\"maps\">";
  if (data.displaced_from.present)
    html += map_figure(page, data, data.displaced_from, "map.displaced_from", Palette::reds);
  if (data.arrivals.present)
    html += map_figure(page, data, data.arrivals, "map.arrivals", Palette::blues);
  return html + "</div></section>";
}

std::string series_section(const Page& page, const ReportData& data) {
  static const std::vector<std::pair<std::string, std::string>> kColours = {
      {"evacuated", "#ff7f0e"}, {"displaced", "#d62728"}, {"migrated", "#1f77b4"},
      {"relocated", "#9467bd"}, {"returned", "#2ca02c"},  {"trapped", "#6b4c3b"}};
  std::vector<SeriesLine> lines;
  for (const StatusSeries& s : data.series) {
    SeriesLine line;
    line.label = page.t("status." + s.status);
    line.colour = "#444";
    for (const auto& [status, colour] : kColours)
      if (status == s.status) line.colour = colour;
    line.median = s.median;
    line.low = s.low;
    line.high = s.high;
    lines.push_back(std::move(line));
  }
  std::string html = "<section id=\"series\"><h2>" + page.t("heading.series") + "</h2><figure>";
  html += svg_time_series(data.layout.step_dates, lines, page.t("series.axis"),
                          page.t("heading.series"), page.language());
  html += "<figcaption>" + page.t("series.caption");
  if (data.ensemble) html += " " + page.t("series.band");
  return html + "</figcaption></figure></section>";
}

std::string shelters_section(const Page& page, const ReportData& data) {
  if (data.shelters.empty()) return "";
  static const std::vector<std::string> kColours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
  std::vector<SeriesLine> lines;
  for (std::size_t s = 0; s < data.shelters.size(); ++s) {
    SeriesLine line;
    line.label = data.shelters[s].name;
    line.colour = kColours[s % kColours.size()];
    line.median = data.shelters[s].households;
    lines.push_back(std::move(line));
  }
  std::string html = "<section id=\"shelters\"><h2>" + page.t("heading.shelters") + "</h2><figure>";
  html += svg_time_series(data.layout.step_dates, lines, page.t("series.axis"),
                          page.t("heading.shelters"), page.language());
  html += "<figcaption>" + page.t("shelter.caption") + "</figcaption></figure>";
  html += "<table><thead><tr><th class=\"text\">" + page.t("shelter.name") + "</th><th>" +
          page.t("shelter.capacity") + "</th><th>" + page.t("shelter.peak") +
          "</th><th class=\"text\">" + page.t("shelter.peak_date") + "</th><th>" +
          page.t("shelter.peak_people") + "</th><th>" + page.t("shelter.end") +
          "</th></tr></thead><tbody>";
  auto cell = [&](const std::string& key, double v) {
    return "<td data-key=\"" + key + "\" data-value=\"" + exact(v) + "\">" + page.count(v) +
           "</td>";
  };
  for (const output::ShelterFigures& site : data.shelters) {
    const std::string date =
        site.peak_step >= 0
            ? page.date(data.layout.step_dates.at(static_cast<std::size_t>(site.peak_step)))
            : "–";
    html += "<tr data-shelter=\"" + escape_html(site.name) + "\"><td class=\"text\">" +
            escape_html(site.name) + "</td>" + cell("capacity", site.capacity_households) +
            cell("peak", site.peak_households) + "<td class=\"text\">" + date + "</td>" +
            cell("peak_people", site.peak_people) +
            cell("end", site.households.empty() ? 0.0 : site.households.back()) + "</tr>";
  }
  return html + "</tbody></table></section>";
}

std::string regions_section(const Page& page, const ReportData& data) {
  std::string html =
      "<section id=\"regions\"><h2>" + page.t("heading.regions") + "</h2><table><thead><tr>";
  html += "<th class=\"text\">" + page.t("region.code") + "</th><th class=\"text\">" +
          page.t("region.name") + "</th>";
  html += "<th>" + page.t("region.people") + "</th>";
  html += "<th>" + page.t("metric.peak_displaced_households") + "</th>";
  html += "<th>" + page.t("metric.people_months_displaced") + "</th>";
  if (data.regions_have_due) html += "<th class=\"due\">" + page.t("region.due") + "</th>";
  if (data.regions_have_displacements)
    html += "<th>" + page.t("region.displacements_people") + "</th>";
  html += "<th>" + page.t("metric.evacuated_households") + "</th>";
  html += "<th>" + page.t("metric.migrated_households") + "</th></tr></thead><tbody>";
  RegionRow total;
  total.people = total.peak_displaced = total.people_months = total.evacuated = total.migrated = 0;
  total.people_months_due = total.displacements_people = 0;
  auto cell = [&](double v, const char* css = nullptr) {
    return std::string("<td") + (css ? std::string(" class=\"") + css + "\"" : "") +
           " data-value=\"" + exact(v) + "\">" + page.count(v) + "</td>";
  };
  for (const RegionRow& r : data.regions) {
    html += "<tr data-region=\"" + escape_html(r.code) + "\"><td class=\"text\">" +
            escape_html(r.code) + "</td><td class=\"text\">" + escape_html(r.name) + "</td>";
    html += cell(r.people) + cell(r.peak_displaced) + cell(r.people_months);
    if (data.regions_have_due) html += cell(r.people_months_due, "due");
    if (data.regions_have_displacements) html += cell(r.displacements_people);
    html += cell(r.evacuated) + cell(r.migrated) + "</tr>";
  }
  html += "</tbody></table><p class=\"explain\">" + page.t("region.caption") + "</p></section>";
  return html;
}

std::string admin_level_section(const Page& page, const ReportData& data) {
  if (!data.admin_table) return "";
  const AdminLevelTable& table = *data.admin_table;
  std::string html = "<section id=\"admin-level\"><h2>" +
                     page.t("heading.admin_level", {std::to_string(table.level)}) +
                     "</h2><table><thead><tr>";
  html += "<th class=\"text\">" + page.t("admin.origin") + "</th><th class=\"text\">" +
          page.t("admin.current") + "</th>";
  for (const std::string& breakdown : table.breakdowns) {
    html += "<th>" + page.t("admin.breakdown." + breakdown) + "</th>";
  }
  html += "</tr></thead><tbody>";
  auto place = [](const std::string& code, const std::string& name) {
    return escape_html(name.empty() || name == code ? code : name + " (" + code + ")");
  };
  for (const AdminLevelTable::Row& row : table.rows) {
    html += "<tr data-origin=\"" + escape_html(row.origin_code) + "\" data-current=\"" +
            escape_html(row.current_code) + "\"><td class=\"text\">" +
            place(row.origin_code, row.origin_name) + "</td><td class=\"text\">" +
            place(row.current_code, row.current_name) + "</td>";
    for (const double people : row.people) {
      html += "<td data-value=\"" + exact(people) + "\">" + page.count(people) + "</td>";
    }
    html += "</tr>";
  }
  html += "</tbody></table><p class=\"explain\">" +
          page.t("admin.caption",
                 {escape_html(table.layer), std::to_string(table.level), page.date(table.date)});
  if (table.rows_left_out > 0) {
    html += " " + page.t("admin.left_out",
                         {std::to_string(table.rows_left_out), std::to_string(table.level)});
  }
  return html + "</p></section>";
}

std::string comparison_section(const Page& page, const ReportData& data) {
  if (!data.comparison) return "";
  const output::ComparisonTable& table = *data.comparison;
  const std::size_t total = table.region_codes.size();
  std::string html = "<section id=\"comparison\"><h2>" + page.t("heading.comparison") +
                     "</h2><table><thead><tr><th class=\"text\">" + page.t("compare.figure") +
                     "</th>";
  for (std::size_t c = 0; c < table.run_labels.size(); ++c) {
    const auto kind =
        c < table.column_kinds.size() ? table.column_kinds[c] : output::ColumnKind::run;
    std::string label = escape_html(table.run_labels[c]);
    if (kind == output::ColumnKind::due_to_hazard) label = page.t("compare.due_column", {label});
    html += std::string("<th") +
            (kind == output::ColumnKind::due_to_hazard ? " class=\"due\"" : "") + ">" + label +
            "</th>";
  }
  html += "</tr></thead><tbody>";
  for (int k = 0; k < output::kComparisonMetricCount; ++k) {
    const auto metric = static_cast<output::ComparisonMetric>(k);
    const std::string key = output::metric_key(metric);
    html += "<tr data-key=\"" + key + "\"><td>" + page.t("metric." + key) + "</td>";
    const double base = table.value(0, metric, total);
    for (std::size_t c = 0; c < table.run_labels.size(); ++c) {
      const double v = table.value(c, metric, total);
      const auto kind =
          c < table.column_kinds.size() ? table.column_kinds[c] : output::ColumnKind::run;
      html += std::string("<td") +
              (kind == output::ColumnKind::due_to_hazard ? " class=\"due\"" : "") +
              " data-value=\"" + exact(v) + "\">" + page.count(v);
      const double lo = table.low[c][static_cast<std::size_t>(k)][total];
      if (!std::isnan(lo)) {
        html += "<span class=\"change\">" +
                page.t("range", {page.count(lo),
                                 page.count(table.high[c][static_cast<std::size_t>(k)][total])}) +
                "</span>";
      }
      if (c > 0 && kind != output::ColumnKind::due_to_hazard && base != 0 && !std::isnan(v) &&
          !std::isnan(base) && v != base) {
        html += "<span class=\"change\">(" +
                format_change_percent((v - base) / base, page.language()) + ")</span>";
      }
      html += "</td>";
    }
    html += "</tr>";
  }
  html += "</tbody></table><p class=\"explain\">" + page.t("compare.caption") + "</p></section>";
  return html;
}

std::string limits_section(const Page& page) {
  std::string html =
      "<section id=\"limits\"><h2>" + page.t("heading.limits") + "</h2><ul class=\"facts\">";
  for (const char* id : {"limit.forecast", "limit.agents", "limit.behaviour", "limit.exposure",
                         "limit.geography", "limit.climate"})
    html += "<li>" + page.t(id) + "</li>";
  return html + "</ul></section>";
}

std::string provenance_section(const Page& page, const ReportData& data) {
  const auto& p = data.provenance;
  std::string html = "<section id=\"provenance\"><h2>" + page.t("heading.provenance") +
                     "</h2><dl class=\"provenance\">";
  auto row = [&](const std::string& label, const std::string& value) {
    html += "<dt>" + label + "</dt><dd>" + value + "</dd>";
  };
  row(page.t("prov.file"), "<code>" + escape_html(data.file.string()) + "</code>");
  row(page.t("prov.version"), escape_html(p.engine_version));
  row(page.t("prov.revision"), "<code>" + escape_html(p.git_revision) + "</code>");
  row(page.t("prov.seed"), "<span data-key=\"seed\" data-value=\"" + std::to_string(p.seed) +
                               "\">" + std::to_string(p.seed) + "</span>");
  row(page.t("prov.runs"), std::to_string(data.runs_in_file));
  if (!std::isnan(data.agents) && !std::isnan(data.households_per_agent)) {
    row(page.t("prov.agents"), page.count(data.agents) + " × " +
                                   format_decimal(data.households_per_agent, 1, page.language()));
  }
  row(page.t("prov.started"), escape_html(p.started_utc));
  row(page.t("prov.ended"), escape_html(data.ended_utc));
  html += "</dl><h3>" + page.t("prov.inputs") + "</h3><ul class=\"mono\">";
  for (const auto& [path, digest] : p.input_sha256)
    html += "<li><code>" + escape_html(digest) + "</code> " + escape_html(path) + "</li>";
  html += "</ul><p class=\"explain\">" + page.t("prov.rerun") + "</p></section>";
  return html;
}

}  // namespace

std::string render_report(const std::vector<fs::path>& runs, Language language) {
  return render_page(collect_report_data(runs), language, "");
}

std::string render_page(const ReportData& data, Language language,
                        const std::string& first_section) {
  const Page page(language);
  const std::string name = escape_html(data.provenance.scenario_name);
  std::vector<std::string> places;
  for (std::size_t r = 0; r < data.layout.region_names.size() && r < 4; ++r)
    places.push_back(escape_html(data.layout.region_names[r]));
  if (data.layout.region_names.size() > 4) places.push_back("…");
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + std::string(language_code(language)) +
                     "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\">\n<title>" +
                     page.t("title", {name}) + "</title>\n<style>" + kStyle +
                     "</style>\n</head>\n<body>\n";
  html += "<header><h1>" + page.t("title", {name}) + "</h1><p class=\"subtitle\">" +
          page.t("subtitle", {join(places, ", ")}) + "</p></header>\n";
  if (!first_section.empty()) html += first_section + "\n";
  html += headline_section(page, data) + "\n";
  html += what_section(page, data) + "\n";
  html += maps_section(page, data) + "\n";
  html += series_section(page, data) + "\n";
  if (!data.shelters.empty()) html += shelters_section(page, data) + "\n";
  html += regions_section(page, data) + "\n";
  if (data.admin_table) html += admin_level_section(page, data) + "\n";
  html += comparison_section(page, data) + "\n";
  html += limits_section(page) + "\n";
  html += provenance_section(page, data) + "\n";
  html += "<footer>" +
          page.t("generated", {escape_html(data.provenance.engine_version),
                               "<code>" + escape_html(data.file.filename().string()) + "</code>",
                               page.date(today_iso())}) +
          "</footer>\n";
  html += "</body>\n</html>\n";
  return html;
}

void check_report_path(const fs::path& to, const std::vector<fs::path>& runs, bool overwrite) {
  if (to.empty()) throw InputError("displace report: --to REPORT.html is required");
  std::error_code ec;
  const fs::path folder = to.has_parent_path() ? to.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    throw InputError(to.string() + ": folder '" + folder.string() +
                     "' does not exist; create it first");
  }
  if (fs::exists(to, ec) && !overwrite) {
    throw InputError(to.string() + ": exists; pass --overwrite to replace it");
  }
  output::require_regular_or_absent(to, "report");
  for (const auto& run : runs) {
    std::error_code same_error;
    if (fs::exists(to, same_error) && fs::equivalent(to, run, same_error) && !same_error) {
      throw InputError(to.string() + ": the report would overwrite the run file '" + run.string() +
                       "' it reads; choose another path");
    }
  }
}

void write_report(const std::vector<fs::path>& runs, const fs::path& to, Language language,
                  bool overwrite) {
  check_report_path(to, runs, overwrite);
  const std::string html = render_report(runs, language);
  // Through a locked `.partial` (never a symbolic link, never another process's), synced, renamed.
  output::write_text_file_atomically(to, [&](std::ostream& out) { out << html; });
}

}  // namespace displace::report
