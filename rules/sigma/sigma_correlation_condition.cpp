#include "rules/sigma/sigma_correlation_condition.hpp"

#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "lang/base/spelling_suggestion.hpp"
#include "rules/sigma/sigma_correlation_expr.hpp"

namespace scry::sigma {
namespace {

using lang::SourceSpan;

struct OpName {
  std::string_view name;
  CorrelationOp op;
};

constexpr std::array<OpName, 6> kOps = {{{"gt", CorrelationOp::kGt},
                                         {"gte", CorrelationOp::kGte},
                                         {"lt", CorrelationOp::kLt},
                                         {"lte", CorrelationOp::kLte},
                                         {"eq", CorrelationOp::kEq},
                                         {"neq", CorrelationOp::kNeq}}};

bool IsTemporal(CorrelationType type) {
  return type == CorrelationType::kTemporal || type == CorrelationType::kTemporalOrdered;
}

bool NeedsField(CorrelationType type) {
  return type != CorrelationType::kEventCount && !IsTemporal(type);
}

std::string_view OpText(CorrelationOp op) {
  for (const OpName& entry : kOps) {
    if (entry.op == op) {
      return entry.name;
    }
  }
  return "";
}

bool IsLower(CorrelationOp op) {
  return op == CorrelationOp::kGt || op == CorrelationOp::kGte;
}

bool IsUpper(CorrelationOp op) {
  return op == CorrelationOp::kLt || op == CorrelationOp::kLte;
}

// What the aggregate of each type is, for messages.
std::string_view Aggregate(CorrelationType type) {
  switch (type) {
    case CorrelationType::kEventCount:
      return "counts events";
    case CorrelationType::kTemporal:
    case CorrelationType::kTemporalOrdered:
      return "counts the rules that matched";
    default:
      return "";
  }
}

std::string FormatNumber(double value) {
  return fmt::format("{}", value);
}

class ConditionReader {
 public:
  ConditionReader(SigmaCorrelation& correlation, lang::DiagnosticList& diagnostics)
      : correlation_(correlation),
        condition_(correlation.condition),
        type_(correlation.type),
        diagnostics_(diagnostics) {}

  void Read(const std::optional<YamlEntry>& entry, bool rules_given) {
    if (!entry || entry->value->is_null()) {
      Missing(entry);
      return;
    }
    condition_.span = entry->ValueSpan();
    const YamlNode& value = *entry->value;
    if (value.is_string() && IsTemporal(type_)) {
      ReadExpression(value, rules_given);
    } else if (value.is_string()) {
      diagnostics_.Error(condition_.span,
                         fmt::format("a string condition is only for temporal and "
                                     "temporal_ordered correlations; {} compares its aggregate "
                                     "with a map, e.g. 'condition: {{gte: 10}}'",
                                     CorrelationTypeName(type_)));
    } else if (value.is_map()) {
      ReadMap(*entry);
    } else {
      diagnostics_.Error(condition_.span,
                         IsTemporal(type_)
                             ? "'condition' must be a map, e.g. {gte: 2}, or a string over the "
                               "rules, e.g. 'rule_a and rule_b'"
                             : "'condition' must be a map, e.g. {gte: 10}");
    }
  }

 private:
  // No condition: temporal types default to "every rule" (5.3), the others need one.
  void Missing(const std::optional<YamlEntry>& entry) {
    if (IsTemporal(type_)) {
      condition_.implicit = true;
      condition_.span = entry ? entry->key->span : correlation_.correlation_span;
      condition_.bounds.push_back(CorrelationBound{
          CorrelationOp::kGte, static_cast<double>(correlation_.rules.size()), condition_.span});
      return;
    }
    SourceSpan where = entry ? entry->key->span : correlation_.correlation_span;
    std::string example = !NeedsField(type_) ? "{gte: 10}"
                          : type_ == CorrelationType::kValuePercentile
                              ? "{field: Latency, percentile: 95, gte: 500}"
                              : "{field: TargetUserName, gte: 10}";
    diagnostics_.Error(where, fmt::format("{} correlation has no 'condition'; write e.g. "
                                          "'condition: {}'",
                                          CorrelationTypeName(type_), example));
  }

