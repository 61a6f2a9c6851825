// Printing a plan for people: what `scry explain` shows. Fields are `$name`, computed columns
// `@name`, and each expression shows how the binder lowered it (a folded, case-insensitive
// `endswith~ any [...]`, a prepared set, an inlined let), with its index [eN] in the plan.
#pragma once

#include <string>

#include "compiler/plan/plan.hpp"

namespace scry::compiler {

std::string ExplainPlan(const Plan& plan);
std::string PrintBoundExpr(const Plan& plan, const BoundExpr& expr);

}  // namespace scry::compiler
