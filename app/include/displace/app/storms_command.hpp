#pragma once
// `displace storms TRACKS --near LON,LAT --within KM [--years A..B]`: the storms of a track file
// that came near a place; and `displace inspect FILE`, which lists a track file's storms and
// describes any other file as GDAL sees it. The work is in storms/ and geo/; this parses the
// arguments and prints the tables.
#include <iosfwd>
#include <string>

namespace displace::app {

struct StormsRequest {
  std::string tracks;  ///< the track file (IBTrACS NetCDF or CSV, HURDAT2)
  std::string near;    ///< --near "LON,LAT" (degrees)
  std::string within;  ///< --within KM
  std::string years;   ///< --years "A..B" or "A" ("" = every season)
};

int cmd_storms(const StormsRequest& request, std::ostream& out);

/// A track file: its format and one line per storm (season, name, ids, fixes, peak wind).
/// Anything else: geo::describe_raster (a raster's or vector file's metadata).
int cmd_inspect(const std::string& path, std::ostream& out);

}  // namespace displace::app
