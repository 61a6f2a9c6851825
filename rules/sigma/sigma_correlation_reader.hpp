// Reading the `correlation` map of a Sigma correlation rule (sigma-spec.md 1.4, 5) into the
// model, every part checked and each problem reported at its YAML text:
//
//   type        one of the eight types (lower case; a misspelling gets a suggestion)
//   rules       a rule name or id, or a list of them (no repeats); optional only for temporal
//               types with a string condition (sigma_correlation_condition.hpp)
//   group-by    a field or alias name, or a list of them; absent means one global group, as
//               pySigma has it
//   timespan    a whole number and a lower-case unit: s, m, h or d (pySigma's w, M and y are
//               not Sigma's and are rejected with advice)
//   generate    a boolean, in the map (pySigma) or at the top level (the JSON schema)
//   aliases     {alias: {rule: field, ...}}
//   condition   sigma_correlation_condition.hpp
//
// Any other key is an error (a misspelt `group-by` would silently make one global group).
// References are only read here; ResolveCorrelations checks what they name.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_attributes.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/yaml_node.hpp"

namespace scry::sigma {

/// Reads `entry` (the `correlation` key and its value, a map) of the top-level map `document`
/// into `correlation` (whose metadata is read already). Reports every problem it finds.
void ReadCorrelation(const YamlNode& document, const YamlEntry& entry,
                     SigmaCorrelation& correlation, lang::DiagnosticList& diagnostics);

/// The type Sigma writes `name` ("event_count"), if it is one.
std::optional<CorrelationType> ParseCorrelationType(std::string_view name);

/// A timespan (`90m`) in nanoseconds, or why it is not one.
std::expected<int64_t, std::string> ParseTimespan(std::string_view text);

}  // namespace scry::sigma
