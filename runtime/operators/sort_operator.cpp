#include "runtime/operators/sort_operator.hpp"

#include <algorithm>

#include "stdlib/value_compare.hpp"
#include "stdlib/value_copy.hpp"

namespace scry::runtime {

bool SortOperator::Push(Row& row) {
  Held held{store_.Copy(row, column_capacity_),
            store_.arena().AllocateArray<Value>(step_.keys.size())};
  for (size_t i = 0; i < step_.keys.size(); ++i) {
    Value key;
    ctx_.program.Evaluate(step_.keys[i].value, row.view(), ctx_.eval, &key);
    held.keys[i] = CopyValue(key, store_.arena());
  }
  rows_.push_back(held);
  return true;
}

void SortOperator::Finish() {
  std::stable_sort(rows_.begin(), rows_.end(), [&](const Held& a, const Held& b) {
    for (size_t i = 0; i < step_.keys.size(); ++i) {
      const Value& x = a.keys[i];
      const Value& y = b.keys[i];
      if (x.is_null() != y.is_null()) {
        return y.is_null();  // nulls last, whatever the direction
      }
      int order = OrderValues(x, y);
      if (order != 0) {
        return step_.keys[i].descending ? order > 0 : order < 0;
      }
    }
    return false;
  });
  for (Held& held : rows_) {
    if (!PushHeldRow(ctx_, next_, held.row)) {
      break;
    }
  }
  next_.Finish();
}

}  // namespace scry::runtime
