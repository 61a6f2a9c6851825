#include "runtime/state/state_store.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include "runtime/state/checkpoint_codec.hpp"
#include "runtime/state/internal/rocksdb_tuning.hpp"

namespace scry::runtime {

namespace fs = std::filesystem;

namespace {

// Keys of the meta column family.
constexpr std::string_view kCheckpointKey = "checkpoint";
constexpr std::string_view kFormatKey = "format";
// Names the layout of this folder's README (column families, key encoding); change it when
// an older scry could not read the state correctly.
constexpr std::string_view kFormat = "scry-state 1";

rocksdb::Slice ToSlice(std::string_view s) {
  // An empty view may have a null data(); RocksDB compares with memcmp, which must not see one.
  return rocksdb::Slice(s.empty() ? "" : s.data(), s.size());
}
std::string_view ToView(const rocksdb::Slice& s) {
  return {s.data(), s.size()};
}

std::string Failure(const fs::path& dir, std::string_view what) {
  return fmt::format("state directory {}: {}", dir.string(), what);
}

// RocksDB reports a held LOCK file as an I/O error mentioning the lock: another process has
// the database open (or this one, twice).
bool IsLockError(const rocksdb::Status& status) {
  std::string text = status.ToString();
  return status.IsIOError() && (text.find("lock") != std::string::npos);
}

std::expected<void, std::string> CheckNames(std::span<const std::string> names) {
  std::set<std::string_view> seen;
  for (const std::string& name : names) {
    if (name.empty() || name == StateStore::kMetaColumnFamily
        || name == rocksdb::kDefaultColumnFamilyName) {
      return std::unexpected(fmt::format("invalid operator name '{}'", name));
    }
    if (!seen.insert(name).second) {
      return std::unexpected(fmt::format("operator name '{}' given twice", name));
    }
  }
  return {};
}

// Refuses directories that hold something else, so that `--state ~` does not scatter
// RocksDB files there and a directory of another RocksDB user does not lose its column
// families. Returns whether a database exists.
std::expected<bool, std::string> PrepareDirectory(const fs::path& dir) {
  std::error_code error;
  auto status = fs::status(dir, error);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) {
      return std::unexpected(Failure(dir, "exists and is not a directory"));
    }
    if (fs::exists(dir / "CURRENT", error)) {
      return true;
    }
    if (!fs::is_empty(dir, error) || error) {
      return std::unexpected(
          Failure(dir, "is not empty and holds no scry state (choose a new or empty directory)"));
    }
    return false;
  }
  fs::create_directories(dir, error);
  if (error) {
    return std::unexpected(Failure(dir, "cannot create: " + error.message()));
  }
  return false;
}

}  // namespace

