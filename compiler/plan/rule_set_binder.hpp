// RuleSetBinder: parsed modules (rules, sources, lets from any number of files) → a Plan.
//
// Lets and sources are global to the compilation. Each rule is bound on its own: a rule with
// an error is reported and left out, and every other rule still compiles, so one bad rule in
// a pack of 500 does not stop detection. A query is bound the same way against the same
// lets and sources.
#pragma once

#include <map>
#include <optional>
#include <span>
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
  bool BindFileInput(const lang::ast::FromClause& from);
  struct SourceEntry {
    const lang::ast::SourceDecl* decl = nullptr;
    enum class State { kUnbound, kBinding, kBound, kFailed, kChecked } state = State::kUnbound;
    /// Its `where` and `extend` steps, the parent source's first, bound once for every rule
    /// and query that reads the source; `output` holds the columns they compute.
    Pipeline steps;
  };

  struct RuleEntry {
    const lang::ast::RuleDecl* decl = nullptr;
    enum class State { kUnbound, kBinding, kBound, kFailed } state = State::kUnbound;
    uint32_t index = 0;  // in plan.rules, once bound
  };
  /// The inputs `from` names: one source, or rules (the events they match).
  struct FromInputs {
    std::vector<uint32_t> rules;  // plan.rules indices
    bool is_rules = false;
    bool ok = true;
  };

  /// Binds the rule (and first the rules its `from` reads); its state says how it went.
  void BindRuleEntry(RuleEntry& entry);
  bool BindRule(const lang::ast::RuleDecl& rule);
  /// Binds the rules and the source `from` names, before the reader's own binding (and outside
  /// its rollback).
  void PrebindInputs(const lang::ast::FromClause& from);
  /// Resolves `from`'s names to rules (bound by PrebindInputs). Not rules: leaves them to BindFrom.
  FromInputs ResolveRuleInputs(const lang::ast::FromClause& from);
  /// The stateless start of a rule or sequence step: `from` (source or rules) and the `ops`.
  bool BindStatelessPart(const std::optional<lang::ast::FromClause>& from,
                         std::span<const lang::ast::Operator> ops, RulePlan& plan);
  /// The window/sequence/suppress of a rule and what follows, from `ops[first]` on.
  /// Adds plan.stateful entry for rule plan.rules[owner]; binds the sequence steps as hidden
  /// rules. Reports errors; the caller rolls back.
  void BindStatefulPart(const lang::ast::RuleDecl& rule, size_t first, uint32_t owner);
  /// The window, sequence or suppress at `ops[first]` (and `aggregate` after a window) into
  /// `stateful`; returns the index of the first op after it.
  size_t BindStatefulOperator(const lang::ast::RuleDecl& rule, size_t first, uint32_t owner,
                              StatefulPlan& stateful);
  std::optional<int64_t> ConstantDuration(const lang::ast::Expr& expr, std::string_view what);
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
  std::map<std::string, RuleEntry> rule_entries_;
  size_t failed_ = 0;
};

}  // namespace scry::compiler
