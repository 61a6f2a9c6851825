// RowOperator: one step of a running pipeline. Operators form a chain; each pushes the rows
// it produces to the next, and the last one is a sink that writes output.
#pragma once

#include "compiler/program/expression_program.hpp"
#include "runtime/operators/row.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::runtime {

/// What operators evaluate expressions with.
struct OperatorContext {
  const compiler::ExpressionProgram& program;
  EvalContext& eval;
  uint32_t field_count;  // slots of an event row, for copying rows
  /// The place in the input of the event being pushed (0 for the first), set by whoever feeds
  /// the chain: partial summaries made on several threads merge in first-seen order by it.
  uint64_t sequence = 0;
};

class RowOperator {
 public:
  virtual ~RowOperator() = default;
  /// Takes one row (which may be modified: extend writes its columns). Returns false once no
  /// more input is wanted (a `head` that has its rows), so reading can stop early.
  virtual bool Push(Row& row) = 0;
  /// End of input: emit any rows held back, then finish the next operator.
  virtual void Finish() = 0;
};

/// Pushes, at the end of input, a row an operator held back (sort, top, tail, sample). Values
/// computed downstream live only while their row does, so the arena starts afresh; and `*`
/// after such an operator reads the row's own event. Returns what `next.Push` returned.
bool PushHeldRow(OperatorContext& ctx, RowOperator& next, Row& row);

}  // namespace scry::runtime
