// RuleRunner: runs every rule of a compiled rule set on each event and writes an alert for
// each rule that matches.
//
// Which rules an event meets is worked out by a RuleIndex (rule_index.hpp), shared by every
// thread: rules are grouped by source, whose steps (its `where` conditions and `extend`
// columns, its parent's first) run once per event for the whole group; source dispatch skips
// the groups whose source cannot match; the literal prefilter skips the rules whose literals
// are absent. Each remaining rule starts from a copy of the source's columns. Conditions used
// by several rules are computed at most once per event. A RuleRunner is one thread's state.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_index.hpp"
#include "runtime/operators/row.hpp"
#include "runtime/output/alert_writer.hpp"
#include "stdlib/eval_context.hpp"

namespace scry::runtime {

class CorrelationEngine;

class RuleRunner {
 public:
  /// `correlations` runs what rules feed windows, sequences and `suppress`; it may be null for
  /// a plan without any (Plan::stateful empty). `index` may be shared with other runners of
  /// the same plan; when null the runner builds its own with default options.
  RuleRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
             const EventTimeReader& time, AlertWriter& alerts,
             CorrelationEngine* correlations = nullptr,
             std::shared_ptr<const RuleIndex> index = nullptr);
  ~RuleRunner();

  void Process(std::string_view event, const Value* fields, EvalContext& ctx);
  /// A result of the stateful rule `rule`, as an event: runs only the rules that read it.
  void ProcessChained(uint32_t rule, std::string_view event, const Value* fields, EvalContext& ctx);
  uint64_t alerts() const { return alerts_.written(); }
  /// How many groups the rules fall into (one per source, plus the rules without one).
  size_t group_count() const { return index_->groups().size(); }
  const RuleIndex& index() const { return *index_; }

  /// Per-rule counts and time, for `scry explain --profile`. Collected only after
  /// EnableProfile(), since timing every rule costs more than running most of them.
  struct RuleProfile {
    uint64_t considered = 0;  // events whose source matched the rule's
    uint64_t evaluated = 0;   // ... and that passed the prefilter: the rule ran
    uint64_t matched = 0;
    uint64_t nanoseconds = 0;  // spent running the rule's own steps
  };
  void EnableProfile();
  /// Per rule of the plan (empty unless profiling).
  const std::vector<RuleProfile>& profile() const { return profile_; }
  /// Prefilter scans so far (fields scanned, bytes), zero without a prefilter.
  uint64_t prefilter_scans() const;
  uint64_t prefilter_bytes() const;
  /// With profiling: the time the prefilter spent scanning each field (slot; the record's
  /// text, for `*`, last).
  std::vector<uint64_t> prefilter_slot_nanoseconds() const;

 private:
  using GroupedRule = RuleIndex::Rule;
  /// Runs one rule of a group whose source matched (`source_row`: what the source computed);
  /// true if it matched. Run also profiles it when asked to.
  bool RunRule(const GroupedRule& grouped, const Row& source_row, EvalContext& ctx);
  void Run(const GroupedRule& grouped, const Row& source_row, EvalContext& ctx);
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
  std::shared_ptr<const RuleIndex> index_;
  std::unique_ptr<PrefilterScan> prefilter_;  // null without a prefilter
  std::vector<uint64_t> matched_epoch_;       // per rule: the epoch it last matched in
  std::vector<Value> columns_;                // scratch columns of the rule being run
  std::vector<std::vector<Value>>
      group_columns_;                  // per group: what its prefix's `extend`s computed
  std::vector<Row> source_rows_;       // per group: its source's row this event
  std::vector<uint64_t> group_epoch_;  // per group: the event its source last matched
  std::vector<std::pair<const GroupedRule*, Row>> matched_;  // this event's matches, with rows
  std::vector<RuleProfile> profile_;
  // Per condition: the event (epoch) its memo is from.
  std::vector<uint64_t> memo_epoch_;
  std::vector<bool> memo_value_;
  uint64_t epoch_ = 0;
};

}  // namespace scry::runtime
