#include "stdlib/number_parsing.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

namespace scry {
namespace {

std::string_view TrimBlanks(std::string_view s) {
  auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!s.empty() && blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<Value> ParseHex(std::string_view digits, bool negative) {
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, 16);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (!negative && magnitude <= kMaxPositive) {
    return Value::Int(static_cast<int64_t>(magnitude));
  }
  if (negative && magnitude <= kMaxPositive + 1) {
    return Value::Int(static_cast<int64_t>(0 - magnitude));
  }
  double d = static_cast<double>(magnitude);
  return Value::Float(negative ? -d : d);
}

}  // namespace

std::optional<Value> ParseNumber(std::string_view text) {
  text = TrimBlanks(text);
  bool negative = false;
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  // from_chars would take "inf", "nan" and a second sign; only digits may start the number.
  if (body.empty() || !(IsDigit(body.front()) || body.front() == '.')) {
    return std::nullopt;
  }
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    return ParseHex(body.substr(2), negative);
  }
  // The sign stays in the text of an integer so that INT64_MIN parses.
  std::string_view signed_text = negative ? text : body;
  int64_t i = 0;
  auto [int_end, int_ec] =
      std::from_chars(signed_text.data(), signed_text.data() + signed_text.size(), i);
  if (int_ec == std::errc() && int_end == signed_text.data() + signed_text.size()) {
    return Value::Int(i);
  }
  // Values beyond double's range are rejected rather than turned into infinity or zero.
  double d = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
  if (ec != std::errc() || end != body.data() + body.size()) {
    return std::nullopt;
  }
  return Value::Float(negative ? -d : d);
}

std::optional<bool> ParseBool(std::string_view text) {
  auto equals_folded = [&](std::string_view word) {
    if (text.size() != word.size()) {
      return false;
    }
    for (size_t k = 0; k < word.size(); ++k) {
      char c = text[k];
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c + ('a' - 'A'));
      }
      if (c != word[k]) {
        return false;
      }
    }
    return true;
  };
  if (equals_folded("true")) {
    return true;
  }
  if (equals_folded("false")) {
    return false;
  }
  return std::nullopt;
}

}  // namespace scry
