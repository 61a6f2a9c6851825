#include "runtime/operators/top_operator.hpp"

#include <algorithm>

#include "stdlib/value_compare.hpp"

namespace scry::runtime {

bool TopOperator::Better(const Value& key, uint64_t sequence, const KeptRows::Entry& than) const {
  if (key.is_null() != than.key.is_null()) {
    return than.key.is_null();
  }
  int order = OrderValues(key, than.key);
  if (order != 0) {
    return step_.descending ? order > 0 : order < 0;
  }
  return sequence < than.sequence;
}

bool TopOperator::Push(Row& row) {
  uint64_t sequence = seen_++;
  if (step_.count <= 0) {
    return true;
  }
  Value key;
  ctx_.program.Evaluate(step_.key, row.view(), ctx_.eval, &key);
  auto& entries = kept_.entries();
  // A max-heap under "better": its top is the kept row every other one beats.
  auto worse_on_top = [&](size_t a, size_t b) {
    return Better(entries[a].key, entries[a].sequence, entries[b]);
  };
  if (entries.size() < static_cast<uint64_t>(step_.count)) {
    kept_.Add(row, key, sequence);
    heap_.push_back(entries.size() - 1);
    std::push_heap(heap_.begin(), heap_.end(), worse_on_top);
    return true;
  }
  if (!Better(key, sequence, entries[heap_.front()])) {
    return true;
  }
  std::pop_heap(heap_.begin(), heap_.end(), worse_on_top);
  kept_.Replace(heap_.back(), row, key, sequence);
  std::push_heap(heap_.begin(), heap_.end(), worse_on_top);
  return true;
}

void TopOperator::Finish() {
  auto& entries = kept_.entries();
  std::sort(entries.begin(), entries.end(),
            [&](const KeptRows::Entry& a, const KeptRows::Entry& b) {
              return Better(a.key, a.sequence, b);
            });
  for (KeptRows::Entry& entry : entries) {
    if (!PushHeldRow(ctx_, next_, entry.row)) {
      break;
    }
  }
  next_.Finish();
}

}  // namespace scry::runtime
