// Reading a rule's metadata block (id, title, level, tags, ...) into the RuleInfo that alerts
// carry. Known keys are checked (a level must be one of Sigma's five); unknown keys are kept
// and warned about, since Sigma rules bring keys of their own.
#pragma once

#include <string>

#include "compiler/plan/plan.hpp"
#include "lang/ast/module.hpp"
#include "lang/base/diagnostic.hpp"

namespace scry::compiler {

RuleInfo ReadRuleMetadata(const lang::ast::RuleDecl& rule, lang::DiagnosticList& diagnostics);

/// The rule's `id:` entry if it has one, else its name.
std::string RuleIdOf(const lang::ast::RuleDecl& rule);

}  // namespace scry::compiler
