// The Sigma model: what a Sigma YAML document says, typed and validated, before it is turned
// into scry.
//
// The loader (sigma_loader.hpp) fills it from YAML, the correlation resolver
// (sigma_correlation_resolver.hpp) links correlations to the rules they name across files, and
// the transpiler (sigma_transpiler.hpp) reads it. Every part keeps the span of the YAML text it
// came from, so that errors found later (a bad regex, an unknown placeholder, an unmapped field)
// still point at the right line and column of the rule file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/base/source.hpp"

namespace scry::sigma {

/// One scalar from a rule, typed the way PyYAML's SafeLoader (YAML 1.1) types it, which is
/// what the whole Sigma ecosystem (pySigma) does: `0x17` is the int 23, `yes` is true, `1e3`
/// is the string "1e3". Quoted scalars are always strings.
struct SigmaValue {
  enum class Kind { kNull, kBool, kInt, kFloat, kString };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  /// kString: the YAML-decoded string (Sigma escapes and wildcards are still in it).
  /// Numbers and bools: their canonical text ("23", "1.5", "true"), which is what keyword
  /// search and string modifiers see.
  std::string text;
  /// The span covers the scalar as written, quotes included ('C:\x' spans 6 bytes).
  lang::SourceSpan span;
  /// kString from an unquoted YAML 1.1 date or timestamp (`2019-10-23`, `2001-12-14 21:59:43`):
  /// PyYAML makes it a date object, which pySigma rejects as a detection value ("Unsupported
  /// type"), while metadata (`date:`, `modified:`) takes it as text. `text` is as written.
  bool yaml_timestamp = false;
};

/// `field|mod1|mod2: values`. A keyword item has no field.
struct DetectionItem {
  std::optional<std::string> field;
  std::vector<std::string> modifiers;  // in key order, as written (validated by the transpiler)
  std::vector<SigmaValue> values;      // never empty
  lang::SourceSpan key_span;           // the whole key, `field|mod1|mod2` (or the keyword list)
  lang::SourceSpan field_span;         // just the field name
  /// One per modifier, just its name, so that an unknown modifier gets the caret under it.
  /// Where the key's YAML text does not map 1:1 onto its value (a double-quoted key with
  /// escapes), each is the whole key span.
  std::vector<lang::SourceSpan> modifier_spans;
};

/// A detection (the value of one search identifier), normalized as pySigma does:
/// a map is kAllOf its items, a list kAnyOf its elements, a scalar or list of scalars one
/// keyword item.
struct Detection {
  enum class Kind { kItem, kAllOf, kAnyOf };
  Kind kind = Kind::kItem;
  DetectionItem item;               // kItem
  std::vector<Detection> children;  // kAllOf (map entries), kAnyOf (list elements)
  lang::SourceSpan span;
};

struct SearchIdentifier {
  std::string name;
  Detection detection;
  lang::SourceSpan span;  // the identifier key
};

struct LogSource {
  std::optional<std::string> category;
  std::optional<std::string> product;
  std::optional<std::string> service;
  std::optional<std::string> definition;
  lang::SourceSpan span;
  /// "product=windows category=process_creation", for messages.
  std::string Describe() const;
};

/// Metadata every document kind may carry, kept for output and for `sigma convert`.
struct SigmaMetadata {
  std::string title;
  std::optional<std::string> id;  // a UUID (validated)
  std::optional<std::string> name;
  std::optional<std::string> status;
  std::optional<std::string> description;
  std::optional<std::string> author;
  std::optional<std::string> license;
  std::optional<std::string> date;      // YYYY-MM-DD as written
  std::optional<std::string> modified;  // YYYY-MM-DD as written
  std::optional<std::string> level;
  /// `taxonomy` (default `sigma` when absent): the field naming the rule is written in; any
  /// other (e.g. `ecs`) needs a mapping the transpiler may not have.
  std::optional<std::string> taxonomy;
  std::vector<std::string> references;
  std::vector<std::string> tags;
  std::vector<std::string> falsepositives;
  std::vector<std::string> fields;
  std::vector<std::string> related;  // "type:id", in order
  lang::SourceSpan title_span;
  lang::SourceSpan id_span;
  lang::SourceSpan name_span;
};

/// A detection rule (a document without `correlation` or `filter`).
struct SigmaRule {
  SigmaMetadata meta;
  LogSource logsource;
  std::vector<SearchIdentifier> identifiers;  // in document order, `condition` excluded
  /// `condition`: one string, or a list of strings OR-ed together.
  std::vector<std::string> conditions;
  std::vector<lang::SourceSpan> condition_spans;
  const lang::Source* source = nullptr;  // the YAML file
  uint32_t document_index = 0;           // 0-based position in a multi-document file
  lang::SourceSpan span;                 // the whole document
  /// Set by ResolveCorrelations: false when the rule is referenced only by correlations with
  /// `generate: false`: its matches feed them but raise no alert of their own (5.7).
  bool standalone_alert = true;
};

/// A Sigma filter (meta filter): its condition is AND-ed into the conditions of the rules it
/// applies to (listed by id or name, or `any`), if its log source contains theirs.
struct SigmaFilter {
  SigmaMetadata meta;
  LogSource logsource;
  bool applies_to_any = false;
  std::vector<std::string> rules;  // ids or names
  std::vector<lang::SourceSpan> rule_spans;
  std::vector<SearchIdentifier> identifiers;
  std::string condition;
  lang::SourceSpan condition_span;
  const lang::Source* source = nullptr;
  uint32_t document_index = 0;  // 0-based position in a multi-document file
  lang::SourceSpan span;
};

/// `correlation.type` (sigma-spec.md 5.2; `value_median` is pySigma's).
enum class CorrelationType {
  kEventCount,
  kValueCount,
  kTemporal,
  kTemporalOrdered,
  kValueSum,
  kValueAvg,
  kValuePercentile,
  kValueMedian,
};

/// The name Sigma writes for `type` ("event_count").
std::string_view CorrelationTypeName(CorrelationType type);

/// What a rule reference of a correlation points at once resolved: a detection rule (an index
/// into SigmaDocuments::rules) or another correlation (into SigmaDocuments::correlations).
struct ReferenceTarget {
  enum class Kind { kRule, kCorrelation };
  Kind kind = Kind::kRule;
  size_t index = 0;

