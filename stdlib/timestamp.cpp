#include "stdlib/timestamp.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace scry {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

/// Reads the text left to right; every method fails softly so the parser reads as a grammar.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool Done() const { return pos_ == text_.size(); }
  char Peek() const { return Done() ? '\0' : text_[pos_]; }
  bool Eat(char c) {
    if (Peek() != c) {
      return false;
    }
    ++pos_;
    return true;
  }
  /// Exactly `n` digits.
  bool Digits(size_t n, unsigned* out) {
    unsigned value = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = Peek();
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + static_cast<unsigned>(c - '0');
      ++pos_;
    }
    *out = value;
    return true;
  }
  /// 1 to 9 digits of a decimal fraction, as nanoseconds.
  bool Fraction(int64_t* ns) {
    int64_t value = 0;
    size_t n = 0;
    while (Peek() >= '0' && Peek() <= '9') {
      if (++n > 9) {
        return false;
      }
      value = value * 10 + (Peek() - '0');
      ++pos_;
    }
    for (size_t k = n; k < 9; ++k) {
      value *= 10;
    }
    *ns = value;
    return n > 0;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

/// "Z", "+hh:mm", "+hhmm" or "+hh"; nothing means UTC.
bool ParseZone(Cursor& in, int64_t* offset_seconds) {
  *offset_seconds = 0;
  if (in.Eat('Z') || in.Eat('z') || in.Done()) {
    return true;
  }
  int sign = in.Eat('+') ? 1 : in.Eat('-') ? -1 : 0;
  unsigned hours = 0;
  unsigned minutes = 0;
  if (sign == 0 || !in.Digits(2, &hours) || hours > 23) {
    return false;
  }
  if (!in.Done()) {
    in.Eat(':');
    if (!in.Digits(2, &minutes) || minutes > 59) {
      return false;
    }
  }
  *offset_seconds = sign * static_cast<int64_t>(hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

std::optional<int64_t> ParseTimestamp(std::string_view text) {
  Cursor in(text);
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!in.Digits(4, &year) || !in.Eat('-') || !in.Digits(2, &month) || !in.Eat('-')
      || !in.Digits(2, &day) || month < 1 || month > 12 || day < 1
      || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  int64_t fraction_ns = 0;
  int64_t offset_seconds = 0;
  if (!in.Done()) {
    if (!(in.Eat('T') || in.Eat('t') || in.Eat(' '))) {
      return std::nullopt;
    }
    if (!in.Digits(2, &hour) || hour > 23 || !in.Eat(':') || !in.Digits(2, &minute)
        || minute > 59) {
      return std::nullopt;
    }
    if (in.Eat(':')) {
      // Python's logging writes a comma before the fraction, as ISO 8601 allows.
      if (!in.Digits(2, &second) || second > 59
          || ((in.Eat('.') || in.Eat(',')) && !in.Fraction(&fraction_ns))) {
        return std::nullopt;
      }
    }
    if (!ParseZone(in, &offset_seconds) || !in.Done()) {
      return std::nullopt;
    }
  }
  int64_t seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60
                    + second - offset_seconds;
  if (seconds < 0 && fraction_ns > 0) {
    // Borrow a second so that the last representable instants before 1970 do not overflow.
    ++seconds;
    fraction_ns -= kNsPerSecond;
  }
  int64_t ns = 0;
  if (__builtin_mul_overflow(seconds, kNsPerSecond, &ns)
      || __builtin_add_overflow(ns, fraction_ns, &ns)) {
    return std::nullopt;
  }
  return ns;
}

CivilTime ToCivilTime(int64_t ns) {
  int64_t seconds = ns / kNsPerSecond;
  if (ns % kNsPerSecond < 0) {
    --seconds;
  }
  int64_t days = seconds / kSecondsPerDay;
  int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  CivilDate date = CivilFromDays(days);
  // 1970-01-01 was a Thursday. An ISO week belongs to the year its Thursday is in.
  int64_t weekday = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
  int64_t thursday = days - weekday + 3;
  int64_t week_year = CivilFromDays(thursday).year;
  auto week = static_cast<unsigned>((thursday - DaysFromCivil(week_year, 1, 1)) / 7 + 1);
  return {date.year,
          date.month,
          date.day,
          static_cast<unsigned>(second_of_day / 3600),
          static_cast<unsigned>(second_of_day / 60 % 60),
          static_cast<unsigned>(second_of_day % 60),
          week};
}

namespace {

// `width` decimal digits of `value` (0 <= value < 10^width) at `out`.
void PutDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string FormatTimestamp(int64_t ns) {
  int64_t seconds = ns / kNsPerSecond;
  int64_t fraction = ns % kNsPerSecond;
  if (fraction < 0) {
    fraction += kNsPerSecond;
    --seconds;
  }
  int64_t days = seconds / kSecondsPerDay;
  int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  CivilDate date = CivilFromDays(days);
  // Every alert carries a time: written digit by digit, not through a format string. Nanoseconds
  // since 1970 in 64 bits reach the years 1677 to 2262, always four digits.
  std::string out(19, '-');
  PutDigits(out.data(), date.year, 4);
  PutDigits(out.data() + 5, date.month, 2);
  PutDigits(out.data() + 8, date.day, 2);
  out[10] = 'T';
  PutDigits(out.data() + 11, second_of_day / 3600, 2);
  out[13] = ':';
  PutDigits(out.data() + 14, second_of_day / 60 % 60, 2);
  out[16] = ':';
  PutDigits(out.data() + 17, second_of_day % 60, 2);
  if (fraction != 0) {
    char digits[9];
    PutDigits(digits, fraction, 9);
    size_t length = 9;
    while (digits[length - 1] == '0') {
      --length;
    }
    out += '.';
    out.append(digits, length);
  }
  out += 'Z';
  return out;
}

namespace {

// Wide enough for any digit string times a unit; __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;

struct DurationUnit {
  std::string_view name;
  int64_t ns;
};

constexpr DurationUnit kUnits[] = {
    {"w", 7 * 86'400 * kNsPerSecond},
    {"d", 86'400 * kNsPerSecond},
    {"h", 3'600 * kNsPerSecond},
    {"m", 60 * kNsPerSecond},
    {"s", kNsPerSecond},
    {"ms", 1'000'000},
    {"us", 1'000},
    {"ns", 1},
};

std::optional<int64_t> UnitNs(std::string_view name) {
  // Both micro signs (U+00B5 and U+03BC) are in use for microseconds.
  if (name == "\u00b5s" || name == "\u03bcs") {
    return 1'000;
  }
  for (const DurationUnit& unit : kUnits) {
    if (unit.name == name) {
      return unit.ns;
    }
  }
  return std::nullopt;
}

/// Nanoseconds per unit of an epoch number of magnitude `magnitude`.
int64_t EpochScale(double magnitude) {
  if (magnitude < 1e11) {
    return 1'000'000'000;
  }
  if (magnitude < 1e14) {
    return 1'000'000;
  }
  if (magnitude < 1e17) {
    return 1'000;
  }
  return 1;
}

}  // namespace

std::optional<int64_t> EpochToNanoseconds(int64_t number) {
  int64_t ns = 0;
  double magnitude = std::fabs(static_cast<double>(number));
  if (__builtin_mul_overflow(number, EpochScale(magnitude), &ns)) {
    return std::nullopt;
  }
  return ns;
}

/// A float is read through its shortest decimal text, so 1714557600.25 gives exactly .25 s
/// instead of the 256 ns granularity of a double multiplied out to nanoseconds.
std::optional<int64_t> EpochToNanoseconds(double number) {
  if (!std::isfinite(number)) {
    return std::nullopt;
  }
  char buffer[400];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(number), std::chars_format::fixed);
  if (ec != std::errc()) {
    return std::nullopt;
  }
  std::string_view text(buffer, end - buffer);
  size_t dot = std::min(text.find('.'), text.size());
  int64_t whole = 0;
  // An out-of-range result still consumes every digit, so the error code must be checked too.
  auto [whole_end, whole_ec] = std::from_chars(text.data(), text.data() + dot, whole);
  if (whole_ec != std::errc() || whole_end != text.data() + dot) {
    return std::nullopt;
  }
  int64_t fraction = 0;  // nine digits: nanoseconds of a second
  for (size_t k = 0; k < 9; ++k) {
    size_t pos = dot + 1 + k;
    fraction = fraction * 10 + (pos < text.size() ? text[pos] - '0' : 0);
  }
  int64_t scale = EpochScale(std::fabs(number));
  int64_t ns = 0;
  if (__builtin_mul_overflow(whole, scale, &ns)
      || __builtin_add_overflow(ns, fraction * scale / 1'000'000'000, &ns)) {
    return std::nullopt;
  }
  return number < 0 ? -ns : ns;
}

std::string FormatDuration(int64_t ns) {
  if (ns == 0) {
    return "0s";
  }
  std::string out = ns < 0 ? "-" : "";
  uint64_t rest = ns < 0 ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  for (const DurationUnit& unit : kUnits) {
    uint64_t count = rest / static_cast<uint64_t>(unit.ns);
    if (count != 0) {
      fmt::format_to(std::back_inserter(out), "{}{}", count, unit.name);
      rest %= static_cast<uint64_t>(unit.ns);
    }
  }
  return out;
}

namespace {

/// Reads one number and its unit ("1.5h") from the front of `text`, adding it to `total`.
bool ParseDurationTerm(std::string_view& text, Int128* total) {
  constexpr Int128 kLimit = static_cast<Int128>(1) << 64;
  auto is_digit = [](char c) {
    return c >= '0' && c <= '9';
  };
  Int128 whole = 0;
  size_t pos = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    whole = whole * 10 + (text[pos++] - '0');
    if (whole > kLimit) {
      return false;
    }
  }
  bool has_whole = pos > 0;
  Int128 fraction = 0;
  Int128 scale = 1;
  if (pos < text.size() && text[pos] == '.') {
    size_t start = ++pos;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
      // Digits past 18 are below a nanosecond even for weeks.
      if (pos - start < 18) {
        fraction = fraction * 10 + (text[pos] - '0');
        scale *= 10;
      }
    }
    if (pos == start) {
      return false;
    }
  }
  if (!has_whole && scale == 1) {
    return false;
  }
  size_t unit_end = pos;
  while (unit_end < text.size() && !is_digit(text[unit_end]) && text[unit_end] != '.') {
    ++unit_end;
  }
  std::optional<int64_t> unit = UnitNs(text.substr(pos, unit_end - pos));
  if (!unit) {
    return false;
  }
  *total += whole * *unit + fraction * *unit / scale;
  text.remove_prefix(unit_end);
  return *total <= kLimit;
}

}  // namespace

std::optional<int64_t> ParseDuration(std::string_view text) {
  // Besides one number with one unit, a sequence ("1h30m") is accepted, so that everything
  // FormatDuration writes reads back.
  bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) {
    text.remove_prefix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  Int128 total = 0;
  while (!text.empty()) {
    if (!ParseDurationTerm(text, &total)) {
      return std::nullopt;
    }
  }
  if (negative) {
    total = -total;
  }
  if (total > INT64_MAX || total < INT64_MIN) {
    return std::nullopt;
  }
  return static_cast<int64_t>(total);
}

}  // namespace scry