std::expected<std::unique_ptr<StateStore>, std::string> StateStore::Open(
    const fs::path& dir, std::span<const std::string> operator_names, const StateOptions& options) {
  if (auto names = CheckNames(operator_names); !names) {
    return std::unexpected(Failure(dir, names.error()));
  }
  auto existed = PrepareDirectory(dir);
  if (!existed) {
    return std::unexpected(existed.error());
  }
  internal::RocksTuning tuning = internal::MakeRocksTuning(options);

  // RocksDB must open every column family on disk: the ones no operator asks for are opened,
  // then dropped. Missing ones are created after opening, in one call: created one by one
  // (create_missing_column_families), each would rewrite the OPTIONS file, which makes
  // creating hundreds take seconds.
  std::vector<std::string> on_disk = {rocksdb::kDefaultColumnFamilyName};
  if (*existed) {
    auto listed = rocksdb::DB::ListColumnFamilies(tuning.db, dir.string(), &on_disk);
    if (!listed.ok()) {
      return std::unexpected(Failure(dir, listed.ToString()));
    }
    // Only "default" is a store whose creation was interrupted before "meta" was added.
    bool ours = on_disk.size() == 1
                || std::find(on_disk.begin(), on_disk.end(), kMetaColumnFamily) != on_disk.end();
    if (!ours) {
      return std::unexpected(
          Failure(dir, "holds a RocksDB database that scry did not write (no 'meta')"));
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : on_disk) {
    descriptors.emplace_back(name, tuning.column_family);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  auto opened = rocksdb::DB::Open(tuning.db, dir.string(), descriptors, &handles, &db);
  if (!opened.ok()) {
    if (IsLockError(opened)) {
      return std::unexpected(Failure(
          dir, "is in use by another scry process (RocksDB could not lock "
                   + (dir / "LOCK").string() + "); stop it or choose another --state directory"));
    }
    return std::unexpected(Failure(dir, "cannot open: " + opened.ToString()));
  }
  // From here the store owns the database and every handle in `by_name`, whatever fails.
  auto store = std::unique_ptr<StateStore>(new StateStore());
  store->dir_ = dir;
  store->options_ = options;
  store->db_.reset(db);
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> by_name;
  for (size_t i = 0; i < handles.size(); ++i) {
    by_name.emplace(on_disk[i], handles[i]);
  }
  auto release = [&] {
    for (auto& [name, handle] : by_name) {
      store->db_->DestroyColumnFamilyHandle(handle);
    }
  };

  std::vector<std::string> missing;
  if (!by_name.contains(kMetaColumnFamily)) {
    missing.emplace_back(kMetaColumnFamily);
  }
  for (const std::string& name : operator_names) {
    if (!by_name.contains(name)) {
      missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    std::vector<rocksdb::ColumnFamilyHandle*> created;
    auto status = store->db_->CreateColumnFamilies(tuning.column_family, missing, &created);
    for (size_t i = 0; i < created.size(); ++i) {
      by_name.emplace(missing[i], created[i]);
    }
    if (!status.ok()) {
      release();
      return std::unexpected(Failure(dir, "cannot create column families: " + status.ToString()));
    }
  }

  // Dropped in one call too, for the same reason as creating.
  std::set<std::string_view> wanted(operator_names.begin(), operator_names.end());
  wanted.insert(kMetaColumnFamily);
  wanted.insert(rocksdb::kDefaultColumnFamilyName);
  std::vector<rocksdb::ColumnFamilyHandle*> unwanted;
  for (auto it = by_name.begin(); it != by_name.end();) {
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    store->dropped_.push_back(it->first);
    unwanted.push_back(it->second);
    it = by_name.erase(it);
  }
  if (!unwanted.empty()) {
    auto dropped = store->db_->DropColumnFamilies(unwanted);
    for (rocksdb::ColumnFamilyHandle* handle : unwanted) {
      store->db_->DestroyColumnFamilyHandle(handle);
    }
    if (!dropped.ok()) {
      release();
      return std::unexpected(
          Failure(dir, "cannot drop the state of removed operators: " + dropped.ToString()));
    }
  }

  store->default_ = by_name.at(rocksdb::kDefaultColumnFamilyName);
  store->meta_ = by_name.at(std::string(kMetaColumnFamily));
  for (const std::string& name : operator_names) {
    store->operators_.push_back(by_name.at(name));
  }
  store->names_.assign(operator_names.begin(), operator_names.end());
  if (auto loaded = store->Load(); !loaded) {
    return std::unexpected(loaded.error());
  }
  return store;
}

// Checks the format marker (writing it into a new store) and reads the last checkpoint.
std::expected<void, std::string> StateStore::Load() {
  std::string value;
  auto format = db_->Get(rocksdb::ReadOptions(), meta_, ToSlice(kFormatKey), &value);
  if (format.IsNotFound()) {
    rocksdb::WriteOptions write;
    write.sync = true;  // once per store: cheap, and a store is never left without it
    auto put = db_->Put(write, meta_, ToSlice(kFormatKey), ToSlice(kFormat));
    if (!put.ok()) {
      return std::unexpected(Failure(dir_, put.ToString()));
    }
  } else if (!format.ok()) {
    return std::unexpected(Failure(dir_, format.ToString()));
  } else if (value != kFormat) {
    return std::unexpected(
        Failure(dir_, fmt::format("has state format '{}'; this scry reads '{}'", value, kFormat)));
  }

  auto read = db_->Get(rocksdb::ReadOptions(), meta_, ToSlice(kCheckpointKey), &value);
  if (read.IsNotFound()) {
    return {};
  }
  if (!read.ok()) {
    return std::unexpected(Failure(dir_, read.ToString()));
  }
  auto checkpoint = DecodeCheckpoint(value);
  if (!checkpoint) {
    return std::unexpected(Failure(dir_, checkpoint.error()));
  }
  last_checkpoint_ = std::move(*checkpoint);
  return {};
}

StateStore::~StateStore() {
  if (db_ == nullptr) {
    return;
  }
  // (An Open that failed after opening the database released its handles itself.)
  // Handles belong to the database and must go before it.
  for (rocksdb::ColumnFamilyHandle* handle : operators_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  if (meta_ != nullptr) {
    db_->DestroyColumnFamilyHandle(meta_);
  }
  if (default_ != nullptr) {
    db_->DestroyColumnFamilyHandle(default_);
  }
  // Close waits for background work; an error here has nowhere to go, and every committed
  // batch is already in the log.
  (void)db_->Close();
}

std::optional<OperatorId> StateStore::Find(std::string_view name) const {
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) {
    return std::nullopt;
  }
  return OperatorId{static_cast<uint32_t>(it - names_.begin())};
}

std::expected<void, std::string> StateStore::ForEach(
    OperatorId op, const std::function<void(std::string_view, std::string_view)>& fn,
    std::string_view prefix) const {
  rocksdb::ReadOptions read;
  read.fill_cache = false;  // a one-time scan at start: keep the cache for later reads
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, operators_.at(op.index)));
  for (it->Seek(ToSlice(prefix)); it->Valid() && it->key().starts_with(ToSlice(prefix));
       it->Next()) {
    fn(ToView(it->key()), ToView(it->value()));
  }
  if (!it->status().ok()) {
    return std::unexpected(Failure(dir_, fmt::format("reading the state of '{}': {}",
                                                     names_[op.index], it->status().ToString())));
  }
  return {};
}

std::expected<void, std::string> StateStore::Commit(StateBatch& batch,
                                                    const Checkpoint& checkpoint) {
  if (batch.store_ != this) {
    return std::unexpected(Failure(dir_, "a batch of another store was committed"));
  }
  if (!batch.error_.empty()) {
    return std::unexpected(Failure(dir_, batch.error_));
  }
  // The checkpoint rides in the same WriteBatch: RocksDB applies a batch whole or not at all,
  // also when replaying its log after a crash.
  batch.batch_->SetSavePoint();
  auto put =
      batch.batch_->Put(meta_, ToSlice(kCheckpointKey), ToSlice(EncodeCheckpoint(checkpoint)));
  rocksdb::Status written = put;
  if (put.ok()) {
    rocksdb::WriteOptions write;
    write.sync = options_.sync;
    write.disableWAL = false;
    written = db_->Write(write, batch.batch_.get());
  }
  if (!written.ok()) {
    (void)batch.batch_->RollbackToSavePoint();
    return std::unexpected(Failure(dir_, "cannot write: " + written.ToString()));
  }
  batch.Clear();
  last_checkpoint_ = checkpoint;
  return {};
}

std::expected<void, std::string> StateStore::CompactOperator(OperatorId op) {
  rocksdb::CompactRangeOptions compact;
  // Rewrite the last level as well, since that is where the keys under range deletions lie.
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  auto status = db_->CompactRange(compact, operators_.at(op.index), nullptr, nullptr);
  if (!status.ok()) {
    return std::unexpected(Failure(dir_, fmt::format("compacting the state of '{}': {}",
                                                     names_[op.index], status.ToString())));
  }
  return {};
}

StateStats StateStore::Stats() const {
  StateStats stats;
  for (size_t i = 0; i < operators_.size(); ++i) {
    OperatorStateStats& op = stats.operators.emplace_back();
    op.name = names_[i];
    // A property that cannot be read stays 0: statistics are a report, not a reason to fail.
    (void)db_->GetIntProperty(operators_[i], rocksdb::DB::Properties::kEstimateNumKeys,
                              &op.estimated_keys);
    (void)db_->GetIntProperty(operators_[i], rocksdb::DB::Properties::kEstimateLiveDataSize,
                              &op.live_data_bytes);
    (void)db_->GetIntProperty(operators_[i], rocksdb::DB::Properties::kCurSizeAllMemTables,
                              &op.memtable_bytes);
  }
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir_, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code size_error;
    if (it->is_regular_file(size_error)) {
      uint64_t size = it->file_size(size_error);
      stats.disk_bytes += size_error ? 0 : size;
    }
  }
  return stats;
}

}  // namespace scry::runtime