  bool operator==(const ReferenceTarget&) const = default;
};

/// A rule named by a correlation (in `rules`, an alias or the condition), by `name` or `id`.
struct RuleReference {
  std::string text;  // as written
  lang::SourceSpan span;
  /// Set by ResolveCorrelations (sigma_correlation_resolver.hpp); nullopt before.
  std::optional<ReferenceTarget> target;
};

/// A field or alias name of `group-by` or `condition.field`.
struct CorrelationField {
  std::string name;
  lang::SourceSpan span;
};

/// `aliases: {name: {rule: field, ...}}`: the field that holds the alias's value in the events
/// of each listed rule. A rule of `rules` not listed uses the alias name as its field (5.5).
struct CorrelationAlias {
  struct Mapping {
    RuleReference rule;  // one of the correlation's `rules` (checked when resolving)
    std::string field;
    lang::SourceSpan field_span;
  };
  std::string name;
  lang::SourceSpan span;
  std::vector<Mapping> mappings;  // in document order
};

enum class CorrelationOp { kGt, kGte, kLt, kLte, kEq, kNeq };

/// One `op: value` of a condition map.
struct CorrelationBound {
  CorrelationOp op = CorrelationOp::kGte;
  double value = 0;       // YAML ints and floats alike
  lang::SourceSpan span;  // the `op: value` entry (key and value)
};

/// The string condition of a temporal correlation (`rule_a and not rule_b`, 5.3), as a tree.
struct CorrelationExpr {
  enum class Kind { kAnd, kOr, kNot, kRule };
  Kind kind = Kind::kRule;
  std::string rule;                       // kRule: the reference as written
  size_t rule_index = 0;                  // kRule: its position in SigmaCorrelation::rules
  std::vector<CorrelationExpr> children;  // kAnd, kOr: two or more; kNot: one
  /// The operator or identifier in the YAML text (the whole condition when the YAML text is
  /// not the condition character for character).
  lang::SourceSpan span;
};

/// `correlation.condition`: a comparison of the aggregate (bounds AND-ed: one, or a lower and
/// an upper bound for a range), or for temporal types a string expression over the rules.
struct CorrelationCondition {
  std::vector<CorrelationBound> bounds;  // empty only when `expression` is set
  /// `field` (value_* types): one field, or several whose values count as one tuple.
  std::vector<CorrelationField> fields;
  std::optional<double> percentile;  // value_percentile: 0..100
  lang::SourceSpan percentile_span;
  std::optional<CorrelationExpr> expression;
  /// A temporal correlation without `condition`: `gte: <number of rules>` (5.3).
  bool implicit = false;
  lang::SourceSpan span;  // the condition's value; the `correlation` key when implicit
};

/// A correlation rule (a document with a `correlation` map), read and checked completely. Its
/// references are resolved over all files loaded together by ResolveCorrelations.
struct SigmaCorrelation {
  SigmaMetadata meta;
  CorrelationType type = CorrelationType::kEventCount;
  lang::SourceSpan type_span;
  /// `rules` in order (temporal_ordered: the order events must come in). When `rules` is
  /// omitted (temporal types with a string condition) they are the condition's identifiers in
  /// order of first use, and `rules_from_condition` is set.
  std::vector<RuleReference> rules;
  bool rules_from_condition = false;
  /// `group-by`: empty when absent, which makes one global group (as pySigma has it).
  std::vector<CorrelationField> group_by;
  int64_t timespan_ns = 0;
  std::string timespan;  // as written: "5m"
  lang::SourceSpan timespan_span;
  /// `generate` (in `correlation`, as pySigma reads it, or at the top level, as the schema
  /// has it): the referenced rules also alert on their own.
  bool generate = false;
  std::vector<CorrelationAlias> aliases;
  CorrelationCondition condition;
  /// Set by ResolveCorrelations: false when only correlations with `generate: false`
  /// reference this one (it then feeds them but raises no alert of its own, 5.7).
  bool standalone_alert = true;
  const lang::Source* source = nullptr;
  uint32_t document_index = 0;        // 0-based position in a multi-document file
  lang::SourceSpan span;              // the whole document
  lang::SourceSpan correlation_span;  // the `correlation` key
};

/// A document that had errors and was left out, remembered by name and id so that a
/// correlation referring to it can say why it fails too instead of calling it unknown.
struct FailedDocument {
  enum class Kind { kRule, kFilter, kCorrelation };
  Kind kind = Kind::kRule;
  std::string title;
  std::optional<std::string> id;
  std::optional<std::string> name;
  lang::SourceSpan span;  // the whole document
};

/// Everything in one or more Sigma files.
struct SigmaDocuments {
  std::vector<SigmaRule> rules;
  std::vector<SigmaFilter> filters;
  std::vector<SigmaCorrelation> correlations;
  /// Documents that could not be loaded (each reported): counted as failed rules.
  size_t failed = 0;
  /// The documents counted in `failed` that had a name or an id.
  std::vector<FailedDocument> failed_documents;
  /// Set by ResolveCorrelations: every correlation once, each after those it references.
  std::vector<size_t> correlation_order;
};

}  // namespace scry::sigma
