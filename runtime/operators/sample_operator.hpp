// SampleOperator (`sample N [seed S]`): a uniform random sample of N rows (reservoir sampling,
// Algorithm R), emitted in input order. The random numbers come from a SplitMix64 generator
// seeded with S (a fixed default without `seed`), so the same rows in the same order give the
// same sample on every run and with any number of threads.
#pragma once

#include <cstdint>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/kept_rows.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class SampleOperator final : public RowOperator {
 public:
  /// `column_capacity`: the columns later steps need room for (row.hpp).
  SampleOperator(OperatorContext& ctx, const compiler::SampleStep& step, uint32_t column_capacity,
                 RowOperator& next)
      : ctx_(ctx),
        count_(step.count),
        state_(step.seed),
        kept_(ctx.field_count, column_capacity),
        next_(next) {}

  bool Push(Row& row) override;
  void Finish() override;

 private:
  uint64_t NextRandom();

  OperatorContext& ctx_;
  int64_t count_;
  uint64_t state_;  // SplitMix64
  KeptRows kept_;
  uint64_t seen_ = 0;
  RowOperator& next_;
};

}  // namespace scry::runtime
