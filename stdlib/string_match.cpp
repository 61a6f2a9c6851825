#include "stdlib/string_match.hpp"

#include <array>
#include <cstring>
#include <optional>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "stdlib/case_fold.hpp"
#include "stdlib/value_compare.hpp"
#include "stdlib/value_format.hpp"

namespace scry {
namespace {

constexpr std::array<unsigned char, 256> kAsciiLower = [] {
  std::array<unsigned char, 256> table{};
  for (unsigned b = 0; b < 256; ++b) {
    table[b] = static_cast<unsigned char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
  }
  return table;
}();

/// `text[0..n)` lowercased equals the already lowercase `folded[0..n)`.
bool AsciiEqualsFolded(const char* text, const char* folded, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (kAsciiLower[static_cast<unsigned char>(text[k])] != static_cast<unsigned char>(folded[k])) {
      return false;
    }
  }
  return true;
}

#if defined(__SSE2__)
// 16 bytes with 'A'..'Z' lowered.
inline __m128i LowerAscii16(const char* p) {
  __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('A' - 1)),
                                _mm_cmplt_epi8(bytes, _mm_set1_epi8('Z' + 1)));
  return _mm_add_epi8(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}
#endif

/// Case-insensitive search of an ASCII pattern in ASCII text, without copying the text. A
/// start is a candidate only where the pattern's first and last bytes both match, tested 16
/// starts at a time; only candidates compare the bytes between. Anchoring on one byte stopped
/// too often whichever byte it was: spaces in command lines, letters in base64.
bool AsciiContainsFolded(std::string_view text, std::string_view pattern) {
  size_t m = pattern.size();
  size_t n = text.size();
  if (m == 0) {
    return true;
  }
  if (m > n) {
    return false;
  }
  const char* t = text.data();
  const char* p = pattern.data();
  auto lowered = [](char c) {
    return static_cast<char>(kAsciiLower[static_cast<uint8_t>(c)]);
  };
  auto matches_at = [&](size_t start) {
    return lowered(t[start]) == p[0] && lowered(t[start + m - 1]) == p[m - 1]
           && AsciiEqualsFolded(t + start + 1, p + 1, m > 2 ? m - 2 : 0);
  };
  size_t starts = n - m + 1;
  size_t start = 0;
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(p[0]);
  const __m128i last = _mm_set1_epi8(p[m - 1]);
  for (; start + 16 <= starts; start += 16) {
    __m128i hits = _mm_and_si128(_mm_cmpeq_epi8(LowerAscii16(t + start), first),
                                 _mm_cmpeq_epi8(LowerAscii16(t + start + m - 1), last));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    while (mask != 0) {
      size_t at = start + static_cast<size_t>(__builtin_ctz(mask));
      if (AsciiEqualsFolded(t + at + 1, p + 1, m > 2 ? m - 2 : 0)) {
        return true;
      }
      mask &= mask - 1;
    }
  }
#endif
  for (; start < starts; ++start) {
    if (matches_at(start)) {
      return true;
    }
  }
  return false;
}

bool MatchBytes(std::string_view text, std::string_view pattern, StringMatchOp op) {
  switch (op) {
    case StringMatchOp::kEquals:
      return text == pattern;
    case StringMatchOp::kContains:
      // The size check also keeps a null `text.data()` away from memmem.
      return pattern.empty()
             || (text.size() >= pattern.size()
                 && memmem(text.data(), text.size(), pattern.data(), pattern.size()) != nullptr);
    case StringMatchOp::kStartsWith:
      return text.starts_with(pattern);
    case StringMatchOp::kEndsWith:
      return text.ends_with(pattern);
  }
  return false;
}

/// The case-insensitive answer when text and pattern are ASCII where it matters, or nullopt
/// when the text must be folded first. Non-ASCII text can fold to ASCII (U+212A KELVIN SIGN
/// to "k"), so only ASCII bytes may be compared in place.
std::optional<bool> MatchAscii(std::string_view text, std::string_view pattern, StringMatchOp op,
                               bool text_known_ascii) {
  auto ascii = [text_known_ascii](std::string_view part) {
    return text_known_ascii || IsAscii(part);
  };
  // Folded ASCII text has no byte a non-ASCII pattern needs. Text known to be ASCII needs no
  // check of the pattern: the byte comparisons below then fail on their own.
  if (!text_known_ascii && !IsAscii(pattern)) {
    return ascii(text) ? std::optional<bool>(false) : std::nullopt;
  }
  size_t m = pattern.size();
  switch (op) {
    case StringMatchOp::kEquals:
      if (!ascii(text)) {
        return std::nullopt;
      }
      return text.size() == m && AsciiEqualsFolded(text.data(), pattern.data(), m);
    case StringMatchOp::kContains:
      if (!ascii(text)) {
        return std::nullopt;
      }
      return AsciiContainsFolded(text, pattern);
    case StringMatchOp::kStartsWith:
      // An ASCII prefix folds to itself, lowercased, whatever follows it.
      if (text.size() < m || !ascii(text.substr(0, m))) {
        return ascii(text) ? std::optional<bool>(false) : std::nullopt;
      }
      return AsciiEqualsFolded(text.data(), pattern.data(), m);
    case StringMatchOp::kEndsWith:
      // ASCII bytes are never part of a longer sequence, so an ASCII suffix also stands alone.
      if (text.size() < m || !ascii(text.substr(text.size() - m))) {
        return ascii(text) ? std::optional<bool>(false) : std::nullopt;
      }
      return AsciiEqualsFolded(text.data() + text.size() - m, pattern.data(), m);
  }
  return false;
}

