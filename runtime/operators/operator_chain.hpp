// OperatorChain: the running form of a plan pipeline, one operator per step, ending in a sink.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class OperatorChain {
 public:
  /// `pipeline` and `ctx` must outlive the chain.
  OperatorChain(const compiler::Pipeline& pipeline, OperatorContext& ctx, RowOperator& sink)
      : OperatorChain(pipeline.steps, ctx, sink) {}
  /// Some of a pipeline's steps (a parallel scan splits them between threads).
  OperatorChain(std::span<const compiler::PlanStep> steps, OperatorContext& ctx, RowOperator& sink);

  RowOperator& head() { return *head_; }
  /// The operator of the last step (the one before the sink); null without steps.
  RowOperator* last_step() { return operators_.empty() ? nullptr : operators_.front().get(); }
  /// Columns an event row needs room for: the widest layout any step gives event rows.
  uint32_t event_column_capacity() const { return event_column_capacity_; }

 private:
  std::vector<std::unique_ptr<RowOperator>> operators_;
  RowOperator* head_;
  uint32_t event_column_capacity_ = 0;
};

}  // namespace scry::runtime
