#include "runtime/engine/parallel_detector.hpp"

#include <mutex>
#include <thread>

#include "runtime/engine/batch_threads.hpp"
#include "runtime/engine/detector.hpp"
#include "runtime/engine/ordered_queue.hpp"
#include "runtime/engine/record_batch.hpp"
#include "runtime/engine/rule_index.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/output/alert_writer.hpp"
#include "runtime/output/string_sink.hpp"

namespace scry::runtime {

namespace {

using BatchQueue = OrderedQueue<std::unique_ptr<RecordBatch>>;
using SpareRecordBatches = SpareBatches<RecordBatch>;

void ReadBatches(RecordSource& source, const ParallelDetector::Clock& now,
                 const ParallelSettings& settings, SpareRecordBatches& spares, BatchQueue& queue) {
  bool copy = !source.records_stay_valid();
  auto batch = spares.Take();
  InputRecord record;
  while (source.Next(record)) {
    batch->Add(record, now(), copy);
    // A batch ends when full, or when reading on may wait (a live stream on stdin): what has
    // come so far is evaluated and written meanwhile.
    if (batch->records.size() >= settings.batch_records
        || batch->text_bytes() >= settings.batch_bytes || source.may_wait()) {
      batch->Seal();
      if (!queue.Push(std::move(batch))) {
        return;  // stopped: the run is being abandoned
      }
      batch = spares.Take();
    }
  }
  if (!batch->records.empty()) {
    batch->Seal();
    queue.Push(std::move(batch));
  }
  queue.Close();
}

}  // namespace

/// What one worker thread owns: nothing here is shared with another worker.
struct ParallelDetector::Worker {
  Worker(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
         const EventTimeReader& time, std::shared_ptr<const RuleIndex> index)
      : extractor(plan.fields),
        slots(std::max<uint32_t>(plan.fields.size(), 1)),
        stream(&sink),
        writer(stream),
        detector(plan, program, time, writer, CorrelationSettings{}, std::move(index)) {
    ctx.arena = &arena;
  }

  /// The same steps, per record, as EventPump and `scry run` on one thread.
  void Process(RecordBatch& batch, const DeadLetterWriter& dead_letters) {
    sink.set_target(&batch.alerts);
    uint64_t alerts_before = detector.alerts();
    for (size_t i = 0; i < batch.records.size(); ++i) {
      const InputRecord& record = batch.records[i];
      arena.Reset();
      auto extracted = extractor.Extract(record.text, slots.data(), arena);
      if (!extracted) {
        ++batch.malformed;
        dead_letters.FormatEntry(record, extracted.error().reason, extracted.error().offset,
                                 batch.dead_letters);
        continue;
      }
      ++batch.events;
      ctx.now_ns = batch.now_ns[i];
      detector.Process(record.text, slots.data(), ctx);
    }
    batch.alerts_written = detector.alerts() - alerts_before;
    sink.set_target(nullptr);
  }

  FieldExtractor extractor;
  std::vector<Value> slots;
  Arena arena;
  EvalContext ctx;
  StringSink sink;
  std::ostream stream;
  AlertWriter writer;
  Detector detector;
};

bool ParallelDetector::Supports(const compiler::Plan& plan) {
  return plan.stateful.empty();
}

ParallelDetector::ParallelDetector(const compiler::Plan& plan,
                                   const compiler::ExpressionProgram& program,
                                   const EventTimeReader& time, ParallelSettings settings)
    : settings_(settings) {
  unsigned threads = settings_.threads;
  if (threads == 0) {
    threads = std::max(std::thread::hardware_concurrency(), 1U);
  }
  if (settings_.batches_in_flight == 0) {
    settings_.batches_in_flight = std::max<size_t>(2 * size_t{threads}, 4);
  }
  settings_.batch_records = std::max<size_t>(settings_.batch_records, 1);
  // The rule index (its Hyperscan databases above all) is built once and read by every worker.
  auto index = settings_.index ? settings_.index
                               : std::make_shared<const RuleIndex>(plan, RuleIndexOptions{});
  for (unsigned i = 0; i < threads; ++i) {
    workers_.push_back(std::make_unique<Worker>(plan, program, time, index));
  }
}

ParallelDetector::~ParallelDetector() = default;

std::expected<void, std::string> ParallelDetector::Run(RecordSource& source, const Clock& now,
                                                       std::ostream& alerts,
                                                       DeadLetterWriter& dead_letters) {
  summary_ = {};
  alerts_ = 0;
  BatchQueue queue(settings_.batches_in_flight);
  SpareRecordBatches spares;
  {
    ThreadGroup<BatchQueue> threads(queue);
    for (auto& worker : workers_) {
      threads.Start([&queue, &dead_letters, worker = worker.get()] {
        while (auto ticket = queue.Take()) {
          worker->Process(*ticket->item, dead_letters);
          queue.Finish(ticket->sequence, std::move(ticket->item));
        }
      });
    }
    threads.Start([&] { ReadBatches(source, now, settings_, spares, queue); });
    // The ordered stage: each batch once all before it are out, so the bytes are a one-thread
    // run's.
    while (auto batch = queue.Pop()) {
      alerts.write((*batch)->alerts.data(), static_cast<std::streamsize>((*batch)->alerts.size()));
      dead_letters.WriteFormatted((*batch)->dead_letters, (*batch)->malformed);
      summary_.events += (*batch)->events;
      summary_.malformed += (*batch)->malformed;
      alerts_ += (*batch)->alerts_written;
      (*batch)->Clear();
      spares.Give(std::move(*batch));
    }
  }
  summary_.bytes = source.bytes_read();
  if (std::string error = source.error(); !error.empty()) {
    return std::unexpected(error);
  }
  return dead_letters.Flush();
}

}  // namespace scry::runtime
