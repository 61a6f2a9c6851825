// StateStore: the persistent state of `scry run --state DIR`, one RocksDB database per
// directory.
//
// Operators keep their state in memory and write the changes of each commit interval to a
// StateBatch; Commit writes the batch and the checkpoint (how far the inputs were read) in
// one atomic write. At start the engine reads the last checkpoint and each operator's state
// back (ForEach) and resumes the inputs where the checkpoint says.
//
// Layout: a column family per operator, named by the caller with a stable id derived from
// the rule ("rule:<id>:window"), so that a rule's state survives other rules being added or
// removed; a "meta" column family for the checkpoint and the format marker. Column families
// of operators that no longer exist are dropped when the store opens.
//
// Durability: the write-ahead log is always on and every Commit is written to it before
// Commit returns, so a killed process (SIGKILL, crash, OOM) loses no committed batch. Without
// StateOptions::sync the log is not fsynced: a power failure or kernel crash may lose the last
// batches (never part of one). With sync, Commit returns only once the batch is on disk.
//
// One thread uses a store at a time.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/state/checkpoint.hpp"
#include "runtime/state/state_batch.hpp"
#include "runtime/state/state_options.hpp"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace scry::runtime {

struct OperatorStateStats {
  std::string name;
  uint64_t estimated_keys = 0;   // RocksDB's estimate; keys under range deletions still count
                                 // until compaction removes them
  uint64_t live_data_bytes = 0;  // estimated bytes of live data in files
  uint64_t memtable_bytes = 0;   // written, not yet flushed to a file
};

struct StateStats {
  std::vector<OperatorStateStats> operators;  // in OperatorId order
  uint64_t disk_bytes = 0;                    // all files in the directory: data, log, manifest
};

class StateStore {
 public:
  /// The column family of the checkpoint; no operator may have this name (nor "default").
  static constexpr std::string_view kMetaColumnFamily = "meta";

  /// Creates the directory and database, or opens them, with a column family for each of
  /// `operator_names` (unique, not "meta" or "default"); OperatorId{i} is operator_names[i].
  /// Column families on disk that are not in the list are dropped (dropped_operators()).
  /// Errors name the directory: held by another process, not a scry state directory,
  /// unreadable checkpoint, or RocksDB's own message.
  static std::expected<std::unique_ptr<StateStore>, std::string> Open(
      const std::filesystem::path& dir, std::span<const std::string> operator_names,
      const StateOptions& options = {});

  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  /// The operator named `name`, if it was given to Open.
  std::optional<OperatorId> Find(std::string_view name) const;
  const std::vector<std::string>& operator_names() const { return names_; }
  /// Column families found on disk for operators not given to Open, and dropped.
  const std::vector<std::string>& dropped_operators() const { return dropped_; }
  const std::filesystem::path& dir() const { return dir_; }

  /// Calls `fn` with every key of `op` that starts with `prefix`, in key order.
  std::expected<void, std::string> ForEach(
      OperatorId op, const std::function<void(std::string_view key, std::string_view value)>& fn,
      std::string_view prefix = {}) const;

  /// The checkpoint of the last Commit, from this process or an earlier one; nullopt for a
  /// new store.
  const std::optional<Checkpoint>& LastCheckpoint() const { return last_checkpoint_; }

  /// Writes `batch` and `checkpoint` atomically (see Durability above) and empties the batch.
  /// On an error the batch is left as it was and nothing is written; RocksDB refuses further
  /// writes after an I/O error, so the caller should stop.
  std::expected<void, std::string> Commit(StateBatch& batch, const Checkpoint& checkpoint);

  /// Compacts all of `op`'s data, which removes what range deletions covered and frees the
  /// space. Costs a rewrite of the operator's files: call it after expiring a large part of
  /// the state, not after every batch.
  std::expected<void, std::string> CompactOperator(OperatorId op);

  StateStats Stats() const;

 private:
  friend class StateBatch;

  StateStore() = default;
  std::expected<void, std::string> Load();

  std::filesystem::path dir_;
  StateOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> operators_;  // by OperatorId; owned, freed first
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* default_ = nullptr;
  std::vector<std::string> names_;
  std::vector<std::string> dropped_;
  std::optional<Checkpoint> last_checkpoint_;
};

}  // namespace scry::runtime
