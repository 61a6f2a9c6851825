#include "compiler/plan/plan_printer.hpp"

#include <fmt/format.h>

#include "stdlib/string_match.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value_compare.hpp"
#include "stdlib/value_format.hpp"

namespace scry::compiler {

namespace {

const char* CompareName(uint8_t op) {
  switch (static_cast<CompareOp>(op)) {
    case CompareOp::kEq:
      return "==";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

const char* MatchName(uint8_t op) {
  switch (static_cast<StringMatchOp>(op)) {
    case StringMatchOp::kEquals:
      return "equals";
    case StringMatchOp::kContains:
      return "contains";
    case StringMatchOp::kStartsWith:
      return "startswith";
    case StringMatchOp::kEndsWith:
      return "endswith";
  }
  return "?";
}

const char* ArithName(uint8_t op) {
  static const char* names[] = {"+", "-", "*", "/", "%"};
  return op < 5 ? names[op] : "?";
}

class ExprPrinter {
 public:
  ExprPrinter(const Plan& plan, const RowLayout* layout) : plan_(plan), layout_(layout) {}

  std::string Print(const BoundExpr& e) const {
    switch (e.kind) {
      case BoundKind::kConstant: {
        std::string out;
        AppendJson(out, plan_.constants.value(e.index));
        return out;
      }
      case BoundKind::kField:
        return fmt::format("${}", plan_.fields.Dotted(e.index));
      case BoundKind::kColumn:
        if (layout_ != nullptr && e.index < layout_->columns.size()) {
          return fmt::format("@{}", layout_->columns[e.index]);
        }
        return fmt::format("@{}", e.index);
      case BoundKind::kAnd:
      case BoundKind::kOr:
        return Join(e, e.kind == BoundKind::kAnd ? " and " : " or ");
      case BoundKind::kNot:
        return "not " + Wrapped(*e.children[0]);
      case BoundKind::kExists:
        return "exists " + Print(*e.children[0]);
      case BoundKind::kCompare:
        return fmt::format("{} {}{} {}", Print(*e.children[0]), CompareName(e.op),
                           e.case_insensitive ? "~" : "", Print(*e.children[1]));
      case BoundKind::kStringMatch: {
        std::string op = fmt::format("{}{}", MatchName(e.op), e.case_insensitive ? "~" : "");
        if (e.children.size() == 2) {
          return fmt::format("{} {} {}", Print(*e.children[0]), op, Print(*e.children[1]));
        }
        return fmt::format("{} {} {}{}", Print(*e.children[0]), op,
                           e.patterns.size() > 1 ? (e.match_all ? "all " : "any ") : "",
                           Patterns(e.patterns));
      }
      case BoundKind::kRegexMatch:
        return fmt::format("{} regex{} {}{}", Print(*e.children[0]), e.case_insensitive ? "~" : "",
                           e.patterns.size() > 1 ? (e.match_all ? "all " : "any ") : "",
                           Patterns(e.patterns));
      case BoundKind::kInSet:
        return fmt::format("{} in{} set#{}({} items)", Print(*e.children[0]),
                           e.case_insensitive ? "~" : "", e.index,
                           plan_.constants.set_items(e.index).size());
      case BoundKind::kInDynamic:
        return fmt::format("{} in{} {}", Print(*e.children[0]), e.case_insensitive ? "~" : "",
                           Print(*e.children[1]));
      case BoundKind::kArith:
        return fmt::format("({} {} {})", Print(*e.children[0]), ArithName(e.op),
                           Print(*e.children[1]));
      case BoundKind::kNegate:
        return "-" + Wrapped(*e.children[0]);
      case BoundKind::kCall: {
        std::string out = e.function->name + "(";
        for (size_t i = 0; i < e.children.size(); ++i) {
          out += (i > 0 ? ", " : "") + Print(*e.children[i]);
        }
        return out + ")";
      }
      case BoundKind::kAllValues:
        return "*";
      case BoundKind::kMakeList: {
        std::string out = "[";
        for (size_t i = 0; i < e.children.size(); ++i) {
          out += (i > 0 ? ", " : "") + Print(*e.children[i]);
        }
        return out + "]";
      }
    }
    return "?";
  }

 private:
  std::string Wrapped(const BoundExpr& e) const {
    bool simple = e.kind == BoundKind::kField || e.kind == BoundKind::kColumn
                  || e.kind == BoundKind::kConstant || e.kind == BoundKind::kCall
                  || e.kind == BoundKind::kAllValues;
    return simple ? Print(e) : "(" + Print(e) + ")";
  }
  std::string Join(const BoundExpr& e, const char* separator) const {
    std::string out;
    for (size_t i = 0; i < e.children.size(); ++i) {
      out += (i > 0 ? separator : "") + Wrapped(*e.children[i]);
    }
    return out;
  }
  static std::string Patterns(const std::vector<std::string>& patterns) {
    std::string out = patterns.size() > 1 ? "[" : "";
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (i > 0) {
        out += ", ";
      }
      AppendJsonString(out, patterns[i]);
    }
    return out + (patterns.size() > 1 ? "]" : "");
  }

  const Plan& plan_;
  const RowLayout* layout_;
};

void PrintPipeline(std::string& out, const Plan& plan, const Pipeline& pipeline) {
  RowLayout input;
  const RowLayout* layout = &input;
  for (const PlanStep& step : pipeline.steps) {
    ExprPrinter printer(plan, layout);
    auto expr = [&](ExprIndex i) {
      return printer.Print(*plan.expressions[i]);
    };
    out += fmt::format("  {}", step.Name());
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, FilterStep>) {
            out += fmt::format(" [e{}] {}", s.condition, expr(s.condition));
          } else if constexpr (std::is_same_v<T, ExtendStep>) {
            for (size_t i = 0; i < s.columns.size(); ++i) {
              out += fmt::format("{} @{} = [e{}] {}", i > 0 ? "," : "",
                                 step.output.columns[s.columns[i].column], s.columns[i].value,
                                 expr(s.columns[i].value));
            }
          } else if constexpr (std::is_same_v<T, ProjectStep>) {
            for (size_t i = 0; i < s.values.size(); ++i) {
              out += fmt::format("{} {} = [e{}] {}", i > 0 ? "," : "", step.output.columns[i],
                                 s.values[i], expr(s.values[i]));
            }
          } else if constexpr (std::is_same_v<T, SummarizeStep>) {
            size_t column = s.keys.size();
            for (size_t i = 0; i < s.aggregates.size(); ++i) {
              const auto& agg = s.aggregates[i];
              out += fmt::format("{} {} = {}({})", i > 0 ? "," : "", step.output.columns[column++],
                                 AggregateName(agg.kind),
                                 agg.argument ? expr(*agg.argument) : std::string());
            }
            for (size_t i = 0; i < s.keys.size(); ++i) {
              out += fmt::format("{} {} = {}", i == 0 ? " by" : ",", step.output.columns[i],
                                 expr(s.keys[i]));
            }
          } else if constexpr (std::is_same_v<T, SortStep>) {
            for (size_t i = 0; i < s.keys.size(); ++i) {
              out += fmt::format("{} {} {}", i > 0 ? "," : "", expr(s.keys[i].value),
                                 s.keys[i].descending ? "desc" : "asc");
            }
          } else if constexpr (std::is_same_v<T, TopStep>) {
            out += fmt::format(" {} by {} {}", s.count, expr(s.key), s.descending ? "desc" : "asc");
          } else if constexpr (std::is_same_v<T, SampleStep>) {
            out += fmt::format(" {} seed {}", s.count, s.seed);
          } else if constexpr (std::is_same_v<T, ProjectAwayStep>) {
            for (size_t i = 0; i < step.output.columns.size(); ++i) {
              out += fmt::format("{} {}", i > 0 ? "," : " keep", step.output.columns[i]);
            }
            for (size_t i = 0; i < step.output.hidden.size(); ++i) {
              out += fmt::format("{} {}", i > 0 ? "," : " hide", step.output.hidden[i]);
            }
          } else if constexpr (std::is_same_v<T, TimechartStep>) {
            out += fmt::format(" {}", FormatDuration(s.span_ns));
            if (s.key) {
              out += fmt::format(" by {}", expr(*s.key));
            }
          } else {
            out += fmt::format(" {}", s.count);
          }
        },
        step.step);
    out += '\n';
    layout = &step.output;
  }
}

