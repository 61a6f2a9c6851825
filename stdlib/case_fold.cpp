#include "stdlib/case_fold.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "stdlib/internal/case_tables.hpp"
#include "stdlib/internal/utf8.hpp"

namespace scry {
namespace {

char AsciiLower(unsigned char b) {
  return static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
}

/// True when folding the unit at `pos` changes it; `size` receives its length.
bool FoldChanges(std::string_view text, size_t pos, size_t* size) {
  auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    *size = 1;
    return b >= 'A' && b <= 'Z';
  }
  internal::Utf8Unit unit = internal::DecodeUtf8(text, pos);
  *size = unit.size;
  return unit.code_point != internal::kInvalidUnit
         && internal::LowerNonAscii(unit.code_point) != unit.code_point;
}

}  // namespace

bool MayFoldToAscii(std::string_view text) {
  // tests/unit/stdlib/case_fold_test.cpp checks these are all there are, against the table.
  return std::any_of(std::begin(kFoldsToAscii), std::end(kFoldsToAscii),
                     [&](std::string_view utf8) { return text.contains(utf8); });
}

bool IsAscii(std::string_view text) {
  // Four words at a time, one test: whole Windows events (1-2 KB) are checked per event.
  const char* p = text.data();
  size_t n = text.size();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    uint64_t words[4];
    std::memcpy(words, p + i, 32);
    if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ull) != 0) {
      return false;
    }
  }
  // The rest (and most patterns and field values, which are short) a word at a time, the
  // last word overlapping the one before rather than going byte by byte.
  if (n - i >= 8) {
    uint64_t bits = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      bits |= word;
    }
    uint64_t tail;
    std::memcpy(&tail, p + n - 8, 8);
    return ((bits | tail) & 0x8080808080808080ull) == 0;
  }
  uint64_t bits = 0;
  for (; i < n; ++i) {
    bits |= static_cast<unsigned char>(p[i]);
  }
  return (bits & 0x80) == 0;
}

void AppendFoldCase(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    // ASCII runs are lowered in bulk: one resize, then a loop the compiler can vectorize.
    size_t run = pos;
    while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80) {
      ++run;
    }
    if (run > pos) {
      size_t start = out.size();
      out.resize(start + (run - pos));
      char* dst = out.data() + start;
      for (size_t k = 0; k < run - pos; ++k) {
        dst[k] = AsciiLower(static_cast<unsigned char>(text[pos + k]));
      }
      pos = run;
      continue;
    }
    internal::Utf8Unit unit = internal::DecodeUtf8(text, pos);
    if (unit.code_point == internal::kInvalidUnit) {
      out.push_back(text[pos]);
    } else {
      internal::AppendUtf8(out, internal::LowerNonAscii(unit.code_point));
    }
    pos += unit.size;
  }
}

std::string FoldCase(std::string_view text) {
  std::string out;
  AppendFoldCase(text, out);
  return out;
}

std::string_view FoldCase(std::string_view text, Arena& arena) {
  size_t pos = 0;
  size_t size = 0;
  while (pos < text.size() && !FoldChanges(text, pos, &size)) {
    pos += size;
  }
  if (pos == text.size()) {
    return text;
  }
  // A folded code point may be longer or shorter than the original (U+023A is 2 bytes, its
  // lowercase 3), so the result is built in a buffer and then copied to its final size.
  thread_local std::string buffer;
  buffer.assign(text.substr(0, pos));
  AppendFoldCase(text.substr(pos), buffer);
  return arena.Copy(buffer);
}

}  // namespace scry
