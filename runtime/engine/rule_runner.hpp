// RuleRunner: runs every rule of a compiled rule set on each event and writes an alert for
// each rule that matches.
//
// Rules that start with the same conditions (all rules `from windows.process_creation` begin
// with the source's Channel and EventID tests) are grouped: a group's shared conditions are
// tested once per event, and when they fail none of its rules runs. Conditions used by several
// rules are also computed at most once per event.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/operators/row.hpp"
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
  struct GroupedRule {
    const compiler::RulePlan* rule;
    size_t index;       // in the plan: alerts of one event come out in rule order
    size_t first_step;  // the steps after the group's shared prefix
  };
  struct RuleGroup {
    std::vector<compiler::ExprIndex> prefix;  // leading conditions every rule here starts with
    std::vector<GroupedRule> rules;
  };

  void BuildGroups();
  /// Runs a rule's steps from `first_step`; true if the event got through all of them. `row`
  /// ends up holding the rule's computed columns.
  bool Matches(const compiler::RulePlan& rule, size_t first_step, Row& row, EvalContext& ctx);
  /// A condition's result for the current event, computed once however many rules test it.
  bool TestShared(compiler::ExprIndex condition, const Row& row, EvalContext& ctx);

  const compiler::Plan& plan_;
  const compiler::ExpressionProgram& program_;
  const EventTimeReader& time_;
  AlertWriter& alerts_;
  std::vector<Value> columns_;
  std::vector<RuleGroup> groups_;
  std::vector<std::pair<size_t, Row>> matched_;  // this event's matches: rule index, its row
  // Per condition: used by more than one rule; and the event (epoch) its memo is from.
  std::vector<bool> shared_;
  std::vector<uint64_t> memo_epoch_;
  std::vector<bool> memo_value_;
  uint64_t epoch_ = 0;
};

}  // namespace scry::runtime
