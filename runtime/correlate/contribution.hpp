// Contribution: one match fed to a window or a sequence, as kept until it expires; and
// CorrelationResult, what an operator emits when a window or sequence completes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stdlib/value.hpp"

namespace scry::runtime {

struct Contribution {
  int64_t time = 0;    // event time, ns
  uint64_t seq = 0;    // arrival number: orders events of equal time
  uint32_t input = 0;  // StatefulInput index (a sequence's step)
  std::string group;   // GroupKey() of the key values
  std::string keys;    // the key values, encoded (value_codec.hpp)
  std::string values;  // the aggregate arguments, encoded, one per aggregate
  std::string event_id;
};

/// What a window or sequence found for one group. `columns` are the output record: the keys,
/// then the aggregates (windows); valid until the operator's next call.
struct CorrelationResult {
  int64_t time = 0;   // the event time of the contribution that completed it
  int64_t start = 0;  // the window: first and last event time it covers
  int64_t end = 0;
  std::vector<Value> columns;
  std::vector<const std::string*> event_ids;
  const std::string* group = nullptr;
};

/// Where operators send results. Returns true when the result became an alert (it passed the
/// rule's `where` after the window), so the operator starts the group afresh.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual bool Emit(const CorrelationResult& result) = 0;
};

/// The event ids an alert lists at most; the count is always exact.
inline constexpr size_t kMaxListedEvents = 100;

}  // namespace scry::runtime
