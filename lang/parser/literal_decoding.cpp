#include "lang/parser/internal/literal_decoding.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

namespace scry::lang::internal {
namespace {

constexpr uint64_t kInt64MinMagnitude = uint64_t{1} << 63;

// Exact fixed-point arithmetic for fractional durations; __extension__ keeps -Wpedantic quiet.
__extension__ typedef unsigned __int128 Wide;

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Byte length of the UTF-8 sequence starting with `lead`, so a message quotes whole characters.
size_t Utf8Length(char lead) {
  auto c = static_cast<unsigned char>(lead);
  if (c >= 0xF0) {
    return 4;
  }
  if (c >= 0xE0) {
    return 3;
  }
  if (c >= 0xC0) {
    return 2;
  }
  return 1;
}

std::optional<char> SimpleEscape(char e) {
  switch (e) {
    case '\\':
    case '"':
    case '\'':
      return e;
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case '0':
      return '\0';
    default:
      return std::nullopt;
  }
}

// Decodes `\xHH` starting at body[i] == '\\'; returns the bytes consumed.
size_t DecodeHexEscape(std::string_view body, size_t i, uint32_t offset, std::string& out,
                       std::vector<LiteralError>& errors) {
  int hi = i + 2 < body.size() ? HexValue(body[i + 2]) : -1;
  int lo = i + 3 < body.size() ? HexValue(body[i + 3]) : -1;
  if (hi >= 0 && lo >= 0) {
    out += static_cast<char>(hi * 16 + lo);
    return 4;
  }
  // Quote up to and including the first character that is not a hex digit.
  size_t end = std::min(body.size(), i + 2 + (hi < 0 ? 0 : 1) + 1);
  errors.push_back({offset + static_cast<uint32_t>(i), offset + static_cast<uint32_t>(end),
                    fmt::format("invalid escape sequence '{}'; '\\x' needs two hex digits",
                                body.substr(i, end - i))});
  return end - i;
}

// Decodes `\u{...}` starting at body[i] == '\\'; returns the bytes consumed.
size_t DecodeUnicodeEscape(std::string_view body, size_t i, uint32_t offset, std::string& out,
                           std::vector<LiteralError>& errors) {
  size_t close = body.find('}', i + 2);
  bool braced = i + 2 < body.size() && body[i + 2] == '{' && close != std::string_view::npos;
  size_t end = braced ? close + 1 : i + 2;
  std::string_view digits = braced ? body.substr(i + 3, close - i - 3) : std::string_view();
  bool all_hex = !digits.empty() && digits.size() <= 6;
  uint32_t cp = 0;
  for (char c : digits) {
    all_hex = all_hex && HexValue(c) >= 0;
    cp = cp * 16 + static_cast<uint32_t>(std::max(HexValue(c), 0));
  }
  auto span = [&](std::string message) {
    errors.push_back({offset + static_cast<uint32_t>(i), offset + static_cast<uint32_t>(end),
                      std::move(message)});
  };
  if (!all_hex) {
    span(fmt::format("invalid unicode escape '{}'; write '\\u{{...}}' with 1 to 6 hex digits",
                     body.substr(i, end - i)));
  } else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    span(fmt::format("'{}' is not a unicode scalar value", body.substr(i, end - i)));
  } else {
    AppendUtf8(out, cp);
  }
  return end - i;
}

uint64_t UnitNanos(std::string_view unit) {
  return unit == "ns"   ? 1
         : unit == "us" ? 1'000
         : unit == "ms" ? 1'000'000
         : unit == "s"  ? 1'000'000'000
         : unit == "m"  ? 60'000'000'000
         : unit == "h"  ? 3'600'000'000'000
         : unit == "d"  ? 86'400'000'000'000
         : unit == "w"  ? 604'800'000'000'000
                        : 0;
}

// One `1.5h` of a duration, exactly, in nanoseconds.
std::optional<Wide> DurationPart(std::string_view number, std::string_view unit,
                                 std::string_view token, std::string& error) {
  uint64_t nanos = UnitNanos(unit);
  size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : number.substr(dot + 1);
  if (nanos == 0 || whole.empty()) {
    error = fmt::format("invalid duration '{}'", token);
    return std::nullopt;
  }
  Wide part = 0;
  for (char c : whole) {
    part = part * 10 + static_cast<unsigned>(c - '0');
    if (part > kInt64MinMagnitude) {
      error = "duration literal out of range";
      return std::nullopt;
    }
  }
  part *= nanos;
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.remove_suffix(1);
  }
  // A whole number of nanoseconds never needs more than 16 fraction digits (the largest unit
  // has 2^16 as a factor); 20 keeps numerator * nanos within 128 bits.
  if (fraction.size() > 20) {
    error = fmt::format("duration '{}' is not a whole number of nanoseconds", token);
    return std::nullopt;
  }
  Wide numerator = 0;
  Wide denominator = 1;
  for (char c : fraction) {
    numerator = numerator * 10 + static_cast<unsigned>(c - '0');
    denominator *= 10;
  }
  numerator *= nanos;
  if (numerator % denominator != 0) {
    error = fmt::format("duration '{}' is not a whole number of nanoseconds", token);
    return std::nullopt;
  }
  return part + numerator / denominator;
}

}  // namespace

