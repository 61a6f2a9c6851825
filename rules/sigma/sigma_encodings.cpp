#include "rules/sigma/sigma_encodings.hpp"

#include <cstdint>

#include "stdlib/base64.hpp"

namespace scry::sigma {

std::string Base64(std::string_view bytes) {
  std::string out;
  AppendBase64(out, bytes);
  return out;
}

std::vector<std::string> Base64Offsets(std::string_view value) {
  // Python slicing: start (0, 2, 3); end (None, -3, -2) picked by (len + offset) % 3.
  static constexpr int kStart[3] = {0, 2, 3};
  static constexpr int kEnd[3] = {0, -3, -2};  // 0 means "to the end"
  std::vector<std::string> out;
  for (int offset = 0; offset < 3; ++offset) {
    std::string padded(static_cast<size_t>(offset), ' ');
    padded += value;
    std::string encoded = Base64(padded);
    int size = static_cast<int>(encoded.size());
    int begin = std::min(kStart[offset], size);
    int end = kEnd[(value.size() + offset) % 3];
    end = end == 0 ? size : std::max(size + end, 0);
    out.push_back(end > begin ? encoded.substr(begin, end - begin) : std::string());
  }
  return out;
}

namespace {

// Decodes one UTF-8 sequence at `i`; invalid bytes stand for themselves (Latin-1), so that
// nothing is dropped.
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) {
    return static_cast<uint8_t>(text[k]);
  };
  uint8_t b = byte(i);
  size_t length = b < 0x80           ? 1
                  : (b >> 5) == 0x6  ? 2
                  : (b >> 4) == 0xE  ? 3
                  : (b >> 3) == 0x1E ? 4
                                     : 0;
  if (length <= 1 || i + length > text.size()) {
    ++i;
    return b;
  }
  uint32_t code = b & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return b;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return code;
}

void AppendUnit(std::string& out, uint16_t unit, bool big_endian) {
  char high = static_cast<char>(unit >> 8);
  char low = static_cast<char>(unit & 0xFF);
  out += big_endian ? high : low;
  out += big_endian ? low : high;
}

bool IsWordByte(char c) {
  auto b = static_cast<unsigned char>(c);
  // Python's \b is Unicode-aware: any non-ASCII byte belongs to a letter here.
  return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_'
         || b >= 0x80;
}

}  // namespace

std::string Utf16(std::string_view utf8, bool big_endian, bool bom) {
  std::string out;
  if (bom) {
    out += "\xFF\xFE";
  }
  for (size_t i = 0; i < utf8.size();) {
    uint32_t code = NextCodePoint(utf8, i);
    if (code >= 0x10000) {
      code -= 0x10000;
      AppendUnit(out, static_cast<uint16_t>(0xD800 + (code >> 10)), big_endian);
      AppendUnit(out, static_cast<uint16_t>(0xDC00 + (code & 0x3FF)), big_endian);
    } else {
      AppendUnit(out, static_cast<uint16_t>(code), big_endian);
    }
  }
  return out;
}

std::vector<std::string> WindowsDashVariants(std::string_view text) {
  static const char* const kDashes[] = {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"};
  std::vector<size_t> positions;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = text[i] == '-' || text[i] == '/';
    bool starts_word = i + 1 < text.size() && IsWordByte(text[i + 1]);
    bool after_non_word = i == 0 || !IsWordByte(text[i - 1]);
    if (dash && starts_word && after_non_word) {
      positions.push_back(i);
    }
  }
  std::vector<std::string> variants = {""};
  size_t last = 0;
  for (size_t position : positions) {
    std::string_view between = text.substr(last, position - last);
    std::vector<std::string> next;
    for (const std::string& prefix : variants) {
      for (const char* dash : kDashes) {
        next.push_back(prefix + std::string(between) + dash);
      }
    }
    variants = std::move(next);
    last = position + 1;
  }
  for (std::string& variant : variants) {
    variant += text.substr(last);
  }
  return variants;
}

}  // namespace scry::sigma
