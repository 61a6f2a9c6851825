// ProjectOperator (`project`): turns each row into a record of the listed columns.
#pragma once

#include <algorithm>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class ProjectOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  ProjectOperator(OperatorContext& ctx, const compiler::ProjectStep& step, uint32_t column_capacity,
                  RowOperator& next)
      : ctx_(ctx), step_(step), column_capacity_(column_capacity), next_(next) {}

  bool Push(Row& row) override {
    auto width = static_cast<uint32_t>(step_.values.size());
    Value* columns = ctx_.eval.arena->AllocateArray<Value>(std::max(width, column_capacity_));
    for (uint32_t i = 0; i < width; ++i) {
      ctx_.program.Evaluate(step_.values[i], row.view(), ctx_.eval, &columns[i]);
    }
    Row record;
    record.columns = columns;
    record.column_count = width;
    return next_.Push(record);
  }
  void Finish() override { next_.Finish(); }

 private:
  OperatorContext& ctx_;
  const compiler::ProjectStep& step_;
  uint32_t column_capacity_;
  RowOperator& next_;
};

}  // namespace scry::runtime
