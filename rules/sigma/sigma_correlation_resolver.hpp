// Linking correlation rules to the rules they name, over every Sigma file loaded together (a
// correlation may name a rule of another file; sigma-spec.md 5.1).
//
// A reference is a rule's `name`, else its `id` (names are looked up first). Each correlation's
// `rules` and alias keys are resolved to a detection rule or another correlation; then:
//
//   - a reference to nothing, to a filter, or to more than one document is an error (with a
//     suggestion for a misspelt name); a correlation whose own name or id another document
//     also uses is an error;
//   - an alias key must name one of the correlation's `rules`;
//   - a correlation over another may only group by fields the inner one groups by (after
//     aliases: the inner correlation's results carry nothing else; spec 8.5, item 47);
//   - correlations that reference each other in a cycle (a -> b -> a, or a -> a) are errors,
//     with the cycle in the message;
//   - a correlation that references a document with errors fails too, with a note saying
//     which and where.
//
// Correlations with errors are removed (and counted in `failed`); the rest are given an order
// in which each comes after those it references, and every rule and correlation is marked
// whether it alerts on its own (spec 5.7: not when it is referenced only by correlations with
// `generate: false`).
#pragma once

#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

/// Resolves every correlation of `documents`, which must hold all the files loaded together,
/// and fills RuleReference::target (rules, alias keys), SigmaDocuments::correlation_order and
/// the `standalone_alert` flags. Call it once, after the last LoadSigmaFile. Correlations with
/// errors are reported to `diagnostics`, removed from `documents.correlations` and counted in
/// `documents.failed` (and `failed_documents`); indices in targets refer to what remains.
void ResolveCorrelations(SigmaDocuments& documents, lang::DiagnosticList& diagnostics);

}  // namespace scry::sigma
