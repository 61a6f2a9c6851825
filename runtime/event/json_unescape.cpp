#include "runtime/event/json_unescape.hpp"

#include <cstdint>

#include "stdlib/hex_digit.hpp"

namespace scry::runtime {

namespace {

// Copies bytes up to the first backslash (or all n) and returns how many. Decoding never
// grows a string, so writing whole 16-byte blocks stays within `out` as long as they stay
// within `in`.
size_t CopyPlain(const char* in, size_t n, char* out) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), chunk);
    int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, backslash));
    if (mask != 0) {
      return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i < n && in[i] != '\\'; ++i) {
    out[i] = in[i];
  }
  return i;
}

// The code unit of the `\uXXXX` escape at raw[at], or -1.
int32_t ParseU16Escape(std::string_view raw, size_t at) {
  if (at + 6 > raw.size() || raw[at] != '\\' || raw[at + 1] != 'u') {
    return -1;
  }
  int32_t unit = 0;
  for (size_t i = at + 2; i < at + 6; ++i) {
    int digit = HexDigitValue(raw[i]);
    if (digit < 0) {
      return -1;
    }
    unit = unit * 16 + digit;
  }
  return unit;
}

char* AppendUtf8(char* out, uint32_t cp) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

char SimpleEscape(char c) {
  switch (c) {
    case '"':
    case '\\':
    case '/':
      return c;
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return 0;
  }
}

}  // namespace

std::expected<size_t, size_t> UnescapeJsonString(std::string_view raw, char* out) {
  char* o = out;
  size_t i = 0;
  while (i < raw.size()) {
    size_t plain = CopyPlain(raw.data() + i, raw.size() - i, o);
    o += plain;
    i += plain;
    if (i == raw.size()) {
      break;
    }
    if (i + 1 == raw.size()) {
      return std::unexpected(i);
    }
    if (char simple = SimpleEscape(raw[i + 1]); simple != 0) {
      *o++ = simple;
      i += 2;
      continue;
    }
    int32_t unit = ParseU16Escape(raw, i);
    if (unit < 0) {
      return std::unexpected(i);
    }
    uint32_t cp = static_cast<uint32_t>(unit);
    size_t consumed = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      int32_t low = ParseU16Escape(raw, i + 6);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
        consumed = 12;
      } else {
        cp = 0xFFFD;  // a high surrogate without its low half
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;  // a low surrogate on its own
    }
    o = AppendUtf8(o, cp);
    i += consumed;
  }
  return static_cast<size_t>(o - out);
}

}  // namespace scry::runtime
