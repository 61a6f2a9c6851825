#include "lang/printer/internal/printer_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "lang/base/utf8.hpp"

namespace scry::lang::internal {
namespace {

constexpr std::array<std::string_view, 22> kReservedKeywords = {
    "and",         "or",         "not",           "in",       "contains",
    "contains_cs", "startswith", "startswith_cs", "endswith", "endswith_cs",
    "matches",     "matches_cs", "true",          "false",    "null",
    "any",         "all",        "exists",        "by",       "asc",
    "desc",        "in~"};

// They lex as keywords: a bare metadata tag may start with one only if kTagKeywords has it.
constexpr std::array<std::string_view, 27> kSoftKeywords = {
    "rule",      "source",   "let",      "from",    "where",   "project",  "extend",
    "summarize", "sort",     "head",     "window",  "sliding", "tumbling", "session",
    "aggregate", "suppress", "sequence", "ordered", "within",  "until",    "tail",
    "top",       "distinct", "count",    "sample",  "seed",    "timechart"};

bool IsReserved(std::string_view word) {
  return std::find(kReservedKeywords.begin(), kReservedKeywords.end(), word)
         != kReservedKeywords.end();
}

bool IsSoft(std::string_view word) {
  return std::find(kSoftKeywords.begin(), kSoftKeywords.end(), word) != kSoftKeywords.end();
}

// The soft keywords the grammar accepts at the start of a bare tag: those that can start
// neither a declaration nor a stage.
constexpr std::array<std::string_view, 7> kTagKeywords = {
    "sliding", "tumbling", "session", "ordered", "within", "until", "seed"};

bool IsTagKeyword(std::string_view word) {
  return std::find(kTagKeywords.begin(), kTagKeywords.end(), word) != kTagKeywords.end();
}

bool IsIdentifier(std::string_view word) {
  auto start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '$';
  };
  return !word.empty() && start(word[0]) && std::all_of(word.begin() + 1, word.end(), [&](char c) {
    return start(c) || (c >= '0' && c <= '9');
  });
}

bool IsDigits(std::string_view word) {
  return !word.empty()
         && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Backticked(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    out += c;
    if (c == '`') {
      out += '`';
    }
  }
  return out + "`";
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A metadata string that reads back as a bare tag (`high`, `attack.t1059.001`). Four digit
// segments in a row would lex as an IPv4 address, so those strings are quoted.
bool IsBareTag(std::string_view text) {
  auto parts = Split(text, '.');
  if (!IsIdentifier(parts[0]) || IsReserved(parts[0])
      || (IsSoft(parts[0]) && !IsTagKeyword(parts[0]))) {
    return false;
  }
  size_t digit_run = 0;
  for (size_t i = 1; i < parts.size(); ++i) {
    digit_run = IsDigits(parts[i]) ? digit_run + 1 : 0;
    if (digit_run >= 4 || (digit_run == 0 && !IsIdentifier(parts[i]))) {
      return false;
    }
  }
  return true;
}

bool IsControl(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

std::string Escaped(std::string_view value) {
  std::string out = "\"";
  for (size_t i = 0; i < value.size();) {
    auto c = static_cast<unsigned char>(value[i]);
    size_t len = Utf8SequenceLength(value, i);
    if (len == 0) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
      continue;
    }
    if (len > 1) {
      out.append(value.substr(i, len));
      i += len;
      continue;
    }
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        if (IsControl(c)) {
          out += fmt::format("\\x{:02X}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string FloatText(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".eEn") == std::string::npos) {
    text += ".0";  // `1` would read back as an integer
  }
  return text;
}

std::string DurationText(int64_t nanos) {
  // The magnitude as unsigned, so INT64_MIN prints too.
  uint64_t rest =
      nanos < 0 ? uint64_t{0} - static_cast<uint64_t>(nanos) : static_cast<uint64_t>(nanos);
  if (rest == 0) {
    return "0s";
  }
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {{"w", 604'800'000'000'000},
                                                                     {"d", 86'400'000'000'000},
                                                                     {"h", 3'600'000'000'000},
                                                                     {"m", 60'000'000'000},
                                                                     {"s", 1'000'000'000},
                                                                     {"ms", 1'000'000},
                                                                     {"us", 1'000},
                                                                     {"ns", 1}};
  std::string out = nanos < 0 ? "-" : "";
  for (const auto& [unit, size] : kUnits) {
    if (rest >= size) {
      out += fmt::format("{}{}", rest / size, unit);
      rest %= size;
    }
  }
  return out;
}

std::string RegexText(std::string_view pattern) {
  // The parser never produces a pattern with both quote characters; such a synthesized
  // pattern has no spelling and prints with double quotes regardless.
  bool double_ok = pattern.find('"') == std::string_view::npos;
  char quote = double_ok || pattern.find('\'') != std::string_view::npos ? '"' : '\'';
  return fmt::format("re{}{}{}", quote, pattern, quote);
}

}  // namespace

std::string LeadingName(std::string_view name) {
  return IsIdentifier(name) && !IsReserved(name) ? std::string(name) : Backticked(name);
}

std::string TrailingName(std::string_view name) {
  return IsIdentifier(name) ? std::string(name) : Backticked(name);
}

std::string DottedName(const std::vector<std::string>& segments) {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    out += i == 0 ? LeadingName(segments[i]) : "." + TrailingName(segments[i]);
  }
  return out;
}

std::string StringLiteral(std::string_view value) {
  bool raw = value.find('\\') != std::string_view::npos
             && value.find_first_of("\"'") == std::string_view::npos && !FindInvalidUtf8(value)
             && std::none_of(value.begin(), value.end(),
                             [](char c) { return IsControl(static_cast<unsigned char>(c)); });
  return raw ? fmt::format("r\"{}\"", value) : Escaped(value);
}

std::string LiteralText(const ast::Literal& literal) {
  using Kind = ast::Literal::Kind;
  switch (literal.kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return literal.bool_value ? "true" : "false";
    case Kind::kInt:
      return std::to_string(literal.int_value);
    case Kind::kFloat:
      return FloatText(literal.float_value);
    case Kind::kString:
      return StringLiteral(literal.text);
    case Kind::kDuration:
      return DurationText(literal.int_value);
    case Kind::kRegex:
      return RegexText(literal.text);
    case Kind::kTimestamp:
    case Kind::kIp:
    case Kind::kCidr:
      return literal.text;
  }
  return "null";
}

std::string MetaValueText(const ast::MetaValue& value) {
  struct Visitor {
    std::string operator()(const std::string& s) const {
      return IsBareTag(s) ? s : StringLiteral(s);
    }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return FloatText(d); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const std::vector<ast::MetaValue>& items) const {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        out += (i > 0 ? ", " : "") + MetaValueText(items[i]);
      }
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value.value);
}

}  // namespace scry::lang::internal