void PrintStateful(std::string& out, const Plan& plan, const StatefulPlan& stateful) {
  auto keys = [&](const StatefulInput& input) {
    std::string text;
    for (size_t i = 0; i < input.keys.size() && i < stateful.key_names.size(); ++i) {
      text += fmt::format("{} {} = {}", i == 0 ? " by" : ",", stateful.key_names[i],
                          PrintBoundExpr(plan, *plan.expressions[input.keys[i]]));
    }
    return text;
  };
  if (const auto* window = std::get_if<WindowPlan>(&stateful.op)) {
    const char* kinds[] = {"sliding", "tumbling", "session"};
    out += fmt::format("  window {} {}{}\n", kinds[static_cast<int>(window->kind)],
                       FormatDuration(window->size_ns), keys(stateful.inputs[0]));
    out += "  aggregate";
    for (size_t i = 0; i < window->aggregates.size(); ++i) {
      const auto& argument = stateful.inputs[0].arguments[i];
      out += fmt::format("{} {} = {}({})", i > 0 ? "," : "",
                         stateful.after.output.columns[stateful.key_names.size() + i],
                         AggregateName(window->aggregates[i].kind),
                         argument ? PrintBoundExpr(plan, *plan.expressions[*argument]) : "");
    }
    out += '\n';
  } else if (const auto* sequence = std::get_if<SequencePlan>(&stateful.op)) {
    out += fmt::format("  sequence{} within {}{}\n", sequence->ordered ? " ordered" : "",
                       FormatDuration(sequence->within_ns), keys(stateful.inputs[0]));
    for (const StatefulInput& input : stateful.inputs) {
      out +=
          fmt::format("    {}step {}{}\n", input.until ? "until " : (input.absent ? "absent " : ""),
                      plan.rules[input.rule].info.name, keys(input));
    }
  }
  if (!stateful.after.steps.empty()) {
    PrintPipeline(out, plan, stateful.after);
  }
  if (stateful.suppress) {
    out += fmt::format("  suppress {}\n", FormatDuration(stateful.suppress->duration_ns));
  }
}

}  // namespace

