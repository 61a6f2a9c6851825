#include "rules/sigma/sigma_loader.hpp"

#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "rules/sigma/sigma_attributes.hpp"
#include "rules/sigma/sigma_correlation_reader.hpp"
#include "rules/sigma/sigma_detection_reader.hpp"
#include "rules/sigma/yaml_document.hpp"

namespace scry::sigma {
namespace {

using lang::SourceSpan;

// What a map is, for the advice a duplicate key gets.
enum class MapRole { kOther, kIdentifiers, kFields };

void ReportDuplicate(const YamlNode& first, const YamlNode& again, MapRole role,
                     lang::DiagnosticList& diagnostics) {
  std::string message = fmt::format("duplicate key '{}' in this map", again.written);
  if (role == MapRole::kFields) {
    message += "; use a list of maps or '|all' to test one field twice";
  }
  uint32_t line = first.span.source->Locate(first.span.begin).line;
  diagnostics.Add(lang::Diagnostic::Error(again.span, std::move(message))
                      .WithNote(fmt::format("'{}' is first used on line {}", again.written, line)));
}

// YAML forbids duplicate keys, yet yaml-cpp (like pySigma's SigmaCollection) keeps them
// silently; a repeated field in a selection is a classic mistake, so every map is checked.
void CheckDuplicateKeys(const YamlNode& node, MapRole role, bool top,
                        lang::DiagnosticList& diagnostics) {
  if (node.is_sequence()) {
    for (const YamlNode& item : node.values) {
      CheckDuplicateKeys(item, role, false, diagnostics);
    }
    return;
  }
  if (!node.is_map()) {
    return;
  }
  // Keys are compared as PyYAML compares them: by typed value (`1` and `'1'` differ).
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < node.keys.size(); ++i) {
    const YamlNode& key = node.keys[i];
    if (key.is_scalar()) {
      char kind = static_cast<char>('0' + static_cast<int>(key.scalar.kind)
                                    + (key.scalar.yaml_timestamp ? 10 : 0));
      auto [first, inserted] = seen.emplace(kind + key.scalar.text, i);
      if (!inserted) {
        ReportDuplicate(node.keys[first->second], key, role, diagnostics);
      }
    }
    MapRole child = MapRole::kOther;
    if (role == MapRole::kIdentifiers || role == MapRole::kFields) {
      child = MapRole::kFields;
    } else if (top && (key.written == "detection" || key.written == "filter")) {
      child = MapRole::kIdentifiers;
    }
    CheckDuplicateKeys(node.values[i], child, false, diagnostics);
  }
}

SourceSpan FirstKeySpan(const YamlNode& document) {
  return document.keys.empty() ? document.span : document.keys[0].span;
}

std::optional<YamlEntry> Required(const YamlNode& document, std::string_view name,
                                  lang::DiagnosticList& diagnostics) {
  std::optional<YamlEntry> entry = FindEntry(document, name);
  if (!entry) {
    diagnostics.Error(FirstKeySpan(document), fmt::format("missing required attribute '{}'", name));
  }
  return entry;
}

// One condition string, not empty.
bool ReadConditionString(const YamlNode& key, const YamlNode& value, std::string& text,
                         SourceSpan& span, std::string_view message,
                         lang::DiagnosticList& diagnostics) {
  span = value.span.begin < value.span.end ? value.span : key.span;
  if (value.is_null() || (value.is_string() && value.scalar.text.empty())) {
    diagnostics.Error(span, "'condition' is empty");
    return false;
  }
  if (!value.is_string()) {
    diagnostics.Error(span, std::string(message));
    return false;
  }
  text = value.scalar.text;
  return true;
}

void ReadRuleConditions(const YamlEntry& entry, SigmaRule& rule,
                        lang::DiagnosticList& diagnostics) {
  constexpr std::string_view kShape = "'condition' must be a string or a list of strings";
  const YamlNode& value = *entry.value;
  if (!value.is_sequence()) {
    std::string text;
    SourceSpan span;
    if (ReadConditionString(*entry.key, value, text, span, kShape, diagnostics)) {
      rule.conditions.push_back(std::move(text));
      rule.condition_spans.push_back(span);
    }
    return;
  }
  if (value.values.empty()) {
    diagnostics.Error(value.span, "'condition' is an empty list");
  }
  for (const YamlNode& item : value.values) {
    std::string text;
    SourceSpan span;
    if (ReadConditionString(*entry.key, item, text, span, kShape, diagnostics)) {
      rule.conditions.push_back(std::move(text));
      rule.condition_spans.push_back(span);
    }
  }
}

class DocumentLoader {
 public:
  DocumentLoader(const lang::Source& file, const YamlDocument& document, SigmaDocuments& documents,
                 lang::DiagnosticList& diagnostics)
      : file_(file),
        index_(document.index),
        root_(*document.root),
        documents_(documents),
        diagnostics_(diagnostics) {}

