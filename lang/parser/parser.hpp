// The scry parser: source text to syntax tree (lang/ast), with user-facing syntax errors.
//
// Each function parses a whole Source and collects every problem it finds (syntax errors,
// bad literals, unknown operators) into `diagnostics`, sorted by position, rather than
// stopping at the first. The result is returned only when there was no error. Spans in the
// tree point into `source`, which must outlive it.
//
// Hostile input is bounded: brackets and prefix operators may nest at most
// kMaxNestingDepth levels and a finished expression tree at most kMaxExpressionDepth, so
// neither parsing nor later recursive passes can exhaust the stack.
#pragma once

#include <cstddef>
#include <optional>

#include "lang/ast/expr.hpp"
#include "lang/ast/module.hpp"
#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"

namespace scry::lang {

inline constexpr size_t kMaxNestingDepth = 100;
inline constexpr size_t kMaxExpressionDepth = 1000;

/// A .scry file: `let`, `rule` and `source` declarations.
/// Returns nullopt if there was any syntax error; all errors found are in `diagnostics`.
std::optional<ast::Module> ParseModule(const Source& source, DiagnosticList& diagnostics);

/// A query as typed on the command line: `let`s, then a pipeline that may omit `from`
/// and may start with `|`.
std::optional<ast::Query> ParseQuery(const Source& source, DiagnosticList& diagnostics);

/// A single expression (used by tests and tools).
std::optional<ast::ExprPtr> ParseExpression(const Source& source, DiagnosticList& diagnostics);

}  // namespace scry::lang
