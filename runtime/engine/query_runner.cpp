#include "runtime/engine/query_runner.hpp"

#include "runtime/event/all_values.hpp"

namespace scry::runtime {

QueryRunner::QueryRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                         EvalContext& ctx, RowWriter& writer)
    : operator_context_{program, ctx, plan.fields.size()},
      sink_(writer),
      chain_(*plan.query, operator_context_, sink_),
      columns_(std::max<uint32_t>(chain_.event_column_capacity(), 1)) {}

bool QueryRunner::Process(std::string_view event, const Value* fields) {
  PointAtEvent(operator_context_.eval, event);  // `*` reads this event, if the query asks
  Row row{event, fields, columns_.data(), 0};
  operator_context_.sequence = events_++;
  return chain_.head().Push(row);
}

void QueryRunner::Finish() {
  chain_.head().Finish();
}

}  // namespace scry::runtime
