// StateOptions: the settings of a StateStore that a user or the engine may change.
#pragma once

#include <cstddef>

namespace scry::runtime {

struct StateOptions {
  /// fsync the write-ahead log on every Commit. Off: a committed batch survives the process
  /// being killed (it is in the kernel's page cache) but the last batches may be lost on a
  /// power failure or kernel crash. On: they survive those too, at one fsync per Commit.
  bool sync = false;
  /// Memtable size of one operator before it is flushed to a file.
  size_t write_buffer_bytes = size_t{4} << 20;
  /// Memtables of all operators together; past it the largest is flushed.
  size_t total_write_buffer_bytes = size_t{64} << 20;
  /// Cache of file blocks, shared by all operators.
  size_t block_cache_bytes = size_t{32} << 20;
  /// Files RocksDB keeps open at once.
  int max_open_files = 256;
};

}  // namespace scry::runtime
