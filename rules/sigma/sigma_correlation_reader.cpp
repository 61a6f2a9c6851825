#include "rules/sigma/sigma_correlation_reader.hpp"

#include <array>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "lang/base/spelling_suggestion.hpp"
#include "rules/sigma/sigma_correlation_condition.hpp"

namespace scry::sigma {
namespace {

using lang::SourceSpan;

constexpr std::array<CorrelationType, 8> kTypes = {
    CorrelationType::kEventCount,      CorrelationType::kValueCount, CorrelationType::kTemporal,
    CorrelationType::kTemporalOrdered, CorrelationType::kValueSum,   CorrelationType::kValueAvg,
    CorrelationType::kValuePercentile, CorrelationType::kValueMedian};

constexpr std::array<std::string_view, 7> kKeys = {"type",      "rules",   "group-by", "timespan",
                                                   "condition", "aliases", "generate"};

std::string LowerCase(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return text;
}

std::string Written(const YamlNode& node) {
  return node.is_scalar() ? node.written : std::string(node.span.text());
}

SourceSpan SpanOr(const YamlNode& node, SourceSpan fallback) {
  return node.span.begin < node.span.end ? node.span : fallback;
}

std::string Line(const SourceSpan& span) {
  return fmt::format("{}", span.source->Locate(span.begin).line);
}

class CorrelationReader {
 public:
  CorrelationReader(const YamlNode& document, const YamlEntry& entry, SigmaCorrelation& correlation,
                    lang::DiagnosticList& diagnostics)
      : document_(document),
        map_(*entry.value),
        correlation_(correlation),
        diagnostics_(diagnostics) {
    correlation_.correlation_span = entry.key->span;
  }

  void Read() {
    CheckKeys();
    bool type_ok = ReadType();
    auto rules = FindEntry(map_, "rules");
    ReadRules(rules);
    ReadGroupBy();
    ReadTimespan();
    ReadGenerate();
    ReadAliases();
    if (!type_ok) {
      return;
    }
    // `rules: []` counts as absent, as pySigma has it: a string condition may name the rules.
    bool rules_given = rules && !rules->value->is_null()
                       && !(rules->value->is_sequence() && rules->value->values.empty());
    auto condition = FindEntry(map_, "condition");
    ReadCorrelationCondition(condition, rules_given, correlation_, diagnostics_);
    bool string_condition = (correlation_.type == CorrelationType::kTemporal
                             || correlation_.type == CorrelationType::kTemporalOrdered)
                            && condition && condition->value->is_string();
    if (!rules_given && !string_condition) {
      if (rules && !rules->value->is_null()) {
        diagnostics_.Error(rules->ValueSpan(),
                           "'rules' is empty: list the names or ids of the rules this "
                           "correlation correlates");
      } else {
        diagnostics_.Error(correlation_.correlation_span,
                           "correlation has no 'rules': list the names or ids of the rules it "
                           "correlates");
      }
    }
  }

 private:
  void CheckKeys() {
    std::vector<std::string> known(kKeys.begin(), kKeys.end());
    for (const YamlNode& key : map_.keys) {
      bool ok = false;
      for (std::string_view name : kKeys) {
        ok = ok || key.written == name;
      }
      if (!ok) {
        diagnostics_.Error(key.span, fmt::format("unknown key '{}' in 'correlation'{}", key.written,
                                                 lang::DidYouMean(key.written, known)));
      }
    }
  }

  bool ReadType() {
    auto type = FindEntry(map_, "type");
    if (!type) {
      diagnostics_.Error(correlation_.correlation_span, "correlation has no 'type'");
      return false;
    }
    correlation_.type_span = type->ValueSpan();
    std::optional<std::string> text = ReadString(*type, "type", diagnostics_);
    if (!text) {
      if (type->value->is_null()) {
        diagnostics_.Error(correlation_.type_span, "correlation 'type' is empty");
      }
      return false;
    }
    if (auto parsed = ParseCorrelationType(*text)) {
      correlation_.type = *parsed;
      return true;
    }
    std::vector<std::string> names;
    for (CorrelationType known : kTypes) {
      names.emplace_back(CorrelationTypeName(known));
    }
    std::string lower = LowerCase(*text);
    if (lower != *text && ParseCorrelationType(lower)) {
      diagnostics_.Error(correlation_.type_span,
                         fmt::format("correlation types are lower case: write '{}'", lower));
      return false;
    }
    std::string list;
    for (const std::string& name : names) {
      list += (list.empty() ? "" : ", ") + name;
    }
    diagnostics_.Add(lang::Diagnostic::Error(correlation_.type_span,
                                             fmt::format("unknown correlation type '{}'{}", *text,
                                                         lang::DidYouMean(*text, names)))
                         .WithNote("the types are " + list));
    return false;
  }

