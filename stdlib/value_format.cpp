#include "stdlib/value_format.hpp"

#include <charconv>
#include <cmath>

#include "stdlib/internal/utf8.hpp"
#include "stdlib/net.hpp"
#include "stdlib/net_value.hpp"
#include "stdlib/regex.hpp"
#include "stdlib/timestamp.hpp"

namespace scry {
namespace {

template <typename T>
void AppendNumber(std::string& out, T x) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), x);
  out.append(buf, end);
}

/// Text that is the same in JSON (quoted) and in plain text (unquoted).
void AppendScalarText(std::string& out, const Value& value) {
  switch (value.kind) {
    case ValueKind::kBool:
      out += value.as_bool() ? "true" : "false";
      break;
    case ValueKind::kInt:
      AppendNumber(out, value.i);
      break;
    case ValueKind::kTimestamp:
      out += FormatTimestamp(value.i);
      break;
    case ValueKind::kDuration:
      out += FormatDuration(value.i);
      break;
    case ValueKind::kIp:
      out += FormatIp(IpFromValue(value));
      break;
    case ValueKind::kCidr:
      out += FormatCidr(CidrFromValue(value));
      break;
    case ValueKind::kRegex:
      out += static_cast<const Regex*>(value.ptr)->pattern();
      break;
    default:
      break;
  }
}

void AppendEscapedAscii(std::string& out, unsigned char b) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (b) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
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
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      break;
  }
}

bool NeedsEscape(unsigned char b) {
  return b < 0x20 || b == '"' || b == '\\' || b >= 0x80;
}

}  // namespace

bool AppendJsonString(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  bool replaced = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t run = pos;
    while (run < text.size() && !NeedsEscape(static_cast<unsigned char>(text[run]))) {
      ++run;
    }
    out.append(text.data() + pos, run - pos);
    pos = run;
    if (pos == text.size()) {
      break;
    }
    auto b = static_cast<unsigned char>(text[pos]);
    if (b >= 0x80) {
      // JSON output must be valid UTF-8: an invalid byte becomes U+FFFD.
      internal::Utf8Unit unit = internal::DecodeUtf8(text, pos);
      if (unit.code_point == internal::kInvalidUnit) {
        out += "\xEF\xBF\xBD";
        replaced = true;
      } else {
        out.append(text.data() + pos, unit.size);
      }
      pos += unit.size;
      continue;
    }
    AppendEscapedAscii(out, b);
    ++pos;
  }
  out += '"';
  return replaced;
}

void AppendJson(std::string& out, const Value& value) {
  switch (value.kind) {
    case ValueKind::kNull:
      out += "null";
      break;
    case ValueKind::kBool:
    case ValueKind::kInt:
      AppendScalarText(out, value);
      break;
    case ValueKind::kFloat:
      // JSON has no NaN or infinity.
      if (std::isfinite(value.f)) {
        AppendNumber(out, value.f);
      } else {
        out += "null";
      }
      break;
    case ValueKind::kString:
      AppendJsonString(out, value.as_string());
      break;
    case ValueKind::kList:
      out += '[';
      for (uint32_t k = 0; k < value.len; ++k) {
        if (k > 0) {
          out += ',';
        }
        AppendJson(out, value.items[k]);
      }
      out += ']';
      break;
    case ValueKind::kObject:
      out += value.as_string();
      break;
    case ValueKind::kTimestamp:
    case ValueKind::kDuration:
    case ValueKind::kIp:
    case ValueKind::kCidr:
    case ValueKind::kRegex: {
      std::string text;
      AppendScalarText(text, value);
      AppendJsonString(out, text);
      break;
    }
  }
}

void AppendValueText(std::string& out, const Value& value) {
  switch (value.kind) {
    case ValueKind::kNull:
      break;
    case ValueKind::kString:
    case ValueKind::kObject:
      out += value.as_string();
      break;
    case ValueKind::kFloat:
      // to_chars writes "nan", "inf" and "-inf", which is what a reader of a table expects.
      AppendNumber(out, value.f);
      break;
    case ValueKind::kList:
      AppendJson(out, value);
      break;
    default:
      AppendScalarText(out, value);
      break;
  }
}

std::string FormatValueText(const Value& value) {
  std::string out;
  AppendValueText(out, value);
  return out;
}

std::string_view FormatValueText(const Value& value, Arena& arena) {
  if (value.kind == ValueKind::kString || value.kind == ValueKind::kObject) {
    return value.as_string();
  }
  thread_local std::string buffer;
  buffer.clear();
  AppendValueText(buffer, value);
  return arena.Copy(buffer);
}

}  // namespace scry
