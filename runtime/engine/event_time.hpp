// EventTimeReader: an event's own time, read from the usual timestamp fields, for the `time`
// of alerts (and, later, for windows on event time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/field_slot_table.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

class EventTimeReader {
 public:
  /// Interns the candidate fields into `fields` (the slot table the extractor fills):
  /// @timestamp, timestamp, time, TimeCreated, UtcTime, EventTime, event.created.
  explicit EventTimeReader(compiler::FieldSlotTable& fields);
  /// Reads only `field` (a dotted path, `--time-field`) instead of the usual candidates.
  EventTimeReader(compiler::FieldSlotTable& fields, const std::string& field);
  /// Reads the fields at `slots`, already interned (a timechart's TimechartStep::time_slots).
  explicit EventTimeReader(std::vector<uint32_t> slots) : slots_(std::move(slots)) {}

  /// Nanoseconds since the epoch from the first candidate present and readable: RFC 3339
  /// text, or a number of seconds, milliseconds, microseconds or nanoseconds since the epoch
  /// (told apart by magnitude, as to_time() does: stdlib EpochToNanoseconds).
  std::optional<int64_t> Read(const Value* fields) const;

 private:
  std::vector<uint32_t> slots_;
};

}  // namespace scry::runtime
