#include "runtime/engine/rule_runner.hpp"

#include <algorithm>
#include <map>

#include "runtime/engine/alert_id.hpp"
#include "runtime/event/json_validation.hpp"

namespace scry::runtime {

RuleRunner::RuleRunner(const compiler::Plan& plan, const compiler::ExpressionProgram& program,
                       const EventTimeReader& time, AlertWriter& alerts)
    : plan_(plan), program_(program), time_(time), alerts_(alerts) {
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

  // A rule's prefix: its leading filters on shared conditions.
  std::map<std::vector<compiler::ExprIndex>, size_t> group_of_prefix;
  for (size_t index = 0; index < plan_.rules.size(); ++index) {
    const compiler::RulePlan& rule = plan_.rules[index];
    std::vector<compiler::ExprIndex> prefix;
    size_t step = 0;
    for (; step < rule.pipeline.steps.size(); ++step) {
      const auto* filter = std::get_if<compiler::FilterStep>(&rule.pipeline.steps[step].step);
      if (filter == nullptr || !shared_[filter->condition]) {
        break;
      }
      prefix.push_back(filter->condition);
    }
    auto [it, inserted] = group_of_prefix.try_emplace(prefix, groups_.size());
    if (inserted) {
      groups_.push_back(RuleGroup{prefix, {}});
    }
    groups_[it->second].rules.push_back(GroupedRule{&rule, index, step});
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

bool RuleRunner::Matches(const compiler::RulePlan& rule, size_t first_step, Row& row,
                         EvalContext& ctx) {
  const auto& steps = rule.pipeline.steps;
  for (size_t i = first_step; i < steps.size(); ++i) {
    const compiler::PlanStep& step = steps[i];
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
  Row event_row{event, fields, columns_.data(), 0};
  for (const RuleGroup& group : groups_) {
    bool selected = true;
    for (compiler::ExprIndex condition : group.prefix) {
      if (!TestShared(condition, event_row, ctx)) {
        selected = false;
        break;
      }
    }
    if (!selected) {
      continue;
    }
    for (const GroupedRule& grouped : group.rules) {
      Row row = event_row;
      if (!Matches(*grouped.rule, grouped.first_step, row, ctx)) {
        continue;
      }
      if (row.columns == columns_.data() && row.column_count > 0) {
        // The next rule reuses the scratch columns; keep this rule's values until alerting.
        Value* kept = ctx.arena->AllocateArray<Value>(row.column_count);
        std::copy(row.columns, row.columns + row.column_count, kept);
        row.columns = kept;
      }
      matched_.emplace_back(grouped.index, row);
    }
  }
  if (matched_.empty()) {
    return;
  }
  std::sort(matched_.begin(), matched_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  int64_t time = time_.Read(fields).value_or(ctx.now_ns);
  std::optional<ExtractError> invalid = FindJsonError(event);
  for (const auto& [index, row] : matched_) {
    const compiler::RulePlan& rule = plan_.rules[index];
    std::string id = AlertId(rule.info.id, event);
    Alert alert{id,
                time,
                &rule.info,
                event,
                invalid ? invalid->reason : std::string_view(),
                &row,
                &rule.pipeline.output.columns};
    alerts_.Write(alert);
  }
  matched_.clear();
}

}  // namespace scry::runtime
