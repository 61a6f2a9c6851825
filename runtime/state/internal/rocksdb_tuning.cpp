#include "runtime/state/internal/rocksdb_tuning.hpp"

#include <algorithm>

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/table.h>

namespace scry::runtime::internal {

rocksdb::CompressionType StateCompression() {
  // Debian's librocksdb is built with LZ4; check anyway, as another build may not be, and an
  // unsupported compression makes Open fail. LZ4 costs little CPU and state values (strings,
  // counters, group keys) compress well; ZSTD would save more space at more CPU per flush.
  auto supported = rocksdb::GetSupportedCompressions();
  bool has_lz4 =
      std::find(supported.begin(), supported.end(), rocksdb::kLZ4Compression) != supported.end();
  return has_lz4 ? rocksdb::kLZ4Compression : rocksdb::kNoCompression;
}

RocksTuning MakeRocksTuning(const StateOptions& options) {
  RocksTuning tuning;
  rocksdb::DBOptions& db = tuning.db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  // The default (-1) keeps every file open; with a column family per operator of hundreds of
  // rules that can exhaust the process's file descriptors.
  db.max_open_files = options.max_open_files;
  // Caps the memtables of all column families together, so memory does not grow with the
  // number of rules (each would otherwise keep up to 2 x write_buffer_size).
  db.db_write_buffer_size = options.total_write_buffer_bytes;
  // A log file can only be deleted once every column family with data in it has flushed; an
  // operator written rarely would keep old logs alive forever. Past this size RocksDB flushes
  // the column families that hold the oldest log back.
  db.max_total_wal_size = 4 * options.total_write_buffer_bytes;
  // RocksDB's informational LOG files: a few small ones are enough to diagnose a problem.
  db.keep_log_file_num = 3;
  db.max_log_file_size = size_t{4} << 20;
  // After a crash, keep the replayed log in memtables instead of flushing every column
  // family to a file before Open returns: with hundreds of operators that is hundreds of
  // small files and fsyncs, and makes a restart take seconds.
  db.avoid_flush_during_recovery = true;
  // The default recovery: after a crash, replay the log up to the last complete write batch,
  // so a Commit (state and checkpoint) is recovered whole or not at all.
  db.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;

  rocksdb::ColumnFamilyOptions& cf = tuning.column_family;
  // RocksDB's default is 64 MiB per column family: far too much when there are many.
  cf.write_buffer_size = options.write_buffer_bytes;
  cf.max_write_buffer_number = 2;
  // A memtable takes memory in arena blocks, by default write_buffer_size / 8 (512 KiB here)
  // at once, and the shared budget above counts blocks: 200 operators touched once would
  // "use" 100 MiB, and RocksDB would flush tiny memtables nonstop (measured: ~1400 flushes
  // and 400 log files for 180 MB written). Small blocks keep the count near the data.
  cf.arena_block_size = 64 * 1024;
  cf.compression = StateCompression();
  cf.bottommost_compression = cf.compression;
  // Keeps space amplification near 1.1 whatever the size of a column family; with expiry by
  // range deletion most data is short-lived and should not pile up in upper levels.
  cf.level_compaction_dynamic_level_bytes = true;
  cf.target_file_size_base = std::max<uint64_t>(options.write_buffer_bytes, uint64_t{1} << 20);
  cf.max_bytes_for_level_base = 4 * cf.target_file_size_base;

  rocksdb::BlockBasedTableOptions table;
  // One cache for all column families: by default each table factory gets its own.
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // No bloom filter: state is read by scanning at start, never by point lookups, so a filter
  // would cost space and flush time for nothing.
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return tuning;
}

}  // namespace scry::runtime::internal
