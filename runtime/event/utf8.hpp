// UTF-8 validation helpers for text that comes from untrusted events.
//
// Records may hold any bytes; JSON output (dead letters, event printing) must still be valid
// UTF-8, and error messages should point at the first bad byte. The rules are those of the
// Unicode standard (Table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string_view>

namespace scry::runtime {

/// The length (1 to 4) of the well-formed UTF-8 sequence starting at `text[0]`, or 0 if the
/// bytes there are not one (also 0 for empty input).
size_t Utf8SequenceLength(std::string_view text);

/// The offset of the first byte that is not part of a well-formed sequence, or npos.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace scry::runtime
