#include "rules/sigma/sigma_correlation_transpiler.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "rules/sigma/scry_ast_builder.hpp"

namespace scry::sigma {

using lang::SourceSpan;
namespace ast = lang::ast;

namespace {

ast::ExprPtr Number(double value, bool integer, SourceSpan span) {
  ast::Literal literal;
  if (integer || value == std::floor(value)) {
    literal.kind = ast::Literal::Kind::kInt;
    literal.int_value = static_cast<int64_t>(integer ? std::trunc(value) : value);
  } else {
    literal.kind = ast::Literal::Kind::kFloat;
    literal.float_value = value;
  }
  return ast::MakeExpr(std::move(literal), span);
}

ast::ExprPtr Duration(int64_t ns, SourceSpan span) {
  ast::Literal literal;
  literal.kind = ast::Literal::Kind::kDuration;
  literal.int_value = ns;
  return ast::MakeExpr(std::move(literal), span);
}

ast::Operator Op(auto node, SourceSpan span) {
  ast::Operator op;
  op.op = std::move(node);
  op.span = span;
  return op;
}

class CorrelationBuilder {
 public:
  CorrelationBuilder(const SigmaCorrelation& correlation,
                     const std::vector<CorrelationInput>& inputs, const SigmaPipeline& pipeline,
                     lang::DiagnosticList& diagnostics)
      : c_(correlation), inputs_(inputs), pipeline_(pipeline), diagnostics_(diagnostics) {}

  std::optional<ast::Pipeline> Build() {
    ast::Pipeline pipeline;
    pipeline.span = c_.span;
    auto keys = GroupKeys();
    if (!keys) {
      return std::nullopt;
    }
    if (c_.type == CorrelationType::kTemporalOrdered) {
      if (!c_.condition.implicit) {
        diagnostics_.Error(c_.condition.span,
                           "temporal_ordered with a condition is not supported: the rules must "
                           "all match, in order (leave out 'condition')");
        return std::nullopt;
      }
      ast::SequenceOp sequence;
      sequence.ordered = true;
      sequence.by = std::move(*keys);
      sequence.within = Duration(c_.timespan_ns, c_.timespan_span);
      for (size_t i = 0; i < inputs_.size(); ++i) {
        ast::SequenceStep step;
        step.pipeline = std::make_unique<ast::Pipeline>();
        step.pipeline->from = From({i});
        step.pipeline->span = c_.rules[i].span;
        step.span = c_.rules[i].span;
        sequence.steps.push_back(std::move(step));
      }
      pipeline.ops.push_back(Op(std::move(sequence), c_.correlation_span));
      return pipeline;
    }
    std::vector<size_t> all;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      all.push_back(i);
    }
    pipeline.from = From(all);
    std::vector<ast::ExprPtr> required = RequiredFields();
    if (!required.empty()) {
      pipeline.ops.push_back(
          Op(ast::WhereOp{JoinAnd(std::move(required), c_.condition.span)}, c_.condition.span));
    }
    ast::WindowOp window;
    window.kind = ast::WindowKind::kSliding;
    window.size = Duration(c_.timespan_ns, c_.timespan_span);
    window.by = std::move(*keys);
    pipeline.ops.push_back(Op(std::move(window), c_.correlation_span));
    auto aggregate = Aggregate();
    if (!aggregate) {
      return std::nullopt;
    }
    ast::AggregateOp aggregate_op;
    aggregate_op.aggregates.push_back(std::move(*aggregate));
    pipeline.ops.push_back(Op(std::move(aggregate_op), c_.type_span));
    auto condition = Condition();
    if (!condition) {
      return std::nullopt;
    }
    pipeline.ops.push_back(Op(ast::WhereOp{std::move(*condition)}, c_.condition.span));
    return pipeline;
  }

 private:
  ast::FromClause From(const std::vector<size_t>& which) {
    ast::FromClause from;
    for (size_t n = 0; n < which.size(); ++n) {
      const RuleReference& ref = c_.rules[which[n]];
      if (n == 0) {
        from.name = {inputs_[which[n]].name};
        from.name_span = ref.span;
      } else {
        from.more.push_back(ast::FromName{{inputs_[which[n]].name}, ref.span});
      }
    }
    from.span = c_.correlation_span;
    return from;
  }

  /// The event field `field` of input `i`: a detection rule's through its pipeline mapping,
  /// a correlation's as its column is named.
  std::optional<std::string> FieldOf(size_t i, const std::string& field, SourceSpan span) {
    if (inputs_[i].is_correlation) {
      return field;
    }
    auto mapped = pipeline_.MapField(field, inputs_[i].mapping);
    if (!mapped) {
      diagnostics_.Error(
          span, fmt::format("field '{}' has no mapping in pipeline '{}'", field, pipeline_.name));
    }
    return mapped;
  }

