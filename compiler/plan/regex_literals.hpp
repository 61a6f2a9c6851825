// The literal text every match of a regular expression contains, for the literal prefilter.
//
// `(?s)^.*ipconfig.*\|.*find.*$` can only match a text containing "ipconfig", "|" and "find";
// `\\(certutil|bitsadmin)\.exe` one containing "\certutil.exe" or "\bitsadmin.exe"... at
// least "certutil" or "bitsadmin" and ".exe". The analysis reads RE2 syntax conservatively:
// whatever it does not understand (inline flags that change case mid-pattern, \Q...\E) makes
// it answer "nothing known" for the whole pattern, never a literal the regex does not need.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scry::compiler {

/// All of these clauses hold for a matching text; a clause holds if the text contains one of
/// its strings. Strings are folded (FoldCase) when the regex is case-insensitive (`matches~`
/// or a leading `(?i)`), as written otherwise. nullopt: nothing known.
std::optional<std::vector<std::vector<std::string>>> RegexRequiredLiterals(std::string_view pattern,
                                                                           bool case_insensitive);

}  // namespace scry::compiler
