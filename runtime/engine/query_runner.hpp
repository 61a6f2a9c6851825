// QueryRunner: runs a compiled query's pipeline over events, writing its result rows.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/operators/operator_chain.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::runtime {

class QueryRunner {
 public:
  QueryRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
              EvalContext& ctx, RowWriter& writer);

  /// One event; false once the query wants no more input.
  bool Process(std::string_view event, const Value* fields);
  /// End of input: flushes held rows (sort, summarize) and closes the writer.
  void Finish();

 private:
  OperatorContext operator_context_;
  WriterSink sink_;
  OperatorChain chain_;
  std::vector<Value> columns_;
  uint64_t events_ = 0;
};

}  // namespace scry::runtime
