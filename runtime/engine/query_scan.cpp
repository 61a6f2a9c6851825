#include "runtime/engine/query_scan.hpp"

#include <algorithm>
#include <chrono>
#include <span>
#include <thread>

#include "runtime/engine/batch_threads.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/ordered_queue.hpp"
#include "runtime/engine/query_runner.hpp"
#include "runtime/engine/record_batch.hpp"
#include "runtime/event/all_values.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/input/input_paths.hpp"
#include "runtime/input/input_sequence.hpp"
#include "runtime/operators/operator_chain.hpp"
#include "runtime/operators/summarize_operator.hpp"
#include "runtime/operators/timechart_operator.hpp"

namespace scry::runtime {

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr auto kProgressInterval = std::chrono::milliseconds(100);
constexpr auto kCancelPoll = std::chrono::milliseconds(10);

bool Cancelled(const ScanOptions& options) {
  return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
}

int64_t WallClockNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsRowLocal(const compiler::PlanStep& step) {
  return std::holds_alternative<compiler::FilterStep>(step.step)
         || std::holds_alternative<compiler::ExtendStep>(step.step)
         || std::holds_alternative<compiler::ProjectStep>(step.step)
         || std::holds_alternative<compiler::ProjectAwayStep>(step.step);
}

// How a pipeline's steps are shared out between the threads.
struct ScanShape {
  size_t prefix = 0;   // the leading row-local steps: every worker runs them
  bool merge = false;  // steps[prefix] also runs on every worker, its partial results merged
  size_t worker_steps() const { return prefix + (merge ? 1 : 0); }
};

ScanShape ShapeOf(const std::vector<compiler::PlanStep>& steps) {
  ScanShape shape;
  while (shape.prefix < steps.size() && IsRowLocal(steps[shape.prefix])) {
    ++shape.prefix;
  }
  if (shape.prefix < steps.size()) {
    const auto& step = steps[shape.prefix].step;
    if (const auto* summarize = std::get_if<compiler::SummarizeStep>(&step)) {
      shape.merge = SummarizeOperator::Mergeable(*summarize);
    } else {
      shape.merge = std::holds_alternative<compiler::TimechartStep>(step);
    }
  }
  return shape;
}

// The widest row any step makes: room enough for the columns of every step after a copy.
uint32_t WidestRow(const compiler::Pipeline& pipeline) {
  uint32_t widest = 1;
  for (const compiler::PlanStep& step : pipeline.steps) {
    widest = std::max(widest, static_cast<uint32_t>(step.output.columns.size()));
  }
  return widest;
}

// Calls on_progress at most every kProgressInterval.
class ProgressReporter {
 public:
  ProgressReporter(const ScanOptions& options, uint64_t total) : options_(options) {
    progress_.bytes_total = total;
  }
  void Add(uint64_t bytes, uint64_t events) {
    progress_.bytes_done += bytes;
    progress_.events += events;
    if (!options_.on_progress) {
      return;
    }
    auto now = SteadyClock::now();
    if (now - last_ >= kProgressInterval) {
      last_ = now;
      options_.on_progress(progress_);
    }
  }

