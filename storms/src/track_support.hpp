#pragma once
// Private to storms/: the readers of each track format, and the checks and text helpers they
// share (track_checks.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "displace/storms/track.hpp"

namespace displace::storms::detail {

/// The readers (read_tracks picks one by the content). `text` is the whole file.
std::vector<StormTrack> read_ibtracs_netcdf(const std::string& path);
std::vector<StormTrack> read_ibtracs_csv(const std::string& path, const std::string& text);
std::vector<StormTrack> read_hurdat2(const std::string& path, const std::string& text);

/// "storm 2017260N12310 (MARIA 2017)", "storm AL072022 (FIONA 2022)" for messages.
std::string storm_label(const StormTrack& storm);

/// Appends `fix` to `storm` after checking its position (a NaN or out-of-range latitude or
/// longitude) and that it comes after the storm's last fix; the longitude is brought into
/// -180..180. Throws InputError starting with `where` ("file:line", "file") and naming the storm
/// and the fix (its time, and `fix_note` when given: "date_time index 3").
void append_fix(StormTrack& storm, TrackFix fix, const std::string& where,
                std::string_view fix_note = {});

/// Seconds since 1970-01-01T00:00Z of a UTC date and time; nullopt for an impossible one.
std::optional<std::int64_t> utc_seconds(int year, int month, int day, int hour, int minute,
                                        int second);

/// Text helpers.
std::string_view trim(std::string_view text);
std::string upper(std::string_view text);
/// Splits one line at commas (no quoting: none of the formats quotes), each field trimmed.
std::vector<std::string_view> split_fields(std::string_view line);
/// A whole number or a decimal; nullopt for anything else (blank included).
std::optional<double> parse_number(std::string_view text);
std::optional<int> parse_int(std::string_view text);

/// Names nobody gave: IBTrACS's "NOT_NAMED", an empty name.
std::string storm_name(std::string_view name);

}  // namespace displace::storms::detail
