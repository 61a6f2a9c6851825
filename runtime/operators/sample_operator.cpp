#include "runtime/operators/sample_operator.hpp"

#include <algorithm>

namespace scry::runtime {

uint64_t SampleOperator::NextRandom() {
  state_ += 0x9E3779B97F4A7C15ull;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

bool SampleOperator::Push(Row& row) {
  uint64_t sequence = seen_++;
  if (count_ <= 0) {
    return true;
  }
  auto slots = static_cast<uint64_t>(count_);
  if (sequence < slots) {
    kept_.Add(row, Value{}, sequence);
    return true;
  }
  // Row i (from 0) takes a slot with probability N / (i + 1).
  uint64_t pick = NextRandom() % (sequence + 1);
  if (pick < slots) {
    kept_.Replace(pick, row, Value{}, sequence);
  }
  return true;
}

void SampleOperator::Finish() {
  auto& entries = kept_.entries();
  std::sort(entries.begin(), entries.end(), [](const KeptRows::Entry& a, const KeptRows::Entry& b) {
    return a.sequence < b.sequence;
  });
  for (KeptRows::Entry& entry : entries) {
    if (!PushHeldRow(ctx_, next_, entry.row)) {
      break;
    }
  }
  next_.Finish();
}

}  // namespace scry::runtime
