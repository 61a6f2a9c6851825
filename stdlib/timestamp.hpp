// Timestamps and durations: parsing the formats events use, and printing them back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scry {

/// Nanoseconds since the Unix epoch (UTC). Accepts RFC 3339 / ISO 8601
/// ("2024-05-01T10:00:00Z", "...T10:00:00.123456+02:00", without seconds or zone, in which
/// case UTC), the space-separated form Windows uses ("2020-10-15 13:17:02.333"), and a bare
/// date ("2024-05-01").
std::optional<int64_t> ParseTimestamp(std::string_view text);

/// The calendar fields of a timestamp, in UTC (proleptic Gregorian calendar).
struct CivilTime {
  int64_t year;
  unsigned month;     // 1-12
  unsigned day;       // 1-31
  unsigned hour;      // 0-23
  unsigned minute;    // 0-59
  unsigned second;    // 0-59
  unsigned iso_week;  // 1-53: ISO 8601 weeks start on Monday; week 1 holds the first Thursday
};
CivilTime ToCivilTime(int64_t ns);

/// RFC 3339 in UTC with 'Z', fractional seconds only as far as needed:
/// "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123Z".
std::string FormatTimestamp(int64_t ns);

/// An epoch number in nanoseconds. Epoch numbers carry no unit, so it is read from the
/// magnitude: below 1e11 seconds (until the year 5138), below 1e14 milliseconds, below 1e17
/// microseconds, else nanoseconds; logs write all four (Unix seconds, JavaScript milliseconds,
/// Zeek float seconds, Go nanoseconds). Nullopt beyond the range of int64 nanoseconds, and for
/// NaN and infinities.
std::optional<int64_t> EpochToNanoseconds(int64_t number);
std::optional<int64_t> EpochToNanoseconds(double number);

/// "250ms", "5m", "1h30m", "2d": the shortest exact rendering. Units: ns us ms s m h d w.
std::string FormatDuration(int64_t ns);
/// One number with one unit, as the language writes durations ("5m", "1.5h").
std::optional<int64_t> ParseDuration(std::string_view text);

}  // namespace scry
