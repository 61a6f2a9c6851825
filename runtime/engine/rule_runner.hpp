// RuleRunner: runs every rule of a compiled rule set on each event and writes an alert for
// each rule that matches.
//
// Rules that read the same source (all rules `from windows.process_creation`) are grouped: the
// source's steps (its `where` conditions and `extend` columns, its parent's first) run once
// per event for the whole group, and when a condition fails none of the group's rules runs.
// Each rule then starts from a copy of the source's columns. Conditions used by several rules
// (a parent source's, shared by several groups) are also computed at most once per event.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/operators/row.hpp"
#include "runtime/output/alert_writer.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::runtime {

class CorrelationEngine;

class RuleRunner {
 public:
  /// `correlations` runs what rules feed windows, sequences and `suppress`; it may be null for
  /// a plan without any (Plan::stateful empty).
  RuleRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
             const EventTimeReader& time, AlertWriter& alerts,
             CorrelationEngine* correlations = nullptr);

  void Process(std::string_view event, const Value* fields, EvalContext& ctx);
  /// A result of the stateful rule `rule`, as an event: runs only the rules that read it.
  void ProcessChained(uint32_t rule, std::string_view event, const Value* fields, EvalContext& ctx);
  uint64_t alerts() const { return alerts_.written(); }
  /// How many groups the rules fall into (one per source, plus the rules without one).
  size_t group_count() const { return groups_.size(); }

 private:
  struct GroupedRule {
    const compiler::RulePlan* rule;
    size_t index;  // in the plan: alerts of one event come out in rule order
    /// The columns its alerts show as `fields`: the ones the rule's own steps compute, not the
    /// source's. Empty when it computes none.
    std::vector<uint32_t> alert_columns;
  };
  struct RuleGroup {
    std::span<const compiler::PlanStep> prefix;  // the source's steps, shared by every rule here
    std::vector<Value> columns;                  // what the prefix's `extend`s computed
    std::vector<GroupedRule> rules;
  };

  void BuildGroups();
  /// The rules that read other rules (`from a, b`), in plan order, for the matches so far of
  /// this event (or, chained, for the results of `only`).
  void RunReaders(std::string_view event, const Value* fields, EvalContext& ctx,
                  std::optional<uint32_t> only);
  void MarkMatched(const GroupedRule& grouped);
  /// Alerts and feeds for this event's matches.
  void Deliver(std::string_view event, const Value* fields, EvalContext& ctx);
  /// Runs `steps` on `row`; true if the event got through all of them. `row` ends up holding
  /// the columns they compute.
  bool RunSteps(std::span<const compiler::PlanStep> steps, Row& row, EvalContext& ctx);
  /// A condition's result for the current event, computed once however many rules test it.
  bool TestShared(compiler::ExprIndex condition, const Row& row, EvalContext& ctx);

  const compiler::Plan& plan_;
  const compiler::ExpressionProgram& program_;
  const EventTimeReader& time_;
  AlertWriter& alerts_;
  CorrelationEngine* correlations_;
  std::vector<GroupedRule> readers_;     // rules with input_rules, in plan order
  std::vector<uint64_t> matched_epoch_;  // per rule: the epoch it last matched in
  std::vector<Value> columns_;           // scratch columns of the rule being run
  std::vector<RuleGroup> groups_;
  std::vector<std::pair<const GroupedRule*, Row>> matched_;  // this event's matches, with rows
  // Per condition: used by more than one rule; and the event (epoch) its memo is from.
  std::vector<bool> shared_;
  std::vector<uint64_t> memo_epoch_;
  std::vector<bool> memo_value_;
  uint64_t epoch_ = 0;
};

}  // namespace scry::runtime
