// ParallelDetector: `scry run` over all cores, with the output of a one-thread run.
//
// One reader thread cuts the records of a RecordSource into batches (RecordBatch) and reads
// the clock for each record; worker threads, each with its own field extractor, arena,
// EvalContext and Detector, evaluate whole batches and format their alerts and dead letters
// into the batch; the calling thread writes the batches out in input order (OrderedQueue).
// So alert and dead-letter bytes, alert ids and times, and the counts are those of one Detector
// fed the same records one by one, whatever the number of threads. A fixed number of batches
// is in flight: when workers or the output fall behind, the reader waits (back-pressure) and
// memory stays bounded.
//
// The compiled program, the plan and the time reader are shared read-only by the workers;
// compiled code and the stdlib keep their per-call scratch in the EvalContext or thread_local.
//
// Only for plans without windows, sequences or `suppress` (Supports): those need their
// matches in input order, in one engine, and run on one thread (Detector, EventPump).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_index.hpp"
#include "runtime/input/record_source.hpp"
#include "runtime/output/dead_letter_writer.hpp"

namespace scry::runtime {

struct ParallelSettings {
  /// Worker threads; 0 = one per core (std::thread::hardware_concurrency()).
  unsigned threads = 0;
  /// A batch ends at this many records, or at this many bytes of record text.
  size_t batch_records = 1024;
  size_t batch_bytes = size_t{1} << 20;
  /// Batches between the reader and the output at most; 0 = two per worker (at least 4).
  size_t batches_in_flight = 0;
  /// Which rules an event meets, shared by the workers; null: built with default options.
  std::shared_ptr<const RuleIndex> index;
};

class ParallelDetector {
 public:
  /// Called on the reader thread once per record, in input order: `now()` for that record.
  using Clock = std::function<int64_t()>;

  /// True when `plan` keeps no state between events (Plan::stateful empty).
  static bool Supports(const compiler::Plan& plan);

  /// `plan` must be supported; it, `program` and `time` must outlive this object and not
  /// change (`time` has interned its fields into the plan already).
  ParallelDetector(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                   const EventTimeReader& time, ParallelSettings settings = {});
  ~ParallelDetector();
  ParallelDetector(const ParallelDetector&) = delete;
  ParallelDetector& operator=(const ParallelDetector&) = delete;

  /// Reads `source` to its end: alerts to `alerts`, malformed records to `dead_letters`, both
  /// in input order. Fails with the source's error (after writing everything read before it)
  /// or when the dead letters cannot be written. May be called again with another source.
  std::expected<void, std::string> Run(RecordSource& source, const Clock& now, std::ostream& alerts,
                                       DeadLetterWriter& dead_letters);

  /// Of the last Run.
  const InputSummary& summary() const { return summary_; }
  uint64_t alerts() const { return alerts_; }
  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }

 private:
  struct Worker;

  ParallelSettings settings_;
  std::vector<std::unique_ptr<Worker>> workers_;
  InputSummary summary_;
  uint64_t alerts_ = 0;
};

}  // namespace scry::runtime