  void ReadRules(const std::optional<YamlEntry>& entry) {
    if (!entry || entry->value->is_null()) {
      return;
    }
    const YamlNode& value = *entry->value;
    constexpr std::string_view kShape = "'rules' must be a rule name or id, or a list of them";
    auto add = [&](const YamlNode& item) {
      if (!item.is_string() || item.scalar.text.empty()) {
        diagnostics_.Error(SpanOr(item, entry->ValueSpan()), std::string(kShape));
        return;
      }
      for (const RuleReference& seen : correlation_.rules) {
        if (seen.text == item.scalar.text) {
          diagnostics_.Add(lang::Diagnostic::Error(
                               item.span, fmt::format("rule '{}' is listed twice", seen.text))
                               .WithNote(fmt::format("'{}' is first listed on line {}", seen.text,
                                                     Line(seen.span))));
          return;
        }
      }
      correlation_.rules.push_back(RuleReference{item.scalar.text, item.span, std::nullopt});
    };
    if (value.is_sequence()) {
      for (const YamlNode& item : value.values) {
        add(item);
      }
    } else if (value.is_scalar()) {
      add(value);
    } else {
      diagnostics_.Error(entry->ValueSpan(), std::string(kShape));
    }
  }

  void ReadGroupBy() {
    auto entry = FindEntry(map_, "group-by");
    if (!entry || entry->value->is_null()) {
      return;
    }
    const YamlNode& value = *entry->value;
    constexpr std::string_view kShape =
        "'group-by' must be a field or alias name, or a list of them";
    auto add = [&](const YamlNode& item) {
      if (!item.is_string() || item.scalar.text.empty()) {
        diagnostics_.Error(SpanOr(item, entry->ValueSpan()), std::string(kShape));
        return;
      }
      for (const CorrelationField& seen : correlation_.group_by) {
        if (seen.name == item.scalar.text) {
          diagnostics_.Error(item.span,
                             fmt::format("'{}' is listed twice in 'group-by'", seen.name));
          return;
        }
      }
      correlation_.group_by.push_back(CorrelationField{item.scalar.text, item.span});
    };
    if (value.is_sequence()) {
      for (const YamlNode& item : value.values) {
        add(item);
      }
    } else if (value.is_scalar()) {
      add(value);
    } else {
      diagnostics_.Error(entry->ValueSpan(), std::string(kShape));
    }
  }

  void ReadTimespan() {
    auto entry = FindEntry(map_, "timespan");
    if (!entry) {
      diagnostics_.Error(correlation_.correlation_span,
                         "correlation has no 'timespan': write e.g. 'timespan: 5m'");
      return;
    }
    correlation_.timespan_span = entry->ValueSpan();
    const YamlNode& value = *entry->value;
    if (value.is_null()) {
      diagnostics_.Error(correlation_.timespan_span, "'timespan' is empty");
      return;
    }
    std::string text = Written(value);
    auto parsed = ParseTimespan(text);
    if (!parsed) {
      auto diagnostic = lang::Diagnostic::Error(correlation_.timespan_span, parsed.error());
      char unit = text.empty() ? '\0' : text.back();
      if (unit == 'w' || unit == 'M' || unit == 'y') {
        diagnostic.notes.push_back(
            "pySigma also reads 'w', 'M' and 'y', but the Sigma specification has only s, m, h "
            "and d (lower case): write the span in days");
      } else if (unit == 'S' || unit == 'H' || unit == 'D') {
        diagnostic.notes.push_back("units are lower case");
      }
      diagnostics_.Add(std::move(diagnostic));
      return;
    }
    correlation_.timespan = std::move(text);
    correlation_.timespan_ns = *parsed;
  }

  // `generate` in the map (pySigma) or at the top level (the JSON schema), not both.
  void ReadGenerate() {
    auto inner = FindEntry(map_, "generate");
    auto outer = FindEntry(document_, "generate");
    if (inner && outer) {
      diagnostics_.Add(
          lang::Diagnostic::Error(outer->key->span,
                                  "'generate' is given twice: here and in 'correlation'")
              .WithNote(fmt::format("keep one; the other is on line {}", Line(inner->key->span))));
      return;
    }
    auto entry = inner ? inner : outer;
    if (!entry || entry->value->is_null()) {
      return;
    }
    const YamlNode& value = *entry->value;
    if (!value.is_scalar() || value.scalar.kind != SigmaValue::Kind::kBool) {
      diagnostics_.Error(entry->ValueSpan(), "'generate' must be true or false");
      return;
    }
    correlation_.generate = value.scalar.bool_value;
  }

