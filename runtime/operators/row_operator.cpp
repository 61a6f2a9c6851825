#include "runtime/operators/row_operator.hpp"

#include "runtime/event/all_values.hpp"

namespace scry::runtime {

bool PushHeldRow(OperatorContext& ctx, RowOperator& next, Row& row) {
  ctx.eval.arena->Reset();
  PointAtEvent(ctx.eval, row.raw);
  return next.Push(row);
}

}  // namespace scry::runtime