 private:
  const ScanOptions& options_;
  ScanProgress progress_;
  SteadyClock::time_point last_ = SteadyClock::now();
};

std::expected<ScanSummary, std::string> ScanOnOneThread(
    const compiler::Plan& plan, const compiler::ExpressionProgram& program,
    const std::vector<std::string>& paths, RowWriter& writer, DeadLetterWriter& dead_letters,
    const ScanOptions& options, uint64_t total_bytes) {
  int64_t start = WallClockNs();
  auto now = [&] {
    return options.now ? options.now() : start;
  };
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = now();
  QueryRunner runner(plan, program, ctx, writer);
  EventPump pump(plan.fields, dead_letters);
  ProgressReporter progress(options, total_bytes);
  ScanSummary summary;
  uint64_t bytes = 0;
  uint64_t events = 0;
  auto result = pump.Run(paths, ctx, [&](const InputRecord& record, const Value* fields) {
    bytes += record.text.size() + 1;
    if ((++events & 255) == 0) {
      if (Cancelled(options)) {
        summary.cancelled = true;
        return false;
      }
      progress.Add(bytes, 256);
      bytes = 0;
    }
    ctx.now_ns = now();
    return runner.Process(record.text, fields);
  });
  summary.cancelled = summary.cancelled || Cancelled(options);
  if (!summary.cancelled) {
    runner.Finish();
  }
  summary.events = pump.summary().events;
  summary.malformed = pump.summary().malformed;
  summary.rows = writer.rows_written();
  if (!result) {
    return std::unexpected(result.error());
  }
  return summary;
}

// A batch of records and what the workers' steps made of them.
struct ScanBatch {
  RecordBatch records;
  uint64_t first_sequence = 0;  // the first record's place in the input
  uint64_t bytes = 0;           // input bytes of the records (texts and line ends)
  // The rows that came out of the workers' steps, copied, for the ordered stage.
  std::unique_ptr<RowStore> store;
  std::vector<Row> rows;
  std::vector<uint64_t> row_sequence;
  // Per malformed record: its sequence, and where its entry ends in records.dead_letters; so a
  // scan that stops inside the batch writes only the entries of the records before the stop.
  std::vector<uint64_t> malformed_sequence;
  std::vector<size_t> dead_letter_end;

  void Clear() {
    records.Clear();
    malformed_sequence.clear();
    dead_letter_end.clear();
    bytes = 0;
    if (store) {
      store->Clear();
    }
    rows.clear();
    row_sequence.clear();
  }
};

using ScanQueue = OrderedQueue<std::unique_ptr<ScanBatch>>;

// The end of a worker's chain when rows go on to the ordered stage: copies them into the batch.
class CollectSink final : public RowOperator {
 public:
  CollectSink(uint32_t field_count, uint32_t column_capacity)
      : field_count_(field_count), column_capacity_(column_capacity) {}
  void Start(ScanBatch& batch) {
    batch_ = &batch;
    if (!batch.store) {
      batch.store = std::make_unique<RowStore>(field_count_);
    }
  }
  void set_sequence(uint64_t sequence) { sequence_ = sequence; }
  bool Push(Row& row) override {
    batch_->rows.push_back(batch_->store->Copy(row, column_capacity_));
    batch_->row_sequence.push_back(sequence_);
    return true;
  }
  void Finish() override {}

 private:
  uint32_t field_count_;
  uint32_t column_capacity_;
  ScanBatch* batch_ = nullptr;
  uint64_t sequence_ = 0;
};

// The end of a worker's chain when its last step keeps partial results to merge.
class DiscardSink final : public RowOperator {
 public:
  bool Push(Row&) override { return true; }
  void Finish() override {}
};

// What one worker thread owns: nothing here is shared with another worker.
class ScanWorker {
 public:
  ScanWorker(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
             const ScanShape& shape, uint32_t column_capacity)
      : extractor_(plan.fields),
        slots_(std::max<uint32_t>(plan.fields.size(), 1)),
        operator_context_{program, ctx_, plan.fields.size()},
        collect_(plan.fields.size(), column_capacity),
        chain_(std::span(plan.query->steps).first(shape.worker_steps()), operator_context_,
               shape.merge ? static_cast<RowOperator&>(discard_) : collect_),
        columns_(std::max<uint32_t>(chain_.event_column_capacity(), 1)) {
    ctx_.arena = &arena_;
  }

