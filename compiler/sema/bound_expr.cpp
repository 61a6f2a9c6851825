#include "compiler/sema/bound_expr.hpp"

namespace scry::compiler {

bool BoundExpr::is_condition() const {
  switch (kind) {
    case BoundKind::kAnd:
    case BoundKind::kOr:
    case BoundKind::kNot:
    case BoundKind::kExists:
    case BoundKind::kCompare:
    case BoundKind::kStringMatch:
    case BoundKind::kRegexMatch:
    case BoundKind::kInSet:
    case BoundKind::kInDynamic:
      return true;
    default:
      return false;
  }
}

BoundExprPtr MakeBound(BoundKind kind, Type type, lang::SourceSpan span) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = kind;
  expr->type = type;
  expr->span = span;
  return expr;
}

BoundExprPtr CloneBound(const BoundExpr& expr) {
  auto copy = std::make_unique<BoundExpr>();
  copy->kind = expr.kind;
  copy->type = expr.type;
  copy->span = expr.span;
  copy->index = expr.index;
  copy->op = expr.op;
  copy->case_insensitive = expr.case_insensitive;
  copy->match_all = expr.match_all;
  copy->patterns = expr.patterns;
  copy->folded_patterns = expr.folded_patterns;
  copy->objects = expr.objects;
  copy->function = expr.function;
  for (const auto& child : expr.children) {
    copy->children.push_back(CloneBound(*child));
  }
  return copy;
}

const char* BoundKindName(BoundKind kind) {
  switch (kind) {
    case BoundKind::kConstant:
      return "constant";
    case BoundKind::kField:
      return "field";
    case BoundKind::kColumn:
      return "column";
    case BoundKind::kAnd:
      return "and";
    case BoundKind::kOr:
      return "or";
    case BoundKind::kNot:
      return "not";
    case BoundKind::kExists:
      return "exists";
    case BoundKind::kCompare:
      return "compare";
    case BoundKind::kStringMatch:
      return "string_match";
    case BoundKind::kRegexMatch:
      return "regex_match";
    case BoundKind::kInSet:
      return "in_set";
    case BoundKind::kInDynamic:
      return "in_dynamic";
    case BoundKind::kArith:
      return "arith";
    case BoundKind::kNegate:
      return "negate";
    case BoundKind::kCall:
      return "call";
    case BoundKind::kMakeList:
      return "make_list";
    case BoundKind::kAllValues:
      return "all_values";
  }
  return "?";
}

}  // namespace scry::compiler
