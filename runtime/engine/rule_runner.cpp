#include "runtime/engine/rule_runner.hpp"

#include "runtime/engine/alert_id.hpp"

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
}

bool RuleRunner::Matches(const compiler::RulePlan& rule, Row& row, EvalContext& ctx) {
  for (const compiler::PlanStep& step : rule.pipeline.steps) {
    if (const auto* filter = std::get_if<compiler::FilterStep>(&step.step)) {
      if (!program_.Test(filter->condition, row.view(), ctx)) {
        return false;
      }
    } else if (const auto* extend = std::get_if<compiler::ExtendStep>(&step.step)) {
      for (const auto& column : extend->columns) {
        program_.Evaluate(column.value, row.view(), ctx, &row.columns[column.column]);
      }
      row.column_count = static_cast<uint32_t>(step.output.columns.size());
    } else if (const auto* project = std::get_if<compiler::ProjectStep>(&step.step)) {
      auto width = static_cast<uint32_t>(project->values.size());
      Value* columns = ctx.arena->AllocateArray<Value>(std::max<uint32_t>(width, 1));
      for (uint32_t i = 0; i < width; ++i) {
        program_.Evaluate(project->values[i], row.view(), ctx, &columns[i]);
      }
      row.fields = nullptr;
      row.columns = columns;
      row.column_count = width;
    }
  }
  return true;
}

void RuleRunner::Process(std::string_view event, const Value* fields, EvalContext& ctx) {
  for (const compiler::RulePlan& rule : plan_.rules) {
    Row row{event, fields, columns_.data(), 0};
    if (!Matches(rule, row, ctx)) {
      continue;
    }
    std::string id = AlertId(rule.info.id, event);
    Alert alert{id,         time_.Read(fields).value_or(ctx.now_ns),
                &rule.info, event,
                &row,       &rule.pipeline.output.columns};
    alerts_.Write(alert);
  }
}

}  // namespace scry::runtime
