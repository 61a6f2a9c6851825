#include "runtime/operators/tail_operator.hpp"

namespace scry::runtime {

bool TailOperator::Push(Row& row) {
  if (count_ <= 0) {
    return true;  // reads on: an empty result, yet the input is counted as read
  }
  auto slots = static_cast<uint64_t>(count_);
  if (seen_ < slots) {
    kept_.Add(row, Value{}, seen_);
  } else {
    kept_.Replace(seen_ % slots, row, Value{}, seen_);
  }
  ++seen_;
  return true;
}

void TailOperator::Finish() {
  auto& entries = kept_.entries();
  size_t first = count_ > 0 && seen_ > entries.size() ? seen_ % entries.size() : 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!PushHeldRow(ctx_, next_, entries[(first + i) % entries.size()].row)) {
      break;
    }
  }
  next_.Finish();
}

}  // namespace scry::runtime
