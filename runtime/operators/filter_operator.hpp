// FilterOperator (`where`): passes the rows its condition holds for.
#pragma once

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class FilterOperator final : public RowOperator {
 public:
  FilterOperator(OperatorContext& ctx, const compiler::FilterStep& step, RowOperator& next)
      : ctx_(ctx), condition_(step.condition), next_(next) {}

  bool Push(Row& row) override {
    if (!ctx_.program.Test(condition_, row.view(), ctx_.eval)) {
      return true;
    }
    return next_.Push(row);
  }
  void Finish() override { next_.Finish(); }

 private:
  OperatorContext& ctx_;
  compiler::ExprIndex condition_;
  RowOperator& next_;
};

}  // namespace scry::runtime