  // Returns false if the document had errors (then nothing was added).
  bool Load() {
    size_t errors = diagnostics_.error_count();
    if (!root_.is_map()) {
      diagnostics_.Error(root_.span,
                         "a Sigma document must be a map of attributes (title, "
                         "logsource, detection, ...)");
      return false;
    }
    CheckDuplicateKeys(root_, MapRole::kOther, true, diagnostics_);
    if (auto action = FindEntry(root_, "action")) {
      diagnostics_.Error(action->key->span,
                         "v1 'action' collections are not supported; split the file into "
                         "complete documents");
      return false;
    }
    if (FindEntry(root_, "correlation")) {
      SigmaCorrelation correlation = LoadCorrelation();
      if (diagnostics_.error_count() == errors) {
        documents_.correlations.push_back(std::move(correlation));
      } else {
        RememberFailed(FailedDocument::Kind::kCorrelation, correlation.meta);
      }
    } else if (FindEntry(root_, "filter")) {
      SigmaFilter filter = LoadFilter();
      if (diagnostics_.error_count() == errors) {
        documents_.filters.push_back(std::move(filter));
      } else {
        RememberFailed(FailedDocument::Kind::kFilter, filter.meta);
      }
    } else {
      SigmaRule rule = LoadRule();
      if (diagnostics_.error_count() == errors) {
        documents_.rules.push_back(std::move(rule));
      } else {
        RememberFailed(FailedDocument::Kind::kRule, rule.meta);
      }
    }
    return diagnostics_.error_count() == errors;
  }

 private:
  SigmaRule LoadRule() {
    SigmaRule rule;
    rule.source = &file_;
    rule.document_index = index_;
    rule.span = root_.span;
    ReadMetadata(root_, "rule", rule.meta, diagnostics_);
    if (auto logsource = Required(root_, "logsource", diagnostics_)) {
      ReadLogSource(*logsource, rule.logsource, diagnostics_);
    }
    auto detection = Required(root_, "detection", diagnostics_);
    if (!detection) {
      return rule;
    }
    const YamlNode& section = *detection->value;
    if (!section.is_map()) {
      diagnostics_.Error(detection->ValueSpan(),
                         "'detection' must be a map of search identifiers and a 'condition'");
      return rule;
    }
    WarnTimeframe(section);
    rule.identifiers = ReadSearchIdentifiers(section, {"condition", "timeframe"}, diagnostics_);
    if (!HasIdentifierKeys(section, {"condition", "timeframe"})) {
      diagnostics_.Error(detection->key->span, "detection has no search identifiers");
    }
    if (auto condition = FindEntry(section, "condition")) {
      ReadRuleConditions(*condition, rule, diagnostics_);
    } else {
      diagnostics_.Error(detection->key->span, "detection has no 'condition'");
    }
    return rule;
  }

  SigmaFilter LoadFilter() {
    SigmaFilter filter;
    filter.source = &file_;
    filter.document_index = index_;
    filter.span = root_.span;
    ReadMetadata(root_, "filter", filter.meta, diagnostics_);
    if (auto logsource = Required(root_, "logsource", diagnostics_)) {
      ReadLogSource(*logsource, filter.logsource, diagnostics_);
    }
    auto entry = FindEntry(root_, "filter");
    const YamlNode& section = *entry->value;
    if (!section.is_map()) {
      diagnostics_.Error(entry->ValueSpan(),
                         "'filter' must be a map of 'rules', search identifiers and a "
                         "'condition'");
      return filter;
    }
    ReadFilterRules(*entry, filter);
    filter.identifiers = ReadSearchIdentifiers(section, {"rules", "condition"}, diagnostics_);
    if (!HasIdentifierKeys(section, {"rules", "condition"})) {
      diagnostics_.Error(entry->key->span, "filter has no search identifiers");
    }
    if (auto condition = FindEntry(section, "condition")) {
      if (condition->value->is_sequence()) {
        // pySigma: "Sigma filter condition must be a string".
        diagnostics_.Error(condition->ValueSpan(),
                           "a filter's 'condition' must be a single string");
      } else {
        ReadConditionString(*condition->key, *condition->value, filter.condition,
                            filter.condition_span, "'condition' must be a string", diagnostics_);
      }
    } else {
      diagnostics_.Error(entry->key->span, "filter has no 'condition'");
    }
    return filter;
  }

