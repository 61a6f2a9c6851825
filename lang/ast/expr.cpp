#include "lang/ast/expr.hpp"

#include <utility>

namespace scry::lang::ast {

std::string FieldPath::Dotted() const {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) {
      out += '.';
    }
    out += segments[i];
  }
  return out;
}

std::string BinaryOpSpelling(const Binary& binary) {
  return BinaryOpSpelling(binary.op, binary.case_insensitive, binary.negated);
}

std::string BinaryOpSpelling(BinaryOp op, bool case_insensitive, bool negated) {
  // The word operators are case-insensitive by default; `_cs` marks the sensitive form.
  auto word = [&](std::string base) {
    return (negated ? "!" : "") + base + (case_insensitive ? "" : "_cs");
  };
  switch (op) {
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kEq:
      if (negated) {
        return case_insensitive ? "!~" : "!=";
      }
      return case_insensitive ? "=~" : "==";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kIn:
      return std::string(negated ? "!" : "") + "in" + (case_insensitive ? "~" : "");
    case BinaryOp::kContains:
      return word("contains");
    case BinaryOp::kStartsWith:
      return word("startswith");
    case BinaryOp::kEndsWith:
      return word("endswith");
    case BinaryOp::kMatches:
      return word("matches");
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
  }
  return "?";
}

namespace {

ExprPtr CloneOrNull(const ExprPtr& expr) {
  return expr ? CloneExpr(*expr) : nullptr;
}

std::vector<ExprPtr> CloneAll(const std::vector<ExprPtr>& exprs) {
  std::vector<ExprPtr> out;
  out.reserve(exprs.size());
  for (const auto& e : exprs) {
    out.push_back(CloneOrNull(e));
  }
  return out;
}

struct Cloner {
  ExprPtr operator()(const Literal& n) const { return MakeExpr(n, span); }
  ExprPtr operator()(const FieldPath& n) const { return MakeExpr(n, span); }
  ExprPtr operator()(const ListExpr& n) const {
    return MakeExpr(ListExpr{CloneAll(n.items)}, span);
  }
  ExprPtr operator()(const Unary& n) const {
    return MakeExpr(Unary{n.op, CloneOrNull(n.operand)}, span);
  }
  ExprPtr operator()(const Binary& n) const {
    return MakeExpr(Binary{n.op, n.case_insensitive, n.negated, n.quantifier, CloneOrNull(n.lhs),
                           CloneOrNull(n.rhs), n.op_span},
                    span);
  }
  ExprPtr operator()(const Call& n) const {
    return MakeExpr(Call{n.function, n.function_span, CloneAll(n.args)}, span);
  }
  SourceSpan span;
};

}  // namespace

ExprPtr CloneExpr(const Expr& expr) {
  return std::visit(Cloner{expr.span}, expr.node);
}

}  // namespace scry::lang::ast
