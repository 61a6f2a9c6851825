#include "runtime/event/json_escape.hpp"

#include <cstdint>

#include "runtime/event/utf8.hpp"

namespace scry::runtime {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes that can be copied without a closer look: printable ASCII other than '"' and '\'.
bool IsPlain(uint8_t c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

void AppendControl(std::string& out, uint8_t c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  constexpr char kHex[] = "0123456789abcdef";
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

bool AppendJsonString(std::string& out, std::string_view text) {
  bool replaced = false;
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    size_t run = i;
    while (run < text.size() && IsPlain(static_cast<uint8_t>(text[run]))) {
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) {
      break;
    }
    auto c = static_cast<uint8_t>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      AppendControl(out, c);
      ++i;
    } else if (size_t length = Utf8SequenceLength(text.substr(i)); length > 0) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out += kReplacement;
      replaced = true;
      ++i;
    }
  }
  out += '"';
  return replaced;
}

}  // namespace scry::runtime
