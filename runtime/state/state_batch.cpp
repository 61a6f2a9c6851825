#include "runtime/state/state_batch.hpp"

#include <rocksdb/write_batch.h>

#include "runtime/state/state_store.hpp"

namespace scry::runtime {

StateBatch::StateBatch(const StateStore& store)
    : store_(&store), batch_(std::make_unique<rocksdb::WriteBatch>()) {}

StateBatch::~StateBatch() = default;
StateBatch::StateBatch(StateBatch&&) noexcept = default;
StateBatch& StateBatch::operator=(StateBatch&&) noexcept = default;

// WriteBatch operations fail only for entries beyond RocksDB's size limits (4 GiB); the first
// failure is kept for Commit to report, so callers need not check every call.
void StateBatch::Put(OperatorId op, std::string_view key, std::string_view value) {
  auto status = batch_->Put(store_->operators_.at(op.index),
                            rocksdb::Slice(key.empty() ? "" : key.data(), key.size()),
                            rocksdb::Slice(value.empty() ? "" : value.data(), value.size()));
  if (!status.ok() && error_.empty()) {
    error_ = status.ToString();
  }
}

void StateBatch::Delete(OperatorId op, std::string_view key) {
  auto status = batch_->Delete(store_->operators_.at(op.index),
                               rocksdb::Slice(key.empty() ? "" : key.data(), key.size()));
  if (!status.ok() && error_.empty()) {
    error_ = status.ToString();
  }
}

void StateBatch::DeleteRange(OperatorId op, std::string_view begin, std::string_view end) {
  if (begin >= end) {
    return;  // RocksDB rejects the whole write for an inverted range
  }
  auto status = batch_->DeleteRange(store_->operators_.at(op.index),
                                    rocksdb::Slice(begin.empty() ? "" : begin.data(), begin.size()),
                                    rocksdb::Slice(end.empty() ? "" : end.data(), end.size()));
  if (!status.ok() && error_.empty()) {
    error_ = status.ToString();
  }
}

size_t StateBatch::count() const {
  return batch_->Count();
}
size_t StateBatch::bytes() const {
  return batch_->GetDataSize();
}

void StateBatch::Clear() {
  batch_->Clear();
  error_.clear();
}

}  // namespace scry::runtime