std::string PrintBoundExpr(const Plan& plan, const BoundExpr& expr) {
  return ExprPrinter(plan, nullptr).Print(expr);
}

std::string ExplainPlan(const Plan& plan) {
  std::string out;
  out += fmt::format("fields read ({}):", plan.fields.size());
  for (uint32_t slot = 0; slot < plan.fields.size(); ++slot) {
    out += fmt::format(" {}", plan.fields.Dotted(slot));
  }
  out += '\n';
  for (const RulePlan& rule : plan.rules) {
    std::string from = rule.info.source.empty() ? "all events" : rule.info.source;
    if (!rule.input_rules.empty()) {
      from = "the matches of";
      for (uint32_t input : rule.input_rules) {
        from += " " + plan.rules[input].info.name;
      }
    } else if (!rule.runs_on_events) {
      from = "its steps";
    }
    out +=
        fmt::format("{} {} (id {}, level {}, from {}){}\n", rule.hidden ? "step" : "rule",
                    rule.info.name, rule.info.id, rule.info.level.empty() ? "-" : rule.info.level,
                    from, rule.alerts ? "" : ", no alerts of its own");
    PrintPipeline(out, plan, rule.pipeline);
    if (rule.feeds && !rule.hidden) {
      PrintStateful(out, plan, plan.stateful[*rule.feeds]);
    }
  }
  if (plan.query) {
    out += "query\n";
    PrintPipeline(out, plan, *plan.query);
  }
  out += fmt::format("{} expressions, {} constants, {} prepared objects\n", plan.expressions.size(),
                     plan.constants.value_count(), plan.constants.object_count());
  return out;
}

}  // namespace scry::compiler
