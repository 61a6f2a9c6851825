#include "rules/sigma/yaml_scalar.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace scry::sigma {
namespace {

using Kind = SigmaValue::Kind;

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Consumes characters of `set` (a predicate) from position `i`; returns how many.
template <typename Pred>
size_t Skip(std::string_view s, size_t& i, Pred pred) {
  size_t start = i;
  while (i < s.size() && pred(s[i])) {
    ++i;
  }
  return i - start;
}

bool DigitOrUnderscore(char c) {
  return IsDigit(c) || c == '_';
}

// `(?::[0-5]?[0-9])+`: one or more base-60 groups. The regex engine tries both lengths of
// `[0-5]?[0-9]`; since a group must be followed by ':' or by what comes after the groups (never
// a digit), a group is exactly one digit, or two digits the first of which is 0-5.
bool SkipSexagesimalGroups(std::string_view s, size_t& i) {
  size_t groups = 0;
  while (i < s.size() && s[i] == ':') {
    size_t j = i + 1;
    size_t digits = Skip(s, j, IsDigit);
    if (digits == 1 || (digits == 2 && s[i + 1] <= '5')) {
      i = j;
      ++groups;
    } else {
      return false;
    }
  }
  return groups > 0;
}

// `(?:[eE][-+][0-9]+)?`: PyYAML's float exponent needs its sign (so `1.0e3` is a string).
bool SkipOptionalExponent(std::string_view s, size_t& i) {
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    if (i + 1 >= s.size() || (s[i + 1] != '-' && s[i + 1] != '+')) {
      return false;
    }
    i += 2;
    return Skip(s, i, IsDigit) > 0;
  }
  return true;
}

size_t SkipSign(std::string_view s) {
  return !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
}

enum class IntForm { kNone, kBinary, kOctal, kDecimal, kHex, kSexagesimal };

// PyYAML's int resolver:
//   [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
//   | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
IntForm MatchInt(std::string_view s) {
  std::string_view r = s.substr(SkipSign(s));
  if (r.empty()) {
    return IntForm::kNone;
  }
  auto all = [](std::string_view t, auto pred) {
    for (char c : t) {
      if (!pred(c)) {
        return false;
      }
    }
    return true;
  };
  if (r.size() > 2 && r.starts_with("0b")
      && all(r.substr(2), [](char c) { return c == '0' || c == '1' || c == '_'; })) {
    return IntForm::kBinary;
  }
  if (r.size() > 2 && r.starts_with("0x")
      && all(r.substr(2), [](char c) { return IsHexDigit(c) || c == '_'; })) {
    return IntForm::kHex;
  }
  if (r.size() > 1 && r[0] == '0'
      && all(r.substr(1), [](char c) { return (c >= '0' && c <= '7') || c == '_'; })) {
    return IntForm::kOctal;
  }
  if (r == "0") {
    return IntForm::kDecimal;
  }
  if (r[0] >= '1' && r[0] <= '9') {
    size_t i = 1;
    Skip(r, i, DigitOrUnderscore);
    if (i == r.size()) {
      return IntForm::kDecimal;
    }
    if (SkipSexagesimalGroups(r, i) && i == r.size()) {
      return IntForm::kSexagesimal;
    }
  }
  return IntForm::kNone;
}

// PyYAML's float resolver:
//   [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
//   | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
bool MatchFloat(std::string_view s) {
  size_t sign = SkipSign(s);
  std::string_view r = s.substr(sign);
  if (r == ".inf" || r == ".Inf" || r == ".INF") {
    return true;
  }
  if (sign == 0 && (r == ".nan" || r == ".NaN" || r == ".NAN")) {
    return true;
  }
  if (r.empty()) {
    return false;
  }
  size_t i = 0;
  if (r[0] == '.') {
    // `.5` has no sign in PyYAML's pattern: `-.5` stays a string.
    if (sign != 0 || r.size() < 2 || !IsDigit(r[1])) {
      return false;
    }
    i = 1;
    Skip(r, i, DigitOrUnderscore);
    return SkipOptionalExponent(r, i) && i == r.size();
  }
  if (!IsDigit(r[0])) {
    return false;
  }
  i = 1;
  Skip(r, i, DigitOrUnderscore);
  if (i < r.size() && r[i] == ':') {
    if (!SkipSexagesimalGroups(r, i) || i >= r.size() || r[i] != '.') {
      return false;
    }
    ++i;
    Skip(r, i, DigitOrUnderscore);
    return i == r.size();
  }
  if (i >= r.size() || r[i] != '.') {
    return false;
  }
  ++i;
  Skip(r, i, DigitOrUnderscore);
  return SkipOptionalExponent(r, i) && i == r.size();
}