  /// One value per event, read from the field each input has for it: `fields[i]` for input i.
  ast::ExprPtr PerInput(const std::vector<std::string>& fields, SourceSpan span) {
    bool same = std::all_of(fields.begin(), fields.end(),
                            [&](const std::string& f) { return f == fields[0]; });
    if (same) {
      return FieldRef(fields[0], span);
    }
    ast::ExprPtr value = FieldRef(fields.back(), span);
    for (size_t i = fields.size() - 1; i-- > 0;) {
      std::vector<ast::ExprPtr> args;
      args.push_back(Binary(ast::BinaryOp::kEq, false, false, FieldRef("matched_rules", span),
                            StringLiteral(inputs_[i].name, span), span));
      args.push_back(FieldRef(fields[i], span));
      args.push_back(std::move(value));
      value = CallOf("iff", std::move(args), span);
    }
    return value;
  }

  std::optional<ast::ExprPtr> FieldValue(const std::string& field, SourceSpan span) {
    std::vector<std::string> fields;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      auto mapped = FieldOf(i, field, span);
      if (!mapped) {
        return std::nullopt;
      }
      fields.push_back(*mapped);
    }
    return PerInput(fields, span);
  }

  std::optional<std::vector<ast::Assignment>> GroupKeys() {
    std::vector<ast::Assignment> keys;
    for (const CorrelationField& group : c_.group_by) {
      const CorrelationAlias* alias = nullptr;
      for (const CorrelationAlias& a : c_.aliases) {
        if (a.name == group.name) {
          alias = &a;
        }
      }
      std::vector<std::string> fields;
      for (size_t i = 0; i < inputs_.size(); ++i) {
        // [REC] 5.5: a rule the alias does not list reads the alias name itself.
        std::string field = group.name;
        if (alias != nullptr) {
          for (const auto& mapping : alias->mappings) {
            if (mapping.rule.target && c_.rules[i].target
                && *mapping.rule.target == *c_.rules[i].target) {
              field = mapping.field;
            }
          }
        }
        auto mapped = FieldOf(i, field, group.span);
        if (!mapped) {
          return std::nullopt;
        }
        fields.push_back(*mapped);
      }
      ast::Assignment key;
      key.value = PerInput(fields, group.span);
      const auto* path = key.value->As<ast::FieldPath>();
      if (path == nullptr || path->Dotted() != group.name) {
        key.name = group.name;  // `by User`, not `by User = User`
        key.name_span = group.span;
      }
      keys.push_back(std::move(key));
    }
    return keys;
  }

  /// value_count over several fields counts tuples: only events that have all of them.
  std::vector<ast::ExprPtr> RequiredFields() {
    std::vector<ast::ExprPtr> required;
    if (c_.type == CorrelationType::kValueCount && c_.condition.fields.size() > 1) {
      for (const CorrelationField& field : c_.condition.fields) {
        if (auto value = FieldValue(field.name, field.span)) {
          required.push_back(ExistsOf(std::move(*value), field.span));
        }
      }
    }
    return required;
  }

  std::optional<ast::Assignment> Aggregate() {
    ast::Assignment assignment;
    SourceSpan span = c_.type_span;
    std::vector<ast::ExprPtr> args;
    std::string function;
    switch (c_.type) {
      case CorrelationType::kEventCount:
        assignment.name = "count";
        function = "count";
        break;
      case CorrelationType::kTemporal:
        assignment.name = c_.condition.expression ? "rules" : "count";
        function = c_.condition.expression ? "values" : "dcount";
        args.push_back(FieldRef("matched_rules", span));
        break;
      default: {
        assignment.name = "value";
        std::vector<ast::ExprPtr> parts;
        for (size_t f = 0; f < c_.condition.fields.size(); ++f) {
          const CorrelationField& field = c_.condition.fields[f];
          auto value = FieldValue(field.name, field.span);
          if (!value) {
            return std::nullopt;
          }
          if (c_.condition.fields.size() > 1) {
            // A tuple as one text: the unit separator cannot come from a YAML-typed value.
            if (f > 0) {
              parts.push_back(StringLiteral("\x1f", field.span));
            }
            std::vector<ast::ExprPtr> to_string;
            to_string.push_back(std::move(*value));
            value = CallOf("to_string", std::move(to_string), field.span);
          }
          parts.push_back(std::move(*value));
        }
        ast::ExprPtr argument =
            parts.size() == 1 ? std::move(parts[0]) : CallOf("strcat", std::move(parts), span);
        if (!argument) {
          diagnostics_.Error(c_.condition.span, "this correlation needs 'field' in its condition");
          return std::nullopt;
        }
        args.push_back(std::move(argument));
        function = c_.type == CorrelationType::kValueCount    ? "dcount"
                   : c_.type == CorrelationType::kValueSum    ? "sum"
                   : c_.type == CorrelationType::kValueAvg    ? "avg"
                   : c_.type == CorrelationType::kValueMedian ? "median"
                                                              : "percentile";
        if (c_.type == CorrelationType::kValuePercentile) {
          args.push_back(
              Number(c_.condition.percentile.value_or(50), false, c_.condition.percentile_span));
        }
      }
    }
    assignment.value = CallOf(function, std::move(args), span);
    return assignment;
  }

