// Reading search identifiers: the YAML value of each becomes a Detection, normalized as
// pySigma does it (sigma-spec.md 2.1):
//
//   map {k: v, ...}          kAllOf of items; a key is `field|mod1|mod2`, an empty field (or a
//                            key starting with `|`) makes a keyword item; v is a scalar or a
//                            list of scalars
//   list of scalars          one keyword item (field nullopt) holding all the values
//   list with maps or lists  kAnyOf of the elements, each normalized (map → kAllOf, scalar →
//                            keyword item, list → recursively)
//   scalar                   one keyword item with that value
//
// Rejected, each with its own message: empty maps and lists, `Field: []`, maps or lists as
// field values, and null keywords (`keywords: [null]`), which have no meaning. Modifier names
// are kept as written: the transpiler knows which exist.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/yaml_node.hpp"

namespace scry::sigma {

/// Reads the search identifiers of `section` (a rule's `detection` or a filter's `filter`
/// map), in document order, skipping the keys listed in `reserved` (`condition`, ...).
/// Identifiers with errors are reported and left out.
std::vector<SearchIdentifier> ReadSearchIdentifiers(
    const YamlNode& section, std::initializer_list<std::string_view> reserved,
    lang::DiagnosticList& diagnostics);

/// Normalizes the value of the search identifier whose key is `identifier`.
std::optional<Detection> ReadDetection(const YamlNode& identifier, const YamlNode& value,
                                       lang::DiagnosticList& diagnostics);

}  // namespace scry::sigma
