// Reading the top-level attributes of a Sigma document: the metadata every kind may carry
// (title, id, status, level, tags, ...; sigma-spec.md 1.3-1.5) and `logsource`, with their
// types and enumerations checked and each problem reported at its YAML text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/yaml_node.hpp"

namespace scry::sigma {

/// A `key: value` entry of a map.
struct YamlEntry {
  const YamlNode* key = nullptr;
  const YamlNode* value = nullptr;

  /// Where to point when the value is wrong: the value, or the key when the value is empty.
  lang::SourceSpan ValueSpan() const;
};

/// The first entry of `map` whose key is written `name`.
std::optional<YamlEntry> FindEntry(const YamlNode& map, std::string_view name);

/// The value of `entry` as a string (`name` is the attribute, for messages). A null value is
/// absent (nullopt, no error); any other non-string is reported.
std::optional<std::string> ReadString(const YamlEntry& entry, std::string_view name,
                                      lang::DiagnosticList& diagnostics);

/// A string or a list of strings (`references`, `tags`, `falsepositives`, `fields`); null is
/// an empty list.
std::vector<std::string> ReadStringList(const YamlEntry& entry, std::string_view name,
                                        lang::DiagnosticList& diagnostics);

/// True for the canonical form 8-4-4-4-12 hex digits (either case), which is what the JSON
/// schemas' `format: uuid` means.
bool IsUuid(std::string_view text);

/// Reads the metadata of a document (the top-level map `document`) into `meta`. `kind`
/// ("rule", "filter", "correlation") names the document in messages. `title` is required.
void ReadMetadata(const YamlNode& document, std::string_view kind, SigmaMetadata& meta,
                  lang::DiagnosticList& diagnostics);

/// Reads `logsource` (a map; category/product/service/definition are strings, other keys are
/// allowed); at least one of category, product and service must be set.
void ReadLogSource(const YamlEntry& entry, LogSource& logsource, lang::DiagnosticList& diagnostics);

}  // namespace scry::sigma