bool MatchBool(std::string_view s, bool& value) {
  static constexpr std::string_view kTrue[] = {"yes",  "Yes", "YES", "true", "True",
                                               "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view kFalse[] = {"no",    "No",  "NO",  "false", "False",
                                                "FALSE", "off", "Off", "OFF"};
  for (std::string_view t : kTrue) {
    if (s == t) {
      value = true;
      return true;
    }
  }
  for (std::string_view f : kFalse) {
    if (s == f) {
      value = false;
      return true;
    }
  }
  return false;
}

// PyYAML's timestamp resolver: a date `YYYY-MM-DD`, or a date with a time
//   [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
//   (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
// The fields are returned so that the value can be checked as its constructor checks it.
struct TimestampFields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, tz_minutes = 0;
};

std::optional<TimestampFields> MatchTimestamp(std::string_view s) {
  TimestampFields t;
  size_t i = 0;
  auto number = [&](size_t min_digits, size_t max_digits, int& out) {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i]) && i - start < max_digits) {
      ++i;
    }
    if (i - start < min_digits) {
      return false;
    }
    out = 0;
    for (size_t k = start; k < i; ++k) {
      out = out * 10 + (s[k] - '0');
    }
    return true;
  };
  auto expect = [&](char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  if (!number(4, 4, t.year) || !expect('-')) {
    return std::nullopt;
  }
  // Date only: exactly two digits each for month and day.
  if (s.size() == 10 && number(2, 2, t.month) && expect('-') && number(2, 2, t.day)) {
    return t;
  }
  i = 5;
  if (!number(1, 2, t.month) || !expect('-') || !number(1, 2, t.day)) {
    return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'T' || s[i] == 't')) {
    ++i;
  } else if (Skip(s, i, [](char c) { return c == ' ' || c == '\t'; }) == 0) {
    return std::nullopt;
  }
  if (!number(1, 2, t.hour) || !expect(':') || !number(2, 2, t.minute) || !expect(':')
      || !number(2, 2, t.second)) {
    return std::nullopt;
  }
  if (expect('.')) {
    Skip(s, i, IsDigit);
  }
  Skip(s, i, [](char c) { return c == ' ' || c == '\t'; });
  if (i == s.size()) {
    return t;
  }
  if (expect('Z')) {
    return i == s.size() ? std::optional(t) : std::nullopt;
  }
  if (s[i] != '-' && s[i] != '+') {
    return std::nullopt;
  }
  ++i;
  int tz_hour = 0, tz_minute = 0;
  if (!number(1, 2, tz_hour)) {
    return std::nullopt;
  }
  if (expect(':') && !number(2, 2, tz_minute)) {
    return std::nullopt;
  }
  t.tz_minutes = tz_hour * 60 + tz_minute;
  return i == s.size() ? std::optional(t) : std::nullopt;
}

// What Python's date/datetime/timezone constructors accept.
bool ValidTimestamp(const TimestampFields& t) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1) {
    return false;
  }
  bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
  int days = kDays[t.month - 1] + (t.month == 2 && leap ? 1 : 0);
  return t.day <= days && t.hour < 24 && t.minute < 60 && t.second < 60 && t.tz_minutes < 24 * 60;
}

std::string WithoutUnderscores(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '_') {
      out += c;
    }
  }
  return out;
}

std::string OutOfRange(std::string_view text) {
  return fmt::format("integer '{}' does not fit in 64 bits; quote it to keep it as text", text);
}

