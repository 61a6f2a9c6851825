// The reference evaluator: the definition of what a bound expression means.
//
// It walks the bound tree and calls the stdlib's semantic functions, choosing the plain
// variants where there are two (naive case-folded string matching; a linear scan instead of
// the hashed ValueSet), so that comparing it with the JIT checks the fast paths too. It is
// also the compiler's constant folder. Speed is not a goal here; clarity is.
#pragma once

#include "compiler/plan/constant_pool.hpp"
#include "compiler/program/expression_program.hpp"
#include "compiler/sema/bound_expr.hpp"
#include "stdlib/eval_context.hpp"
#include "stdlib/value.hpp"

namespace scry::compiler {

class ReferenceEvaluator {
 public:
  explicit ReferenceEvaluator(const ConstantPool& constants) : constants_(constants) {}

  bool Test(const BoundExpr& expr, const RowView& row, EvalContext& ctx) const;
  Value Evaluate(const BoundExpr& expr, const RowView& row, EvalContext& ctx) const;

 private:
  bool TestStringMatch(const BoundExpr& expr, const RowView& row, EvalContext& ctx) const;
  bool TestInSet(const BoundExpr& expr, const RowView& row, EvalContext& ctx) const;
  Value EvaluateCall(const BoundExpr& expr, const RowView& row, EvalContext& ctx) const;

  const ConstantPool& constants_;
};

/// Runs a Plan's expressions with the ReferenceEvaluator.
class ReferenceProgram : public ExpressionProgram {
 public:
  explicit ReferenceProgram(const Plan& plan) : plan_(plan), evaluator_(plan.constants) {}
  bool Test(ExprIndex expr, const RowView& row, EvalContext& ctx) const override;
  void Evaluate(ExprIndex expr, const RowView& row, EvalContext& ctx, Value* out) const override;

 private:
  const Plan& plan_;
  ReferenceEvaluator evaluator_;
};

}  // namespace scry::compiler
