// Loading Sigma YAML files into the Sigma model.
//
// A file may hold several documents (`---`); each is classified by its top-level keys (a
// `correlation` key makes a correlation rule, else a `filter` key a filter, else a detection
// rule) and checked: mandatory attributes, types and enumerations of metadata, the shape of
// `detection`, the whole `correlation` map (sigma_correlation_reader.hpp). Scalars are typed as
// PyYAML's SafeLoader (YAML 1.1) types them. A document with errors is reported (file:line:col,
// caret under the offending YAML) and left out; the other documents of the file still load.
#pragma once

#include <optional>
#include <string_view>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/yaml_document.hpp"

namespace scry::sigma {

/// Appends the documents of `file` to `documents`. `file` must outlive `documents` (spans
/// point into it). Documents with errors are counted in `documents.failed` (and remembered in
/// `failed_documents` when they have a name or id); empty documents (a trailing `---`) are
/// skipped silently. Correlations name rules of any file: once every file is loaded,
/// ResolveCorrelations (sigma_correlation_resolver.hpp) links them.
void LoadSigmaFile(const lang::Source& file, SigmaDocuments& documents,
                   lang::DiagnosticList& diagnostics);

/// The part of LoadSigmaFile after YAML: checks one document of `file` as read by
/// ReadYamlDocuments (or taken from the YAML tree cache) and appends it to `documents`.
void LoadSigmaDocument(const lang::Source& file, const YamlDocument& document,
                       SigmaDocuments& documents, lang::DiagnosticList& diagnostics);

/// The part of `span` (a YAML scalar's text, quotes included) that holds `text` (its value)
/// character for character: the span itself for a plain scalar, the inside of the quotes for
/// a quoted one. nullopt when the YAML text differs from the value (escapes, `''`, folded
/// lines), where a position inside the value cannot be mapped back to the file. Lets a
/// message about part of a condition or a value put its caret on that part.
std::optional<lang::SourceSpan> VerbatimTextSpan(const lang::SourceSpan& span,
                                                 std::string_view text);

}  // namespace scry::sigma
