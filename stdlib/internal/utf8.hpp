// UTF-8 decoding and encoding shared by case folding and the string functions.
//
// Event text is not guaranteed to be valid UTF-8. Decoding never fails: an invalid byte
// (a stray continuation, an overlong form, a surrogate, a truncated sequence) is one unit of
// its own, so functions that count, slice or fold code points keep such bytes as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace scry::internal {

/// Sentinel for an invalid byte: not a Unicode scalar value, so no table maps it.
inline constexpr char32_t kInvalidUnit = 0xFFFFFFFF;

struct Utf8Unit {
  char32_t code_point;  // kInvalidUnit for an invalid byte
  uint32_t size;        // bytes consumed, 1..4
};

/// Decodes the unit starting at `text[pos]` (pos < text.size()).
inline Utf8Unit DecodeUtf8(std::string_view text, size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  size_t avail = text.size() - pos;
  unsigned char b0 = p[0];
  if (b0 < 0x80) {
    return {b0, 1};
  }
  auto cont = [&](size_t i) {
    return i < avail && (p[i] & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (cont(1)) {
      return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2};
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (cont(1) && cont(2)) {
      char32_t c = ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        return {c, 3};
      }
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (cont(1) && cont(2) && cont(3)) {
      char32_t c =
          ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
      if (c >= 0x10000 && c <= 0x10FFFF) {
        return {c, 4};
      }
    }
  }
  return {kInvalidUnit, 1};
}

/// Writes the UTF-8 form of a scalar value to `out` (room for 4 bytes); returns its length.
inline size_t EncodeUtf8(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

inline void AppendUtf8(std::string& out, char32_t c) {
  char buf[4];
  out.append(buf, EncodeUtf8(c, buf));
}

/// The number of units (code points, counting each invalid byte as one).
inline size_t CountUnits(std::string_view text) {
  size_t n = 0;
  for (size_t pos = 0; pos < text.size(); ++n) {
    pos += DecodeUtf8(text, pos).size;
  }
  return n;
}

}  // namespace scry::internal
