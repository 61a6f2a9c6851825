// What the operator tokens mean in the AST: `!contains_cs` is (kContains, sensitive, negated).
// Keyed by the generated lexer's token types, which are plain integers.
#pragma once

#include <cstddef>

#include "lang/ast/expr.hpp"

namespace scry::lang::internal {

struct ComparisonSpelling {
  ast::BinaryOp op;
  bool case_insensitive;
  bool negated;
};

/// For the token of a comparison operator (`==`, `in~`, `!endswith`, ...).
ComparisonSpelling ComparisonFor(size_t token_type);

/// For `+ - * / %`.
ast::BinaryOp ArithmeticFor(size_t token_type);

}  // namespace scry::lang::internal
