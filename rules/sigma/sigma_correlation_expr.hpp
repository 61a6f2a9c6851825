// The string condition of temporal correlations (`failed_login and not successful_login`), the
// extension of Sigma 2.2 that pySigma 1.x implements (sigma-spec.md 5.3), parsed into a tree.
//
// Grammar, as pySigma's: identifiers `[A-Za-z_][A-Za-z0-9_]*` (rule names: a UUID cannot be
// written here), the lower-case words `and`, `or`, `not` with precedence not > and > or, and
// parentheses. Upper-case operators, which the draft's example uses and pySigma rejects, are
// rejected with advice, as in detection conditions.
#pragma once

#include <expected>
#include <string_view>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

/// Parses `text`, the value of the YAML scalar at `span`. Each node's span is its operator or
/// identifier in the file when the YAML text is the condition character for character (else
/// the whole scalar); an error points the same way. `rule_index` is left 0.
std::expected<CorrelationExpr, lang::Diagnostic> ParseCorrelationExpr(std::string_view text,
                                                                      lang::SourceSpan span);

}  // namespace scry::sigma
