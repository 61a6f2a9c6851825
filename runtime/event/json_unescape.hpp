// Reading JSON string literals straight from the record bytes.
//
// The field extractor decodes strings itself instead of through simdjson: a string without
// escapes is then returned as a view into the record (no copy), and a lone UTF-16 surrogate
// (`"\ud83d"`, which Windows event logs can contain) becomes U+FFFD instead of failing the
// whole record. Both functions work on the bytes between the quotes.
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace scry::runtime {

struct JsonStringExtent {
  const char* end = nullptr;  // the closing quote, or nullptr if `limit` came first
  bool has_escapes = false;   // the body holds at least one backslash escape
  bool ascii = true;          // the body's bytes are all ASCII (escapes may still decode to more)
};

namespace internal {

// The first '"' or '\\' in [p, limit), or `limit`; sets `non_ascii` if a byte before it is
// not ASCII (the string values of most events are, and case-insensitive matching of ASCII text
// is much cheaper: noting it here saves a second pass). SSE2 is part of x86-64 itself, so this
// needs no runtime dispatch; it may read up to 15 bytes past `limit`.
inline const char* FindQuoteOrBackslash(const char* p, const char* limit, bool& non_ascii) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (p < limit) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash))));
    auto high = static_cast<unsigned>(_mm_movemask_epi8(chunk));
    if (mask != 0) {
      unsigned at = static_cast<unsigned>(__builtin_ctz(mask));
      non_ascii = non_ascii || (high & ((1u << at) - 1)) != 0;
      const char* hit = p + at;
      return hit < limit ? hit : limit;
    }
    non_ascii = non_ascii || high != 0;
    p += 16;
  }
  return limit;
#else
  while (p < limit && *p != '"' && *p != '\\') {
    non_ascii = non_ascii || static_cast<unsigned char>(*p) >= 0x80;
    ++p;
  }
  return p;
#endif
}

}  // namespace internal

/// Finds the closing quote of the string whose body starts at `begin` (just past the opening
/// quote), looking no further than `limit`. May read up to kJsonPadding bytes past `limit`.
/// Inline: it runs for every key and string value of every event.
inline JsonStringExtent ScanJsonString(const char* begin, const char* limit) {
  JsonStringExtent extent;
  bool non_ascii = false;
  const char* p = begin;
  for (;;) {
    p = internal::FindQuoteOrBackslash(p, limit, non_ascii);
    if (p >= limit) {
      return extent;
    }
    if (*p == '"') {
      extent.end = p;
      extent.ascii = !non_ascii;
      return extent;
    }
    extent.has_escapes = true;
    p += 2;  // the backslash and the byte it escapes, which may be a quote
  }
}

/// Decodes the escapes of the string body `raw` into `out`, which must have room for
/// raw.size() bytes (decoding never grows a string). Returns the decoded length, or the offset
/// within `raw` of an invalid escape sequence.
std::expected<size_t, size_t> UnescapeJsonString(std::string_view raw, char* out);

}  // namespace scry::runtime
