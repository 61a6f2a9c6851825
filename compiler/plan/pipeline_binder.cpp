#include "compiler/plan/pipeline_binder.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "compiler/plan/event_time_fields.hpp"

namespace scry::compiler {

using lang::SourceSpan;
namespace ast = lang::ast;

namespace {

constexpr uint64_t kDefaultSampleSeed = 0x5C7;

}  // namespace

std::optional<std::string> DeriveColumnName(const ast::Expr& expr) {
  if (const auto* path = expr.As<ast::FieldPath>()) {
    if (path->IsAllValues()) {
      return std::nullopt;  // `project *` would read as "every column" (SQL), which it is not
    }
    return path->Dotted();
  }
  if (const auto* call = expr.As<ast::Call>()) {
    if (call->args.empty()) {
      return call->function;
    }
    if (auto inner = DeriveColumnName(*call->args[0])) {
      std::string name = call->function + "_" + *inner;
      for (char& c : name) {
        if (c == '.') {
          c = '_';
        }
      }
      return name;
    }
  }
  return std::nullopt;
}

NameScope PipelineBinder::ScopeOf(const RowLayout& layout) {
  return layout.event_rows ? NameScope::Events(layout.columns) : NameScope::Records(layout.columns);
}

std::optional<std::string> PipelineBinder::ColumnName(const ast::Assignment& assignment) {
  if (assignment.name) {
    return assignment.name;
  }
  if (auto derived = DeriveColumnName(*assignment.value)) {
    return derived;
  }
  ctx_.diagnostics.Error(assignment.value->span,
                         "this column needs a name: write 'name = <expression>'");
  return std::nullopt;
}

std::optional<ExprIndex> PipelineBinder::BindValue(const ast::Expr& expr, const NameScope& scope) {
  ExprBinder binder(ctx_, scope);
  BoundExprPtr bound = binder.Bind(expr);
  if (!bound) {
    return std::nullopt;
  }
  return ctx_.plan.AddExpression(std::move(bound));
}

bool PipelineBinder::BindOperators(const std::vector<ast::Operator>& ops, Pipeline& pipeline,
                                   bool in_rule) {
  bool ok = true;
  for (const ast::Operator& op : ops) {
    bool step_ok = BindOperator(op, pipeline, in_rule);
    ok = ok && step_ok;
  }
  return ok;
}

bool PipelineBinder::BindOperator(const ast::Operator& op, Pipeline& pipeline, bool in_rule) {
  bool whole_input =
      std::holds_alternative<ast::SummarizeOp>(op.op) || std::holds_alternative<ast::SortOp>(op.op)
      || std::holds_alternative<ast::HeadOp>(op.op) || std::holds_alternative<ast::TailOp>(op.op)
      || std::holds_alternative<ast::TopOp>(op.op) || std::holds_alternative<ast::DistinctOp>(op.op)
      || std::holds_alternative<ast::CountOp>(op.op) || std::holds_alternative<ast::SampleOp>(op.op)
      || std::holds_alternative<ast::TimechartOp>(op.op);
  if (in_rule && whole_input) {
    ctx_.diagnostics.Error(op.span,
                           fmt::format("'{}' needs the whole input and cannot run in a streaming "
                                       "rule; use it in a query (scry query)",
                                       op.Name()));
    return false;
  }
  if (in_rule && std::holds_alternative<ast::ProjectAwayOp>(op.op)) {
    ctx_.diagnostics.Error(op.span,
                           "'project-away' is only available in a query (scry query); an alert "
                           "shows the whole event");
    return false;
  }
  // Only where, sort, head, tail, top and sample keep a timechart's rows a timechart.
  bool keeps_chart =
      std::holds_alternative<ast::WhereOp>(op.op) || std::holds_alternative<ast::SortOp>(op.op)
      || std::holds_alternative<ast::HeadOp>(op.op) || std::holds_alternative<ast::TailOp>(op.op)
      || std::holds_alternative<ast::TopOp>(op.op) || std::holds_alternative<ast::SampleOp>(op.op);
  if (!keeps_chart) {
    pipeline.chart = false;
  }
  return std::visit(
      [&](const auto& node) -> bool {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ast::WhereOp>) {
          return BindWhere(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::ExtendOp>) {
          return BindExtend(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::ProjectOp>) {
          return BindProject(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::SummarizeOp>) {
          return BindSummarize(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::SortOp>) {
          return BindSort(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::HeadOp>) {
          return BindHead(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::TailOp>) {
          pipeline.steps.push_back(PlanStep{TailStep{node.count}, pipeline.output, op.span});
          return true;
        } else if constexpr (std::is_same_v<T, ast::TopOp>) {
          return BindTop(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::DistinctOp>) {
          return BindDistinct(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::CountOp>) {
          return BindCount(pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::SampleOp>) {
          // Without `seed`, a fixed one: the same input gives the same sample on every run.
          uint64_t seed = node.seed ? static_cast<uint64_t>(*node.seed) : kDefaultSampleSeed;
          pipeline.steps.push_back(
              PlanStep{SampleStep{node.count, seed}, pipeline.output, op.span});
          return true;
        } else if constexpr (std::is_same_v<T, ast::ProjectAwayOp>) {
          return BindProjectAway(node, pipeline, op.span);
        } else if constexpr (std::is_same_v<T, ast::TimechartOp>) {
          return BindTimechart(node, pipeline, op.span);
        } else {
          // Rules bind these themselves (RuleSetBinder): state across events needs a rule.
          ctx_.diagnostics.Error(op.span, fmt::format("'{}' keeps state across events and is "
                                                      "only available in a rule",
                                                      op.Name()));
          return false;
        }
      },
      op.op);
}

bool PipelineBinder::BindWhere(const ast::WhereOp& op, Pipeline& pipeline, SourceSpan span) {
  NameScope scope = ScopeOf(pipeline.output);
  ExprBinder binder(ctx_, scope);
  BoundExprPtr condition = binder.BindCondition(*op.condition, "'where'");
  if (!condition) {
    return false;
  }
  ExprIndex index = ctx_.plan.AddExpression(std::move(condition), /*condition=*/true);
  pipeline.steps.push_back(PlanStep{FilterStep{index}, pipeline.output, span});
  return true;
}

bool PipelineBinder::BindExtend(const ast::ExtendOp& op, Pipeline& pipeline, SourceSpan span) {
  RowLayout layout = pipeline.output;
  ExtendStep step;
  bool ok = true;
  for (const ast::Assignment& assignment : op.columns) {
    auto name = ColumnName(assignment);
    // Each column sees the ones before it: `extend a = x, b = a + 1`.
    auto value = BindValue(*assignment.value, ScopeOf(layout));
    if (!name || !value) {
      ok = false;
      continue;
    }
    uint32_t column = static_cast<uint32_t>(layout.columns.size());
    for (uint32_t i = 0; i < layout.columns.size(); ++i) {
      if (layout.columns[i] == *name) {
        column = i;  // extending an existing name replaces it
      }
    }
    if (column == layout.columns.size()) {
      layout.columns.push_back(*name);
    }
    step.columns.push_back({column, *value});
  }
  if (!ok) {
    return false;
  }
  pipeline.output = layout;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

// Columns named by `columns` (each `name = value`, or a value that names itself) into `layout`
// and their values into `values`, as `project` and `distinct` take them; every name once.
bool PipelineBinder::BindNamedColumns(const std::vector<ast::Assignment>& columns,
                                      const NameScope& scope, RowLayout& layout,
                                      std::vector<ExprIndex>& values) {
  std::set<std::string> seen;
  bool ok = true;
  for (const ast::Assignment& assignment : columns) {
    auto name = ColumnName(assignment);
    auto value = BindValue(*assignment.value, scope);
    if (!name || !value) {
      ok = false;
      continue;
    }
    if (!seen.insert(*name).second) {
      ctx_.diagnostics.Error(assignment.name ? assignment.name_span : assignment.value->span,
                             fmt::format("column '{}' appears twice", *name));
      ok = false;
      continue;
    }
    layout.columns.push_back(*name);
    values.push_back(*value);
  }
  return ok;
}

bool PipelineBinder::BindProject(const ast::ProjectOp& op, Pipeline& pipeline, SourceSpan span) {
  NameScope scope = ScopeOf(pipeline.output);
  RowLayout layout{false, {}};
  ProjectStep step;
  if (!BindNamedColumns(op.columns, scope, layout, step.values)) {
    return false;
  }
  pipeline.output = layout;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

bool PipelineBinder::BindSummarize(const ast::SummarizeOp& op, Pipeline& pipeline,
                                   SourceSpan span) {
  NameScope scope = ScopeOf(pipeline.output);
  RowLayout layout{false, {}};
  SummarizeStep step;
  std::set<std::string> seen;
  bool ok = true;
  auto add_name = [&](const std::string& name, SourceSpan where) {
    if (!seen.insert(name).second) {
      ctx_.diagnostics.Error(where, fmt::format("column '{}' appears twice", name));
      ok = false;
    }
    layout.columns.push_back(name);
  };
  for (const ast::Assignment& assignment : op.by) {
    auto name = ColumnName(assignment);
    auto value = BindValue(*assignment.value, scope);
    if (!name || !value) {
      ok = false;
      continue;
    }
    add_name(*name, assignment.value->span);
    step.keys.push_back(*value);
  }
  for (const ast::Assignment& assignment : op.aggregates) {
    auto spec = BindAggregate(assignment, scope, "summarize");
    if (!spec) {
      ok = false;
      continue;
    }
    auto name = ColumnName(assignment);
    if (!name) {
      ok = false;
      continue;
    }
    add_name(*name, assignment.name ? assignment.name_span : assignment.value->span);
    step.aggregates.push_back(*spec);
  }
  if (!ok) {
    return false;
  }
  pipeline.output = layout;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

std::optional<AggregateSpec> PipelineBinder::BindAggregate(const ast::Assignment& assignment,
                                                           const NameScope& scope,
                                                           std::string_view op_name) {
  const auto* call = assignment.value->As<ast::Call>();
  std::optional<AggregateKind> kind = call ? FindAggregate(call->function) : std::nullopt;
  if (!kind) {
    ctx_.diagnostics.Error(assignment.value->span,
                           fmt::format("{} needs aggregate functions: count(), dcount(x), min(x), "
                                       "max(x), sum(x), avg(x), values(x), percentile(x, P), "
                                       "median(x), first(x), last(x)",
                                       op_name));
    return std::nullopt;
  }
  size_t arity = call->args.size();
  size_t wanted = *kind == AggregateKind::kPercentile ? 2 : 1;
  bool arity_ok = *kind == AggregateKind::kCount ? arity <= 1 : arity == wanted;
  if (!arity_ok) {
    const char* expected = *kind == AggregateKind::kCount        ? "0 or 1 argument"
                           : *kind == AggregateKind::kPercentile ? "2 arguments"
                                                                 : "1 argument";
    ctx_.diagnostics.Error(assignment.value->span,
                           fmt::format("{}() takes {}, got {}", call->function, expected, arity));
    return std::nullopt;
  }
  AggregateSpec spec{*kind, std::nullopt};
  if (*kind == AggregateKind::kPercentile) {
    const auto* literal = call->args[1]->As<ast::Literal>();
    std::optional<double> p;
    if (literal != nullptr && literal->kind == ast::Literal::Kind::kInt) {
      p = static_cast<double>(literal->int_value);
    } else if (literal != nullptr && literal->kind == ast::Literal::Kind::kFloat) {
      p = literal->float_value;
    }
    if (!p || *p < 0 || *p > 100) {
      ctx_.diagnostics.Error(call->args[1]->span,
                             "percentile() needs a number from 0 to 100 as its second argument");
      return std::nullopt;
    }
    spec.percentile = *p;
  }
  if (arity == 0) {
    return spec;
  }
  ExprBinder binder(ctx_, scope);
  BoundExprPtr argument = binder.Bind(*call->args[0]);
  if (!argument) {
    return std::nullopt;
  }
  TypeKind type = argument->type.kind;
  bool numeric = type == TypeKind::kInt || type == TypeKind::kFloat || type == TypeKind::kDuration
                 || type == TypeKind::kDynamic || type == TypeKind::kNull;
  bool needs_numbers = *kind == AggregateKind::kSum || *kind == AggregateKind::kAvg
                       || *kind == AggregateKind::kPercentile || *kind == AggregateKind::kMedian;
  if (needs_numbers && !numeric) {
    ctx_.diagnostics.Error(
        call->args[0]->span,
        fmt::format("{}() needs numbers, got {}", call->function, TypeName(argument->type)));
    return std::nullopt;
  }
  spec.argument = ctx_.plan.AddExpression(std::move(argument));
  return spec;
}

bool PipelineBinder::BindSort(const ast::SortOp& op, Pipeline& pipeline, SourceSpan span) {
  NameScope scope = ScopeOf(pipeline.output);
  SortStep step;
  bool ok = true;
  for (const ast::SortKey& key : op.keys) {
    auto value = BindValue(*key.key, scope);
    if (!value) {
      ok = false;
      continue;
    }
    step.keys.push_back({*value, key.descending});
  }
  if (!ok) {
    return false;
  }
  pipeline.steps.push_back(PlanStep{std::move(step), pipeline.output, span});
  return true;
}

bool PipelineBinder::BindHead(const ast::HeadOp& op, Pipeline& pipeline, SourceSpan span) {
  if (op.count < 0) {
    ctx_.diagnostics.Error(span, "'head' needs a count of zero or more");
    return false;
  }
  pipeline.steps.push_back(PlanStep{HeadStep{op.count}, pipeline.output, span});
  return true;
}

bool PipelineBinder::BindTop(const ast::TopOp& op, Pipeline& pipeline, SourceSpan span) {
  auto key = BindValue(*op.key, ScopeOf(pipeline.output));
  if (!key) {
    return false;
  }
  pipeline.steps.push_back(PlanStep{TopStep{op.count, *key, op.descending}, pipeline.output, span});
  return true;
}

// `distinct a, b` is `summarize by a, b`: the same groups, in the same first-seen order, and the
// parallel scan merges it like any summarize.
bool PipelineBinder::BindDistinct(const ast::DistinctOp& op, Pipeline& pipeline, SourceSpan span) {
  NameScope scope = ScopeOf(pipeline.output);
  RowLayout layout{false, {}, {}};
  SummarizeStep step;
  if (!BindNamedColumns(op.columns, scope, layout, step.keys)) {
    return false;
  }
  pipeline.output = layout;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

// `count` is `summarize count = count()`: one row, even over no input.
bool PipelineBinder::BindCount(Pipeline& pipeline, SourceSpan span) {
  RowLayout layout{false, {"count"}, {}};
  SummarizeStep step;
  step.aggregates.push_back(AggregateSpec{AggregateKind::kCount, std::nullopt});
  pipeline.output = layout;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

bool PipelineBinder::BindProjectAway(const ast::ProjectAwayOp& op, Pipeline& pipeline,
                                     SourceSpan span) {
  RowLayout layout = pipeline.output;
  ProjectAwayStep step;
  if (layout.event_rows) {
    // An event's fields are known only when it is read: any name may go.
    for (const std::string& name : op.names) {
      if (std::find(layout.hidden.begin(), layout.hidden.end(), name) == layout.hidden.end()) {
        layout.hidden.push_back(name);
      }
    }
  } else {
    std::vector<bool> dropped(layout.columns.size(), false);
    bool ok = true;
    for (size_t i = 0; i < op.names.size(); ++i) {
      auto it = std::find(layout.columns.begin(), layout.columns.end(), op.names[i]);
      if (it == layout.columns.end()) {
        std::string known;
        for (const std::string& column : layout.columns) {
          known += (known.empty() ? "" : ", ") + column;
        }
        ctx_.diagnostics.Error(op.spans[i], fmt::format("no column '{}' to project away; the "
                                                        "rows have {}",
                                                        op.names[i], known));
        ok = false;
        continue;
      }
      dropped[static_cast<size_t>(it - layout.columns.begin())] = true;
    }
    if (!ok) {
      return false;
    }
    RowLayout kept{false, {}, {}};
    for (uint32_t i = 0; i < layout.columns.size(); ++i) {
      if (!dropped[i]) {
        step.keep.push_back(i);
        kept.columns.push_back(layout.columns[i]);
      }
    }
    layout = kept;
  }
  pipeline.output = layout;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

bool PipelineBinder::BindTimechart(const ast::TimechartOp& op, Pipeline& pipeline,
                                   SourceSpan span) {
  bool ok = true;
  if (!pipeline.output.event_rows) {
    ctx_.diagnostics.Error(span,
                           "'timechart' counts events by their time; put it before "
                           "'project', 'summarize' or anything else that makes records");
    ok = false;
  }
  std::optional<int64_t> span_ns;
  const auto* literal = op.span->As<ast::Literal>();
  if (literal == nullptr || literal->kind != ast::Literal::Kind::kDuration) {
    ctx_.diagnostics.Error(op.span->span, "'timechart' needs a bucket size such as 1m, 1h or 1d");
    ok = false;
  } else if (literal->int_value <= 0) {
    ctx_.diagnostics.Error(op.span->span, "'timechart' needs a bucket size above zero");
    ok = false;
  } else {
    span_ns = literal->int_value;
  }
  std::optional<std::string> key_name;
  std::optional<ExprIndex> key;
  if (op.by) {
    key_name = ColumnName(*op.by);
    key = BindValue(*op.by->value, ScopeOf(pipeline.output));
    if (!key_name || !key) {
      ok = false;
    } else if (*key_name == "time" || *key_name == "count") {
      ctx_.diagnostics.Error(op.by->name ? op.by->name_span : op.by->value->span,
                             fmt::format("'timechart' makes a column '{}' itself; name this one "
                                         "otherwise ('by name = ...')",
                                         *key_name));
      ok = false;
    }
  }
  if (!ok) {
    return false;
  }
  RowLayout layout{false, {"time"}, {}};
  if (key_name) {
    layout.columns.push_back(*key_name);
  }
  layout.columns.push_back("count");
  TimechartStep step{*span_ns, key, InternEventTimeFields(ctx_.plan.fields)};
  pipeline.output = layout;
  pipeline.chart = true;
  pipeline.steps.push_back(PlanStep{std::move(step), layout, span});
  return true;
}

}  // namespace scry::compiler