  void Process(ScanBatch& batch, const DeadLetterWriter& dead_letters) {
    collect_.Start(batch);
    RecordBatch& records = batch.records;
    for (size_t i = 0; i < records.records.size(); ++i) {
      const InputRecord& record = records.records[i];
      arena_.Reset();
      auto extracted = extractor_.Extract(record.text, slots_.data(), arena_);
      if (!extracted) {
        ++records.malformed;
        dead_letters.FormatEntry(record, extracted.error().reason, extracted.error().offset,
                                 records.dead_letters);
        batch.malformed_sequence.push_back(batch.first_sequence + i);
        batch.dead_letter_end.push_back(records.dead_letters.size());
        continue;
      }
      ++records.events;
      ctx_.now_ns = records.now_ns[i];
      operator_context_.sequence = batch.first_sequence + i;
      collect_.set_sequence(operator_context_.sequence);
      PointAtEvent(ctx_, record.text);
      Row row{record.text, slots_.data(), columns_.data(), 0};
      chain_.head().Push(row);
    }
  }

  /// The operator of the merged step (ScanShape::merge).
  RowOperator* partial() { return chain_.last_step(); }

 private:
  FieldExtractor extractor_;
  std::vector<Value> slots_;
  Arena arena_;
  EvalContext ctx_;
  OperatorContext operator_context_;
  CollectSink collect_;
  DiscardSink discard_;
  OperatorChain chain_;
  std::vector<Value> columns_;
};

void ReadBatches(InputSequence& source, const ScanOptions& options, int64_t start,
                 SpareBatches<ScanBatch>& spares, ScanQueue& queue) {
  auto batch = spares.Take();
  uint64_t sequence = 0;
  batch->first_sequence = sequence;
  InputRecord record;
  while (source.Next(record)) {
    batch->records.Add(record, options.now ? options.now() : start, /*copy=*/true);
    batch->bytes += record.text.size() + 1;
    ++sequence;
    // A batch ends when full, or when reading on may wait (a live stream on stdin): what has
    // come so far is evaluated and written meanwhile.
    if (batch->records.records.size() >= options.batch_records
        || batch->records.text_bytes() >= options.batch_bytes || source.may_wait()) {
      batch->records.Seal();
      if (Cancelled(options) || !queue.Push(std::move(batch))) {
        queue.Stop();
        return;  // cancelled or stopped: the run is being abandoned
      }
      batch = spares.Take();
      batch->first_sequence = sequence;
    }
  }
  if (!batch->records.records.empty()) {
    batch->records.Seal();
    queue.Push(std::move(batch));
  }
  queue.Close();
}

// The ordered stage's merge of the workers' partial results into its own first step.
void MergePartials(RowOperator& into, std::vector<std::unique_ptr<ScanWorker>>& workers) {
  for (auto& worker : workers) {
    RowOperator* partial = worker->partial();
    if (auto* summarize = dynamic_cast<SummarizeOperator*>(&into)) {
      summarize->Merge(dynamic_cast<SummarizeOperator&>(*partial));
    } else if (auto* timechart = dynamic_cast<TimechartOperator*>(&into)) {
      timechart->Merge(dynamic_cast<TimechartOperator&>(*partial));
    }
  }
}

std::expected<ScanSummary, std::string> ScanOnThreads(
    const compiler::Plan& plan, const compiler::ExpressionProgram& program,
    const std::vector<std::string>& paths, RowWriter& writer, DeadLetterWriter& dead_letters,
    const ScanOptions& options, unsigned threads, uint64_t total_bytes) {
  const compiler::Pipeline& pipeline = *plan.query;
  ScanShape shape = ShapeOf(pipeline.steps);
  uint32_t column_capacity = WidestRow(pipeline);
  std::vector<std::unique_ptr<ScanWorker>> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<ScanWorker>(plan, program, shape, column_capacity));
  }
  // The ordered stage: the steps after the workers', on this thread.
  int64_t start = WallClockNs();
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = start;
  OperatorContext operator_context{program, ctx, plan.fields.size()};
  WriterSink sink(writer);
  OperatorChain rest(std::span(pipeline.steps).subspan(shape.prefix), operator_context, sink);

  InputSequence source(paths);
  ScanQueue queue(std::max<size_t>(2 * size_t{threads}, 4));
  SpareBatches<ScanBatch> spares;
  ProgressReporter progress(options, total_bytes);
  ScanSummary summary;
  bool stopped_early = false;
  {
    ThreadGroup<ScanQueue> group(queue);
    for (auto& worker : workers) {
      group.Start([&queue, &dead_letters, worker = worker.get()] {
        while (auto ticket = queue.Take()) {
          worker->Process(*ticket->item, dead_letters);
          queue.Finish(ticket->sequence, std::move(ticket->item));
        }
      });
    }
    group.Start([&] { ReadBatches(source, options, start, spares, queue); });
    std::jthread watchdog;
    if (options.cancel != nullptr) {
      watchdog = std::jthread([&](std::stop_token stop) {
        while (!stop.stop_requested()) {
          if (Cancelled(options)) {
            queue.Stop();
            return;
          }
          std::this_thread::sleep_for(kCancelPoll);
        }
      });
    }
    while (auto batch = queue.Pop()) {
      ScanBatch& done = **batch;
      size_t stop_row = done.rows.size();
      for (size_t i = 0; i < done.rows.size(); ++i) {
        arena.Reset();
        operator_context.sequence = done.row_sequence[i];
        ctx.now_ns = done.records.now_ns[done.row_sequence[i] - done.first_sequence];
        PointAtEvent(ctx, done.rows[i].raw);
        if (!rest.head().Push(done.rows[i])) {
          stopped_early = true;
          stop_row = i;
          break;
        }
      }
      if (!stopped_early) {
        dead_letters.WriteFormatted(done.records.dead_letters, done.records.malformed);
        summary.events += done.records.events;
        summary.malformed += done.records.malformed;
      } else {
        // One thread reads no further than the record whose row ended the query: count and
        // report only what comes up to it.
        uint64_t stop = done.row_sequence[stop_row];
        size_t malformed = static_cast<size_t>(
            std::lower_bound(done.malformed_sequence.begin(), done.malformed_sequence.end(), stop)
            - done.malformed_sequence.begin());
        size_t end = malformed == 0 ? 0 : done.dead_letter_end[malformed - 1];
        dead_letters.WriteFormatted(std::string_view(done.records.dead_letters).substr(0, end),
                                    malformed);
        summary.events += stop - done.first_sequence + 1 - malformed;
        summary.malformed += malformed;
      }
      progress.Add(done.bytes, done.records.events);
      done.Clear();
      spares.Give(std::move(*batch));
      if (stopped_early || Cancelled(options)) {
        queue.Stop();
        break;
      }
    }
  }
  summary.cancelled = Cancelled(options) && !stopped_early;
  if (!summary.cancelled) {
    arena.Reset();
    if (shape.merge) {
      MergePartials(rest.head(), workers);
    }
    rest.head().Finish();
  }
  summary.rows = writer.rows_written();
  if (std::string error = source.error(); !error.empty() && !summary.cancelled) {
    return std::unexpected(error);
  }
  if (auto flushed = dead_letters.Flush(); !flushed) {
    return std::unexpected(flushed.error());
  }
  return summary;
}

}  // namespace

std::expected<ScanSummary, std::string> ScanQuery(const compiler::Plan& plan,
                                                  const compiler::ExpressionProgram& program,
                                                  const std::vector<std::string>& inputs,
                                                  RowWriter& writer, DeadLetterWriter& dead_letters,
                                                  const ScanOptions& options) {
  if (!plan.query) {
    return std::unexpected("the plan has no query");
  }
  auto paths = ExpandInputs(plan.query_inputs.empty() ? inputs : plan.query_inputs);
  if (!paths) {
    return std::unexpected(paths.error());
  }
  uint64_t total_bytes = KnownInputBytes(*paths);
  unsigned threads =
      options.threads != 0 ? options.threads : std::max(std::thread::hardware_concurrency(), 1U);
  if (threads == 1) {
    return ScanOnOneThread(plan, program, *paths, writer, dead_letters, options, total_bytes);
  }
  return ScanOnThreads(plan, program, *paths, writer, dead_letters, options, threads, total_bytes);
}

}  // namespace scry::runtime
