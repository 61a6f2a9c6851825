// AlertWriter: one JSON line per alert (schema in docs/alerts.md):
//
//   {"alert_id": "...", "time": "2020-10-15T13:17:02.403318Z",
//    "rule": {"id": "...", "title": "...", "level": "high", "tags": [...]},
//    "event": <the event exactly as received>,
//    "fields": {...}}            // only when the rule computes columns (extend/project);
//                                // columns its source computes are not shown
//
// An event that is not valid JSON in a part no rule read is carried as a string instead:
// "event": null, "event_raw": "<the record>", "event_error": "<why>".
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row.hpp"

namespace scry::runtime {

struct Alert {
  std::string_view id;
  int64_t time_ns;
  const compiler::RuleInfo* rule;
  std::string_view event;
  /// Why `event` is not valid JSON (json_validation.hpp), or empty when it is.
  std::string_view event_error;
  /// The rule's computed columns, if any.
  const Row* row = nullptr;
  const std::vector<std::string>* column_names = nullptr;
  /// Which of the row's columns go into `fields`, in order; nullptr for all of them.
  const std::vector<uint32_t>* shown_columns = nullptr;
};

/// The alert of a window or a sequence: one per group and window (docs/alerts.md).
struct CorrelationAlert {
  std::string_view id;
  int64_t time_ns;  // the event time of the event that completed it
  const compiler::RuleInfo* rule;
  int64_t start_ns;  // the window: the first and last event time it covers
  int64_t end_ns;
  /// The output record: the group keys (the first `key_count` columns), then the rest
  /// (aggregates and what the rule computed after them).
  const Row* row;
  const std::vector<std::string>* column_names;
  size_t key_count;
  const std::vector<const std::string*>* event_ids;  // the contributing events, capped
};

class AlertWriter {
 public:
  explicit AlertWriter(std::ostream& out) : out_(out) {}
  void Write(const Alert& alert);
  void Write(const CorrelationAlert& alert);
  void Flush() { out_.flush(); }
  uint64_t written() const { return written_; }

  /// Alerts already in the output (written before a restart, after the last checkpoint):
  /// each id is skipped as often as it is listed, so a replay writes no alert twice.
  void SkipAlreadyWritten(std::unordered_map<std::string, uint32_t> ids) {
    already_written_ = std::move(ids);
  }
  uint64_t skipped() const { return skipped_; }

  /// Told of every alert written (the REPL's backtest counts them per rule).
  using Observer = std::function<void(const compiler::RuleInfo& rule, int64_t time_ns)>;
  void set_observer(Observer observer) { observer_ = std::move(observer); }

 private:
  std::ostream& out_;
  bool Skip(std::string_view id);

  std::string line_;
  uint64_t written_ = 0;
  uint64_t skipped_ = 0;
  std::unordered_map<std::string, uint32_t> already_written_;
  Observer observer_;
};

}  // namespace scry::runtime
