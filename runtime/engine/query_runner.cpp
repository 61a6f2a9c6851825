#include "runtime/engine/query_runner.hpp"

namespace scry::runtime {

QueryRunner::QueryRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                         EvalContext& ctx, RowWriter& writer)
    : operator_context_{program, ctx, plan.fields.size()},
      sink_(writer),
      chain_(*plan.query, operator_context_, sink_),
      columns_(std::max<uint32_t>(chain_.event_column_capacity(), 1)) {}

bool QueryRunner::Process(std::string_view event, const Value* fields) {
  Row row{event, fields, columns_.data(), 0};
  return chain_.head().Push(row);
}

void QueryRunner::Finish() {
  chain_.head().Finish();
}

}  // namespace scry::runtime
