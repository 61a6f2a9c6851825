// RuleSetBinder: parsed modules (rules, sources, lets from any number of files) → a Plan.
//
// Lets and sources are global to the compilation. Each rule is bound on its own: a rule with
// an error is reported and left out, and every other rule still compiles, so one bad rule in
// a pack of 500 does not stop detection. A query is bound the same way against the same
// lets and sources.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/sema/expr_binder.hpp"
#include "compiler/sema/let_table.hpp"
#include "lang/ast/module.hpp"
#include "lang/base/diagnostic.hpp"

namespace scry::compiler {

class RuleSetBinder {
 public:
  RuleSetBinder(Plan& plan, lang::DiagnosticList& diagnostics, const FunctionRegistry& functions);

  /// Declares the module's lets, sources and rules (duplicates are reported). The module must
  /// outlive the binder.
  void AddModule(const lang::ast::Module& module);

  /// Binds every declared rule into plan.rules; returns how many failed.
  size_t BindRules();
  size_t rule_count() const { return rules_.size(); }

  /// Binds a query's lets and pipeline into plan.query. False after reporting errors.
  bool BindQuery(const lang::ast::Query& query);

 private:
  struct SourceEntry {
    const lang::ast::SourceDecl* decl = nullptr;
    enum class State { kUnbound, kBinding, kBound, kFailed, kChecked } state = State::kUnbound;
    /// Its `where` and `extend` steps, the parent source's first, bound once for every rule
    /// and query that reads the source; `output` holds the columns they compute.
    Pipeline steps;
  };

  bool BindRule(const lang::ast::RuleDecl& rule);
  void BindLets();
  void CheckUnusedSources();
  /// Adds the steps of the source `from` names to `pipeline`. False after reporting errors.
  bool BindFrom(const lang::ast::FromClause& from, Pipeline& pipeline);
  const Pipeline* BindSource(const std::string& name, lang::SourceSpan use);
  RuleInfo MakeRuleInfo(const lang::ast::RuleDecl& rule);
  std::string Location(lang::SourceSpan span) const;

  Plan& plan_;
  lang::DiagnosticList& diagnostics_;
  LetTable lets_;
  BindContext ctx_;
  std::map<std::string, SourceEntry> sources_;
  std::vector<const lang::ast::RuleDecl*> rules_;
};

}  // namespace scry::compiler
