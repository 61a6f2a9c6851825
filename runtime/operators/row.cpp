#include "runtime/operators/row.hpp"

#include <algorithm>

#include "stdlib/value_copy.hpp"

namespace scry::runtime {

Row RowStore::Copy(const Row& row, uint32_t column_capacity) {
  Row copy;
  copy.raw = arena_.Copy(row.raw);
  if (row.fields != nullptr) {
    Value* fields = arena_.AllocateArray<Value>(field_count_);
    for (uint32_t i = 0; i < field_count_; ++i) {
      fields[i] = CopyValue(row.fields[i], arena_);
    }
    copy.fields = fields;
  }
  copy.column_count = row.column_count;
  copy.columns = arena_.AllocateArray<Value>(std::max(row.column_count, column_capacity));
  for (uint32_t i = 0; i < row.column_count; ++i) {
    copy.columns[i] = CopyValue(row.columns[i], arena_);
  }
  return copy;
}

}  // namespace scry::runtime
