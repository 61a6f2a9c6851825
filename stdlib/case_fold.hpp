// Case folding for scry's case-insensitive operators (contains, =~, in~, ...).
//
// Folding maps each code point to its simple lowercase form (Unicode simple case mapping), so
// "ÄRGER" and "ärger" fold equal, as do "İ" and "i". ASCII takes a fast path; invalid UTF-8
// bytes are kept as they are. Patterns are folded once at compile time, text per event.
#pragma once

#include <string>
#include <string_view>

#include "stdlib/arena.hpp"

namespace scry {

bool IsAscii(std::string_view text);

/// The UTF-8 of the non-ASCII characters that fold to an ASCII one: U+0130 (İ) folds to "i",
/// U+212A (KELVIN SIGN) to "k"; no other character does.
inline constexpr std::string_view kFoldsToAscii[] = {"\xC4\xB0", "\xE2\x84\xAA"};

/// Whether folding `text` turns one of its non-ASCII characters into an ASCII one (one of
/// kFoldsToAscii is in it). If not, the ASCII characters of the folded text are those of
/// `text`, lowercased, in the same places, which lets an ASCII-only search skip folding.
bool MayFoldToAscii(std::string_view text);

/// The folded form of `text`.
std::string FoldCase(std::string_view text);

/// The folded form of `text`, in `arena` (or `text` itself when folding changes nothing).
std::string_view FoldCase(std::string_view text, Arena& arena);

/// Appends the folded form of `text` to `out`, for callers that reuse one buffer.
void AppendFoldCase(std::string_view text, std::string& out);

}  // namespace scry