// PyYAML's construct_yaml_int: sign, then 0b / 0x / leading-0 octal / base 60 / decimal.
std::expected<SigmaValue, std::string> MakeInt(std::string_view text, IntForm form) {
  std::string digits = WithoutUnderscores(text);
  bool negative = !digits.empty() && digits[0] == '-';
  std::string_view r = std::string_view(digits).substr(SkipSign(digits));
  int base = 10;
  if (form == IntForm::kBinary || form == IntForm::kHex) {
    base = form == IntForm::kBinary ? 2 : 16;
    r.remove_prefix(2);
  } else if (form == IntForm::kOctal) {
    base = 8;
  }
  if (r.empty()) {
    // `0x_`: PyYAML's pattern matches, then int('', 16) fails.
    return std::unexpected(fmt::format(
        "'{}' is not a valid integer (YAML 1.1 reads an unquoted 0x, 0b or 0-prefixed number "
        "as an integer); quote it to keep it as text",
        text));
  }
  uint64_t magnitude = 0;
  auto accumulate = [&](uint64_t factor, uint64_t digit) {
    return !__builtin_mul_overflow(magnitude, factor, &magnitude)
           && !__builtin_add_overflow(magnitude, digit, &magnitude);
  };
  if (form == IntForm::kSexagesimal) {
    // 12:30:00 = (12 * 60 + 30) * 60 + 0.
    for (size_t i = 0; i <= r.size();) {
      size_t colon = std::min(r.find(':', i), r.size());
      uint64_t part = 0;
      auto [end, error] = std::from_chars(r.data() + i, r.data() + colon, part);
      if (error != std::errc() || !accumulate(i == 0 ? 1 : 60, part)) {
        return std::unexpected(OutOfRange(text));
      }
      i = colon + 1;
    }
  } else {
    for (char c : r) {
      uint64_t digit = IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
      if (!accumulate(base, digit)) {
        return std::unexpected(OutOfRange(text));
      }
    }
  }
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (magnitude > kMaxPositive + (negative ? 1 : 0)) {
    return std::unexpected(OutOfRange(text));
  }
  SigmaValue value;
  value.kind = Kind::kInt;
  value.int_value =
      negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  value.text = std::to_string(value.int_value);
  return value;
}

// Python's float() of a decimal without sign; out of range gives inf or 0 as Python does.
double ParseDecimal(std::string_view s) {
  double value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error == std::errc::result_out_of_range) {
    size_t e = s.find_first_of("eE");
    bool negative_exponent = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    return negative_exponent ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return value;
}

// PyYAML's construct_yaml_float.
SigmaValue MakeFloat(std::string_view text) {
  std::string lowered = WithoutUnderscores(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c | 0x20);
    }
  }
  double sign = !lowered.empty() && lowered[0] == '-' ? -1 : 1;
  std::string_view r = std::string_view(lowered).substr(SkipSign(lowered));
  double number = 0;
  if (r == ".inf") {
    number = std::numeric_limits<double>::infinity();
  } else if (r == ".nan") {
    number = std::numeric_limits<double>::quiet_NaN();
    sign = 1;
  } else if (r.find(':') != std::string_view::npos) {
    // Summed from the last part up, in PyYAML's order, so the rounding is the same.
    std::vector<std::string_view> parts;
    for (size_t i = 0; i <= r.size();) {
      size_t colon = std::min(r.find(':', i), r.size());
      parts.push_back(r.substr(i, colon - i));
      i = colon + 1;
    }
    double base = 1;
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
      number += ParseDecimal(*part) * base;
      base *= 60;
    }
  } else {
    number = ParseDecimal(r);
  }
  SigmaValue value;
  value.kind = Kind::kFloat;
  value.float_value = sign * number;
  value.text = CanonicalFloatText(value.float_value);
  return value;
}

SigmaValue MakeString(std::string_view text) {
  SigmaValue value;
  value.kind = Kind::kString;
  value.text = std::string(text);
  return value;
}

SigmaValue MakeBool(bool b) {
  SigmaValue value;
  value.kind = Kind::kBool;
  value.bool_value = b;
  value.text = b ? "true" : "false";
  return value;
}

