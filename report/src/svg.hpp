#pragma once
// Inline SVG pictures for the report: a grid map (one square per grid cell, classed colours) and
// a time-series chart. Plain SVG elements only (no script, no external reference).
#include <string>
#include <vector>

#include "displace/report/text.hpp"

namespace displace::report {

/// Values on a north-up grid, row-major (row 0 is the northern edge).
struct GridValues {
  int width = 0;
  int height = 0;
  std::vector<double> values;
};

enum class Palette { reds, blues };

struct GridMapPicture {
  std::string svg;          ///< "" when there is nothing to draw
  std::string legend_html;  ///< the colour classes with their ranges
  int block = 1;            ///< cells grouped block x block
  /// Drawn window in grid cells (after grouping: multiply by block for grid cells).
  int first_column = 0, first_row = 0, columns = 0, rows = 0;
};

/// `values` as classed squares (5 quantile classes of the non-zero values) over `background`
/// (grey where > 0), cropped to where either is non-zero, with cells grouped (summed) so that
/// neither side exceeds `max_cells`. `label` titles the SVG (its <title>, for accessibility).
GridMapPicture svg_grid_map(const GridValues& values, const GridValues& background, Palette palette,
                            const std::string& label, Language language, int max_cells = 240);

struct SeriesLine {
  std::string label;
  std::string colour;  ///< CSS colour
  std::vector<double> median;
  std::vector<double> low;   ///< empty: no band
  std::vector<double> high;  ///< empty: no band
};

/// A line chart of `lines` over `dates` (ISO, one per point) with a y axis in `y_label`.
std::string svg_time_series(const std::vector<std::string>& dates,
                            const std::vector<SeriesLine>& lines, const std::string& y_label,
                            const std::string& label, Language language);

/// Text escaped for HTML/SVG element content and attribute values.
std::string escape_html(std::string_view text);

}  // namespace displace::report
