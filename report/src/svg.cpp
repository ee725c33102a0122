#include "svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "displace/common/error.hpp"
#include "displace/output/ensemble_file.hpp"

namespace displace::report {
namespace {

constexpr std::array<const char*, 5> kReds = {"#fcbba1", "#fc9272", "#fb6a4a", "#de2d26",
                                              "#a50f15"};
constexpr std::array<const char*, 5> kBlues = {"#c6dbef", "#9ecae1", "#6baed6", "#3182bd",
                                               "#08519c"};
constexpr const char* kBackground = "#e0e0e0";

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

/// Rounds a class break to two significant digits (legends read better).
double round_break(double value) {
  if (value <= 0) return value;
  const double scale = std::pow(10.0, std::floor(std::log10(value)) - 1.0);
  return std::round(value / scale) * scale;
}

GridValues grouped(const GridValues& grid, int block) {
  if (block == 1) return grid;
  GridValues out;
  out.width = (grid.width + block - 1) / block;
  out.height = (grid.height + block - 1) / block;
  out.values.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height),
                    0.0);
  for (int y = 0; y < grid.height; ++y) {
    for (int x = 0; x < grid.width; ++x) {
      const double v =
          grid.values[static_cast<std::size_t>(y) * static_cast<std::size_t>(grid.width) +
                      static_cast<std::size_t>(x)];
      if (std::isfinite(v)) {
        out.values[static_cast<std::size_t>(y / block) * static_cast<std::size_t>(out.width) +
                   static_cast<std::size_t>(x / block)] += v;
      }
    }
  }
  return out;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

GridMapPicture svg_grid_map(const GridValues& values, const GridValues& background, Palette palette,
                            const std::string& label, Language language, int max_cells) {
  GridMapPicture picture;
  if (values.width <= 0 || values.height <= 0) return picture;
  auto cell_count = [](const GridValues& g) {
    return static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height);
  };
  // Every cell is read below: a grid whose values do not fill it is a caller's error, not a map.
  if (values.values.size() != cell_count(values)) {
    throw Error("svg_grid_map: '" + label + "': a " + std::to_string(values.width) + " x " +
                std::to_string(values.height) + " grid with " +
                std::to_string(values.values.size()) + " values");
  }
  picture.block = std::max(1, (std::max(values.width, values.height) + max_cells - 1) / max_cells);
  const GridValues v = grouped(values, picture.block);
  const bool has_background = background.width == values.width &&
                              background.height == values.height &&
                              background.values.size() == cell_count(background);
  const GridValues b = has_background ? grouped(background, picture.block) : GridValues{};
  auto at = [](const GridValues& g, int x, int y) {
    return g.values[static_cast<std::size_t>(y) * static_cast<std::size_t>(g.width) +
                    static_cast<std::size_t>(x)];
  };
  int x0 = v.width;
  int y0 = v.height;
  int x1 = -1;
  int y1 = -1;
  std::vector<double> positive;
  for (int y = 0; y < v.height; ++y) {
    for (int x = 0; x < v.width; ++x) {
      const double value = at(v, x, y);
      const bool shown = value > 0 || (has_background && at(b, x, y) > 0);
      if (value > 0) positive.push_back(value);
      if (!shown) continue;
      x0 = std::min(x0, x);
      y0 = std::min(y0, y);
      x1 = std::max(x1, x);
      y1 = std::max(y1, y);
    }
  }
  if (positive.empty()) return picture;
  picture.first_column = x0;
  picture.first_row = y0;
  picture.columns = x1 - x0 + 1;
  picture.rows = y1 - y0 + 1;

  // Five quantile classes of the non-zero values, rounded, without repeats.
  std::vector<double> breaks;  // lower bounds of the classes above the first
  for (const double q : {0.2, 0.4, 0.6, 0.8}) {
    const double edge = round_break(output::linear_quantile(positive, q));
    if (edge > 0 && (breaks.empty() || edge > breaks.back())) breaks.push_back(edge);
  }
  const double maximum = *std::max_element(positive.begin(), positive.end());
  const auto& colours = palette == Palette::reds ? kReds : kBlues;
  // With fewer classes, use the darker end of the palette.
  const std::size_t offset = colours.size() - (breaks.size() + 1);
  auto class_of = [&](double value) -> int {
    if (!(value > 0)) return -1;
    std::size_t k = 0;
    while (k < breaks.size() && value >= breaks[k])
      ++k;
    return static_cast<int>(k);
  };

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 " +
                    std::to_string(picture.columns) + " " + std::to_string(picture.rows) +
                    "\" preserveAspectRatio=\"xMidYMid meet\" shape-rendering=\"crispEdges\" "
                    "role=\"img\"><title>" +
                    escape_html(label) + "</title>";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(picture.columns) + "\" height=\"" +
         std::to_string(picture.rows) + "\" fill=\"#f7fbff\"/>";
  for (int y = y0; y <= y1; ++y) {
    // Runs of equal class along the row become one rectangle.
    int x = x0;
    while (x <= x1) {
      const double value = at(v, x, y);
      const int k = class_of(value);
      const bool grey = k < 0 && has_background && at(b, x, y) > 0;
      int end = x + 1;
      while (end <= x1) {
        const double next = at(v, end, y);
        const int next_k = class_of(next);
        const bool next_grey = next_k < 0 && has_background && at(b, end, y) > 0;
        if (next_k != k || next_grey != grey) break;
        ++end;
      }
      if (k >= 0 || grey) {
        const char* fill = k >= 0 ? colours[static_cast<std::size_t>(k) + offset] : kBackground;
        svg += "<rect x=\"" + std::to_string(x - x0) + "\" y=\"" + std::to_string(y - y0) +
               "\" width=\"" + std::to_string(end - x) + "\" height=\"1\" fill=\"" + fill + "\"/>";
      }
      x = end;
    }
  }
  svg += "</svg>";
  picture.svg = std::move(svg);

