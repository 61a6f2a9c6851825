#include "lang/parser/internal/token_checks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ScryLexer.h"

namespace scry::lang::internal {
namespace {

using scry_grammar::ScryLexer;

bool HasLetter(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

}  // namespace

void CheckTokens(const Source& source, std::vector<ScannedToken>& tokens,
                 DiagnosticList& diagnostics) {
  for (auto& token : tokens) {
    SourceSpan span{&source, token.begin, token.end};
    std::string_view text = span.text();
    switch (token.type) {
      case ScryLexer::UNTERMINATED_STRING:
        diagnostics.Error(span, "unterminated string literal");
        token.type = text.starts_with("re")  ? ScryLexer::REGEX
                     : text.starts_with('r') ? ScryLexer::RAW_STRING
                                             : ScryLexer::STRING;
        token.reported = true;
        break;
      case ScryLexer::UNTERMINATED_NAME:
        diagnostics.Error(span, "unterminated quoted name; close it with '`'");
        token.type = ScryLexer::QUOTED_NAME;
        token.reported = true;
        break;
      case ScryLexer::UNTERMINATED_COMMENT:
        // Only the opening `/*`: the token runs to the end of the file.
        diagnostics.Error({&source, token.begin, token.begin + 2}, "unterminated comment");
        token.hidden = true;
        token.reported = true;
        break;
      case ScryLexer::BAD_NUMBER:
        if (HasLetter(text)) {
          diagnostics.Error(span, fmt::format("invalid number '{}'; a duration takes one of the "
                                              "units ns, us, ms, s, m, h, d, w",
                                              text));
        } else {
          diagnostics.Error(span, fmt::format("invalid number '{}'", text));
        }
        token.type = ScryLexer::INT;
        token.reported = true;
        break;
      case ScryLexer::HASH_COMMENT:
        diagnostics.Error({&source, token.begin, token.begin + 1},
                          "'#' does not start a comment; write // for a comment");
        token.hidden = true;
        token.reported = true;
        break;
      case ScryLexer::ERROR_CHAR:
        diagnostics.Error(span, fmt::format("unexpected character '{}'", text));
        token.hidden = true;
        token.reported = true;
        break;
      default:
        break;
    }
  }
}

bool CheckNesting(const Source& source, const std::vector<ScannedToken>& tokens, size_t limit,
                  DiagnosticList& diagnostics) {
  size_t brackets = 0;
  size_t prefix_run = 0;
  for (const auto& token : tokens) {
    if (token.hidden) {
      continue;
    }
    switch (token.type) {
      case ScryLexer::LPAREN:
      case ScryLexer::LBRACKET:
      case ScryLexer::BANG_LBRACKET:
        ++brackets;
        prefix_run = 0;
        break;
      case ScryLexer::RPAREN:
      case ScryLexer::RBRACKET:
        brackets = brackets > 0 ? brackets - 1 : 0;
        prefix_run = 0;
        break;
      case ScryLexer::NOT:
      case ScryLexer::MINUS:
        ++prefix_run;
        break;
      default:
        prefix_run = 0;
        break;
    }
    if (brackets + prefix_run > limit) {
      diagnostics.Error(
          {&source, token.begin, token.end},
          fmt::format("expression is nested too deeply (the limit is {} levels)", limit));
      return false;
    }
  }
  return true;
}

bool ClosesNothing(const std::vector<ScannedToken>& tokens, size_t index) {
  if (index >= tokens.size()) {
    return false;
  }
  size_t close = tokens[index].type;
  size_t open = close == ScryLexer::RPAREN     ? ScryLexer::LPAREN
                : close == ScryLexer::RBRACKET ? ScryLexer::LBRACKET
                : close == ScryLexer::RBRACE   ? ScryLexer::LBRACE
                                               : 0;
  long depth = 0;
  for (size_t i = 0; i < index; ++i) {
    // `![` opens what `]` closes, like `[`.
    bool opens = tokens[i].type == open
                 || (open == ScryLexer::LBRACKET && tokens[i].type == ScryLexer::BANG_LBRACKET);
    if (!tokens[i].hidden && opens) {
      ++depth;
    } else if (!tokens[i].hidden && tokens[i].type == close) {
      --depth;
    }
  }
  return open != 0 && depth <= 0;
}

}  // namespace scry::lang::internal
