// SortOperator (`sort a desc, b`): holds every row, then emits them ordered by the keys.
// The order is stable and total (stdlib OrderValues); nulls come last in either direction.
#pragma once

#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class SortOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  SortOperator(OperatorContext& ctx, const compiler::SortStep& step, uint32_t column_capacity,
               RowOperator& next)
      : ctx_(ctx),
        step_(step),
        column_capacity_(column_capacity),
        next_(next),
        store_(ctx.field_count) {}

  bool Push(Row& row) override;
  void Finish() override;

 private:
  struct Held {
    Row row;
    Value* keys;
  };
  OperatorContext& ctx_;
  const compiler::SortStep& step_;
  uint32_t column_capacity_;
  RowOperator& next_;
  RowStore store_;
  std::vector<Held> rows_;
};

}  // namespace scry::runtime
