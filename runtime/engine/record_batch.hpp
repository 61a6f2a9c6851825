// RecordBatch: the unit of work of the parallel engine: a run of consecutive input records,
// cut by the reader thread, evaluated by one worker, and written out by the ordered stage with
// what the worker produced for it (alerts and dead letters, already formatted).
//
// Batches are reused: the writer clears one and gives it back to the reader, so their buffers
// stop growing once the run has warmed up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/input/record_reader.hpp"

namespace scry::runtime {

struct RecordBatch {
  /// The records, in input order. Each text is followed by kJsonPadding readable bytes: either
  /// where the source keeps it, or in `copies_` (see Add).
  std::vector<InputRecord> records;
  /// `now()` for each record, read from the run's clock when the record was read, so it does
  /// not depend on which worker evaluates the record or when.
  std::vector<int64_t> now_ns;

  // What the worker made of the records, in their order.
  std::string alerts;        // alert lines
  std::string dead_letters;  // dead-letter entries (DeadLetterWriter::FormatEntry)
  uint64_t events = 0;
  uint64_t malformed = 0;
  uint64_t alerts_written = 0;

  /// Adds a record. `copy` when its text does not outlive the source's next read: the batch
  /// keeps its own copy (its view is fixed by Seal).
  void Add(const InputRecord& record, int64_t now, bool copy);
  /// Done adding: copied records point into the batch's padded buffer.
  void Seal();
  /// Bytes of record text added.
  size_t text_bytes() const { return text_bytes_; }
  void Clear();

 private:
  std::string copies_;               // copied texts back to back, then the padding
  std::vector<size_t> copy_offset_;  // per record: its offset in copies_, or kNotCopied
  size_t text_bytes_ = 0;
};

}  // namespace scry::runtime
