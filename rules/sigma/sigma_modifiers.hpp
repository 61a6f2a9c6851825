// Applying a detection item's modifier chain to its values, the way pySigma does
// (sigma-spec.md 3.1-3.3): left to right, each modifier type-checking what it receives, value
// expansions (base64offset, windash, placeholders) kept as OR-ed alternatives even under `all`.
//
// The result, a ProcessedItem, says exactly what each value must match; sigma_item_expr turns
// it into scry. Invalid chains are reported with the span of the key or value at fault (cases
// G01-G11 and G16 of the specification).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/sigma_pipeline.hpp"
#include "rules/sigma/sigma_string.hpp"

namespace scry::sigma {

/// One way a value may match.
struct MatchAlternative {
  enum class Kind {
    kString,  // a Sigma string pattern (wildcards allowed)
    kRegex,   // `re`: an unanchored RE2 search
    kNumber,  // numeric equality (or the comparison of ProcessedItem::compare)
    kBool,
    kNull,      // the field is absent or JSON null
    kCidr,      // the value is an IP inside the range
    kFieldRef,  // compared with another field of the same event
    kExists,    // `exists`: presence (bool_value) or absence
  };
  Kind kind = Kind::kString;
  SigmaString string;
  std::string text;  // kRegex: the pattern; kCidr: the range; kFieldRef: the other field
  bool regex_placeholders = false;  // kRegex after `expand`: `%name%` in `text` are placeholders
  bool bool_value = false;
  SigmaValue number;  // kNumber: the YAML number as written
  lang::SourceSpan span;
};

struct ProcessedValue {
  std::vector<MatchAlternative> alternatives;  // OR-ed; never empty
  lang::SourceSpan span;
};

enum class StringOp { kEquals, kContains, kStartsWith, kEndsWith };
enum class CompareOp { kGt, kGte, kLt, kLte };

struct ProcessedItem {
  std::optional<std::string>
      field;  // the event field (after the pipeline's mapping); none: keyword
  std::vector<ProcessedValue> values;
  bool all = false;     // values AND-ed (else OR-ed)
  bool negate = false;  // `neq`: not (the whole item)
  bool cased = false;   // string matching is case-sensitive
  bool regex_ignore_case = false;
  bool regex_multiline = false;
  bool regex_dotall = false;
  std::optional<CompareOp> compare;          // gt, gte, lt, lte
  std::optional<std::string> time_part;      // minute, hour, day, week, month, year
  StringOp fieldref_op = StringOp::kEquals;  // for kFieldRef alternatives
  lang::SourceSpan key_span;
  lang::SourceSpan field_span;
};

struct ModifierContext {
  const SigmaPipeline& pipeline;
  const LogSourceMapping* mapping;  // the rule's log source, or nullptr
  lang::DiagnosticList& diagnostics;
};

/// nullopt after reporting an error.
std::optional<ProcessedItem> ProcessModifiers(const DetectionItem& item, ModifierContext& ctx);

}  // namespace scry::sigma
