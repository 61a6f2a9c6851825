// What a condition needs to find in an event before it can hold: the facts the runtime's
// prefilter and source dispatch test cheaply so that most rules are never called.
//
// Both analyses are conservative: they may answer "nothing known" (nullopt), never something
// false. A LiteralRequirement is a conjunction of clauses, each a disjunction of literals: if
// the condition holds, then for every clause one of its literals occurs inside the text of its
// field (case-insensitively, after case folding). `CommandLine contains any ["-enc", "-e "]
// and Image endswith "\\powershell.exe"` needs {"-enc" | "-e "} in CommandLine and
// {"\\powershell.exe"} in Image. Anything not made of constant string matches on event fields
// (regexes, negations, computed values, numbers) contributes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"

namespace scry::compiler {

/// RequiredLiteral::slot of a literal of `*` (every value of the event): it occurs in the
/// record's JSON text as it is, which the prefilter scans instead of a field.
inline constexpr uint32_t kRecordSlot = UINT32_MAX;

struct RequiredLiteral {
  uint32_t slot;     // FieldSlotTable slot of the event field, or kRecordSlot
  std::string text;  // case-folded (FoldCase), never empty
  bool operator==(const RequiredLiteral&) const = default;
};

/// One of these literals occurs in its field.
using LiteralClause = std::vector<RequiredLiteral>;

struct LiteralRequirement {
  /// All of these clauses hold, most selective first. Never empty.
  std::vector<LiteralClause> clauses;
};

/// Which event fields a computed column is known to come from, per column (empty: not known).
/// Sources compute columns such as `extend Image = coalesce(Image, NewProcessName)`; a literal
/// in the column is then a literal in one of those fields.
using ColumnFields = std::vector<std::vector<uint32_t>>;

/// What the `extend`s of `steps` (a source's steps) put into each column, where it is a field
/// or a `coalesce` of fields.
ColumnFields FieldsOfColumns(const Plan& plan, std::span<const PlanStep> steps);

/// What `conditions` (expressions of `plan` used as filters on event rows, all of which must
/// hold, on columns described by `columns`) need, or nullopt when they may hold on an event
/// without any particular literal.
std::optional<LiteralRequirement> RequiredLiterals(const Plan& plan,
                                                   std::span<const ExprIndex> conditions,
                                                   const ColumnFields& columns = {});

/// The values `slot` must take for `condition` to hold: `Channel == "Security"`, `Channel in
/// [...]`, or an `or` of such. The event's value, if a string, then equals (exactly, or after
/// folding for the folded ones) one of them; nullopt when the condition does not pin it down.
struct RequiredValues {
  std::vector<std::string> exact;
  std::vector<std::string> folded;
};
std::optional<RequiredValues> RequiredFieldValues(const Plan& plan, ExprIndex condition,
                                                  uint32_t slot);

/// The slots some condition pins down with RequiredFieldValues-style equalities, for choosing
/// which field to dispatch on.
std::vector<uint32_t> EqualityFields(const Plan& plan, ExprIndex condition);

/// The integers `slot` must equal for all of `conditions` to hold on an event whose value there
/// is an integer: `EventID == 4688`, `EventID =~ 4688`, `EventID in [4624, 4625]`, or an `or`
/// of such; sorted and unique. Only integer constants count: an integer equals one of them
/// only by value (a string constant could also be "04688"). nullopt when nothing pins it.
std::optional<std::vector<int64_t>> RequiredIntegers(const Plan& plan,
                                                     std::span<const ExprIndex> conditions,
                                                     uint32_t slot);

/// The slots some condition pins to integers that way, for choosing which field rules are
/// dispatched on.
std::vector<uint32_t> IntegerEqualityFields(const Plan& plan, ExprIndex condition);

}  // namespace scry::compiler