  void ReadExpression(const YamlNode& value, bool rules_given) {
    if (value.scalar.text.empty()) {
      diagnostics_.Error(condition_.span, "'condition' is empty");
      return;
    }
    auto parsed = ParseCorrelationExpr(value.scalar.text, value.span);
    if (!parsed) {
      diagnostics_.Add(std::move(parsed.error()));
      return;
    }
    condition_.expression = std::move(*parsed);
    std::vector<const CorrelationExpr*> names;
    CollectRules(*condition_.expression, names);
    if (!rules_given) {
      correlation_.rules_from_condition = true;
      for (const CorrelationExpr* name : names) {
        if (IndexOfRule(name->rule) == correlation_.rules.size()) {
          correlation_.rules.push_back(RuleReference{name->rule, name->span, std::nullopt});
        }
      }
    }
    // pySigma: the names of the condition must be exactly the rules (either way).
    for (const CorrelationExpr* name : names) {
      if (IndexOfRule(name->rule) == correlation_.rules.size()) {
        diagnostics_.Error(name->span, fmt::format("'{}' is not one of this correlation's "
                                                   "'rules'",
                                                   name->rule));
      }
    }
    for (const RuleReference& rule : correlation_.rules) {
      bool used = false;
      for (const CorrelationExpr* name : names) {
        used = used || name->rule == rule.text;
      }
      if (!used) {
        diagnostics_.Error(rule.span, fmt::format("rule '{}' is not used in the correlation's "
                                                  "condition",
                                                  rule.text));
      }
    }
    SetRuleIndexes(*condition_.expression);
  }

  static void CollectRules(const CorrelationExpr& expr, std::vector<const CorrelationExpr*>& out) {
    if (expr.kind == CorrelationExpr::Kind::kRule) {
      out.push_back(&expr);
    }
    for (const CorrelationExpr& child : expr.children) {
      CollectRules(child, out);
    }
  }

  size_t IndexOfRule(std::string_view text) const {
    for (size_t i = 0; i < correlation_.rules.size(); ++i) {
      if (correlation_.rules[i].text == text) {
        return i;
      }
    }
    return correlation_.rules.size();
  }

  void SetRuleIndexes(CorrelationExpr& expr) const {
    if (expr.kind == CorrelationExpr::Kind::kRule) {
      expr.rule_index = IndexOfRule(expr.rule);
    }
    for (CorrelationExpr& child : expr.children) {
      SetRuleIndexes(child);
    }
  }

  void ReadMap(const YamlEntry& entry) {
    const YamlNode& map = *entry.value;
    std::vector<std::string> keys;
    for (const OpName& op : kOps) {
      keys.emplace_back(op.name);
    }
    keys.emplace_back("field");
    keys.emplace_back("percentile");
    for (size_t i = 0; i < map.keys.size(); ++i) {
      const YamlEntry item{&map.keys[i], &map.values[i]};
      const std::string& key = map.keys[i].written;
      if (key == "field") {
        ReadFields(item);
      } else if (key == "percentile") {
        ReadPercentile(item);
      } else if (auto op = FindOp(key)) {
        ReadBound(item, *op);
      } else {
        diagnostics_.Error(map.keys[i].span, fmt::format("unknown condition key '{}'{}", key,
                                                         lang::DidYouMean(key, keys)));
      }
    }
    CheckBounds(entry);
    if (NeedsField(type_) && condition_.fields.empty() && !HasKey(map, "field")) {
      diagnostics_.Error(entry.key->span, fmt::format("{} correlation needs the 'field' it "
                                                      "aggregates in its condition",
                                                      CorrelationTypeName(type_)));
    }
    if (type_ == CorrelationType::kValuePercentile && !HasKey(map, "percentile")) {
      diagnostics_.Add(
          lang::Diagnostic::Error(entry.key->span,
                                  "value_percentile correlation needs 'percentile' (0 to 100) in "
                                  "its condition, e.g. {field: Latency, percentile: 95, gte: 500}")
              .WithNote("without it the condition has no defined meaning; scry reads it as "
                        "pySigma does: the percentile of the field's values compared with the "
                        "threshold"));
    }
  }

  static bool HasKey(const YamlNode& map, std::string_view key) { return map.Find(key) >= 0; }

  static std::optional<CorrelationOp> FindOp(std::string_view key) {
    for (const OpName& op : kOps) {
      if (op.name == key) {
        return op.op;
      }
    }
    return std::nullopt;
  }

  // A YAML int or float (not a quoted number, not a bool), finite.
  std::optional<double> Number(const YamlEntry& entry, std::string_view what) {
    const YamlNode& value = *entry.value;
    std::optional<double> number;
    if (value.is_scalar() && value.scalar.kind == SigmaValue::Kind::kInt) {
      number = static_cast<double>(value.scalar.int_value);
    } else if (value.is_scalar() && value.scalar.kind == SigmaValue::Kind::kFloat) {
      number = value.scalar.float_value;
    }
    if (!number || !std::isfinite(*number)) {
      std::string written = value.is_scalar() ? value.written : std::string(value.span.text());
      std::string message = value.is_null()
                                ? fmt::format("'{}' has no value; it needs a number", what)
                                : fmt::format("'{}' must be a number, not '{}'", what, written);
      if (value.is_string() && !written.empty()
          && written.find_first_not_of("0123456789.+-") == std::string::npos) {
        message += "; write it without quotes";
      }
      diagnostics_.Error(entry.ValueSpan(), std::move(message));
      return std::nullopt;
    }
    return number;
  }

