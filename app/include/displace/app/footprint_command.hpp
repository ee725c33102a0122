#pragma once
// `displace footprint TRACKS --storm S --bounds ... --resolution R --to DIR`: a storm's wind and
// rain computed from its track (storms/) on a grid of the user's, written as GeoTIFFs that QGIS
// opens: the maps behind a storm_track layer, and the fields the cross-checks in docs/model.md
// compare with observed rain and with other wind models.
#include <ostream>
#include <string>

namespace displace::app {

struct FootprintRequest {
  std::string tracks;      ///< track file (IBTrACS NetCDF or CSV, HURDAT2)
  std::string storm;       ///< selector: IBTrACS id, ATCF id or "NAME SEASON"
  std::string bounds;      ///< "xmin,ymin,xmax,ymax" in degrees (WGS84)
  std::string resolution;  ///< degrees
  std::string to;          ///< folder the GeoTIFFs are written to (created if missing)
  std::string wind_conversion = "1";
  std::string land;  ///< polygons of the land (any OGR file); empty = every cell is land
  bool overwrite = false;
};

/// Writes DIR/max_wind_m_s.tif, hours_tropical_storm.tif, hours_hurricane.tif, peak_hours.tif,
/// rain_total_mm.tif and rain_peak_mm_per_h.tif (the surface wind over land where `land`'s
/// polygons cover a cell, over water elsewhere; all land without them); prints the storm, its
/// closest approach and the largest values. Throws InputError on bad arguments or files.
int cmd_footprint(const FootprintRequest& request, std::ostream& out);

}  // namespace displace::app
