// SummarizeOperator (`summarize aggs by keys`): groups rows by their key values and emits one
// record per group at the end of input, groups in order of first appearance.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/aggregate_state.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class SummarizeOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  SummarizeOperator(OperatorContext& ctx, const compiler::SummarizeStep& step,
                    uint32_t column_capacity, RowOperator& next);
  ~SummarizeOperator() override;

  bool Push(Row& row) override;
  void Finish() override;

 private:
  struct Group {
    Value* keys;
    std::vector<AggregateState> aggregates;
  };
  struct KeyHash {
    size_t width;
    size_t operator()(const Value* keys) const;
  };
  struct KeyEqual {
    size_t width;
    bool operator()(const Value* a, const Value* b) const;
  };

  OperatorContext& ctx_;
  const compiler::SummarizeStep& step_;
  uint32_t column_capacity_;
  RowOperator& next_;
  Arena arena_{1 << 20};
  std::vector<Value> scratch_keys_;
  std::vector<Group> groups_;
  std::unordered_map<const Value*, size_t, KeyHash, KeyEqual> index_;
};

}  // namespace scry::runtime
