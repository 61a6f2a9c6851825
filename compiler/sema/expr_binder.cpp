#include "compiler/sema/expr_binder.hpp"

#include <fmt/format.h>

#include "lang/base/spelling_suggestion.hpp"
#include "stdlib/arithmetic.hpp"
#include "stdlib/net_value.hpp"
#include "stdlib/timestamp.hpp"

namespace scry::compiler {

using lang::SourceSpan;
namespace ast = lang::ast;

namespace {

bool IsConditionType(const Type& type) {
  return type.kind == TypeKind::kBool || type.kind == TypeKind::kDynamic
         || type.kind == TypeKind::kNull;
}

}  // namespace

Type TypeOfValue(const Value& value) {
  switch (value.kind) {
    case ValueKind::kNull:
      return Type::Of(TypeKind::kNull);
    case ValueKind::kBool:
      return Type::Of(TypeKind::kBool);
    case ValueKind::kInt:
      return Type::Of(TypeKind::kInt);
    case ValueKind::kFloat:
      return Type::Of(TypeKind::kFloat);
    case ValueKind::kString:
      return Type::Of(TypeKind::kString);
    case ValueKind::kTimestamp:
      return Type::Of(TypeKind::kTimestamp);
    case ValueKind::kDuration:
      return Type::Of(TypeKind::kDuration);
    case ValueKind::kIp:
      return Type::Of(TypeKind::kIp);
    case ValueKind::kCidr:
      return Type::Of(TypeKind::kCidr);
    case ValueKind::kRegex:
      return Type::Of(TypeKind::kRegex);
    case ValueKind::kObject:
      return Type::Dynamic();
    case ValueKind::kList: {
      if (value.len == 0) {
        return Type::ListOf(TypeKind::kDynamic);
      }
      TypeKind element = TypeOfValue(value.items[0]).kind;
      for (uint32_t i = 1; i < value.len; ++i) {
        if (TypeOfValue(value.items[i]).kind != element) {
          element = TypeKind::kDynamic;
        }
      }
      return Type::ListOf(element == TypeKind::kList ? TypeKind::kDynamic : element);
    }
  }
  return Type::Dynamic();
}

void ExprBinder::Error(SourceSpan span, std::string message) {
  ctx_.diagnostics.Error(span, std::move(message));
}

BoundExprPtr ExprBinder::MakeConstant(const Value& value, Type type, SourceSpan span) {
  auto node = MakeBound(BoundKind::kConstant, type, span);
  node->index = ctx_.plan.constants.AddValue(value);
  return node;
}

BoundExprPtr ExprBinder::Bind(const ast::Expr& expr) {
  struct Visitor {
    ExprBinder& self;
    SourceSpan span;
    BoundExprPtr operator()(const ast::Literal& n) { return self.BindLiteral(n, span); }
    BoundExprPtr operator()(const ast::FieldPath& n) { return self.BindName(n, span); }
    BoundExprPtr operator()(const ast::ListExpr& n) { return self.BindList(n, span); }
    BoundExprPtr operator()(const ast::Unary& n) { return self.BindUnary(n, span); }
    BoundExprPtr operator()(const ast::Binary& n) { return self.BindBinary(n, span); }
    BoundExprPtr operator()(const ast::Call& n) { return self.BindCall(n, span); }
  };
  return std::visit(Visitor{*this, expr.span}, expr.node);
}

BoundExprPtr ExprBinder::BindCondition(const ast::Expr& expr, std::string_view what) {
  BoundExprPtr bound = Bind(expr);
  if (bound && (bound->kind == BoundKind::kArith || bound->kind == BoundKind::kNegate)) {
    // Arithmetic on a field has no static type (dynamic), but it never gives a bool: as a
    // condition it would silently be false for every event.
    Error(expr.span, fmt::format("{} needs a condition (a bool), got the result of arithmetic "
                                 "(a number or a time)",
                                 what));
    return nullptr;
  }
  if (bound && !IsConditionType(bound->type)) {
    Error(expr.span,
          fmt::format("{} needs a condition (a bool), got {}", what, TypeName(bound->type)));
    return nullptr;
  }
  return bound;
}

BoundExprPtr ExprBinder::BindLiteral(const ast::Literal& literal, SourceSpan span) {
  using Kind = ast::Literal::Kind;
  switch (literal.kind) {
    case Kind::kNull:
      return MakeConstant(Value::Null(), Type::Of(TypeKind::kNull), span);
    case Kind::kBool:
      return MakeConstant(Value::Bool(literal.bool_value), Type::Of(TypeKind::kBool), span);
    case Kind::kInt:
      return MakeConstant(Value::Int(literal.int_value), Type::Of(TypeKind::kInt), span);
    case Kind::kFloat:
      return MakeConstant(Value::Float(literal.float_value), Type::Of(TypeKind::kFloat), span);
    case Kind::kString:
      return MakeConstant(Value::String(literal.text), Type::Of(TypeKind::kString), span);
    case Kind::kRegex:
      // Compiled where it is used: `matches` and `matches_cs` compile it differently.
      return MakeConstant(Value::String(literal.text), Type::Of(TypeKind::kRegex), span);
    case Kind::kDuration:
      return MakeConstant(Value::Duration(literal.int_value), Type::Of(TypeKind::kDuration), span);
    case Kind::kTimestamp: {
      auto ns = ParseTimestamp(literal.text);
      if (!ns) {
        Error(span, fmt::format("invalid timestamp '{}'", literal.text));
        return nullptr;
      }
      return MakeConstant(Value::Timestamp(*ns), Type::Of(TypeKind::kTimestamp), span);
    }
    case Kind::kIp: {
      auto ip = ParseIp(literal.text);
      if (!ip) {
        Error(span, fmt::format("invalid IP address '{}'", literal.text));
        return nullptr;
      }
      Arena scratch;  // the pool copies the value
      Value value = IpValue(*ip, scratch);
      return MakeConstant(value, Type::Of(TypeKind::kIp), span);
    }
    case Kind::kCidr: {
      auto range = ParseCidr(literal.text);
      if (!range) {
        Error(span, fmt::format("invalid CIDR range '{}'", literal.text));
        return nullptr;
      }
      Arena scratch;
      Value value = CidrValue(*range, scratch);
      return MakeConstant(value, Type::Of(TypeKind::kCidr), span);
    }
  }
  return nullptr;
}

BoundExprPtr ExprBinder::BindAllValues(SourceSpan span) {
  switch (scope_.mode()) {
    case NameScope::Mode::kConstants:
      Error(span,
            "'*' is not a constant: it reads every value of the event, and a let can only "
            "use literals, functions and other lets");
      return nullptr;
    case NameScope::Mode::kRecords:
      Error(span,
            "'*' reads every value of the event, which is gone after 'project' or "
            "'summarize'; use it before them");
      return nullptr;
    case NameScope::Mode::kEvents:
      break;
  }
  return MakeBound(BoundKind::kAllValues, Type::ListOf(TypeKind::kDynamic), span);
}

BoundExprPtr ExprBinder::BindName(const ast::FieldPath& path, SourceSpan span) {
  if (path.IsAllValues()) {
    return BindAllValues(span);
  }
  std::string dotted = path.Dotted();
  if (path.segments.size() == 1) {
    if (LetTable::Entry* let = ctx_.lets.Find(path.segments[0])) {
      return BindLet(*let, span);
    }
  }
  switch (scope_.mode()) {
    case NameScope::Mode::kConstants:
      Error(span, fmt::format("'{}' is not a constant: a let can only use literals, functions "
                              "and other lets",
                              dotted));
      return nullptr;
    case NameScope::Mode::kEvents: {
      if (auto column = scope_.FindColumn(dotted)) {
        auto node = MakeBound(BoundKind::kColumn, Type::Dynamic(), span);
        node->index = *column;
        return node;
      }
      auto node = MakeBound(BoundKind::kField, Type::Dynamic(), span);
      node->index = ctx_.plan.fields.Intern(path.segments);
      return node;
    }
    case NameScope::Mode::kRecords: {
      if (auto column = scope_.FindColumn(dotted)) {
        auto node = MakeBound(BoundKind::kColumn, Type::Dynamic(), span);
        node->index = *column;
        return node;
      }
      std::string available;
      for (const auto& column : scope_.columns()) {
        available += (available.empty() ? "" : ", ") + column;
      }
      ctx_.diagnostics.Add(
          lang::Diagnostic::Error(span, fmt::format("unknown column '{}'{}", dotted,
                                                    lang::DidYouMean(dotted, scope_.columns())))
              .WithNote(fmt::format("after 'project' or 'summarize' only their columns exist: {}",
                                    available)));
      return nullptr;
    }
  }
  return nullptr;
}

BoundExprPtr ExprBinder::BindLet(LetTable::Entry& let, SourceSpan span) {
  using State = LetTable::Entry::State;
  switch (let.state) {
    case State::kFailed:
      Error(span, fmt::format("cannot use let '{}': it has errors", let.decl->name));
      return nullptr;
    case State::kBinding:
      Error(span, fmt::format("let '{}' refers to itself", let.decl->name));
      return nullptr;
    case State::kUnbound: {
      let.state = State::kBinding;
      NameScope constants = NameScope::Constants();
      ExprBinder binder(ctx_, constants);
      BoundExprPtr value = binder.Bind(*let.decl->value);
      if (value && !value->is_constant()) {
        Error(let.decl->value->span,
              fmt::format("the value of let '{}' must be known before running; `now()` and "
                          "fields cannot be used",
                          let.decl->name));
        value = nullptr;
      }
      if (!value) {
        let.state = State::kFailed;
        return nullptr;
      }
      let.state = State::kBound;
      let.constant = value->index;
      let.type = value->type;
      break;
    }
    case State::kBound:
      break;
  }
  auto node = MakeBound(BoundKind::kConstant, let.type, span);
  node->index = let.constant;
  return node;
}

BoundExprPtr ExprBinder::BindList(const ast::ListExpr& list, SourceSpan span) {
  std::vector<BoundExprPtr> items;
  bool all_constant = true;
  bool ok = true;
  for (const auto& item : list.items) {
    BoundExprPtr bound = Bind(*item);
    if (!bound) {
      ok = false;
      continue;
    }
    if (bound->type.kind == TypeKind::kList) {
      Error(item->span, "lists cannot contain lists");
      ok = false;
      continue;
    }
    all_constant = all_constant && bound->is_constant();
    items.push_back(std::move(bound));
  }
  if (!ok) {
    return nullptr;
  }
  if (all_constant) {
    std::vector<Value> values;
    for (const auto& item : items) {
      values.push_back(ctx_.plan.constants.value(item->index));
    }
    Value list_value = Value::List(values.data(), static_cast<uint32_t>(values.size()));
    return MakeConstant(list_value, TypeOfValue(list_value), span);
  }
  auto node = MakeBound(BoundKind::kMakeList, Type::ListOf(TypeKind::kDynamic), span);
  node->children = std::move(items);
  return node;
}

BoundExprPtr ExprBinder::BindUnary(const ast::Unary& unary, SourceSpan span) {
  switch (unary.op) {
    case ast::UnaryOp::kNot: {
      BoundExprPtr operand = BindCondition(*unary.operand, "'not'");
      if (!operand) {
        return nullptr;
      }
      auto node = MakeBound(BoundKind::kNot, Type::Of(TypeKind::kBool), span);
      node->children.push_back(std::move(operand));
      return Fold(std::move(node));
    }
    case ast::UnaryOp::kNegate: {
      BoundExprPtr operand = Bind(*unary.operand);
      if (!operand) {
        return nullptr;
      }
      TypeKind kind = operand->type.kind;
      if (kind != TypeKind::kInt && kind != TypeKind::kFloat && kind != TypeKind::kDuration
          && kind != TypeKind::kDynamic && kind != TypeKind::kNull) {
        Error(unary.operand->span,
              fmt::format("cannot negate a value of type {}", TypeName(operand->type)));
        return nullptr;
      }
      auto node = MakeBound(BoundKind::kNegate, operand->type, span);
      node->children.push_back(std::move(operand));
      return Fold(std::move(node));
    }
    case ast::UnaryOp::kExists: {
      BoundExprPtr operand = Bind(*unary.operand);
      if (!operand) {
        return nullptr;
      }
      if (operand->kind != BoundKind::kField && operand->kind != BoundKind::kColumn) {
        Error(unary.operand->span, "'exists' needs a field name, not a constant");
        return nullptr;
      }
      auto node = MakeBound(BoundKind::kExists, Type::Of(TypeKind::kBool), span);
      node->children.push_back(std::move(operand));
      return node;
    }
  }
  return nullptr;
}

BoundExprPtr ExprBinder::BindBinary(const ast::Binary& binary, SourceSpan span) {
  switch (binary.op) {
    case ast::BinaryOp::kAnd:
    case ast::BinaryOp::kOr:
      return BindLogical(binary, span);
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub:
    case ast::BinaryOp::kMul:
    case ast::BinaryOp::kDiv:
    case ast::BinaryOp::kMod:
      return BindArithmetic(binary, span);
    default:
      return BindComparison(binary, span);
  }
}

BoundExprPtr ExprBinder::BindLogical(const ast::Binary& binary, SourceSpan span) {
  const char* name = binary.op == ast::BinaryOp::kAnd ? "'and'" : "'or'";
  BoundExprPtr lhs = BindCondition(*binary.lhs, name);
  BoundExprPtr rhs = BindCondition(*binary.rhs, name);
  if (!lhs || !rhs) {
    return nullptr;
  }
  BoundKind kind = binary.op == ast::BinaryOp::kAnd ? BoundKind::kAnd : BoundKind::kOr;
  auto node = MakeBound(kind, Type::Of(TypeKind::kBool), span);
  // Flatten chains (a and b and c) into one n-ary node: shorter trees, simpler code.
  for (BoundExprPtr* side : {&lhs, &rhs}) {
    if ((*side)->kind == kind) {
      for (auto& child : (*side)->children) {
        node->children.push_back(std::move(child));
      }
    } else {
      node->children.push_back(std::move(*side));
    }
  }
  return Fold(std::move(node));
}

BoundExprPtr ExprBinder::BindArithmetic(const ast::Binary& binary, SourceSpan span) {
  BoundExprPtr lhs = Bind(*binary.lhs);
  BoundExprPtr rhs = Bind(*binary.rhs);
  if (!lhs || !rhs) {
    return nullptr;
  }
  std::string op = ast::BinaryOpSpelling(binary);
  TypeKind a = lhs->type.kind;
  TypeKind b = rhs->type.kind;
  auto bad = [&](TypeKind k) {
    return k == TypeKind::kString || k == TypeKind::kBool || k == TypeKind::kList
           || k == TypeKind::kIp || k == TypeKind::kCidr || k == TypeKind::kRegex;
  };
  if (bad(a) || bad(b)) {
    std::string hint = (a == TypeKind::kString || b == TypeKind::kString) && op == "+"
                           ? "; use strcat() to join strings"
                           : "";
    Error(binary.op_span, fmt::format("cannot apply '{}' to {} and {}{}", op, TypeName(lhs->type),
                                      TypeName(rhs->type), hint));
    return nullptr;
  }
  Type result = Type::Dynamic();
  auto is = [](TypeKind k, TypeKind want) {
    return k == want;
  };
  if (a == TypeKind::kNull || b == TypeKind::kNull) {
    result = Type::Of(TypeKind::kNull);
  } else if (a == TypeKind::kDynamic || b == TypeKind::kDynamic) {
    result = Type::Dynamic();
  } else if (is(a, TypeKind::kInt) && is(b, TypeKind::kInt)) {
    result = Type::Of(TypeKind::kInt);
  } else if ((is(a, TypeKind::kInt) || is(a, TypeKind::kFloat))
             && (is(b, TypeKind::kInt) || is(b, TypeKind::kFloat))) {
    result = Type::Of(TypeKind::kFloat);
  } else if (is(a, TypeKind::kTimestamp) && is(b, TypeKind::kDuration)
             && (binary.op == ast::BinaryOp::kAdd || binary.op == ast::BinaryOp::kSub)) {
    result = Type::Of(TypeKind::kTimestamp);
  } else if (is(a, TypeKind::kDuration) && is(b, TypeKind::kTimestamp)
             && binary.op == ast::BinaryOp::kAdd) {
    result = Type::Of(TypeKind::kTimestamp);
  } else if (is(a, TypeKind::kTimestamp) && is(b, TypeKind::kTimestamp)
             && binary.op == ast::BinaryOp::kSub) {
    result = Type::Of(TypeKind::kDuration);
  } else if (is(a, TypeKind::kDuration) && is(b, TypeKind::kDuration)
             && (binary.op == ast::BinaryOp::kAdd || binary.op == ast::BinaryOp::kSub)) {
    result = Type::Of(TypeKind::kDuration);
  } else if (is(a, TypeKind::kDuration) && is(b, TypeKind::kInt)
             && (binary.op == ast::BinaryOp::kMul || binary.op == ast::BinaryOp::kDiv)) {
    // Only whole factors: the stdlib scales durations by integers (a float factor is null).
    result = Type::Of(TypeKind::kDuration);
  } else if (is(a, TypeKind::kInt) && is(b, TypeKind::kDuration)
             && binary.op == ast::BinaryOp::kMul) {
    result = Type::Of(TypeKind::kDuration);
  } else {
    Error(binary.op_span, fmt::format("cannot apply '{}' to {} and {}", op, TypeName(lhs->type),
                                      TypeName(rhs->type)));
    return nullptr;
  }
  ArithOp arith = ArithOp::kAdd;
  switch (binary.op) {
    case ast::BinaryOp::kSub:
      arith = ArithOp::kSub;
      break;
    case ast::BinaryOp::kMul:
      arith = ArithOp::kMul;
      break;
    case ast::BinaryOp::kDiv:
      arith = ArithOp::kDiv;
      break;
    case ast::BinaryOp::kMod:
      arith = ArithOp::kMod;
      break;
    default:
      break;
  }
  auto node = MakeBound(BoundKind::kArith, result, span);
  node->op = static_cast<uint8_t>(arith);
  node->children.push_back(std::move(lhs));
  node->children.push_back(std::move(rhs));
  return Fold(std::move(node));
}

}  // namespace scry::compiler
