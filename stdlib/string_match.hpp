// The string operators of the language: equals, contains, startswith, endswith, each
// case-sensitive or case-insensitive.
//
// For case-insensitive matching the pattern is folded once at compile time (FoldCase) and
// passed folded; the text is folded as it is matched. MatchString is the fast path compiled
// code calls; MatchStringReference is a deliberately plain version (fold everything, then
// compare) that the reference evaluator uses, so tests cross-check the two.
#pragma once

#include <cstdint>
#include <string_view>

#include "stdlib/eval_context.hpp"
#include "stdlib/value.hpp"

namespace scry {

enum class StringMatchOp : uint8_t { kEquals, kContains, kStartsWith, kEndsWith };

/// `folded_pattern` must already be folded when `case_insensitive`.
bool MatchString(std::string_view text, std::string_view folded_pattern, StringMatchOp op,
                 bool case_insensitive);
bool MatchStringReference(std::string_view text, std::string_view pattern, StringMatchOp op,
                          bool case_insensitive);

/// The operator applied to a value, as the language defines it:
/// - a string is matched directly;
/// - a list matches if any element matches;
/// - null never matches;
/// - other scalars (int, float, bool, timestamp, ip, ...) are matched by their text form
///   (FormatValueText), except kEquals, which compares as `==` does (CompareValues with the
///   pattern as a string: "1" equals 1 and 1.0, "TRUE" equals true).
bool MatchStringValue(const Value& value, std::string_view folded_pattern, StringMatchOp op,
                      bool case_insensitive);
bool MatchStringValueReference(const Value& value, std::string_view pattern, StringMatchOp op,
                               bool case_insensitive);

/// `text op pattern` where the pattern is computed per event (`CommandLine contains Image`):
/// the pattern's text form (FormatValueText), folded here when case-insensitive; a list pattern
/// matches if any element does; a null pattern never matches.
bool MatchStringDynamic(const Value& text, const Value& pattern, StringMatchOp op,
                        bool case_insensitive);
bool MatchStringDynamicReference(const Value& text, const Value& pattern, StringMatchOp op,
                                 bool case_insensitive);

}  // namespace scry
