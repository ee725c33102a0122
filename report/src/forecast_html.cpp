#include <cmath>
#include <ostream>

#include "displace/common/error.hpp"
#include "displace/output/csv.hpp"
#include "displace/output/partial_file.hpp"
#include "displace/output/run_reader.hpp"
#include "displace/output/schema.hpp"
#include "displace/report/forecast_report.hpp"
#include "forecast_data.hpp"
#include "forecast_map.hpp"
#include "page.hpp"
#include "report_data.hpp"

namespace displace::report {
namespace {

namespace fs = std::filesystem;

/// The threshold as summary.csv's column names it (p_above_<T>).
std::string threshold_key(double threshold) {
  return output::csv_number(threshold);
}

std::string percent(const Page& page, double share) {
  return page.t("forecast.percent", {format_decimal(100.0 * share, 0, page.language())});
}

/// A cell with the median and, beneath, the 5-95% range; exact numbers in data attributes.
std::string range_cell(const Page& page, const std::string& key, const std::string& date,
                       const Summary& s) {
  return "<td data-key=\"" + key + "\" data-date=\"" + date + "\" data-value=\"" + exact(s.value) +
         "\" data-low=\"" + exact(s.low) + "\" data-high=\"" + exact(s.high) + "\">" +
         page.count(s.value) + "<span class=\"change\">" +
         page.t("range", {page.count(s.low), page.count(s.high)}) + "</span></td>";
}

std::string share_cell(const Page& page, const std::string& key, double share) {
  return "<td data-key=\"" + key + "\" data-value=\"" + exact(share) + "\">" +
         percent(page, share) + "</td>";
}

/// A quantity's column header: its name and the date of its peak step.
std::string quantity_header(const Page& page, const ForecastTables& tables, std::size_t k) {
  return page.t("forecast.q." + tables.quantities[k]) + "<span class=\"change\">" +
         page.t("forecast.on", {page.date(tables.dates[k])}) + "</span>";
}

std::string region_cell(const Page& page, const ForecastRow& row) {
  if (row.code.empty()) return "<td class=\"text\">" + page.t("region.total") + "</td>";
  const std::string name = row.name.empty() || row.name == row.code
                               ? escape_html(row.code)
                               : escape_html(row.name) + " (" + escape_html(row.code) + ")";
  return "<td class=\"text\">" + name + "</td>";
}

std::string map_figure(const Page& page, const ForecastReportInput& input,
                       const output::RunGrid& grid, const GridValues& inhabited) {
  const MapFrame frame = forecast_map_frame(input, grid);
  const std::string caption = page.t("forecast.map_title", {escape_html(input.storm)});
  std::string html = "<figure class=\"wide\">" +
                     svg_forecast_map(input, frame, grid, inhabited, caption) + "<figcaption>" +
                     caption + ". " + page.t("forecast.map_caption") + " ";
  html += page.t("forecast.map_extent", {format_decimal(frame.west, 1, page.language()),
                                         format_decimal(frame.east, 1, page.language()),
                                         format_decimal(frame.south, 1, page.language()),
                                         format_decimal(frame.north, 1, page.language())});
  if (!grid.geographic) html += " " + page.t("forecast.map_projected");
  return html + "</figcaption></figure>";
}

std::string ranges_table(const Page& page, const ForecastReportInput& input,
                         const ForecastTables& tables) {
  std::string html = "<table class=\"forecast-ranges\"><thead><tr><th class=\"text\">" +
                     page.t("region.name") + "</th>";
  for (std::size_t k = 0; k < tables.quantities.size(); ++k)
    html += "<th>" + quantity_header(page, tables, k) + "</th>";
  for (const double t : input.exceed_people)
    html += "<th>" + page.t("forecast.p_above", {page.count(t)}) + "</th>";
  html += "</tr></thead><tbody>";
  auto row_html = [&](const ForecastRow& row, bool total) {
    std::string tr = std::string("<tr") + (total ? " class=\"total\"" : "") + " data-region=\"" +
                     escape_html(row.code) + "\">" + region_cell(page, row);
    for (std::size_t k = 0; k < tables.quantities.size(); ++k)
      tr += range_cell(page, tables.quantities[k], tables.dates[k], row.figures[k]);
    for (std::size_t k = 0; k < input.exceed_people.size(); ++k)
      tr += share_cell(page, "p_above_" + threshold_key(input.exceed_people[k]), row.p_above[k]);
    return tr + "</tr>";
  };
  for (const ForecastRow& row : tables.rows)
    html += row_html(row, false);
  html += row_html(tables.total, true);
  return html + "</tbody></table>";
}

std::string action_table(const Page& page, const ForecastReportInput& input,
                         const ForecastTables& tables) {
  std::string html = "<table class=\"forecast-action\"><thead><tr><th class=\"text\">" +
                     page.t("region.name") + "</th>";
  for (std::size_t k = 0; k < tables.quantities.size(); ++k)
    html += "<th class=\"due\">" + quantity_header(page, tables, k) + "</th>";
  for (const double t : input.exceed_people) {
    html += "<th>" + page.t("forecast.p_above_without", {page.count(t)}) + "</th><th>" +
            page.t("forecast.p_above_with", {page.count(t)}) + "</th>";
  }
  html += "</tr></thead><tbody>";
  auto row_html = [&](const ForecastRow& row, bool total) {
    std::string tr = std::string("<tr") + (total ? " class=\"total\"" : "") + " data-region=\"" +
                     escape_html(row.code) + "\">" + region_cell(page, row);
    for (std::size_t k = 0; k < tables.quantities.size(); ++k)
      tr += range_cell(page, "change." + tables.quantities[k], tables.dates[k], row.avoided[k]);
    for (std::size_t k = 0; k < input.exceed_people.size(); ++k) {
      const std::string key = threshold_key(input.exceed_people[k]);
      tr += share_cell(page, "p_above_" + key, row.p_above[k]) +
            share_cell(page, "p_above_with_" + key, row.p_above_with[k]);
    }
    return tr + "</tr>";
  };
  html += row_html(tables.total, true);
  for (const ForecastRow& row : tables.rows)
    html += row_html(row, false);
  return html + "</tbody></table>";
}

/// The forecast section: label, map, ranges by region, the action's change.
std::string forecast_section(const Page& page, const ForecastReportInput& input,
                             const ReportData& data, const GridValues& inhabited) {
  const ForecastTables tables = forecast_tables(input);
  std::string html = "<section id=\"forecast\"><h2>" +
                     page.t("heading.forecast", {escape_html(input.storm)}) + "</h2>";
  html += "<p class=\"forecast-label\" data-key=\"forecast\" data-members=\"" +
          std::to_string(input.members) + "\" data-seed=\"" + std::to_string(input.seed) + "\">" +
          page.t("forecast.label",
                 {"<code>" + escape_html(input.forecast_file) + "</code>", escape_html(input.storm),
                  page.date(input.issue_date) + " " +
                      escape_html(input.issue_time.substr(std::min<std::size_t>(
                          input.issue_time.size(), input.issue_date.size() + 1))),
                  std::to_string(input.members), std::to_string(input.seed)}) +
          "</p>";
  if (input.synthetic)
    html += "<p class=\"synthetic\"><strong>" + page.t("forecast.synthetic") + "</strong></p>";
  html += map_figure(page, input, data.layout.grid, inhabited);
  html += "<h3>" + page.t("heading.forecast_ranges") + "</h3>";
  html += ranges_table(page, input, tables);
  html += "<p class=\"explain\">" +
          page.t("forecast.ranges_caption",
                 {std::to_string(input.members), page.date(tables.dates.front())}) +
          "</p>";
  if (tables.action) {
    html += "<h3>" + page.t("heading.forecast_action", {escape_html(input.action_name)}) + "</h3>";
    html += action_table(page, input, tables);
    html +=
        "<p class=\"explain\">" +
        page.t("forecast.action_caption", {"<code>" + escape_html(input.action_name) + "</code>",
                                           page.date(tables.dates.front())}) +
        "</p>";
  }
  return html + "</section>";
}

/// Where people live at the first map of the run file (empty without maps).
GridValues inhabited_cells(const fs::path& file) {
  GridValues out;
  const output::RunReader run(file);
  if (!run.has_variable(output::schema::kPresentPeopleMap)) return out;
  const auto present = run.read(output::schema::kPresentPeopleMap);
  if (present.shape.size() != 3) return out;
  const std::size_t cells = present.shape[1] * present.shape[2];
  if (present.values.size() < cells) return out;
  out.height = static_cast<int>(present.shape[1]);
  out.width = static_cast<int>(present.shape[2]);
  out.values.assign(present.values.begin(),
                    present.values.begin() + static_cast<std::ptrdiff_t>(cells));
  return out;
}

}  // namespace

std::string render_forecast_report(const fs::path& ensemble, const ForecastReportInput& forecast,
                                   Language language) {
  const ReportData data = collect_report_data({ensemble});
  const Page page(language);
  return render_page(data, language,
                     forecast_section(page, forecast, data, inhabited_cells(ensemble)));
}

void write_forecast_report(const fs::path& ensemble, const ForecastReportInput& forecast,
                           const fs::path& to, Language language, bool overwrite) {
  check_report_path(to, {ensemble}, overwrite);
  const std::string html = render_forecast_report(ensemble, forecast, language);
  output::write_text_file_atomically(to, [&](std::ostream& out) { out << html; });
}

}  // namespace displace::report
