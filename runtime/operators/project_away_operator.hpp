// ProjectAwayOperator (`project-away a, b`): records lose the named columns; event rows pass
// as they are (their layout's `hidden` tells the writers what to leave out).
#pragma once

#include <algorithm>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class ProjectAwayOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  ProjectAwayOperator(OperatorContext& ctx, const compiler::ProjectAwayStep& step,
                      uint32_t column_capacity, RowOperator& next)
      : ctx_(ctx), step_(step), column_capacity_(column_capacity), next_(next) {}

  bool Push(Row& row) override {
    if (row.is_event()) {
      return next_.Push(row);
    }
    auto width = static_cast<uint32_t>(step_.keep.size());
    Value* columns = ctx_.eval.arena->AllocateArray<Value>(std::max({width, column_capacity_, 1U}));
    for (uint32_t i = 0; i < width; ++i) {
      columns[i] = row.columns[step_.keep[i]];
    }
    Row record;
    record.columns = columns;
    record.column_count = width;
    return next_.Push(record);
  }
  void Finish() override { next_.Finish(); }

 private:
  OperatorContext& ctx_;
  const compiler::ProjectAwayStep& step_;
  uint32_t column_capacity_;
  RowOperator& next_;
};

}  // namespace scry::runtime
