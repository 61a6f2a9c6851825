#include "stdlib/base64.hpp"

#include <array>
#include <cstdint>

namespace scry {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// -1 marks bytes that are in neither alphabet.
constexpr std::array<int8_t, 256> kBase64Values = [] {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (int k = 0; k < 64; ++k) {
    table[static_cast<unsigned char>(kBase64Alphabet[k])] = static_cast<int8_t>(k);
  }
  table['-'] = 62;
  table['_'] = 63;
  return table;
}();

}  // namespace

void AppendBase64(std::string& out, std::string_view bytes) {
  auto byte = [&](size_t k) {
    return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k]));
  };
  size_t k = 0;
  for (; k + 3 <= bytes.size(); k += 3) {
    uint32_t bits = byte(k) << 16 | byte(k + 1) << 8 | byte(k + 2);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out += kBase64Alphabet[(bits >> shift) & 0x3F];
    }
  }
  if (size_t rest = bytes.size() - k; rest > 0) {
    uint32_t bits = byte(k) << 16 | (rest == 2 ? byte(k + 1) << 8 : 0);
    out += kBase64Alphabet[(bits >> 18) & 0x3F];
    out += kBase64Alphabet[(bits >> 12) & 0x3F];
    out += rest == 2 ? kBase64Alphabet[(bits >> 6) & 0x3F] : '=';
    out += '=';
  }
}

bool DecodeBase64(std::string_view text, std::string& out) {
  size_t padding = 0;
  while (padding < 2 && text.size() > padding && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) {
    return false;
  }
  text.remove_suffix(padding);
  if (text.size() % 4 == 1) {
    return false;
  }
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    int8_t value = kBase64Values[static_cast<unsigned char>(c)];
    if (value < 0) {
      return false;
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out += static_cast<char>((bits >> bit_count) & 0xFF);
    }
  }
  return true;
}

}  // namespace scry