bool MatchStringText(std::string_view text, bool text_known_ascii, std::string_view folded_pattern,
                     StringMatchOp op, bool case_insensitive) {
  if (!case_insensitive) {
    return MatchBytes(text, folded_pattern, op);
  }
  if (std::optional<bool> answer = MatchAscii(text, folded_pattern, op, text_known_ascii)) {
    return *answer;
  }
  // Rules test one field against many patterns in a row (a Sigma list of 100 homoglyphs), and
  // folding a non-ASCII command line costs far more than comparing it: the last text folded
  // is kept, with its folded form, and reused while the same text comes back.
  thread_local std::string last_text;
  thread_local std::string folded_text;
  if (text.size() != last_text.size() || text != last_text) {
    last_text.assign(text);
    folded_text.clear();
    AppendFoldCase(text, folded_text);
  }
  return MatchBytes(folded_text, folded_pattern, op);
}

template <bool kReference>
bool MatchValue(const Value& value, std::string_view pattern, StringMatchOp op,
                bool case_insensitive) {
  auto match = [&](std::string_view text, bool known_ascii) {
    return kReference ? MatchStringReference(text, pattern, op, case_insensitive)
                      : MatchStringText(text, known_ascii, pattern, op, case_insensitive);
  };
  switch (value.kind) {
    case ValueKind::kNull:
      return false;
    case ValueKind::kString:
      return match(value.as_string(), (value.flags & Value::kAsciiFlag) != 0);
    case ValueKind::kList:
      for (uint32_t k = 0; k < value.len; ++k) {
        if (MatchValue<kReference>(value.items[k], pattern, op, case_insensitive)) {
          return true;
        }
      }
      return false;
    default: {
      if (op == StringMatchOp::kEquals && value.kind != ValueKind::kObject) {
        // Equality keeps the coercions `==` has everywhere: "1" equals 1 and 1.0, "TRUE"
        // equals true, a timestamp or an IP equals its text in any form that parses.
        return CompareValues(value, Value::String(pattern), CompareOp::kEq, case_insensitive);
      }
      if constexpr (kReference) {
        return match(FormatValueText(value), false);
      } else {
        thread_local std::string text;
        text.clear();
        AppendValueText(text, value);
        return match(text, false);
      }
    }
  }
}

}  // namespace

bool MatchString(std::string_view text, std::string_view folded_pattern, StringMatchOp op,
                 bool case_insensitive) {
  return MatchStringText(text, false, folded_pattern, op, case_insensitive);
}

bool MatchStringReference(std::string_view text, std::string_view pattern, StringMatchOp op,
                          bool case_insensitive) {
  std::string t(text);
  std::string p(pattern);
  if (case_insensitive) {
    t = FoldCase(text);
    p = FoldCase(pattern);
  }
  switch (op) {
    case StringMatchOp::kEquals:
      return t == p;
    case StringMatchOp::kContains:
      return t.find(p) != std::string::npos;
    case StringMatchOp::kStartsWith:
      return t.size() >= p.size() && t.compare(0, p.size(), p) == 0;
    case StringMatchOp::kEndsWith:
      return t.size() >= p.size() && t.compare(t.size() - p.size(), p.size(), p) == 0;
  }
  return false;
}

bool MatchStringValue(const Value& value, std::string_view folded_pattern, StringMatchOp op,
                      bool case_insensitive) {
  return MatchValue<false>(value, folded_pattern, op, case_insensitive);
}

bool MatchStringValueReference(const Value& value, std::string_view pattern, StringMatchOp op,
                               bool case_insensitive) {
  return MatchValue<true>(value, pattern, op, case_insensitive);
}

namespace {

template <bool kReference>
bool MatchDynamic(const Value& text, const Value& pattern, StringMatchOp op,
                  bool case_insensitive) {
  if (pattern.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < pattern.len; ++i) {
      if (MatchDynamic<kReference>(text, pattern.items[i], op, case_insensitive)) {
        return true;
      }
    }
    return false;
  }
  if (pattern.is_null()) {
    return false;
  }
  std::string pattern_text = FormatValueText(pattern);
  if (kReference) {
    return MatchStringValueReference(text, pattern_text, op, case_insensitive);
  }
  if (case_insensitive) {
    pattern_text = FoldCase(pattern_text);
  }
  return MatchStringValue(text, pattern_text, op, case_insensitive);
}

}  // namespace

bool MatchStringDynamic(const Value& text, const Value& pattern, StringMatchOp op,
                        bool case_insensitive) {
  return MatchDynamic<false>(text, pattern, op, case_insensitive);
}

bool MatchStringDynamicReference(const Value& text, const Value& pattern, StringMatchOp op,
                                 bool case_insensitive) {
  return MatchDynamic<true>(text, pattern, op, case_insensitive);
}

}  // namespace scry
