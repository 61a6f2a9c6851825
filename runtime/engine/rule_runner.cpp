#include "runtime/engine/rule_runner.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "runtime/correlate/correlation_engine.hpp"
#include "runtime/engine/alert_id.hpp"
#include "runtime/event/all_values.hpp"
#include "runtime/event/json_validation.hpp"

namespace scry::runtime {

namespace {

// What a source prefix computes, as numbers: rules whose prefixes have the same signature read
// the same source (its steps are bound once, so their expressions are the same).
std::vector<uint64_t> Signature(std::span<const compiler::PlanStep> steps) {
  std::vector<uint64_t> signature;
  for (const compiler::PlanStep& step : steps) {
    if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
      signature.insert(signature.end(), {0, filter->condition});
    } else if (const auto* extend = std::get_if<compiler::ExtendStep>(&step.step)) {
      signature.push_back(1);
      for (const auto& column : extend->columns) {
        signature.insert(signature.end(), {column.column, column.value});
      }
    }
  }
  return signature;
}

// The columns an alert of `rule` shows: those its own steps compute. A source column the rule
// overwrites counts as its own; a record (after `project`) is all the rule's.
std::vector<uint32_t> AlertColumns(const compiler::RulePlan& rule) {
  const auto& output = rule.pipeline.output;
  std::set<uint32_t> columns;
  for (size_t i = 0; i < output.columns.size(); ++i) {
    if (!output.event_rows || i >= rule.source_columns) {
      columns.insert(static_cast<uint32_t>(i));
    }
  }
  if (output.event_rows) {
    for (size_t i = rule.source_steps; i < rule.pipeline.steps.size(); ++i) {
      if (const auto* extend = std::get_if<compiler::ExtendStep>(&rule.pipeline.steps[i].step)) {
        for (const auto& column : extend->columns) {
          columns.insert(column.column);
        }
      }
    }
  }
  return {columns.begin(), columns.end()};
}

}  // namespace

RuleRunner::RuleRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                       const EventTimeReader& time, AlertWriter& alerts,
                       CorrelationEngine* correlations)
    : plan_(plan),
      program_(program),
      time_(time),
      alerts_(alerts),
      correlations_(correlations),
      matched_epoch_(plan.rules.size(), 0) {
  size_t width = 1;
  for (const auto& rule : plan.rules) {
    for (const auto& step : rule.pipeline.steps) {
      width = std::max(width, step.output.columns.size());
    }
  }
  columns_.resize(width);
  BuildGroups();
}

void RuleRunner::BuildGroups() {
  std::vector<uint32_t> uses(plan_.expressions.size());
  for (const auto& rule : plan_.rules) {
    for (const auto& step : rule.pipeline.steps) {
      if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
        ++uses[filter->condition];
      }
    }
  }
  shared_.resize(uses.size());
  for (size_t i = 0; i < uses.size(); ++i) {
    shared_[i] = uses[i] > 1;
  }
  memo_epoch_.assign(uses.size(), 0);
  memo_value_.assign(uses.size(), false);

  std::map<std::vector<uint64_t>, size_t> group_of_prefix;
  for (size_t index = 0; index < plan_.rules.size(); ++index) {
    const compiler::RulePlan& rule = plan_.rules[index];
    if (!rule.runs_on_events) {
      continue;
    }
    if (!rule.input_rules.empty()) {
      readers_.push_back(GroupedRule{&rule, index, AlertColumns(rule)});
      continue;
    }
    std::span<const compiler::PlanStep> prefix(rule.pipeline.steps.data(), rule.source_steps);
    auto [it, inserted] = group_of_prefix.try_emplace(Signature(prefix), groups_.size());
    if (inserted) {
      groups_.push_back(
          RuleGroup{prefix, std::vector<Value>(std::max<size_t>(rule.source_columns, 1)), {}});
    }
    groups_[it->second].rules.push_back(GroupedRule{&rule, index, AlertColumns(rule)});
  }
}

bool RuleRunner::TestShared(compiler::ExprIndex condition, const Row& row, EvalContext& ctx) {
  if (!shared_[condition]) {
    return program_.Test(condition, row.view(), ctx);
  }
  if (memo_epoch_[condition] != epoch_) {
    memo_epoch_[condition] = epoch_;
    memo_value_[condition] = program_.Test(condition, row.view(), ctx);
  }
  return memo_value_[condition];
}

bool RuleRunner::RunSteps(std::span<const compiler::PlanStep> steps, Row& row, EvalContext& ctx) {
  for (const compiler::PlanStep& step : steps) {
    if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
      if (!TestShared(filter->condition, row, ctx)) {
        return false;
      }
    } else if (const auto* extend = std::get_if<compiler::ExtendStep>(&step.step)) {
      for (const auto& column : extend->columns) {
        program_.Evaluate(column.value, row.view(), ctx, &row.columns[column.column]);
      }
      row.column_count = static_cast<uint32_t>(step.output.columns.size());
    } else if (const auto* project = std::get_if<compiler::ProjectStep>(&step.step)) {
      auto width = static_cast<uint32_t>(project->values.size());
      // Room for every later `extend` too: it writes its columns into the row in place.
      Value* columns = ctx.arena->AllocateArray<Value>(columns_.size());
      for (uint32_t c = 0; c < width; ++c) {
        program_.Evaluate(project->values[c], row.view(), ctx, &columns[c]);
      }
      row.fields = nullptr;
      row.columns = columns;
      row.column_count = width;
    }
  }
  return true;
}

