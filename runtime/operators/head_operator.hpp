// HeadOperator (`head N`): passes the first N rows, then asks for no more input.
#pragma once

#include <cstdint>

#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

class HeadOperator final : public RowOperator {
 public:
  HeadOperator(int64_t count, RowOperator& next) : remaining_(count), next_(next) {}

  bool Push(Row& row) override {
    if (remaining_ <= 0) {
      return false;
    }
    --remaining_;
    bool more = next_.Push(row);
    return more && remaining_ > 0;
  }
  void Finish() override { next_.Finish(); }

 private:
  int64_t remaining_;
  RowOperator& next_;
};

}  // namespace scry::runtime
