#include "runtime/operators/timechart_operator.hpp"

#include <algorithm>

namespace scry::runtime {

bool TimechartOperator::Push(Row& row) {
  std::optional<int64_t> time = time_.Read(row.fields);
  if (!time) {
    return true;
  }
  Value key;
  if (step_.key) {
    ctx_.program.Evaluate(*step_.key, row.view(), ctx_.eval, &key);
  }
  counts_.Add(*time, key, ctx_.sequence);
  return true;
}

void TimechartOperator::Finish() {
  uint32_t width = step_.key ? 3 : 2;
  counts_.ForEach([&](int64_t bucket, const Value& key, uint64_t count) {
    ctx_.eval.arena->Reset();
    Value* columns = ctx_.eval.arena->AllocateArray<Value>(std::max({width, column_capacity_, 1U}));
    uint32_t column = 0;
    columns[column++] = Value::Timestamp(bucket);
    if (step_.key) {
      columns[column++] = key;
    }
    columns[column++] = Value::Int(static_cast<int64_t>(count));
    Row record;
    record.columns = columns;
    record.column_count = width;
    return next_.Push(record);
  });
  next_.Finish();
}

}  // namespace scry::runtime