  ast::ExprPtr RulesExpression(const CorrelationExpr& expr) {
    switch (expr.kind) {
      case CorrelationExpr::Kind::kRule:
        return Binary(ast::BinaryOp::kEq, false, false, FieldRef("rules", expr.span),
                      StringLiteral(inputs_[expr.rule_index].name, expr.span), expr.span);
      case CorrelationExpr::Kind::kNot:
        return Not(RulesExpression(expr.children[0]), expr.span);
      case CorrelationExpr::Kind::kAnd:
      case CorrelationExpr::Kind::kOr: {
        std::vector<ast::ExprPtr> terms;
        for (const CorrelationExpr& child : expr.children) {
          terms.push_back(RulesExpression(child));
        }
        return expr.kind == CorrelationExpr::Kind::kAnd ? JoinAnd(std::move(terms), expr.span)
                                                        : JoinOr(std::move(terms), expr.span);
      }
    }
    return nullptr;
  }

  std::optional<ast::ExprPtr> Condition() {
    if (c_.condition.expression) {
      return RulesExpression(*c_.condition.expression);
    }
    std::string column =
        c_.type == CorrelationType::kEventCount || c_.type == CorrelationType::kTemporal ? "count"
                                                                                         : "value";
    // Counts compare as integers (pySigma truncates thresholds); value_* keep floats (5.3).
    bool integer = c_.type == CorrelationType::kEventCount || c_.type == CorrelationType::kTemporal
                   || c_.type == CorrelationType::kValueCount;
    std::vector<ast::ExprPtr> terms;
    for (const CorrelationBound& bound : c_.condition.bounds) {
      ast::BinaryOp op = ast::BinaryOp::kEq;
      bool negated = false;
      switch (bound.op) {
        case CorrelationOp::kGt:
          op = ast::BinaryOp::kGt;
          break;
        case CorrelationOp::kGte:
          op = ast::BinaryOp::kGe;
          break;
        case CorrelationOp::kLt:
          op = ast::BinaryOp::kLt;
          break;
        case CorrelationOp::kLte:
          op = ast::BinaryOp::kLe;
          break;
        case CorrelationOp::kEq:
          break;
        case CorrelationOp::kNeq:
          negated = true;
          break;
      }
      terms.push_back(Binary(op, false, negated, FieldRef(column, bound.span),
                             Number(bound.value, integer, bound.span), bound.span));
    }
    if (terms.empty()) {
      diagnostics_.Error(c_.correlation_span, "this correlation has no condition");
      return std::nullopt;
    }
    return JoinAnd(std::move(terms), c_.condition.span);
  }

  const SigmaCorrelation& c_;
  const std::vector<CorrelationInput>& inputs_;
  const SigmaPipeline& pipeline_;
  lang::DiagnosticList& diagnostics_;
};

}  // namespace

std::optional<ast::RuleDecl> TranspileCorrelation(const SigmaCorrelation& correlation,
                                                  const std::vector<CorrelationInput>& inputs,
                                                  std::string name, const SigmaPipeline& pipeline,
                                                  lang::DiagnosticList& diagnostics) {
  size_t errors_before = diagnostics.error_count();
  CorrelationBuilder builder(correlation, inputs, pipeline, diagnostics);
  auto body = builder.Build();
  if (!body || diagnostics.error_count() > errors_before) {
    return std::nullopt;
  }
  ast::RuleDecl decl;
  decl.name = std::move(name);
  decl.name_span = correlation.meta.title_span;
  decl.span = correlation.span;
  decl.pipeline = std::move(*body);
  return decl;
}

}  // namespace scry::sigma
