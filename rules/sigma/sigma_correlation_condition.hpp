// Reading `correlation.condition` (sigma-spec.md 5.3) for the correlation reader.
//
// A map compares the aggregate: one of `gt`, `gte`, `lt`, `lte`, `eq`, `neq` with a number (ints
// and floats), or two of them for a range (a lower and an upper bound, AND-ed, as the spec's text
// allows; pySigma rejects ranges, so they get a warning); `field` (a name or a list: value_*
// types only, and required there); `percentile` (0..100, value_percentile only, and required
// there: the spec's form without it has no defined meaning). Temporal types may omit the
// condition (every rule must match: `gte: <number of rules>`) or give a string expression over
// their rules (sigma_correlation_expr.hpp), whose names must be exactly the `rules`; `rules` may
// then be omitted and is taken from the expression.
#pragma once

#include <optional>

#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_attributes.hpp"
#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

/// Reads the condition `entry` (nullopt when the `correlation` map has none) into
/// `correlation.condition`; `correlation.type` and `correlation.rules` must be read already
/// (`rules_given`: the map has a `rules` entry). Reports every problem; for temporal types
/// without `rules`, fills them from the expression.
void ReadCorrelationCondition(const std::optional<YamlEntry>& entry, bool rules_given,
                              SigmaCorrelation& correlation, lang::DiagnosticList& diagnostics);

}  // namespace scry::sigma
