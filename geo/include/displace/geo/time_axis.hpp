#pragma once
// The time axis of a multi-band layer: NetCDF CF time coordinates on standard/gregorian,
// proleptic_gregorian, noleap/365_day, all_leap/366_day and 360_day calendars, converted to
// civil (Gregorian) dates; and look-up of a simulation date.
#include <optional>
#include <string>
#include <vector>

#include "displace/common/civil_date.hpp"
#include "displace/geo/raster.hpp"

namespace displace::geo {

enum class Calendar { standard, proleptic_gregorian, noleap, all_leap, day360 };

struct TimeAxis {
  Calendar calendar = Calendar::standard;
  std::vector<CivilDate> dates;  ///< one per band, in band order (non-decreasing)
};

/// The source's time axis from its metadata (NetCDF `time` with units/calendar), or nullopt if it
/// has none. Throws InputError on an unknown calendar or unparsable units, naming the layer.
std::optional<TimeAxis> read_time_axis(const RasterSource& source);

/// Which bands to combine for a date: value = (1 - weight) * band[lower] + weight * band[upper].
struct TimeWeights {
  int lower = 0;  ///< 0-based index into dates
  int upper = 0;
  double weight_upper = 0.0;
};

/// Hold-previous (`interpolate` false) or linear interpolation; dates before the first / after the
/// last hold the end values.
TimeWeights time_weights(const std::vector<CivilDate>& dates, const CivilDate& date,
                         bool interpolate);

}  // namespace displace::geo
