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

#include <ostream>
#include <string>
#include <string_view>
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

class AlertWriter {
 public:
  explicit AlertWriter(std::ostream& out) : out_(out) {}
  void Write(const Alert& alert);
  void Flush() { out_.flush(); }
  uint64_t written() const { return written_; }

 private:
  std::ostream& out_;
  std::string line_;
  uint64_t written_ = 0;
};

}  // namespace scry::runtime
