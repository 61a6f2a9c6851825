// The bound expression tree: what the binder makes of an AST expression.
//
// Names are resolved (to an event field slot, a computed column, or an inlined `let`
// constant), every node has a static Type, literals are Values in the plan's ConstantPool,
// operator families are decided (a constant string after `contains` becomes a StringMatch with
// its pattern folded at compile time), and negated operators are wrapped in kNot. Both back
// ends read this tree: the reference evaluator walks it, codegen turns it into LLVM IR.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lang/base/source.hpp"
#include "stdlib/function_registry.hpp"
#include "stdlib/type.hpp"

namespace scry::compiler {

enum class BoundKind : uint8_t {
  kConstant,     // index: ConstantPool value
  kField,        // index: FieldSlotTable slot of the event
  kColumn,       // index: computed column of the current row
  kAnd,          // children: two or more conditions
  kOr,           // children: two or more conditions
  kNot,          // children[0]
  kExists,       // children[0]: kField or kColumn
  kCompare,      // op: CompareOp; children: lhs, rhs
  kStringMatch,  // op: StringMatchOp; children[0]: text; patterns; match_all
  kRegexMatch,   // children[0]: text; objects: Regex pool indices; match_all
  kInSet,        // children[0]: value; index: ValueSet pool object
  kInDynamic,    // children: value, list (not known at compile time)
  kArith,        // op: ArithOp; children: lhs, rhs
  kNegate,       // children[0]
  kCall,         // function; children: arguments
  kMakeList,     // children: items (not all constant)
  kAllValues,    // `*`: every value of the event, a list (EvalContext collects it on demand)
};

struct BoundExpr {
  BoundKind kind;
  Type type;
  lang::SourceSpan span;

  uint32_t index = 0;
  uint8_t op = 0;
  bool case_insensitive = false;
  /// kStringMatch / kRegexMatch with several patterns: all must match (`all [...]`), else any.
  bool match_all = false;
  /// kStringMatch: the patterns as written, and as compiled code wants them (folded when
  /// case-insensitive).
  std::vector<std::string> patterns;
  std::vector<std::string> folded_patterns;
  /// kRegexMatch: Regex objects in the ConstantPool.
  std::vector<uint32_t> objects;
  const FunctionDef* function = nullptr;
  std::vector<std::unique_ptr<BoundExpr>> children;

  bool is_constant() const { return kind == BoundKind::kConstant; }
  /// Produces a bool (a condition) rather than a general value.
  bool is_condition() const;
};

using BoundExprPtr = std::unique_ptr<BoundExpr>;

BoundExprPtr MakeBound(BoundKind kind, Type type, lang::SourceSpan span);
/// A deep copy (constants and objects are shared by index, which is safe: pools only grow).
BoundExprPtr CloneBound(const BoundExpr& expr);

const char* BoundKindName(BoundKind kind);

}  // namespace scry::compiler
