// ExprBinder: AST expression → bound expression (names resolved, types checked).
//
// Type errors are reported here, before anything runs: `lower(42)`, `"a" + 1`,
// `where len(x)`, `x contains 5`, an invalid regex or timestamp literal. Each error is a
// Diagnostic with the span of the offending operand; Bind then returns nullptr and binding
// of the enclosing rule fails, while other rules go on. Calls on constants are folded.
#pragma once

#include <string_view>

#include "compiler/plan/plan.hpp"
#include "compiler/sema/bound_expr.hpp"
#include "compiler/sema/let_table.hpp"
#include "compiler/sema/name_scope.hpp"
#include "lang/ast/expr.hpp"
#include "lang/base/diagnostic.hpp"
#include "stdlib/function_registry.hpp"

namespace scry::compiler {

struct BindContext {
  Plan& plan;
  LetTable& lets;
  lang::DiagnosticList& diagnostics;
  const FunctionRegistry& functions;
};

class ExprBinder {
 public:
  ExprBinder(BindContext& ctx, const NameScope& scope) : ctx_(ctx), scope_(scope) {}

  /// nullptr after reporting an error.
  BoundExprPtr Bind(const lang::ast::Expr& expr);
  /// Binds and checks that the expression can be used as a condition (`what` names the place:
  /// "'where'").
  BoundExprPtr BindCondition(const lang::ast::Expr& expr, std::string_view what);

  /// A constant node for `value` (copied into the plan's pool).
  BoundExprPtr MakeConstant(const Value& value, Type type, lang::SourceSpan span);

 private:
  BoundExprPtr BindLiteral(const lang::ast::Literal& literal, lang::SourceSpan span);
  BoundExprPtr BindName(const lang::ast::FieldPath& path, lang::SourceSpan span);
  BoundExprPtr BindAllValues(lang::SourceSpan span);
  BoundExprPtr BindLet(LetTable::Entry& let, lang::SourceSpan span);
  BoundExprPtr BindList(const lang::ast::ListExpr& list, lang::SourceSpan span);
  BoundExprPtr BindUnary(const lang::ast::Unary& unary, lang::SourceSpan span);
  BoundExprPtr BindBinary(const lang::ast::Binary& binary, lang::SourceSpan span);
  BoundExprPtr BindLogical(const lang::ast::Binary& binary, lang::SourceSpan span);
  BoundExprPtr BindArithmetic(const lang::ast::Binary& binary, lang::SourceSpan span);
  // comparison_binder.cpp
  BoundExprPtr BindComparison(const lang::ast::Binary& binary, lang::SourceSpan span);
  BoundExprPtr BindQuantified(const lang::ast::Binary& binary, BoundExprPtr lhs,
                              lang::SourceSpan span);
  BoundExprPtr BindStringMatch(const lang::ast::Binary& binary, BoundExprPtr lhs, BoundExprPtr rhs,
                               lang::SourceSpan span);
  BoundExprPtr BindRegexMatch(const lang::ast::Binary& binary, BoundExprPtr lhs,
                              const std::vector<Value>& patterns, lang::SourceSpan pattern_span,
                              lang::SourceSpan span);
  BoundExprPtr BindIn(const lang::ast::Binary& binary, BoundExprPtr lhs, BoundExprPtr rhs,
                      lang::SourceSpan span);
  BoundExprPtr BindCompare(const lang::ast::Binary& binary, BoundExprPtr lhs, BoundExprPtr rhs,
                           lang::SourceSpan span);
  // call_binder.cpp
  BoundExprPtr BindCall(const lang::ast::Call& call, lang::SourceSpan span);

  /// Replaces a node whose inputs are all constant by its value (constant_folder.cpp).
  BoundExprPtr Fold(BoundExprPtr expr);

  void Error(lang::SourceSpan span, std::string message);

  BindContext& ctx_;
  const NameScope& scope_;
};

/// The static type of a constant value.
Type TypeOfValue(const Value& value);

}  // namespace scry::compiler
