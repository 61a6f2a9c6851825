// Row: what flows between the operators of a pipeline.
//
// An event row is one input record: its raw JSON text, the fields the plan extracted (slot
// table) and the columns `extend` computed. A record row (after `project` or `summarize`) has
// columns only. Rows are passed by reference and live as long as the event they come from;
// an operator that keeps rows (sort, summarize) copies them into a RowStore.
//
// `extend` writes its columns into the row's `columns` in place, so whoever makes a row's
// column array (the query runner, project, summarize, sort) gives it room for the widest
// layout of the steps after it (OperatorChain computes that width).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/program/expression_program.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

struct Row {
  std::string_view raw;           // event rows: the record as received; records: empty
  const Value* fields = nullptr;  // event rows: the slot table
  Value* columns = nullptr;       // computed columns (event rows), all columns (records)
  uint32_t column_count = 0;

  bool is_event() const { return fields != nullptr; }
  compiler::RowView view() const { return {fields, columns}; }
};

/// Owns deep copies of rows.
class RowStore {
 public:
  explicit RowStore(uint32_t field_count) : field_count_(field_count) {}

  /// Copies the row's text, fields and columns, with room for `column_capacity` columns (at
  /// least the row's own); the copy lives as long as the store.
  Row Copy(const Row& row, uint32_t column_capacity);
  Arena& arena() { return arena_; }
  /// Forgets every copy made so far (their memory is reused).
  void Clear() { arena_.Reset(); }

 private:
  uint32_t field_count_;
  Arena arena_{1 << 20};
};

}  // namespace scry::runtime
