// Turning a processed detection item into a scry expression, in the form a person would write:
//
//   Image: ['*\cmd.exe', '*\pwsh.exe']     →  Image endswith any [r"\cmd.exe", r"\pwsh.exe"]
//   EventID: [4688, 1]                     →  EventID in~ [4688, 1]
//   CommandLine|contains|all: [a, b]       →  CommandLine contains all ["a", "b"]
//   Image: 'C:\*\x?.exe'                   →  Image matches re"(?s)^C:\\.*\\x.\.exe$"
//   keywords: [mimikatz]                   →  * contains "mimikatz"
//
// A plain value is an anchored, case-insensitive match (`=~`); `*` at either end makes it
// startswith/endswith/contains; inner wildcards become an anchored regex. Sigma's default case
// insensitivity is scry's default for these operators; `cased` picks the _cs forms.
#pragma once

#include "lang/ast/expr.hpp"
#include "rules/sigma/sigma_modifiers.hpp"

namespace scry::sigma {

/// `keyword` items (no field) search every value of the event with substring semantics.
lang::ast::ExprPtr BuildItemExpr(const ProcessedItem& item);

}  // namespace scry::sigma
