// The cache key of generated code: everything about a bound expression that ExprCodegen reads,
// fed to a Hasher. Two expressions that hash alike get the same machine code.
//
// Keep in step with expr_codegen.cpp: a property codegen starts to read must be hashed here,
// or a cached object would be reused for code it does not implement. (The compiler fingerprint,
// which hashes this folder's sources, changes with any such edit, so old entries are not
// reused across it; this file keeps entries of one build apart.)
#pragma once

#include "compiler/codegen/code_layout.hpp"
#include "compiler/plan/constant_pool.hpp"
#include "compiler/sema/bound_expr.hpp"
#include "stdlib/content_hash.hpp"

namespace scry::compiler {

/// Hashes `expr` as a condition (`is_condition`) or a value function. Fields, constants and
/// objects enter by their local number in `layout`, interned here in the order codegen does not
/// care about but this walk fixes.
void HashExprCode(const BoundExpr& expr, bool is_condition, const ConstantPool& constants,
                  CodeLayout& layout, Hasher& hasher);

}  // namespace scry::compiler
