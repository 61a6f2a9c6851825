#include "compiler/reference/reference_evaluator.hpp"

#include <vector>

#include "stdlib/arithmetic.hpp"
#include "stdlib/native_abi.hpp"
#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"
#include "stdlib/value_set.hpp"

namespace scry::compiler {
bool ReferenceEvaluator::Test(const BoundExpr& expr, const RowView& row, EvalContext& ctx) const {
  switch (expr.kind) {
    case BoundKind::kAnd:
      for (const auto& child : expr.children) {
        if (!Test(*child, row, ctx)) {
          return false;
        }
      }
      return true;
    case BoundKind::kOr:
      for (const auto& child : expr.children) {
        if (Test(*child, row, ctx)) {
          return true;
        }
      }
      return false;
    case BoundKind::kNot:
      return !Test(*expr.children[0], row, ctx);
    case BoundKind::kExists:
      // Present with JSON null counts (Value::kPresentFlag); absent does not.
      return Evaluate(*expr.children[0], row, ctx).exists();
    case BoundKind::kCompare:
      return CompareValues(Evaluate(*expr.children[0], row, ctx),
                           Evaluate(*expr.children[1], row, ctx), static_cast<CompareOp>(expr.op),
                           expr.case_insensitive);
    case BoundKind::kStringMatch:
      return TestStringMatch(expr, row, ctx);
    case BoundKind::kRegexMatch: {
      Value text = Evaluate(*expr.children[0], row, ctx);
      for (uint32_t object : expr.objects) {
        bool matched = MatchRegexValue(text, constants_.regex(object));
        if (matched != expr.match_all) {
          return matched;
        }
      }
      return expr.match_all;
    }
    case BoundKind::kInSet:
      return TestInSet(expr, row, ctx);
    case BoundKind::kInDynamic:
      return InList(Evaluate(*expr.children[0], row, ctx), Evaluate(*expr.children[1], row, ctx),
                    expr.case_insensitive);
    default:
      return IsTruthy(Evaluate(expr, row, ctx));
  }
}

bool ReferenceEvaluator::TestStringMatch(const BoundExpr& expr, const RowView& row,
                                         EvalContext& ctx) const {
  Value text = Evaluate(*expr.children[0], row, ctx);
  auto op = static_cast<StringMatchOp>(expr.op);
  if (expr.children.size() == 2) {
    return MatchStringDynamicReference(text, Evaluate(*expr.children[1], row, ctx), op,
                                       expr.case_insensitive);
  }
  for (const std::string& pattern : expr.patterns) {
    bool matched = MatchStringValueReference(text, pattern, op, expr.case_insensitive);
    if (matched != expr.match_all) {
      return matched;
    }
  }
  return expr.match_all;
}

bool ReferenceEvaluator::TestInSet(const BoundExpr& expr, const RowView& row,
                                   EvalContext& ctx) const {
  // A linear scan over the items, not the hashed ValueSet the JIT uses: the two must agree.
  Value value = Evaluate(*expr.children[0], row, ctx);
  for (const Value& item : constants_.set_items(expr.index)) {
    if (IsMemberOf(value, item, expr.case_insensitive)) {
      return true;
    }
  }
  return false;
}

Value ReferenceEvaluator::Evaluate(const BoundExpr& expr, const RowView& row,
                                   EvalContext& ctx) const {
  switch (expr.kind) {
    case BoundKind::kConstant:
      return constants_.value(expr.index);
    case BoundKind::kField:
      return row.fields != nullptr ? row.fields[expr.index] : Value::Null();
    case BoundKind::kColumn:
      return row.columns != nullptr ? row.columns[expr.index] : Value::Null();
    case BoundKind::kArith:
      return Arithmetic(ctx, static_cast<ArithOp>(expr.op), Evaluate(*expr.children[0], row, ctx),
                        Evaluate(*expr.children[1], row, ctx));
    case BoundKind::kNegate:
      return Negate(ctx, Evaluate(*expr.children[0], row, ctx));
    case BoundKind::kCall:
      return EvaluateCall(expr, row, ctx);
    case BoundKind::kMakeList: {
      Value* items = ctx.arena->AllocateArray<Value>(expr.children.size());
      for (size_t i = 0; i < expr.children.size(); ++i) {
        items[i] = Evaluate(*expr.children[i], row, ctx);
      }
      return Value::List(items, static_cast<uint32_t>(expr.children.size()));
    }
    case BoundKind::kAllValues: {
      // The entry point compiled code calls: collected on first use, once per event.
      Value values;
      scry_all_values(&ctx, &values);
      return values;
    }
    default:
      return Value::Bool(Test(expr, row, ctx));
  }
}

Value ReferenceEvaluator::EvaluateCall(const BoundExpr& expr, const RowView& row,
                                       EvalContext& ctx) const {
  std::vector<Value> args;
  args.reserve(expr.children.size());
  for (const auto& child : expr.children) {
    args.push_back(Evaluate(*child, row, ctx));
  }
  std::vector<const Value*> pointers;
  for (const Value& arg : args) {
    pointers.push_back(&arg);
  }
  Value out;
  expr.function->impl(&ctx, pointers.data(), static_cast<uint32_t>(pointers.size()), &out);
  return out;
}

bool ReferenceProgram::Test(ExprIndex expr, const RowView& row, EvalContext& ctx) const {
  return evaluator_.Test(*plan_.expressions[expr], row, ctx);
}

void ReferenceProgram::Evaluate(ExprIndex expr, const RowView& row, EvalContext& ctx,
                                Value* out) const {
  *out = evaluator_.Evaluate(*plan_.expressions[expr], row, ctx);
}

}  // namespace scry::compiler