  void ReadAliases() {
    auto entry = FindEntry(map_, "aliases");
    if (!entry || entry->value->is_null()) {
      return;
    }
    const YamlNode& value = *entry->value;
    if (!value.is_map()) {
      diagnostics_.Error(entry->ValueSpan(),
                         "'aliases' must be a map of alias names, each a map of rule: field");
      return;
    }
    for (size_t i = 0; i < value.keys.size(); ++i) {
      ReadAlias(value.keys[i], value.values[i]);
    }
    for (const CorrelationAlias& alias : correlation_.aliases) {
      bool used = false;
      for (const CorrelationField& field : correlation_.group_by) {
        used = used || field.name == alias.name;
      }
      if (!used) {
        diagnostics_.Warning(alias.span,
                             fmt::format("alias '{}' is not used in 'group-by'", alias.name));
      }
    }
  }

  void ReadAlias(const YamlNode& key, const YamlNode& value) {
    if (!key.is_string() || key.scalar.text.empty()) {
      diagnostics_.Error(key.span, "an alias name must be a string");
      return;
    }
    CorrelationAlias alias{key.scalar.text, key.span, {}};
    if (!value.is_map() || value.keys.empty()) {
      diagnostics_.Error(SpanOr(value, key.span),
                         fmt::format("alias '{}' must map rules to field names, e.g. "
                                     "'rule_name: source.ip'",
                                     alias.name));
      return;
    }
    bool ok = true;
    for (size_t i = 0; i < value.keys.size(); ++i) {
      const YamlNode& rule = value.keys[i];
      const YamlNode& field = value.values[i];
      if (!rule.is_string() || rule.scalar.text.empty()) {
        diagnostics_.Error(rule.span, "a rule in an alias must be a rule name or id");
        ok = false;
      } else if (!field.is_string() || field.scalar.text.empty()) {
        diagnostics_.Error(SpanOr(field, rule.span),
                           fmt::format("alias '{}' needs a field name for rule '{}'", alias.name,
                                       rule.scalar.text));
        ok = false;
      } else {
        alias.mappings.push_back(
            CorrelationAlias::Mapping{RuleReference{rule.scalar.text, rule.span, std::nullopt},
                                      field.scalar.text, field.span});
      }
    }
    if (ok) {
      correlation_.aliases.push_back(std::move(alias));
    }
  }

  const YamlNode& document_;
  const YamlNode& map_;
  SigmaCorrelation& correlation_;
  lang::DiagnosticList& diagnostics_;
};

}  // namespace

void ReadCorrelation(const YamlNode& document, const YamlEntry& entry,
                     SigmaCorrelation& correlation, lang::DiagnosticList& diagnostics) {
  CorrelationReader(document, entry, correlation, diagnostics).Read();
}

std::optional<CorrelationType> ParseCorrelationType(std::string_view name) {
  for (CorrelationType type : kTypes) {
    if (CorrelationTypeName(type) == name) {
      return type;
    }
  }
  return std::nullopt;
}

std::expected<int64_t, std::string> ParseTimespan(std::string_view text) {
  constexpr int64_t kSecond = 1'000'000'000;
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    ++digits;
  }
  int64_t unit = 0;
  if (digits + 1 == text.size()) {
    switch (text.back()) {
      case 's':
        unit = kSecond;
        break;
      case 'm':
        unit = 60 * kSecond;
        break;
      case 'h':
        unit = 3600 * kSecond;
        break;
      case 'd':
        unit = 86400 * kSecond;
        break;
      default:
        break;
    }
  }
  if (digits == 0 || unit == 0) {
    return std::unexpected(
        fmt::format("timespan '{}' is not valid: write a whole number and a "
                    "unit, s, m, h or d, e.g. 90m",
                    text));
  }
  int64_t count = 0;
  for (size_t i = 0; i < digits; ++i) {
    if (count > (std::numeric_limits<int64_t>::max() / unit - (text[i] - '0')) / 10) {
      return std::unexpected(fmt::format("timespan '{}' is too long", text));
    }
    count = count * 10 + (text[i] - '0');
  }
  if (count == 0) {
    return std::unexpected(fmt::format("timespan '{}' must be longer than zero", text));
  }
  return count * unit;
}

}  // namespace scry::sigma
