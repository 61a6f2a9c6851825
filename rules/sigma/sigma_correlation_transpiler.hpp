// Sigma correlation rules → scry rules with windows and sequences (sigma-spec section 5).
//
//   correlation:                        rule many_failed_logons {
//     type: event_count                   title: "Many failed logons"
//     rules: [failed_logon]               from failed_logon
//     group-by: [TargetUserName]          | window sliding 5m by TargetUserName
//     timespan: 5m                        | aggregate count = count()
//     condition: {gte: 3}                 | where count >= 3
//                                       }
//
// event_count, value_count, value_sum, value_avg, value_percentile and value_median become a
// sliding window (any set of events whose span fits the timespan, bounds inclusive: 5.8) with
// the matching aggregate, named `count` or `value` as the alert shows it; temporal counts the
// distinct rules matched in the window (`dcount(matched_rules)`); temporal_ordered becomes an
// ordered sequence. Group-by fields and aliases become the window's keys: when the referenced
// rules read a key from different fields, `iff(matched_rules == "rule", field, ...)` picks the
// field of the rule that matched.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/ast/module.hpp"
#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/sigma_pipeline.hpp"

namespace scry::sigma {

/// A rule a correlation reads, as the transpiler made it.
struct CorrelationInput {
  std::string name;                           // the scry rule name
  const LogSourceMapping* mapping = nullptr;  // a detection rule's log source mapping
  bool is_correlation = false;                // its fields are another correlation's columns
};

/// The scry rule for `correlation`, reading `inputs` (parallel to correlation.rules); nullopt
/// after reporting an error.
std::optional<lang::ast::RuleDecl> TranspileCorrelation(const SigmaCorrelation& correlation,
                                                        const std::vector<CorrelationInput>& inputs,
                                                        std::string name,
                                                        const SigmaPipeline& pipeline,
                                                        lang::DiagnosticList& diagnostics);

}  // namespace scry::sigma