std::string DecodeQuotedString(std::string_view token, std::vector<LiteralError>& errors) {
  // An unterminated token has no closing quote; decode what is there.
  std::string_view body = token.substr(1);
  if (!body.empty() && body.back() == token.front()) {
    body.remove_suffix(1);
  }
  const uint32_t offset = 1;
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size();) {
    if (body[i] != '\\') {
      out += body[i++];
    } else if (i + 1 >= body.size()) {
      break;  // a trailing backslash only occurs in an unterminated string, reported already
    } else if (auto simple = SimpleEscape(body[i + 1])) {
      out += *simple;
      i += 2;
    } else if (body[i + 1] == 'x') {
      i += DecodeHexEscape(body, i, offset, out, errors);
    } else if (body[i + 1] == 'u') {
      i += DecodeUnicodeEscape(body, i, offset, out, errors);
    } else {
      size_t len = 1 + Utf8Length(body[i + 1]);
      errors.push_back(
          {offset + static_cast<uint32_t>(i), offset + static_cast<uint32_t>(i + len),
           fmt::format("unknown escape sequence '{}' in string; write '\\\\' for a backslash or "
                       "use a raw string r\"...\"",
                       body.substr(i, len))});
      i += len;
    }
  }
  return out;
}

std::string DecodeQuotedName(std::string_view text) {
  if (text.size() < 2 || text.front() != '`') {
    return std::string(text);
  }
  std::string out;
  text = text.substr(1, text.size() - (text.back() == '`' ? 2 : 1));
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '`' && i + 1 < text.size() && text[i + 1] == '`') {
      ++i;
    }
  }
  return out;
}

std::string_view RawStringBody(std::string_view token) {
  size_t quote = token.find_first_of("\"'");
  if (quote == std::string_view::npos) {
    return {};
  }
  std::string_view body = token.substr(quote + 1);
  if (!body.empty() && body.back() == token[quote]) {
    body.remove_suffix(1);
  }
  return body;
}

std::optional<uint64_t> DecodeIntMagnitude(std::string_view token) {
  int base = 10;
  if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) {
    base = 16;
    token.remove_prefix(2);
  }
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value, base);
  if (ec != std::errc() || ptr != token.data() + token.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> DecodeFloat(std::string_view token) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<uint64_t> DecodeDurationMagnitude(std::string_view token, std::string& error) {
  Wide total = 0;
  size_t i = 0;
  auto digits_end = [&](size_t from) {
    while (from < token.size() && token[from] >= '0' && token[from] <= '9') {
      ++from;
    }
    return from;
  };
  while (i < token.size()) {
    size_t number_end = digits_end(i);
    if (number_end < token.size() && token[number_end] == '.') {
      number_end = digits_end(number_end + 1);
    }
    size_t unit_end = number_end;
    while (unit_end < token.size() && (token[unit_end] < '0' || token[unit_end] > '9')) {
      ++unit_end;
    }
    auto part = DurationPart(token.substr(i, number_end - i),
                             token.substr(number_end, unit_end - number_end), token, error);
    if (!part) {
      return std::nullopt;
    }
    total += *part;
    if (total > kInt64MinMagnitude) {
      error = "duration literal out of range";
      return std::nullopt;
    }
    i = unit_end;
  }
  return static_cast<uint64_t>(total);
}

std::optional<int64_t> ApplySign(uint64_t magnitude, bool negative) {
  if (negative) {
    if (magnitude > kInt64MinMagnitude) {
      return std::nullopt;
    }
    return magnitude == kInt64MinMagnitude ? std::numeric_limits<int64_t>::min()
                                           : -static_cast<int64_t>(magnitude);
  }
  if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<int64_t>(magnitude);
}

int64_t IntLiteral(SourceSpan token, bool negative, bool quiet, DiagnosticList& diagnostics) {
  auto magnitude = DecodeIntMagnitude(token.text());
  auto value = magnitude ? ApplySign(*magnitude, negative) : std::nullopt;
  if (!value && !quiet) {
    diagnostics.Error(token, "integer literal out of range");
  }
  return value.value_or(0);
}

double FloatLiteral(SourceSpan token, DiagnosticList& diagnostics) {
  auto value = DecodeFloat(token.text());
  if (!value) {
    diagnostics.Error(token, "float literal out of range");
  }
  return value.value_or(0);
}

int64_t DurationLiteral(SourceSpan token, bool negative, DiagnosticList& diagnostics) {
  std::string error;
  auto magnitude = DecodeDurationMagnitude(token.text(), error);
  auto value = magnitude ? ApplySign(*magnitude, negative) : std::nullopt;
  if (!value) {
    diagnostics.Error(token, error.empty() ? "duration literal out of range" : error);
  }
  return value.value_or(0);
}

std::string StringLiteral(SourceSpan token, bool quiet, DiagnosticList& diagnostics) {
  std::vector<LiteralError> errors;
  std::string value = DecodeQuotedString(token.text(), errors);
  if (!quiet) {
    for (auto& e : errors) {
      diagnostics.Error({token.source, token.begin + e.begin, token.begin + e.end},
                        std::move(e.message));
    }
  }
  return value;
}

}  // namespace scry::lang::internal
