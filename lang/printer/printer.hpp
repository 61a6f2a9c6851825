// The printer: syntax tree back to canonical scry text.
//
// Used by `scry fmt`-style tools, by the Sigma importer to emit rules, and by tests to check
// that parse(print(ast)) equals ast for everything the parser accepts. The output is
// canonical, so printing a parsed file normalizes its layout:
//   - two-space indentation inside `rule`/`source` bodies, one metadata entry per line, a
//     blank line between the metadata and the pipeline, each `| op` on its own line;
//   - the fewest parentheses precedence allows;
//   - an `and`/`or` chain that would pass column 100 continues on new lines indented four
//     spaces deeper, one operand per line; a long list wraps its items the same way;
//   - a `sequence` keeps its header on one line and puts each step on a line of its own, two
//     spaces deeper than the keyword; a step too long for one line has its stages one per line
//     after the `[`;
//   - strings with a backslash (and no quote or control character) print raw, `r"C:\x"`;
//     others are escaped; durations print in compound form (`1h30m`).
#pragma once

#include <string>

#include "lang/ast/expr.hpp"
#include "lang/ast/module.hpp"

namespace scry::lang {

/// A whole file; ends with a newline.
std::string PrintModule(const ast::Module& module);
/// `let`s, then the pipeline; ends with a newline.
std::string PrintQuery(const ast::Query& query);
/// The pipeline alone, lines separated by newlines, no trailing newline.
std::string PrintPipeline(const ast::Pipeline& pipeline);
/// One expression, laid out as if it started at column 0.
std::string PrintExpr(const ast::Expr& expr);

}  // namespace scry::lang
