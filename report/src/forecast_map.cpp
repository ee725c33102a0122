#include "forecast_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace displace::report {
namespace {

std::string unit(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

/// The cone's circles: at each official point after the issue, and between each two points.
std::vector<ForecastFix> cone_circles(const std::vector<ForecastFix>& official) {
  std::vector<ForecastFix> circles;
  for (std::size_t i = 0; i < official.size(); ++i) {
    if (i > 0 && official[i].cone_radius_km > 0.0) {
      const ForecastFix& a = official[i - 1];
      const ForecastFix& b = official[i];
      for (int k = 1; k < kConeStepsBetweenPoints; ++k) {
        const double f = static_cast<double>(k) / kConeStepsBetweenPoints;
        ForecastFix c;
        c.lat_deg = a.lat_deg + f * (b.lat_deg - a.lat_deg);
        c.lon_deg = a.lon_deg + f * (b.lon_deg - a.lon_deg);
        c.lead_hours = a.lead_hours + f * (b.lead_hours - a.lead_hours);
        c.cone_radius_km = a.cone_radius_km + f * (b.cone_radius_km - a.cone_radius_km);
        if (c.cone_radius_km > 0.0) circles.push_back(c);
      }
    }
    if (official[i].cone_radius_km > 0.0) circles.push_back(official[i]);
  }
  return circles;
}

double cos_deg(double deg) {
  return std::cos(deg * std::numbers::pi / 180.0);
}

std::string ellipse(const MapFrame& frame, const ForecastFix& c, const char* css) {
  const double ry = c.cone_radius_km / kKmPerDegree * frame.scale;
  const double rx = ry * frame.cos_lat / std::max(cos_deg(c.lat_deg), 1e-6);
  return std::string("<ellipse") + (css ? std::string(" class=\"") + css + "\"" : "") + " cx=\"" +
         unit(frame.x(c.lon_deg)) + "\" cy=\"" + unit(frame.y(c.lat_deg)) + "\" rx=\"" + unit(rx) +
         "\" ry=\"" + unit(ry) + "\"/>";
}

std::string polyline(const MapFrame& frame, const std::vector<ForecastFix>& track) {
  std::string points;
  for (const ForecastFix& f : track) {
    if (!points.empty()) points += ' ';
    points += unit(frame.x(f.lon_deg));
    points += ',';
    points += unit(frame.y(f.lat_deg));
  }
  return points;
}

}  // namespace

MapFrame forecast_map_frame(const ForecastReportInput& input, const output::RunGrid& grid,
                            double width) {
  double west = 1e9, east = -1e9, south = 1e9, north = -1e9;
  auto hold = [&](double lon, double lat) {
    west = std::min(west, lon);
    east = std::max(east, lon);
    south = std::min(south, lat);
    north = std::max(north, lat);
  };
  if (grid.geographic && grid.width > 0 && grid.height > 0) {
    const double* g = grid.geotransform;
    hold(g[0], g[3]);
    hold(g[0] + g[1] * grid.width, g[3] + g[5] * grid.height);
  }
  for (const ForecastFix& c : cone_circles(input.official)) {
    const double dlat = c.cone_radius_km / kKmPerDegree;
    const double dlon = dlat / std::max(cos_deg(c.lat_deg), 1e-6);
    hold(c.lon_deg - dlon, c.lat_deg - dlat);
    hold(c.lon_deg + dlon, c.lat_deg + dlat);
  }
  for (const ForecastFix& f : input.official)
    hold(f.lon_deg, f.lat_deg);
  MapFrame frame;
  if (west > east) {  // nothing to hold
    west = east = south = north = 0.0;
  }
  const double margin = std::max(0.3, 0.04 * std::max(east - west, north - south));
  frame.west = west - margin;
  frame.east = east + margin;
  frame.south = std::max(-90.0, south - margin);
  frame.north = std::min(90.0, north + margin);
  frame.cos_lat = std::max(cos_deg(0.5 * (frame.south + frame.north)), 0.05);
  frame.width = width;
  frame.scale = width / ((frame.east - frame.west) * frame.cos_lat);
  frame.height = (frame.north - frame.south) * frame.scale;
  return frame;
}

std::string svg_forecast_map(const ForecastReportInput& input, const MapFrame& frame,
                             const output::RunGrid& grid, const GridValues& inhabited,
                             const std::string& label) {
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map forecast-map\" viewBox=\"0 0 " +
      unit(frame.width) + " " + unit(frame.height) +
      "\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\"><title>" + escape_html(label) +
      "</title>";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + unit(frame.width) + "\" height=\"" +
         unit(frame.height) + "\" fill=\"#f7fbff\"/>";
  // The grid: its inhabited cells in grey (runs along each row as one rectangle), its outline.
  if (grid.geographic && grid.width > 0 && grid.height > 0) {
    const double* g = grid.geotransform;
    const double cell_w = g[1] * frame.scale * frame.cos_lat;
    const double cell_h = -g[5] * frame.scale;
    const bool cells = inhabited.width == grid.width && inhabited.height == grid.height &&
                       inhabited.values.size() == static_cast<std::size_t>(grid.width) *
                                                      static_cast<std::size_t>(grid.height);
    if (cells) {
      svg += "<g class=\"inhabited\" fill=\"#c8c8c8\" shape-rendering=\"crispEdges\">";
      for (int row = 0; row < grid.height; ++row) {
        const double* values = inhabited.values.data() +
                               static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.width);
        int col = 0;
        while (col < grid.width) {
          if (!(values[col] > 0)) {
            ++col;
            continue;
          }
          int end = col + 1;
          while (end < grid.width && values[end] > 0)
            ++end;
          svg += "<rect x=\"" + unit(frame.x(g[0] + g[1] * col)) + "\" y=\"" +
                 unit(frame.y(g[3] + g[5] * row)) + "\" width=\"" + unit(cell_w * (end - col)) +
                 "\" height=\"" + unit(cell_h) + "\"/>";
          col = end;
        }
      }
      svg += "</g>";
    }
    svg += "<rect class=\"grid\" x=\"" + unit(frame.x(g[0])) + "\" y=\"" + unit(frame.y(g[3])) +
           "\" width=\"" + unit(cell_w * grid.width) + "\" height=\"" + unit(cell_h * grid.height) +
           "\" fill=\"" + (cells ? "none" : "#e0e0e0") +
           "\" stroke=\"#888\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>";
  }
  // The cone: one translucent union of its circles, the circles at the forecast points outlined.
  const auto circles = cone_circles(input.official);
  svg += "<g class=\"cone\" fill=\"#f4a259\" opacity=\"0.3\">";
  for (const ForecastFix& c : circles)
    svg += ellipse(frame, c, nullptr);
  svg += "</g><g class=\"cone-circles\" fill=\"none\" stroke=\"#c0692b\" stroke-width=\"0.8\">";
  for (const ForecastFix& f : input.official) {
    if (f.cone_radius_km > 0.0) svg += ellipse(frame, f, "cone-circle");
  }
  svg += "</g>";
  // Every member's track, thin and translucent.
  svg +=
      "<g class=\"members\" fill=\"none\" stroke=\"#2b4c7e\" stroke-opacity=\"0.3\" "
      "stroke-width=\"0.8\">";
  for (const auto& track : input.member_tracks)
    svg += "<polyline class=\"member\" points=\"" + polyline(frame, track) + "\"/>";
  svg += "</g>";
  // The official track, its points and their lead times.
  svg += "<polyline class=\"official\" points=\"" + polyline(frame, input.official) +
         "\" fill=\"none\" stroke=\"#a50f15\" stroke-width=\"2.5\"/>";
  for (const ForecastFix& f : input.official) {
    if (f.lead_hours < 0.0) continue;  // the track so far
    const std::string x = unit(frame.x(f.lon_deg));
    const std::string y = unit(frame.y(f.lat_deg));
    char lead[32];
    std::snprintf(lead, sizeof lead, "%+.0f h", f.lead_hours);
    svg += "<circle class=\"official-point\" cx=\"" + x + "\" cy=\"" + y +
           "\" r=\"3.5\" fill=\"#a50f15\"/><text class=\"lead\" x=\"" + x + "\" y=\"" +
           unit(frame.y(f.lat_deg) - 8.0) +
           "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1d2733\" stroke=\"#fff\" "
           "stroke-width=\"3\" paint-order=\"stroke\">" +
           (f.lead_hours == 0.0 ? std::string("0 h") : std::string(lead)) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace displace::report
