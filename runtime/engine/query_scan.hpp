// ScanQuery: a compiled query run over its inputs on every core, for `scry query` and the REPL.
//
// The steps that look at one row at a time (where, extend, project, project-away) run on worker
// threads over batches of records (RecordBatch, OrderedQueue: the pieces `scry run` uses). What
// comes after them runs in one of two ways:
//   - a summarize whose aggregates merge (count, sum, avg, min, max, dcount; `count` and
//     `distinct` are summarizes) or a timechart runs on every worker over its share of the
//     input; the partial results merge at the end, groups in order of first appearance;
//   - anything else (sort, top, head, tail, sample, other aggregates) runs on one thread that
//     gets the workers' rows in input order.
// Either way the output is byte for byte that of one thread. A `head` that has its rows stops
// the scan; so does `cancel`, within about 100 ms (a watchdog thread polls it). Batches in
// flight are bounded, so a slow consumer stops the reader (back-pressure).
#pragma once

#include <atomic>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::runtime {

struct ScanProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;  // 0 = unknown (stdin, .gz)
  uint64_t events = 0;
};

struct ScanOptions {
  unsigned threads = 0;  // 0 = all cores
  const std::atomic<bool>* cancel =
      nullptr;  // polled often (at least every batch); set from a SIGINT handler
  std::function<void(const ScanProgress&)>
      on_progress;  // called from one thread about every 100 ms while scanning
  /// `now()` for each event, called on one thread in input order (a clock that --now fixes);
  /// empty: the wall-clock time when the scan starts, for every event.
  std::function<int64_t()> now;
  /// A batch ends at this many records, or at this many bytes of record text.
  size_t batch_records = 1024;
  size_t batch_bytes = size_t{1} << 20;
};

struct ScanSummary {
  uint64_t events = 0;
  uint64_t malformed = 0;
  uint64_t rows = 0;
  bool cancelled = false;
};

/// Runs the plan's query over `inputs` (paths, globs, "-" for stdin; replaced by the query's own
/// `from file("...")` when it has one), rows to `writer` (closed at the end unless cancelled),
/// malformed records to `dead_letters`. Fails when an input cannot be found, opened or read to
/// its end (after the rows of everything read before), or when dead letters cannot be written.
std::expected<ScanSummary, std::string> ScanQuery(const compiler::Plan& plan,
                                                  const compiler::ExpressionProgram& program,
                                                  const std::vector<std::string>& inputs,
                                                  RowWriter& writer, DeadLetterWriter& dead_letters,
                                                  const ScanOptions& options);

}  // namespace scry::runtime
