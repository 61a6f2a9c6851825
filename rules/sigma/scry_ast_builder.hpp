// Small constructors for scry syntax trees built from Sigma rules. Every node gets the span of
// the YAML it came from, so the compiler's errors about it point into the rule file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lang/ast/expr.hpp"
#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

/// A field by its dotted name (`process.command_line`), or `*` (all values of the event).
lang::ast::ExprPtr FieldRef(std::string_view dotted, lang::SourceSpan span);
lang::ast::ExprPtr StringLiteral(std::string text, lang::SourceSpan span);
lang::ast::ExprPtr NumberLiteral(const SigmaValue& number, lang::SourceSpan span);
lang::ast::ExprPtr BoolLiteral(bool value, lang::SourceSpan span);
lang::ast::ExprPtr NullLiteral(lang::SourceSpan span);
/// A regex literal; a string literal when the pattern holds both quote characters (the
/// language's regex literals cannot), which `matches` takes as well.
lang::ast::ExprPtr RegexLiteral(std::string pattern, lang::SourceSpan span);
lang::ast::ExprPtr CidrLiteral(std::string text, lang::SourceSpan span);
lang::ast::ExprPtr ListOf(std::vector<lang::ast::ExprPtr> items, lang::SourceSpan span);
lang::ast::ExprPtr CallOf(std::string function, std::vector<lang::ast::ExprPtr> args,
                          lang::SourceSpan span);

lang::ast::ExprPtr Binary(lang::ast::BinaryOp op, bool case_insensitive, bool negated,
                          lang::ast::ExprPtr lhs, lang::ast::ExprPtr rhs, lang::SourceSpan span,
                          lang::ast::Quantifier quantifier = lang::ast::Quantifier::kNone);
lang::ast::ExprPtr Not(lang::ast::ExprPtr operand, lang::SourceSpan span);
lang::ast::ExprPtr ExistsOf(lang::ast::ExprPtr field, lang::SourceSpan span);
/// `a or b or c` (one term: itself).
lang::ast::ExprPtr JoinOr(std::vector<lang::ast::ExprPtr> terms, lang::SourceSpan span);
lang::ast::ExprPtr JoinAnd(std::vector<lang::ast::ExprPtr> terms, lang::SourceSpan span);

}  // namespace scry::sigma
