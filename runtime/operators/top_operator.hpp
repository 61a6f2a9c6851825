// TopOperator (`top N by key [asc|desc]`): keeps the N best rows by the key while reading, and
// emits them best first. Nulls rank last either way; equal keys keep input order, so the result
// is that of `sort key | head N`.
#pragma once

#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/kept_rows.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class TopOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  TopOperator(OperatorContext& ctx, const compiler::TopStep& step, uint32_t column_capacity,
              RowOperator& next)
      : ctx_(ctx), step_(step), kept_(ctx.field_count, column_capacity), next_(next) {}

  bool Push(Row& row) override;
  void Finish() override;

 private:
  bool Better(const Value& key, uint64_t sequence, const KeptRows::Entry& than) const;

  OperatorContext& ctx_;
  const compiler::TopStep& step_;
  KeptRows kept_;
  std::vector<size_t> heap_;  // entry indices, the worst kept row on top
  uint64_t seen_ = 0;
  RowOperator& next_;
};

}  // namespace scry::runtime
