// TimechartOperator (`timechart <span> [by key]`): counts events per bucket of event time (the
// first usual timestamp field present, as EventTimeReader reads it) and key, and at the end
// emits a record (time, [key,] count) for every bucket from the first to the last. Events
// without a readable time are not counted.
#pragma once

#include "compiler/plan/plan.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/operators/row_operator.hpp"
#include "runtime/operators/timechart_counts.hpp"

namespace scry::runtime {

class TimechartOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  TimechartOperator(OperatorContext& ctx, const compiler::TimechartStep& step,
                    uint32_t column_capacity, RowOperator& next)
      : ctx_(ctx),
        step_(step),
        time_(step.time_slots),
        counts_(step.span_ns),
        column_capacity_(column_capacity),
        next_(next) {}

  bool Push(Row& row) override;
  void Finish() override;

  /// For a parallel scan: adds the counts another operator made of its share of the input.
  void Merge(const TimechartOperator& other) { counts_.Merge(other.counts_); }

 private:
  OperatorContext& ctx_;
  const compiler::TimechartStep& step_;
  EventTimeReader time_;
  TimechartCounts counts_;
  uint32_t column_capacity_;
  RowOperator& next_;
};

}  // namespace scry::runtime
