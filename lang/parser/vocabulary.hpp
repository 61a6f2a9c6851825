// The words of the language as the lexer spells them, for tools that suggest text to a person
// (the REPL's tab completion). Read from the generated lexer, so a keyword added to the grammar
// is offered without being listed again anywhere.
#pragma once

#include <string>
#include <vector>

namespace scry::lang {

/// Every keyword and word operator (`where`, `summarize`, `contains_cs`, `!startswith`, `in~`),
/// sorted and without duplicates; punctuation (`|`, `==`) is left out.
std::vector<std::string> KeywordSpellings();

}  // namespace scry::lang
