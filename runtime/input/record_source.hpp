// RecordSource: records one after another, for a reader that does not care where they come
// from: the inputs of `scry run` (InputSequence) or records already in memory (MemoryRecords,
// for benchmarks). The parallel engine's reader thread cuts what it gets into batches.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/input/record_reader.hpp"

namespace scry::runtime {

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  /// The next record, followed in memory by kJsonPadding readable bytes (json_padding.hpp);
  /// false at the end, or after an error (error()). Its `source` stays valid as long as the
  /// source object lives.
  virtual bool Next(InputRecord& record) = 0;

  /// True when a record's text also stays valid and unchanged for as long as the source lives,
  /// so a batch may keep a view of it; false when the next call may reuse the memory (a
  /// reader's block buffer), so a batch must copy it.
  virtual bool records_stay_valid() const = 0;

  /// True when the next call to Next may wait for input (a pipe, a terminal): the reader hands
  /// on the records it has first, so a slow live stream is not held back until a batch fills.
  virtual bool may_wait() const { return false; }

  /// Why reading ended early, or empty.
  virtual std::string error() const { return {}; }

  /// Input bytes read so far (after decompression).
  virtual uint64_t bytes_read() const = 0;
};

}  // namespace scry::runtime