  void ReadBound(const YamlEntry& entry, CorrelationOp op) {
    if (std::optional<double> value = Number(entry, entry.key->written)) {
      condition_.bounds.push_back(
          CorrelationBound{op, *value, entry.key->span.Merge(entry.value->span)});
    }
  }

  void ReadFields(const YamlEntry& entry) {
    if (!NeedsField(type_)) {
      diagnostics_.Error(entry.key->span,
                         fmt::format("'field' is only for the value_* correlation types; {} {}",
                                     CorrelationTypeName(type_), Aggregate(type_)));
      return;
    }
    const YamlNode& value = *entry.value;
    constexpr std::string_view kShape = "'field' must be a field name or a list of field names";
    auto add = [&](const YamlNode& item) {
      if (!item.is_string() || item.scalar.text.empty()) {
        diagnostics_.Error(item.span.begin < item.span.end ? item.span : entry.ValueSpan(),
                           std::string(kShape));
        return;
      }
      for (const CorrelationField& seen : condition_.fields) {
        if (seen.name == item.scalar.text) {
          diagnostics_.Error(item.span, fmt::format("field '{}' is listed twice", seen.name));
          return;
        }
      }
      condition_.fields.push_back(CorrelationField{item.scalar.text, item.span});
    };
    if (value.is_sequence()) {
      if (value.values.empty()) {
        diagnostics_.Error(entry.ValueSpan(), "'field' is an empty list");
      }
      for (const YamlNode& item : value.values) {
        add(item);
      }
    } else if (value.is_scalar() && !value.is_null()) {
      add(value);
    } else {
      diagnostics_.Error(entry.ValueSpan(), std::string(kShape));
    }
  }

  void ReadPercentile(const YamlEntry& entry) {
    if (type_ != CorrelationType::kValuePercentile) {
      diagnostics_.Error(entry.key->span, fmt::format("'percentile' is only for value_percentile "
                                                      "correlations, not {}",
                                                      CorrelationTypeName(type_)));
      return;
    }
    std::optional<double> value = Number(entry, "percentile");
    if (!value) {
      return;
    }
    if (*value < 0 || *value > 100) {
      diagnostics_.Error(
          entry.ValueSpan(),
          fmt::format("'percentile' must be between 0 and 100, not {}", FormatNumber(*value)));
      return;
    }
    condition_.percentile = value;
    condition_.percentile_span = entry.ValueSpan();
  }

  // One bound, or a lower and an upper bound (a range) that some value can satisfy.
  void CheckBounds(const YamlEntry& entry) {
    std::vector<CorrelationBound>& bounds = condition_.bounds;
    if (bounds.empty()) {
      if (diagnostics_.error_count() == errors_before_) {
        diagnostics_.Error(entry.key->span,
                           "the condition has no comparison: give one of gt, gte, lt, lte, eq, "
                           "neq with a number");
      }
      return;
    }
    if (bounds.size() == 1) {
      return;
    }
    if (bounds.size() > 2
        || !((IsLower(bounds[0].op) && IsUpper(bounds[1].op))
             || (IsUpper(bounds[0].op) && IsLower(bounds[1].op)))) {
      diagnostics_.Error(bounds.back().span,
                         "a condition has one comparison, or two for a range: a lower bound (gt "
                         "or gte) and an upper bound (lt or lte)");
      return;
    }
    const CorrelationBound& lower = IsLower(bounds[0].op) ? bounds[0] : bounds[1];
    const CorrelationBound& upper = IsLower(bounds[0].op) ? bounds[1] : bounds[0];
    bool strict = lower.op == CorrelationOp::kGt || upper.op == CorrelationOp::kLt;
    if (lower.value > upper.value || (strict && lower.value == upper.value)) {
      diagnostics_.Error(
          entry.ValueSpan(),
          fmt::format("this range is empty: no value is {} {} and {} {}", OpText(lower.op),
                      FormatNumber(lower.value), OpText(upper.op), FormatNumber(upper.value)));
      return;
    }
    diagnostics_.Warning(entry.ValueSpan(),
                         "a range (two bounds, AND-ed) follows the Sigma specification's text, "
                         "but pySigma rejects it: other Sigma tools may not load this rule");
  }

  SigmaCorrelation& correlation_;
  CorrelationCondition& condition_;
  CorrelationType type_;
  lang::DiagnosticList& diagnostics_;
  size_t errors_before_ = diagnostics_.error_count();
};

}  // namespace

void ReadCorrelationCondition(const std::optional<YamlEntry>& entry, bool rules_given,
                              SigmaCorrelation& correlation, lang::DiagnosticList& diagnostics) {
  ConditionReader(correlation, diagnostics).Read(entry, rules_given);
}

}  // namespace scry::sigma
