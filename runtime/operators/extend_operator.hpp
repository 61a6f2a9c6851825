// ExtendOperator (`extend`): computes columns into the row, in order, so a column can use the
// ones before it.
#pragma once

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class ExtendOperator final : public RowOperator {
 public:
  ExtendOperator(OperatorContext& ctx, const compiler::ExtendStep& step, uint32_t output_width,
                 RowOperator& next)
      : ctx_(ctx), step_(step), output_width_(output_width), next_(next) {}

  bool Push(Row& row) override {
    for (const auto& column : step_.columns) {
      Value value;
      ctx_.program.Evaluate(column.value, row.view(), ctx_.eval, &value);
      row.columns[column.column] = value;
    }
    row.column_count = output_width_;
    return next_.Push(row);
  }
  void Finish() override { next_.Finish(); }

 private:
  OperatorContext& ctx_;
  const compiler::ExtendStep& step_;
  uint32_t output_width_;
  RowOperator& next_;
};

}  // namespace scry::runtime
