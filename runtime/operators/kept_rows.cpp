#include "runtime/operators/kept_rows.hpp"

#include "stdlib/value_copy.hpp"

namespace scry::runtime {

namespace {

// Below this many dead copies compacting is not worth it.
constexpr size_t kMinDeadToCompact = 256;

}  // namespace

KeptRows::KeptRows(uint32_t field_count, uint32_t column_capacity)
    : field_count_(field_count),
      column_capacity_(column_capacity),
      store_(std::make_unique<RowStore>(field_count)) {}

KeptRows::Entry KeptRows::CopyEntry(RowStore& store, const Row& row, const Value& key,
                                    uint64_t sequence) const {
  return Entry{store.Copy(row, column_capacity_), CopyValue(key, store.arena()), sequence};
}

void KeptRows::Add(const Row& row, const Value& key, uint64_t sequence) {
  entries_.push_back(CopyEntry(*store_, row, key, sequence));
}

void KeptRows::Replace(size_t index, const Row& row, const Value& key, uint64_t sequence) {
  entries_[index] = CopyEntry(*store_, row, key, sequence);
  if (++dead_ >= std::max(entries_.size(), kMinDeadToCompact)) {
    Compact();
  }
}

void KeptRows::Compact() {
  auto fresh = std::make_unique<RowStore>(field_count_);
  for (Entry& entry : entries_) {
    entry = CopyEntry(*fresh, entry.row, entry.key, entry.sequence);
  }
  store_ = std::move(fresh);
  dead_ = 0;
}

}  // namespace scry::runtime
