// Structural equality of syntax trees, for `parse(print(ast)) == ast` checks and tests.
//
// Two trees are equal when they say the same thing: spans (node, name, operator spans) are
// ignored, and so is how a metadata string was spelled (`level: high` equals
// `level: "high"`, both being std::string). Everything else is compared, including
// case-sensitivity, negation and quantifier flags, and whether an assignment is named.
#pragma once

#include "lang/ast/expr.hpp"
#include "lang/ast/module.hpp"

namespace scry::lang::ast {

bool Equal(const Expr& a, const Expr& b);
/// Both null, or both set and equal.
bool Equal(const ExprPtr& a, const ExprPtr& b);
bool Equal(const Pipeline& a, const Pipeline& b);
bool Equal(const Query& a, const Query& b);
bool Equal(const Module& a, const Module& b);

}  // namespace scry::lang::ast