  std::string legend = "<ul class=\"legend\">";
  for (std::size_t k = 0; k <= breaks.size(); ++k) {
    const double low = k == 0 ? 0.0 : breaks[k - 1];
    const double high = k < breaks.size() ? breaks[k] : maximum;
    const std::string range =
        k == 0 ? "&lt; " + format_count(high, language)
               : format_count(low, language) + "–" + format_count(high, language);
    legend += "<li><span class=\"swatch\" style=\"background:" + std::string(colours[k + offset]) +
              "\"></span>" + range + "</li>";
  }
  legend += "</ul>";
  picture.legend_html = std::move(legend);
  return picture;
}

std::string svg_time_series(const std::vector<std::string>& dates,
                            const std::vector<SeriesLine>& lines, const std::string& y_label,
                            const std::string& label, Language language) {
  constexpr double kWidth = 760;
  constexpr double kHeight = 300;
  constexpr double kLeft = 78;
  constexpr double kRight = 120;
  constexpr double kTop = 12;
  constexpr double kBottom = 36;
  const std::size_t n = dates.size();
  double top = 0.0;
  for (const auto& line : lines) {
    for (const double v : line.median)
      if (std::isfinite(v)) top = std::max(top, v);
    for (const double v : line.high)
      if (std::isfinite(v)) top = std::max(top, v);
  }
  // A "nice" axis maximum: 1, 2 or 5 times a power of ten.
  double step = 1.0;
  if (top > 0) {
    const double raw = top / 4.0;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    step = raw <= power       ? power
           : raw <= 2 * power ? 2 * power
           : raw <= 5 * power ? 5 * power
                              : 10 * power;
    step = std::max(step, 1.0);
  }
  const double axis_max = step * std::ceil(std::max(top, 1.0) / step);
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  auto px = [&](std::size_t i) {
    return kLeft + (n > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0);
  };
  auto py = [&](double v) { return kTop + plot_h * (1.0 - v / axis_max); };

  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 760 300\" "
      "role=\"img\"><title>" +
      escape_html(label) + "</title>";
  // Grid lines and y labels.
  for (double v = 0; v <= axis_max + step / 2; v += step) {
    const std::string y = number_text(py(v));
    svg += "<line x1=\"" + number_text(kLeft) + "\" x2=\"" + number_text(kLeft + plot_w) +
           "\" y1=\"" + y + "\" y2=\"" + y + "\" stroke=\"#ddd\" stroke-width=\"1\"/>";
    svg += "<text x=\"" + number_text(kLeft - 6) + "\" y=\"" + y +
           "\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\">" +
           format_count(v, language) + "</text>";
  }
  svg += "<text x=\"14\" y=\"" + number_text(kTop + plot_h / 2) + "\" transform=\"rotate(-90 14 " +
         number_text(kTop + plot_h / 2) + ")\" text-anchor=\"middle\" font-size=\"11\">" +
         escape_html(y_label) + "</text>";
  // x labels: about six dates.
  const std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
  for (std::size_t i = 0; i < n; i += every) {
    svg += "<text x=\"" + number_text(px(i)) + "\" y=\"" + number_text(kTop + plot_h + 18) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + escape_html(dates[i].substr(0, 7)) +
           "</text>";
  }
  svg += "<line x1=\"" + number_text(kLeft) + "\" x2=\"" + number_text(kLeft) + "\" y1=\"" +
         number_text(kTop) + "\" y2=\"" + number_text(kTop + plot_h) +
         "\" stroke=\"#888\"/><line x1=\"" + number_text(kLeft) + "\" x2=\"" +
         number_text(kLeft + plot_w) + "\" y1=\"" + number_text(kTop + plot_h) + "\" y2=\"" +
         number_text(kTop + plot_h) + "\" stroke=\"#888\"/>";
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const SeriesLine& line = lines[l];
    if (line.low.size() == n && line.high.size() == n && n > 0) {
      std::string points;
      for (std::size_t i = 0; i < n; ++i)
        points += number_text(px(i)) + "," + number_text(py(line.high[i])) + " ";
      for (std::size_t i = n; i-- > 0;)
        points += number_text(px(i)) + "," + number_text(py(line.low[i])) + " ";
      svg += "<polygon points=\"" + points + "\" fill=\"" + line.colour +
             "\" fill-opacity=\"0.18\" stroke=\"none\"/>";
    }
    std::string points;
    for (std::size_t i = 0; i < n && i < line.median.size(); ++i)
      points += number_text(px(i)) + "," + number_text(py(line.median[i])) + " ";
    svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + line.colour +
           "\" stroke-width=\"2\"/>";
    const double ly = kTop + 14.0 + 18.0 * static_cast<double>(l);
    svg += "<line x1=\"" + number_text(kWidth - kRight + 10) + "\" x2=\"" +
           number_text(kWidth - kRight + 30) + "\" y1=\"" + number_text(ly) + "\" y2=\"" +
           number_text(ly) + "\" stroke=\"" + line.colour + "\" stroke-width=\"3\"/>";
    svg += "<text x=\"" + number_text(kWidth - kRight + 36) + "\" y=\"" + number_text(ly) +
           "\" dominant-baseline=\"middle\" font-size=\"12\">" + escape_html(line.label) +
           "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace displace::report
