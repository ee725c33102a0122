#pragma once
// The forecast map: the grid's inhabited cells (grey, as the report's maps draw them) or its
// outline, the cone (NHC style: circles of the cone radius along the official track, drawn as one
// translucent union, with the circles at the forecast points outlined), every member's track
// (thin, translucent) and the official track with its lead times. Longitude and latitude are drawn
// equirectangular, east-west distances scaled by the cosine of the map's middle latitude.
#include <string>

#include "displace/output/run_writer.hpp"
#include "displace/report/forecast_report.hpp"
#include "svg.hpp"

namespace displace::report {

/// Kilometres per degree of latitude (mean Earth radius 6,371 km).
inline constexpr double kKmPerDegree = 111.195;
/// Cone circles drawn between two forecast points (centre and radius linear between them), so
/// that the circles' union follows the envelope.
inline constexpr int kConeStepsBetweenPoints = 6;

/// Where a longitude and latitude land on the map (SVG user units; y grows southwards).
struct MapFrame {
  double west = 0.0, east = 0.0, south = 0.0, north = 0.0;  ///< degrees
  double scale = 1.0;                                       ///< SVG units per degree of latitude
  double cos_lat = 1.0;  ///< cosine of the middle latitude: east-west scale factor
  double width = 0.0, height = 0.0;
  double x(double lon_deg) const { return (lon_deg - west) * scale * cos_lat; }
  double y(double lat_deg) const { return (north - lat_deg) * scale; }
};

/// The frame holding the grid (when geographic), the official track and its cone circles, with a
/// margin, `width` units wide.
MapFrame forecast_map_frame(const ForecastReportInput& input, const output::RunGrid& grid,
                            double width = 760.0);

/// The map as inline SVG; `inhabited` (the grid's cells, > 0 where people live; may be empty)
/// is drawn grey for a geographic grid, else the grid's outline. `label` titles it.
std::string svg_forecast_map(const ForecastReportInput& input, const MapFrame& frame,
                             const output::RunGrid& grid, const GridValues& inhabited,
                             const std::string& label);

}  // namespace displace::report
