// StateBatch: the state changes of one commit interval, applied together with the checkpoint
// they lead to (StateStore::Commit), so that after a crash the stored state is that of one
// checkpoint exactly, never part of the way to the next one.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/state/state_codec.hpp"

namespace rocksdb {
class WriteBatch;
}

namespace scry::runtime {

class StateStore;

/// One operator's column family in an open StateStore: OperatorId{i} is the i-th name given
/// to StateStore::Open.
struct OperatorId {
  uint32_t index = 0;
  bool operator==(const OperatorId&) const = default;
};

class StateBatch {
 public:
  /// A batch for `store`, which must outlive it.
  explicit StateBatch(const StateStore& store);
  ~StateBatch();
  StateBatch(StateBatch&&) noexcept;
  StateBatch& operator=(StateBatch&&) noexcept;

  void Put(OperatorId op, std::string_view key, std::string_view value);
  void Delete(OperatorId op, std::string_view key);
  /// Deletes every key in [begin, end): one tombstone, whatever the number of keys. An empty
  /// or inverted range is ignored. The space is reclaimed by compaction
  /// (StateStore::CompactOperator).
  void DeleteRange(OperatorId op, std::string_view begin, std::string_view end);
  void DeleteRange(OperatorId op, const KeyRange& range) {
    DeleteRange(op, range.begin, range.end);
  }

  /// Operations and bytes so far, for deciding when to commit.
  size_t count() const;
  size_t bytes() const;
  bool empty() const { return count() == 0; }
  void Clear();

 private:
  friend class StateStore;

  const StateStore* store_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  std::string error_;  // the first failed operation; Commit reports it
};

}  // namespace scry::runtime
