// Unicode simple case mappings for code points outside ASCII, from generated range tables
// (case_tables.cpp, written by gen_case_tables.py).
//
// Tables rather than towlower_l: the pattern is folded at compile time and the text at run time,
// possibly in other processes, so the mapping must not depend on which locales a machine has
// installed, and a binary search over ~200 ranges is cheaper than a locale call per character.
#pragma once

namespace scry::internal {

/// The simple lowercase mapping of `c` (c itself when it has none). For c >= 0x80.
char32_t LowerNonAscii(char32_t c);
/// The simple uppercase mapping of `c` (c itself when it has none). For c >= 0x80.
char32_t UpperNonAscii(char32_t c);

}  // namespace scry::internal
