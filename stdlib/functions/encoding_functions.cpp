// Encoding functions: base64_decode, base64_encode, url_decode, url_encode. All apply
// element-wise to lists. Decoded bytes are returned as they are, even when not UTF-8 (a
// PowerShell -EncodedCommand decodes to UTF-16LE).
#include <array>
#include <string>

#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"

namespace scry {
namespace {

using functions::ApplyElementwise;
using functions::ArenaString;
using functions::ArgText;

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Both the standard and the URL-safe alphabet decode, in any mix; -1 marks other bytes.
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

/// Padding is optional, but when present it must complete the last quantum.
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

void Base64Decode(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    thread_local std::string buffer;
    buffer.clear();
    if (DecodeBase64(*ArgText(c, v), buffer)) {
      *o = ArenaString(c, buffer);
    } else {
      functions::DataError(c, o);
    }
  });
}

void Base64Encode(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    thread_local std::string buffer;
    buffer.clear();
    size_t k = 0;
    for (; k + 3 <= text.size(); k += 3) {
      uint32_t bits = static_cast<unsigned char>(text[k]) << 16
                      | static_cast<unsigned char>(text[k + 1]) << 8
                      | static_cast<unsigned char>(text[k + 2]);
      for (int shift = 18; shift >= 0; shift -= 6) {
        buffer += kBase64Alphabet[(bits >> shift) & 0x3F];
      }
    }
    if (size_t rest = text.size() - k; rest > 0) {
      uint32_t bits = static_cast<unsigned char>(text[k]) << 16;
      if (rest == 2) {
        bits |= static_cast<unsigned char>(text[k + 1]) << 8;
      }
      buffer += kBase64Alphabet[(bits >> 18) & 0x3F];
      buffer += kBase64Alphabet[(bits >> 12) & 0x3F];
      buffer += rest == 2 ? kBase64Alphabet[(bits >> 6) & 0x3F] : '=';
      buffer += '=';
    }
    *o = ArenaString(c, buffer);
  });
}

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

/// RFC 3986 percent-decoding: '+' stays '+'. A malformed escape ("%zz", a trailing "%4") is
/// kept as written, because a detection rule should still see the rest of a hostile URL.
void UrlDecode(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    if (text.find('%') == std::string_view::npos) {
      *o = Value::String(text);
      return;
    }
    thread_local std::string buffer;
    buffer.clear();
    for (size_t k = 0; k < text.size(); ++k) {
      int high = 0;
      int low = 0;
      if (text[k] == '%' && k + 2 < text.size() && (high = HexValue(text[k + 1])) >= 0
          && (low = HexValue(text[k + 2])) >= 0) {
        buffer += static_cast<char>(high << 4 | low);
        k += 2;
      } else {
        buffer += text[k];
      }
    }
    *o = ArenaString(c, buffer);
  });
}

void UrlEncode(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string_view text = *ArgText(c, v);
    thread_local std::string buffer;
    buffer.clear();
    for (char ch : text) {
      auto b = static_cast<unsigned char>(ch);
      bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                        || b == '-' || b == '_' || b == '.' || b == '~';
      if (unreserved) {
        buffer += ch;
      } else {
        buffer += '%';
        buffer += kHex[b >> 4];
        buffer += kHex[b & 0xF];
      }
    }
    *o = ArenaString(c, buffer);
  });
}

}  // namespace

void RegisterEncodingFunctions(FunctionRegistry& registry) {
  const TypeSet text{TypeKind::kString, TypeKind::kList};
  registry.Register({.name = "base64_decode",
                     .summary = "The bytes a base64 string encodes (standard or URL-safe "
                                "alphabet, padding optional); null if it is not base64.",
                     .params = {{"s", text}},
                     .result = Type::Dynamic(),
                     .impl = Base64Decode,
                     .symbol = "scry_fn_base64_decode"});
  registry.Register({.name = "base64_encode",
                     .summary = "The string in standard base64, padded.",
                     .params = {{"s", text}},
                     .result = Type::Dynamic(),
                     .impl = Base64Encode,
                     .symbol = "scry_fn_base64_encode"});
  registry.Register({.name = "url_decode",
                     .summary = "The string with %XX escapes decoded.",
                     .params = {{"s", text}},
                     .result = Type::Dynamic(),
                     .impl = UrlDecode,
                     .symbol = "scry_fn_url_decode"});
  registry.Register({.name = "url_encode",
                     .summary = "The string with every byte but A-Z a-z 0-9 - _ . ~ as %XX.",
                     .params = {{"s", text}},
                     .result = Type::Dynamic(),
                     .impl = UrlEncode,
                     .symbol = "scry_fn_url_encode"});
}

}  // namespace scry
