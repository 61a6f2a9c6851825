// RuleRunner: runs every rule of a compiled rule set on each event and writes an alert for
// each rule that matches.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/output/alert_writer.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::runtime {

class RuleRunner {
 public:
  RuleRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
             const EventTimeReader& time, AlertWriter& alerts);

  void Process(std::string_view event, const Value* fields, EvalContext& ctx);
  uint64_t alerts() const { return alerts_.written(); }

 private:
  /// Runs one rule's steps; true if the event got through all of them. `row` ends up holding
  /// the rule's computed columns.
  bool Matches(const compiler::RulePlan& rule, Row& row, EvalContext& ctx);

  const compiler::Plan& plan_;
  const compiler::ExpressionProgram& program_;
  const EventTimeReader& time_;
  AlertWriter& alerts_;
  std::vector<Value> columns_;
};

}  // namespace scry::runtime
