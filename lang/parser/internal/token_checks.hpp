// Checks on the token stream before parsing: lexical errors and nesting depth.
//
// Lexical errors (an unterminated string, `5min`, a stray `#`) are reported here, once, and
// the bad token is rewritten into one the grammar accepts (or hidden), so the parser does
// not add a second, vaguer message about the same text. The nesting check keeps hostile
// input such as a thousand `(` from exhausting the stack in ANTLR's recursive descent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"

namespace scry::lang::internal {

/// One lexer token, as plain data: the generated lexer's type and a byte range of the Source.
struct ScannedToken {
  size_t type = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool hidden = false;    // the parser must not see it
  bool reported = false;  // an error about it was reported; later stages stay quiet
};

void CheckTokens(const Source& source, std::vector<ScannedToken>& tokens,
                 DiagnosticList& diagnostics);

/// Depth counts open brackets plus runs of prefix operators (`not not ...`, `- - ...`).
/// Reports the first token past `limit` and returns false.
bool CheckNesting(const Source& source, const std::vector<ScannedToken>& tokens, size_t limit,
                  DiagnosticList& diagnostics);

/// Whether tokens[index] is a closing bracket with no opener of its kind before it.
bool ClosesNothing(const std::vector<ScannedToken>& tokens, size_t index);

}  // namespace scry::lang::internal
