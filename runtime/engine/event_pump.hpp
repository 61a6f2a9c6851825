// EventPump: the input half of the engine loop. Reads every input in order, extracts the
// fields the plan reads from each record, and hands each event to a handler; a record that
// is not a JSON object goes to the dead-letter output and the stream goes on.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/field_slot_table.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::runtime {

/// Where the pump is: which input (index into the list given to Run) and where in it.
struct PumpPosition {
  size_t input = 0;
  ReaderPosition position;
};

struct InputSummary {
  uint64_t events = 0;     // records read as events
  uint64_t malformed = 0;  // records sent to the dead-letter output
  uint64_t bytes = 0;      // input bytes (after decompression)
};

class EventPump {
 public:
  /// Called per event with the record and its extracted fields; returns false to stop reading
  /// (the query has all the rows it wants).
  using Handler = std::function<bool(const InputRecord& record, const Value* fields)>;

  /// `fields` must not change while the pump exists.
  EventPump(const compiler::FieldSlotTable& fields, DeadLetterWriter& dead_letters);

  /// Reads `inputs` ("-" is stdin) one after another. `ctx.arena` is reset before each record:
  /// whatever the handler computed for an event is gone when the next one starts.
  /// Fails when an input cannot be opened or read to its end.
  /// `start` resumes a run that stopped there (`scry run --state`): earlier inputs are skipped
  /// and the input `start.input` is read from `start.position` on.
  std::expected<void, std::string> Run(const std::vector<std::string>& inputs, EvalContext& ctx,
                                       const Handler& handler, PumpPosition start = {});

  /// During Run: just past the record being handled (or the last one read).
  PumpPosition position() const;

  const InputSummary& summary() const { return summary_; }

 private:
  FieldExtractor extractor_;
  DeadLetterWriter& dead_letters_;
  std::vector<Value> slots_;
  InputSummary summary_;
  size_t input_ = 0;
  const RecordReader* reader_ = nullptr;
  ReaderPosition finished_;  // the position reached in input_ when no reader is open
};

}  // namespace scry::runtime
