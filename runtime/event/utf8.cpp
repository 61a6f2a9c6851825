#include "runtime/event/utf8.hpp"

#include <cstdint>

namespace scry::runtime {

size_t Utf8SequenceLength(std::string_view text) {
  if (text.empty()) {
    return 0;
  }
  auto byte = [&](size_t i) {
    return static_cast<uint8_t>(text[i]);
  };
  uint8_t b0 = byte(0);
  if (b0 < 0x80) {
    return 1;
  }
  size_t length;
  uint8_t low = 0x80;  // allowed range of the second byte (Table 3-7)
  uint8_t high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) {
      low = 0xA0;  // overlong
    } else if (b0 == 0xED) {
      high = 0x9F;  // surrogates
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) {
      low = 0x90;  // overlong
    } else if (b0 == 0xF4) {
      high = 0x8F;  // above U+10FFFF
    }
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) {
    return 0;
  }
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) {
      return 0;
    }
  }
  return length;
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<uint8_t>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace scry::runtime