  // `rules: any`, `rules: []` (also any, as pySigma has it), or a list of rule ids or names.
  void ReadFilterRules(const YamlEntry& section, SigmaFilter& filter) {
    auto rules = FindEntry(*section.value, "rules");
    if (!rules) {
      diagnostics_.Error(section.key->span,
                         "filter has no 'rules'; write 'rules: any' to apply it to every rule "
                         "of its log source");
      return;
    }
    const YamlNode& value = *rules->value;
    constexpr std::string_view kShape = "'rules' must be 'any' or a list of rule ids or names";
    if (value.is_null() || (value.is_sequence() && value.values.empty())) {
      filter.applies_to_any = true;
    } else if (value.is_string() && value.scalar.text == "any") {
      filter.applies_to_any = true;
    } else if (value.is_string() && !value.scalar.text.empty()) {
      filter.rules.push_back(value.scalar.text);
      filter.rule_spans.push_back(value.span);
    } else if (value.is_sequence()) {
      for (const YamlNode& item : value.values) {
        if (!item.is_string() || item.scalar.text.empty()) {
          diagnostics_.Error(item.span.begin < item.span.end ? item.span : value.span,
                             std::string(kShape));
          continue;
        }
        filter.rules.push_back(item.scalar.text);
        filter.rule_spans.push_back(item.span);
      }
    } else {
      diagnostics_.Error(rules->ValueSpan(), std::string(kShape));
    }
  }

  SigmaCorrelation LoadCorrelation() {
    SigmaCorrelation correlation;
    correlation.source = &file_;
    correlation.document_index = index_;
    correlation.span = root_.span;
    ReadMetadata(root_, "correlation", correlation.meta, diagnostics_);
    auto entry = FindEntry(root_, "correlation");
    if (!entry->value->is_map()) {
      diagnostics_.Error(entry->ValueSpan(), "'correlation' must be a map");
      return correlation;
    }
    ReadCorrelation(root_, *entry, correlation, diagnostics_);
    return correlation;
  }

  // So that a correlation naming this document can say that it failed (ResolveCorrelations).
  void RememberFailed(FailedDocument::Kind kind, const SigmaMetadata& meta) {
    if (meta.name || meta.id) {
      documents_.failed_documents.push_back(
          FailedDocument{kind, meta.title, meta.id, meta.name, root_.span});
    }
  }

  // pySigma skips a v1 `timeframe` in `detection`; its aggregations are correlations now.
  void WarnTimeframe(const YamlNode& section) {
    if (auto timeframe = FindEntry(section, "timeframe")) {
      diagnostics_.Warning(timeframe->key->span,
                           "'timeframe' is ignored: Sigma v1 aggregations are written as "
                           "correlation rules now");
    }
  }

  static bool HasIdentifierKeys(const YamlNode& section,
                                std::initializer_list<std::string_view> reserved) {
    for (const YamlNode& key : section.keys) {
      bool is_reserved = false;
      for (std::string_view name : reserved) {
        is_reserved = is_reserved || (key.is_scalar() && key.written == name);
      }
      if (!is_reserved) {
        return true;
      }
    }
    return false;
  }

  const lang::Source& file_;
  uint32_t index_;
  const YamlNode& root_;
  SigmaDocuments& documents_;
  lang::DiagnosticList& diagnostics_;
};

}  // namespace

void LoadSigmaDocument(const lang::Source& file, const YamlDocument& document,
                       SigmaDocuments& documents, lang::DiagnosticList& diagnostics) {
  if (document.failed) {
    ++documents.failed;
  } else if (document.root && !DocumentLoader(file, document, documents, diagnostics).Load()) {
    ++documents.failed;
  }
}

void LoadSigmaFile(const lang::Source& file, SigmaDocuments& documents,
                   lang::DiagnosticList& diagnostics) {
  // Each document is checked as soon as it is read, so diagnostics come in file order.
  ReadYamlDocuments(file, diagnostics, [&](const YamlDocument& document) {
    LoadSigmaDocument(file, document, documents, diagnostics);
  });
}

std::optional<SourceSpan> VerbatimTextSpan(const SourceSpan& span, std::string_view text) {
  std::string_view written = span.text();
  if (written == text) {
    return span;
  }
  if (written.size() >= 2 && (written.front() == '\'' || written.front() == '"')
      && written.back() == written.front() && written.substr(1, written.size() - 2) == text) {
    return SourceSpan{span.source, span.begin + 1, span.end - 1};
  }
  return std::nullopt;
}

}  // namespace scry::sigma