void RuleRunner::Process(std::string_view event, const Value* fields, EvalContext& ctx) {
  ++epoch_;
  PointAtEvent(ctx, event);  // `*` reads this event, if any rule asks
  for (RuleGroup& group : groups_) {
    Row source_row{event, fields, group.columns.data(), 0};
    if (!RunSteps(group.prefix, source_row, ctx)) {
      continue;
    }
    for (const GroupedRule& grouped : group.rules) {
      // Each rule may overwrite a source column with `extend`; the next one must not see that.
      Row row{event, fields, columns_.data(), source_row.column_count};
      std::copy(source_row.columns, source_row.columns + source_row.column_count, row.columns);
      const auto& steps = grouped.rule->pipeline.steps;
      if (!RunSteps(std::span(steps).subspan(grouped.rule->source_steps), row, ctx)) {
        continue;
      }
      if (row.columns == columns_.data()) {
        // The next rule reuses the scratch columns; keep this rule's values until alerting.
        Value* kept = ctx.arena->AllocateArray<Value>(std::max<uint32_t>(row.column_count, 1));
        std::copy(row.columns, row.columns + row.column_count, kept);
        row.columns = kept;
      }
      matched_.emplace_back(&grouped, row);
      MarkMatched(grouped);
    }
  }
  if (!readers_.empty() && !matched_.empty()) {
    RunReaders(event, fields, ctx, std::nullopt);
  }
  Deliver(event, fields, ctx);
  if (correlations_ != nullptr) {
    if (auto time = time_.Read(fields)) {
      correlations_->Observe(*time);
    }
  }
}

void RuleRunner::MarkMatched(const GroupedRule& grouped) {
  // What a window or sequence rule matches is its input, not its result: the rules that read
  // it get its results (ProcessChained), never the events it was fed.
  if (!grouped.rule->feeds) {
    matched_epoch_[grouped.index] = epoch_;
  }
}

void RuleRunner::ProcessChained(uint32_t rule, std::string_view event, const Value* fields,
                                EvalContext& ctx) {
  // Runs inside the delivery of another event's matches: keep its matches aside.
  auto outer = std::move(matched_);
  matched_.clear();
  ++epoch_;
  matched_epoch_[rule] = epoch_;
  RunReaders(event, fields, ctx, rule);
  Deliver(event, fields, ctx);
  matched_ = std::move(outer);
}

void RuleRunner::RunReaders(std::string_view event, const Value* fields, EvalContext& ctx,
                            std::optional<uint32_t> only) {
  for (const GroupedRule& reader : readers_) {
    const compiler::RulePlan& rule = *reader.rule;
    uint32_t inputs = 0;
    for (uint32_t input : rule.input_rules) {
      if (matched_epoch_[input] == epoch_ && (!only || input == *only)) {
        ++inputs;
      }
    }
    if (inputs == 0) {
      continue;
    }
    // `matched_rules`: the names of the rules read that matched this event.
    Value* names = ctx.arena->AllocateArray<Value>(inputs);
    uint32_t n = 0;
    for (uint32_t input : rule.input_rules) {
      if (matched_epoch_[input] == epoch_ && (!only || input == *only)) {
        names[n++] = Value::String(plan_.rules[input].info.name);
      }
    }
    Value* columns = ctx.arena->AllocateArray<Value>(columns_.size());
    columns[0] = Value::List(names, n);
    Row row{event, fields, columns, 1};
    if (!RunSteps(rule.pipeline.steps, row, ctx)) {
      continue;
    }
    matched_.emplace_back(&reader, row);
    MarkMatched(reader);
  }
}

void RuleRunner::Deliver(std::string_view event, const Value* fields, EvalContext& ctx) {
  if (matched_.empty()) {
    return;
  }
  std::sort(matched_.begin(), matched_.end(),
            [](const auto& a, const auto& b) { return a.first->index < b.first->index; });
  int64_t time = time_.Read(fields).value_or(ctx.now_ns);
  std::optional<ExtractError> invalid;
  bool validated = false;
  // Feeding may run chained rules, which use matched_ themselves: work on this event's list.
  auto matches = std::move(matched_);
  matched_.clear();
  for (const auto& [grouped, row] : matches) {
    const compiler::RulePlan& rule = *grouped->rule;
    if (rule.feeds) {
      if (correlations_ == nullptr
          || !correlations_->Feed(static_cast<uint32_t>(grouped->index), row, event, time, ctx)) {
        continue;  // a window or sequence takes it from here (or `suppress` held it back)
      }
    }
    if (!rule.alerts) {
      continue;
    }
    if (!validated) {
      invalid = FindJsonError(event);
      validated = true;
    }
    std::string id = AlertId(rule.info.id, event);
    Alert alert{id,
                time,
                &rule.info,
                event,
                invalid ? invalid->reason : std::string_view(),
                &row,
                &rule.pipeline.output.columns,
                &grouped->alert_columns};
    alerts_.Write(alert);
  }
}

}  // namespace scry::runtime