std::expected<SigmaValue, std::string> MakeTimestamp(std::string_view text,
                                                     const TimestampFields& fields) {
  if (!ValidTimestamp(fields)) {
    return std::unexpected(fmt::format(
        "'{}' is not a valid date (YAML reads an unquoted YYYY-MM-DD as a date); quote it to "
        "keep it as text",
        text));
  }
  SigmaValue value = MakeString(text);
  value.yaml_timestamp = true;
  return value;
}

std::expected<SigmaValue, std::string> ResolvePlain(std::string_view text) {
  if (IsYamlNull(text)) {
    return SigmaValue{};
  }
  bool b = false;
  if (MatchBool(text, b)) {
    return MakeBool(b);
  }
  // PyYAML tries float before int; the two patterns never both match.
  if (MatchFloat(text)) {
    return MakeFloat(text);
  }
  if (IntForm form = MatchInt(text); form != IntForm::kNone) {
    return MakeInt(text, form);
  }
  if (!text.empty() && IsDigit(text[0])) {
    if (auto fields = MatchTimestamp(text)) {
      return MakeTimestamp(text, *fields);
    }
  }
  if (text == "=") {
    return std::unexpected(
        "a plain '=' is YAML 1.1's value key, which PyYAML cannot load; quote it: '='");
  }
  if (text == "<<") {
    return std::unexpected(
        "'<<' (a YAML merge key) is not supported; write the merged entries out, or quote it");
  }
  return MakeString(text);
}

std::expected<SigmaValue, std::string> NotA(std::string_view text, std::string_view tag) {
  return std::unexpected(fmt::format("'{}' is not a valid !!{}", text, tag));
}

// An explicit standard tag: the value is built by that tag's constructor.
std::expected<SigmaValue, std::string> ResolveTagged(std::string_view text, std::string_view tag) {
  std::string_view name = tag.substr(kTagPrefix.size());
  if (name == "str") {
    return MakeString(text);
  }
  if (name == "null") {
    return SigmaValue{};
  }
  if (name == "bool") {
    std::string lowered(text);
    for (char& c : lowered) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    bool b = false;
    if (lowered == "yes" || lowered == "true" || lowered == "on") {
      b = true;
    } else if (lowered != "no" && lowered != "false" && lowered != "off") {
      return NotA(text, name);
    }
    return MakeBool(b);
  }
  if (name == "int") {
    IntForm form = MatchInt(text);
    return form == IntForm::kNone ? NotA(text, name) : MakeInt(text, form);
  }
  if (name == "float") {
    if (MatchFloat(text)) {
      return MakeFloat(text);
    }
    // Python's float() also takes `1e3` and `12`.
    std::string digits = WithoutUnderscores(text);
    std::string_view r = std::string_view(digits).substr(SkipSign(digits));
    double parsed = 0;
    auto [end, error] = std::from_chars(r.data(), r.data() + r.size(), parsed);
    if (r.empty() || end != r.data() + r.size()
        || (error != std::errc() && error != std::errc::result_out_of_range)) {
      return NotA(text, name);
    }
    return MakeFloat(text);
  }
  if (name == "timestamp") {
    auto fields = MatchTimestamp(text);
    return fields ? MakeTimestamp(text, *fields) : NotA(text, name);
  }
  return std::unexpected(fmt::format(
      "YAML tag '!!{}' is not supported on a scalar (use !!str, !!int, !!float, !!bool, !!null "
      "or !!timestamp)",
      name));
}

}  // namespace

bool IsYamlNull(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::string CanonicalFloatText(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

std::expected<SigmaValue, std::string> TypeYamlScalar(std::string_view text, std::string_view tag) {
  if (tag == kPlainScalarTag) {
    return ResolvePlain(text);
  }
  if (tag == kNonPlainScalarTag || tag.empty()) {
    return MakeString(text);
  }
  if (tag.starts_with(kTagPrefix)) {
    return ResolveTagged(text, tag);
  }
  return std::unexpected(fmt::format(
      "YAML tag '{}' is not supported (PyYAML's safe loader, which Sigma tools use, rejects it)",
      tag));
}

}  // namespace scry::sigma
