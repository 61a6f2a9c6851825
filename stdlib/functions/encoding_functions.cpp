// Encoding functions: base64_decode, base64_encode, url_decode, url_encode. All apply
// element-wise to lists. Decoded bytes are returned as they are, even when not UTF-8 (a
// PowerShell -EncodedCommand decodes to UTF-16LE).
#include <array>
#include <string>

#include "stdlib/base64.hpp"
#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"
#include "stdlib/hex_digit.hpp"

namespace scry {
namespace {

using functions::ApplyElementwise;
using functions::ArenaString;
using functions::ArgText;

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
    thread_local std::string buffer;
    buffer.clear();
    AppendBase64(buffer, *ArgText(c, v));
    *o = ArenaString(c, buffer);
  });
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
      if (text[k] == '%' && k + 2 < text.size() && (high = HexDigitValue(text[k + 1])) >= 0
          && (low = HexDigitValue(text[k + 2])) >= 0) {
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
