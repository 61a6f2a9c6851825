// TailOperator (`tail N`): keeps the last N rows seen, and emits them in input order at the end.
#pragma once

#include <cstdint>

#include "runtime/operators/kept_rows.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class TailOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  TailOperator(OperatorContext& ctx, int64_t count, uint32_t column_capacity, RowOperator& next)
      : ctx_(ctx), count_(count), kept_(ctx.field_count, column_capacity), next_(next) {}

  bool Push(Row& row) override;
  void Finish() override;

 private:
  OperatorContext& ctx_;
  int64_t count_;
  KeptRows kept_;  // a ring: row `seen_` goes to slot seen_ % count_
  uint64_t seen_ = 0;
  RowOperator& next_;
};

}  // namespace scry::runtime
