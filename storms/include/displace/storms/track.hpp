#pragma once
// Observed (best) tracks of tropical cyclones: one fix every few hours with the centre's position,
// maximum sustained wind, central pressure and radius of maximum wind. Read from IBTrACS
// (NetCDF through GDAL's multidimensional API, or its CSV) and from HURDAT2 text. Plain data in SI
// units: nothing here computes a wind or a rain field (wind_field.hpp, rain_field.hpp do).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace displace::storms {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kMetresPerSecondPerKnot = 0.514444;
inline constexpr double kKmPerNauticalMile = 1.852;

/// One fix of a track. Missing values are NaN (kMissing).
struct TrackFix {
  std::int64_t time_s = 0;             ///< seconds since 1970-01-01T00:00Z (UTC)
  double lat_deg = 0.0;                ///< -90..90
  double lon_deg = 0.0;                ///< -180..180
  double max_wind_m_s = kMissing;      ///< 1-min sustained at 10 m (the agencies' Vmax)
  double pressure_hpa = kMissing;      ///< minimum central pressure
  double rmw_km = kMissing;            ///< radius of maximum wind
  double env_pressure_hpa = kMissing;  ///< pressure of the outermost closed isobar (POCI)
  std::string nature;                  ///< "TS", "ET", "DS", ... (IBTrACS nature; HURDAT2 status)
};

/// One storm: identifiers, and its fixes in strictly increasing time.
struct StormTrack {
  std::string sid;      ///< IBTrACS serial id (e.g. 2017260N12310); empty from HURDAT2
  std::string atcf_id;  ///< ATCF/NHC id (e.g. AL152017); empty when the file has none
  std::string name;     ///< upper case as in the file (e.g. MARIA); "UNNAMED" when it has none
  int season = 0;       ///< the storm's season (year)
  std::vector<TrackFix> fixes;
};

/// The storms of a track file, in file order. The format is told by the content: a NetCDF file
/// (IBTrACS v04 layout), IBTrACS CSV (header row with SID, SEASON, ..., ISO_TIME) or HURDAT2
/// text. Fixes with no position are dropped; a storm with no fix left is dropped.
/// Throws InputError naming the file (and the line for text formats) on a missing variable or
/// column, a position that is NaN or out of range, fixes out of time order, or a cut-short line.
std::vector<StormTrack> read_tracks(const std::string& path);

/// The storm named by `selector`: an IBTrACS sid ("2017260N12310"), an ATCF id ("AL152017",
/// case-insensitive), or a name and season ("MARIA 2017", "Maria:2017", case-insensitive).
/// Throws InputError naming `file` when none matches (for a name and season, listing the names
/// of that season nearest to the one asked for) or when a name matches several storms.
const StormTrack& select_storm(const std::vector<StormTrack>& storms, const std::string& selector,
                               const std::string& file);

/// How a track file is written, as told by its content.
enum class TrackFormat {
  none,            ///< not a track file (or not readable)
  ibtracs_netcdf,  ///< IBTrACS v04 NetCDF (storm x date_time variables sid, time, lat, lon, ...)
  ibtracs_csv,     ///< IBTrACS CSV (header row with SID, ..., ISO_TIME; a units row after it)
  hurdat2,         ///< HURDAT2 text (NHC best tracks: a header line per storm, then its fixes)
};

/// The format of the file at `path`, from its first bytes (and, for a NetCDF or HDF5 file, its
/// variables: a NetCDF raster is TrackFormat::none). Never throws: a missing or unreadable file
/// is TrackFormat::none.
TrackFormat track_format(const std::string& path);

/// "IBTrACS NetCDF", "IBTrACS CSV", "HURDAT2", "none".
const char* format_name(TrackFormat format);

/// "YYYY-MM-DD HH:MM" (UTC) of seconds since 1970-01-01T00:00Z.
std::string format_utc(std::int64_t time_s);

/// Largest maximum wind of a storm's fixes (m/s); NaN when no fix has a wind.
double peak_wind(const StormTrack& storm);

/// A storm's passage near a place (storms_near).
struct StormPassage {
  std::string sid;
  std::string atcf_id;
  std::string name;
  int season = 0;
  double closest_km = 0.0;                 ///< great-circle distance of the closest approach
  std::int64_t closest_time_s = 0;         ///< when it came closest (seconds since 1970-01-01Z)
  double peak_wind_m_s = kMissing;         ///< over the whole track (NaN when no fix has a wind)
  double peak_wind_within_m_s = kMissing;  ///< while within `within_km` (NaN when no wind there)
  std::size_t fix_count = 0;               ///< fixes of the whole track
};

/// The storms of seasons first_year..last_year whose centre came within `within_km` of the place
/// (WGS84 lon/lat, degrees), sorted by season, then by time of closest approach. The track
/// between consecutive fixes is the straight line in longitude and latitude, travelled at a
/// steady pace (position, wind and time interpolated linearly); the wind within the radius is
/// the largest of the fixes within it and of the interpolated closest points that are.
std::vector<StormPassage> storms_near(const std::vector<StormTrack>& storms, double lon, double lat,
                                      double within_km, int first_year, int last_year);

/// Great-circle distance (km, spherical Earth of radius 6371.0088 km) between two WGS84 points.
double great_circle_km(double lon1, double lat1, double lon2, double lat2);

}  // namespace displace::storms
