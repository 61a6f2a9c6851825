// OperatorChain: the running form of a plan pipeline, one operator per step, ending in a sink.
#pragma once

#include <memory>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class OperatorChain {
 public:
  /// `pipeline` and `ctx` must outlive the chain.
  OperatorChain(const compiler::Pipeline& pipeline, OperatorContext& ctx, RowOperator& sink);

  RowOperator& head() { return *head_; }
  /// Columns an event row needs room for: the widest layout any step gives event rows.
  uint32_t event_column_capacity() const { return event_column_capacity_; }

 private:
  std::vector<std::unique_ptr<RowOperator>> operators_;
  RowOperator* head_;
  uint32_t event_column_capacity_ = 0;
};

}  // namespace scry::runtime
