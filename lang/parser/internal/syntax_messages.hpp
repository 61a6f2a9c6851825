// The words of syntax errors: what a user reads instead of ANTLR's "mismatched input".
//
// The parser glue collects plain facts about an error (the token found, the one before it,
// the token types that would have been accepted) and this turns them into a sentence such as
// "expected an expression after 'where'". Also the "unknown ...; did you mean ...?" messages
// for the grammar's error productions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scry::lang::internal {

struct SyntaxErrorFacts {
  size_t found_type = 0;  // a ScryLexer token type, or antlr4::Token::EOF
  std::string found_text;
  bool found_unmatched = false;      // a closing bracket that closes nothing
  size_t previous_type = 0;          // the token before; 0 at the start of the input
  std::string previous_text;         // "" at the start of the input
  bool in_declaration_body = false;  // directly inside `rule x { ... }` or `source`
  struct Expected {
    size_t type = 0;
    std::string literal;  // the fixed spelling, quoted ("'|'"), or "" for IDENT, INT, ...
  };
  std::vector<Expected> expected;  // tokens accepted here; empty when unknown
};

std::string SyntaxErrorMessage(const SyntaxErrorFacts& facts);

/// `x contians "y"`: an identifier (or `!word`) where a binary operator belongs.
std::string UnknownOperatorMessage(std::string_view word);

/// `| wher x`: an identifier where a pipeline operator belongs.
std::string UnknownStageMessage(std::string_view word);

/// `window slidng 5m`: an identifier where the window kind belongs.
std::string UnknownWindowKindMessage(std::string_view word);
/// `window 5m`: no kind at all.
std::string MissingWindowKindMessage();
/// `window session by user`: a kind and no duration after it.
std::string MissingWindowSizeMessage(std::string_view kind);
/// `sequence within 5m ...`: no `by` list.
std::string MissingSequenceByMessage();
/// `until [a] [b]`: a second step after `until`.
std::string StepAfterUntilMessage();

}  // namespace scry::lang::internal
