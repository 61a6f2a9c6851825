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

  /// Whether summaries of parts of the input merge (every aggregate Mergeable).
  static bool Mergeable(const compiler::SummarizeStep& step);
  /// For a parallel scan: adds the groups another operator made of its share of the input
  /// (fed by the same steps). Groups are then emitted in order of first appearance in the
  /// input (OperatorContext::sequence).
  void Merge(const SummarizeOperator& other);

 private:
  struct Group {
    Value* keys;
    std::vector<AggregateState> aggregates;
    uint64_t first_seen = 0;
  };
  size_t FindOrAddGroup(const Value* keys, uint64_t sequence);
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
  bool merged_ = false;
};

}  // namespace scry::runtime
