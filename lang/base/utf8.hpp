// UTF-8 validity, shared by the parser (ANTLR needs valid input) and the printer (which
// escapes bytes that are not part of a valid sequence so the output stays parseable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scry::lang {

/// The length of the valid UTF-8 sequence starting at text[i], or 0 if none starts there
/// (a stray continuation byte, an overlong form, a surrogate, a value past U+10FFFF).
size_t Utf8SequenceLength(std::string_view text, size_t i);

/// The byte offset of the first invalid UTF-8 sequence, if there is one.
std::optional<uint32_t> FindInvalidUtf8(std::string_view text);

}  // namespace scry::lang
