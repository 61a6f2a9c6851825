// Constant folding: a node whose inputs are all constants is evaluated once, at compile time,
// by the reference evaluator, so `lower("ABC")`, `1h + 5m` and lets built from functions cost
// nothing per event.
#include <fmt/format.h>

#include "compiler/reference/reference_evaluator.hpp"
#include "compiler/sema/expr_binder.hpp"

namespace scry::compiler {

BoundExprPtr ExprBinder::Fold(BoundExprPtr expr) {
  switch (expr->kind) {
    case BoundKind::kConstant:
    case BoundKind::kField:
    case BoundKind::kColumn:
    case BoundKind::kExists:
    case BoundKind::kAllValues:  // no children, yet it depends on the event
      return expr;
    case BoundKind::kCall:
      if (!expr->function->pure) {
        return expr;
      }
      break;
    default:
      break;
  }
  for (const auto& child : expr->children) {
    if (!child->is_constant()) {
      return expr;
    }
  }
  Arena arena;
  EvalContext eval;
  eval.arena = &arena;
  ReferenceEvaluator evaluator(ctx_.plan.constants);
  Value result = evaluator.Evaluate(*expr, RowView{}, eval);
  if (eval.data_errors > 0) {
    ctx_.diagnostics.Warning(expr->span, "this expression has invalid input and is always null");
  }
  Type type = result.is_null() ? expr->type : TypeOfValue(result);
  if (expr->type.kind == TypeKind::kRegex) {
    type = expr->type;
  }
  return MakeConstant(result, type, expr->span);
}

}  // namespace scry::compiler
