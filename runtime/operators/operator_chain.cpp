#include "runtime/operators/operator_chain.hpp"

#include "runtime/operators/extend_operator.hpp"
#include "runtime/operators/filter_operator.hpp"
#include "runtime/operators/head_operator.hpp"
#include "runtime/operators/project_away_operator.hpp"
#include "runtime/operators/project_operator.hpp"
#include "runtime/operators/sample_operator.hpp"
#include "runtime/operators/sort_operator.hpp"
#include "runtime/operators/summarize_operator.hpp"
#include "runtime/operators/tail_operator.hpp"
#include "runtime/operators/timechart_operator.hpp"
#include "runtime/operators/top_operator.hpp"

namespace scry::runtime {

OperatorChain::OperatorChain(std::span<const compiler::PlanStep> steps, OperatorContext& ctx,
                             RowOperator& sink)
    : head_(&sink) {
  for (const compiler::PlanStep& step : steps) {
    if (step.output.event_rows) {
      event_column_capacity_ =
          std::max(event_column_capacity_, static_cast<uint32_t>(step.output.columns.size()));
    }
  }
  // Built back to front: each operator is given the one after it, and the operators that make
  // column arrays the widest layout from their step on, for the `extend`s after them.
  uint32_t column_capacity = 0;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    const compiler::PlanStep& step = *it;
    column_capacity = std::max(column_capacity, static_cast<uint32_t>(step.output.columns.size()));
    RowOperator& next = *head_;
    std::unique_ptr<RowOperator> op = std::visit(
        [&](const auto& s) -> std::unique_ptr<RowOperator> {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, compiler::FilterStep>) {
            return std::make_unique<FilterOperator>(ctx, s, next);
          } else if constexpr (std::is_same_v<T, compiler::ExtendStep>) {
            return std::make_unique<ExtendOperator>(
                ctx, s, static_cast<uint32_t>(step.output.columns.size()), next);
          } else if constexpr (std::is_same_v<T, compiler::ProjectStep>) {
            return std::make_unique<ProjectOperator>(ctx, s, column_capacity, next);
          } else if constexpr (std::is_same_v<T, compiler::SummarizeStep>) {
            return std::make_unique<SummarizeOperator>(ctx, s, column_capacity, next);
          } else if constexpr (std::is_same_v<T, compiler::SortStep>) {
            return std::make_unique<SortOperator>(ctx, s, column_capacity, next);
          } else if constexpr (std::is_same_v<T, compiler::HeadStep>) {
            return std::make_unique<HeadOperator>(s.count, next);
          } else if constexpr (std::is_same_v<T, compiler::TailStep>) {
            return std::make_unique<TailOperator>(ctx, s.count, column_capacity, next);
          } else if constexpr (std::is_same_v<T, compiler::TopStep>) {
            return std::make_unique<TopOperator>(ctx, s, column_capacity, next);
          } else if constexpr (std::is_same_v<T, compiler::SampleStep>) {
            return std::make_unique<SampleOperator>(ctx, s, column_capacity, next);
          } else if constexpr (std::is_same_v<T, compiler::ProjectAwayStep>) {
            return std::make_unique<ProjectAwayOperator>(ctx, s, column_capacity, next);
          } else {
            return std::make_unique<TimechartOperator>(ctx, s, column_capacity, next);
          }
        },
        step.step);
    head_ = op.get();
    operators_.push_back(std::move(op));
  }
}

}  // namespace scry::runtime
