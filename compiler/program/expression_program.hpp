// ExpressionProgram: evaluates a plan's expressions. Two implementations share this interface:
// JitProgram (native code from LLVM ORC) and ReferenceProgram (walks the bound tree), so the
// runtime and the tests can run either and compare.
#pragma once

#include <cstdint>

#include "compiler/plan/plan.hpp"
#include "stdlib/eval_context.hpp"
#include "stdlib/value.hpp"

namespace scry::compiler {

/// The row an expression reads: the event's extracted fields (null for records) and the
/// row's computed columns.
struct RowView {
  const Value* fields = nullptr;
  const Value* columns = nullptr;
};

class ExpressionProgram {
 public:
  virtual ~ExpressionProgram() = default;
  /// Evaluates condition `expr` (an expression with is_condition()).
  virtual bool Test(ExprIndex expr, const RowView& row, EvalContext& ctx) const = 0;
  /// Evaluates value `expr` into `out`; strings may point into the row or ctx.arena.
  virtual void Evaluate(ExprIndex expr, const RowView& row, EvalContext& ctx, Value* out) const = 0;
};

enum class Backend { kJit, kReference };

}  // namespace scry::compiler
