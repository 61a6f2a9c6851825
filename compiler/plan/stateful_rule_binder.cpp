// The stateful half of RuleSetBinder: `window` + `aggregate`, `sequence` and `suppress`, which
// turn a rule's matches into state kept across events (plan.hpp, StatefulPlan).
#include <set>

#include <fmt/format.h>

#include "compiler/plan/pipeline_binder.hpp"
#include "compiler/plan/rule_set_binder.hpp"

namespace scry::compiler {

using lang::SourceSpan;
namespace ast = lang::ast;

std::optional<int64_t> RuleSetBinder::ConstantDuration(const ast::Expr& expr,
                                                       std::string_view what) {
  const auto* literal = expr.As<ast::Literal>();
  if (literal == nullptr || literal->kind != ast::Literal::Kind::kDuration) {
    diagnostics_.Error(expr.span, fmt::format("{} needs a duration such as 30s, 5m or 1h", what));
    return std::nullopt;
  }
  if (literal->int_value <= 0) {
    diagnostics_.Error(expr.span, fmt::format("{} needs a duration above zero", what));
    return std::nullopt;
  }
  return literal->int_value;
}

namespace {

bool IsStatefulOp(const ast::Operator& op) {
  return std::holds_alternative<ast::WindowOp>(op.op)
         || std::holds_alternative<ast::AggregateOp>(op.op)
         || std::holds_alternative<ast::SequenceOp>(op.op)
         || std::holds_alternative<ast::SuppressOp>(op.op);
}

}  // namespace

void RuleSetBinder::BindStatefulPart(const ast::RuleDecl& rule, size_t first, uint32_t owner) {
  StatefulPlan stateful;
  stateful.rule = owner;
  auto index = static_cast<uint32_t>(plan_.stateful.size());
  size_t next = BindStatefulOperator(rule, first, owner, stateful);
  if (next == 0) {
    return;
  }
  PipelineBinder binder(ctx_);
  const auto& ops = rule.pipeline.ops;
  for (size_t i = next; i < ops.size(); ++i) {
    const ast::Operator& op = ops[i];
    if (const auto* suppress = std::get_if<ast::SuppressOp>(&op.op)) {
      if (i + 1 != ops.size()) {
        diagnostics_.Error(op.span, "'suppress' must be the last operator of a rule");
        return;
      }
      auto duration = ConstantDuration(*suppress->duration, "'suppress'");
      if (!duration) {
        return;
      }
      SuppressPlan plan{*duration, {}};
      NameScope scope = stateful.after.output.event_rows
                            ? NameScope::Events(stateful.after.output.columns)
                            : NameScope::Records(stateful.after.output.columns);
      for (const ast::Assignment& key : suppress->by) {
        auto value = binder.BindValue(*key.value, scope);
        if (!value) {
          return;
        }
        plan.keys.push_back(*value);
      }
      stateful.suppress = std::move(plan);
      continue;
    }
    if (IsStatefulOp(op)) {
      diagnostics_.Error(op.span, fmt::format("'{}' cannot follow a window or a sequence: a rule "
                                              "has one; read this rule's results from another "
                                              "rule (from {}) to chain them",
                                              op.Name(), rule.name));
      return;
    }
    if (std::holds_alternative<std::monostate>(stateful.op)) {
      diagnostics_.Error(op.span, "'suppress' must be the last operator of a rule");
      return;
    }
    if (!binder.BindOperator(op, stateful.after, /*in_rule=*/true)) {
      return;
    }
  }
  plan_.rules[owner].feeds = index;
  plan_.stateful.push_back(std::move(stateful));
}

size_t RuleSetBinder::BindStatefulOperator(const ast::RuleDecl& rule, size_t first, uint32_t owner,
                                           StatefulPlan& stateful) {
  const auto& ops = rule.pipeline.ops;
  const ast::Operator& op = ops[first];
  PipelineBinder binder(ctx_);
  std::set<std::string> names;
  auto add_column = [&](const std::string& name, SourceSpan span) {
    if (!names.insert(name).second) {
      diagnostics_.Error(span, fmt::format("column '{}' appears twice", name));
      return false;
    }
    stateful.after.output.columns.push_back(name);
    return true;
  };
  // Group keys, bound on each input's row: their names are the output's first columns.
  auto bind_keys = [&](const std::vector<ast::Assignment>& by, const RowLayout& layout,
                       StatefulInput& input, bool name_them) {
    NameScope scope = NameScope::Events(layout.columns);
    for (const ast::Assignment& key : by) {
      auto name = binder.ColumnName(key);
      auto value = binder.BindValue(*key.value, scope);
      if (!name || !value) {
        return false;
      }
      if (name_them) {
        if (!add_column(*name, key.name ? key.name_span : key.value->span)) {
          return false;
        }
        stateful.key_names.push_back(*name);
      }
      input.keys.push_back(*value);
    }
    return true;
  };
  stateful.after.output.event_rows = false;

  if (const auto* window = std::get_if<ast::WindowOp>(&op.op)) {
    const ast::AggregateOp* aggregate =
        first + 1 < ops.size() ? std::get_if<ast::AggregateOp>(&ops[first + 1].op) : nullptr;
    if (aggregate == nullptr) {
      diagnostics_.Error(op.span,
                         "a window needs 'aggregate' right after it: | aggregate n = "
                         "count()");
      return 0;
    }
    auto size = ConstantDuration(*window->size, "a window");
    if (!size) {
      return 0;
    }
    WindowPlan plan;
    plan.kind = window->kind == ast::WindowKind::kSliding    ? WindowKind::kSliding
                : window->kind == ast::WindowKind::kTumbling ? WindowKind::kTumbling
                                                             : WindowKind::kSession;
    plan.size_ns = *size;
    const RowLayout& layout = plan_.rules[owner].pipeline.output;
    StatefulInput input{owner, {}, {}};
    if (!bind_keys(window->by, layout, input, true)) {
      return 0;
    }
    NameScope scope = NameScope::Events(layout.columns);
    for (const ast::Assignment& assignment : aggregate->aggregates) {
      auto spec = binder.BindAggregate(assignment, scope, "aggregate");
      if (!spec) {
        return 0;
      }
      auto name = binder.ColumnName(assignment);
      if (!name
          || !add_column(*name, assignment.name ? assignment.name_span : assignment.value->span)) {
        return 0;
      }
      input.arguments.push_back(spec->argument);
      plan.aggregates.push_back(*spec);
    }
    stateful.inputs.push_back(std::move(input));
    stateful.op = std::move(plan);
    return first + 2;
  }

  if (std::holds_alternative<ast::AggregateOp>(op.op)) {
    diagnostics_.Error(op.span,
                       "'aggregate' needs a window before it: | window sliding 5m by "
                       "<keys> | aggregate ...");
    return 0;
  }

  if (const auto* suppress = std::get_if<ast::SuppressOp>(&op.op)) {
    (void)suppress;
    // Only suppression: the output is the event as the stateless part leaves it.
    stateful.after.output = plan_.rules[owner].pipeline.output;
    stateful.inputs.push_back(StatefulInput{owner, {}, {}});
    return first;  // the suppress itself is bound with what follows
  }

  const auto& sequence = std::get<ast::SequenceOp>(op.op);
  auto within = ConstantDuration(*sequence.within, "a sequence");
  if (!within) {
    return 0;
  }
  stateful.op = SequencePlan{sequence.ordered, *within};
  auto index = static_cast<uint32_t>(plan_.stateful.size());
  size_t positive = 0;
  auto bind_step = [&](const ast::SequenceStep& step, uint32_t position, bool until) {
    for (const ast::Operator& step_op : step.pipeline->ops) {
      if (IsStatefulOp(step_op)) {
        diagnostics_.Error(step_op.span, fmt::format("a sequence step selects events ('from', "
                                                     "'where', 'extend'), not '{}'",
                                                     step_op.Name()));
        return false;
      }
    }
    RulePlan plan;
    plan.info = plan_.rules[owner].info;
    plan.info.name = fmt::format("{}[{}]", rule.name, position + 1);
    plan.info.id = fmt::format("{}[{}]", plan.info.id, position + 1);
    plan.hidden = true;
    plan.alerts = false;
    plan.feeds = index;
    plan.feed_input = position;
    if (!BindStatelessPart(step.pipeline->from, step.pipeline->ops, plan)) {
      return false;
    }
    StatefulInput input{static_cast<uint32_t>(plan_.rules.size()), {}, {}, step.absent, until};
    if (!bind_keys(sequence.by, plan.pipeline.output, input, position == 0)) {
      return false;
    }
    plan_.rules.push_back(std::move(plan));
    stateful.inputs.push_back(std::move(input));
    return true;
  };
  for (size_t i = 0; i < sequence.steps.size(); ++i) {
    if (!bind_step(sequence.steps[i], static_cast<uint32_t>(i), false)) {
      return 0;
    }
    positive += sequence.steps[i].absent ? 0 : 1;
  }
  if (positive == 0) {
    diagnostics_.Error(op.span, "a sequence needs at least one step that is not absent ('![...]')");
    return 0;
  }
  if (sequence.until
      && !bind_step(*sequence.until, static_cast<uint32_t>(sequence.steps.size()), true)) {
    return 0;
  }
  return first + 1;
}

}  // namespace scry::compiler
