// The Sigma model: what a Sigma YAML document says, typed and validated, before it is turned
// into scry.
//
// The loader (sigma_loader.hpp) fills it from YAML; the transpiler (sigma_transpiler.hpp) reads
// it. Every part keeps the span of the YAML text it came from, so that errors found later (a
// bad regex, an unknown placeholder, an unmapped field) still point at the right line and
// column of the rule file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

/// A correlation rule. Loaded and checked so that files holding them load; evaluation is
/// not part of the detection transpiler.
struct SigmaCorrelation {
  SigmaMetadata meta;
  /// `correlation.type` as written (`event_count`, `temporal`, ...); the loader only checks
  /// that it is a string, the rest of the `correlation` map is validated later.
  std::string type;
  lang::SourceSpan type_span;
  const lang::Source* source = nullptr;
  /// The document can be found again in `source` (e.g. to read the `correlation` map) by its
  /// position: `span` covers it.
  uint32_t document_index = 0;
  lang::SourceSpan span;
};

/// Everything in one or more Sigma files.
struct SigmaDocuments {
  std::vector<SigmaRule> rules;
  std::vector<SigmaFilter> filters;
  std::vector<SigmaCorrelation> correlations;
  /// Documents that could not be loaded (each reported): counted as failed rules.
  size_t failed = 0;
};

}  // namespace scry::sigma
