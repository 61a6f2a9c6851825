#include "compiler/plan/rule_set_binder.hpp"

#include <set>

#include <fmt/format.h>

#include "compiler/plan/pipeline_binder.hpp"
#include "compiler/plan/rule_metadata.hpp"
#include "lang/base/spelling_suggestion.hpp"

namespace scry::compiler {

using lang::SourceSpan;
namespace ast = lang::ast;

RuleSetBinder::RuleSetBinder(Plan& plan, lang::DiagnosticList& diagnostics,
                             const FunctionRegistry& functions)
    : plan_(plan), diagnostics_(diagnostics), ctx_{plan, lets_, diagnostics, functions} {}

std::string RuleSetBinder::Location(SourceSpan span) const {
  if (!span.valid()) {
    return "elsewhere";
  }
  auto pos = span.source->Locate(span.begin);
  return fmt::format("{}:{}:{}", span.source->name(), pos.line, pos.column);
}

void RuleSetBinder::AddModule(const ast::Module& module) {
  for (const ast::Decl& decl : module.decls) {
    if (const auto* let = std::get_if<ast::LetDecl>(&decl.decl)) {
      if (!lets_.Declare(*let)) {
        diagnostics_.Add(
            lang::Diagnostic::Error(let->name_span,
                                    fmt::format("let '{}' is declared twice", let->name))
                .WithNote("first declared at " + Location(lets_.Find(let->name)->decl->span)));
      }
    } else if (const auto* source = std::get_if<ast::SourceDecl>(&decl.decl)) {
      auto [it, inserted] = sources_.try_emplace(source->Dotted(), SourceEntry{source});
      if (!inserted) {
        diagnostics_.Add(
            lang::Diagnostic::Error(source->name_span,
                                    fmt::format("source '{}' is declared twice", source->Dotted()))
                .WithNote("first declared at " + Location(it->second.decl->span)));
      }
    } else if (const auto* rule = std::get_if<ast::RuleDecl>(&decl.decl)) {
      rules_.push_back(rule);
    }
  }
}

size_t RuleSetBinder::BindRules() {
  BindLets();
  size_t failed = 0;
  std::map<std::string, const ast::RuleDecl*> names;
  std::map<std::string, const ast::RuleDecl*> ids;
  for (const ast::RuleDecl* rule : rules_) {
    auto [it, inserted] = names.try_emplace(rule->name, rule);
    if (!inserted) {
      diagnostics_.Add(lang::Diagnostic::Error(
                           rule->name_span, fmt::format("rule '{}' is declared twice", rule->name))
                           .WithNote("first declared at " + Location(it->second->name_span)));
      ++failed;
      continue;
    }
    std::string id = RuleIdOf(*rule);
    auto [id_it, id_inserted] = ids.try_emplace(id, rule);
    if (!id_inserted) {
      diagnostics_.Add(
          lang::Diagnostic::Error(rule->name_span, fmt::format("rule id '{}' is used twice", id))
              .WithNote(fmt::format("also the id of rule '{}' at {}", id_it->second->name,
                                    Location(id_it->second->name_span))));
      ++failed;
      continue;
    }
    if (!BindRule(*rule)) {
      ++failed;
    }
  }
  CheckUnusedSources();
  return failed;
}

void RuleSetBinder::BindLets() {
  // All lets first: rules and sources that use them then find them bound, so rolling back a
  // failed rule can never take a let's constant with it. A let is only constants, so binding
  // an unused one costs nothing at run time.
  NameScope constants = NameScope::Constants();
  for (const std::string& name : lets_.Names()) {
    if (lets_.Find(name)->state == LetTable::Entry::State::kUnbound) {
      ExprBinder binder(ctx_, constants);
      binder.Bind(ast::Expr{ast::FieldPath{{name}}, {}});
    }
  }
}

void RuleSetBinder::CheckUnusedSources() {
  // A source nobody uses is still checked, so its errors do not wait for the first rule that
  // uses it. Its plan is then dropped: the fields it reads must not be extracted for nothing.
  for (auto& [name, entry] : sources_) {
    if (entry.state == SourceEntry::State::kUnbound) {
      Plan::Mark mark = plan_.GetMark();
      BindSource(name, entry.decl->name_span);
      plan_.Rollback(mark);
      entry.state = SourceEntry::State::kChecked;
    }
  }
}

bool RuleSetBinder::BindRule(const ast::RuleDecl& rule) {
  size_t errors_before = diagnostics_.error_count();
  RulePlan plan;
  plan.info = MakeRuleInfo(rule);
  if (rule.pipeline.from) {
    // Sources are shared by many rules and are bound before the rule's own part, outside the
    // rollback below.
    BindFrom(*rule.pipeline.from, plan.pipeline);
    plan.source_steps = plan.pipeline.steps.size();
    plan.source_columns = plan.pipeline.output.columns.size();
  }
  Plan::Mark mark = plan_.GetMark();
  PipelineBinder binder(ctx_);
  binder.BindOperators(rule.pipeline.ops, plan.pipeline, /*in_rule=*/true);
  if (diagnostics_.error_count() > errors_before) {
    // Leave nothing of a failed rule behind: no code for it, no fields extracted for it.
    plan_.Rollback(mark);
    return false;
  }
  plan_.rules.push_back(std::move(plan));
  return true;
}

RuleInfo RuleSetBinder::MakeRuleInfo(const ast::RuleDecl& rule) {
  RuleInfo info = ReadRuleMetadata(rule, diagnostics_);
  if (rule.pipeline.from) {
    info.source = rule.pipeline.from->Dotted();
  }
  return info;
}

bool RuleSetBinder::BindFrom(const ast::FromClause& from, Pipeline& pipeline) {
  if (from.is_call) {
    diagnostics_.Error(from.span,
                       fmt::format("'from {}(...)' is not available here: give the input with "
                                   "--input",
                                   from.Dotted()));
    return false;
  }
  const Pipeline* source = BindSource(from.Dotted(), from.name_span);
  if (source == nullptr) {
    return false;
  }
  // The same expressions for every reader of the source: the runtime shares their results.
  for (const PlanStep& step : source->steps) {
    pipeline.steps.push_back(PlanStep{step.step, step.output, from.span});
  }
  pipeline.output = source->output;
  return true;
}

const Pipeline* RuleSetBinder::BindSource(const std::string& name, SourceSpan use) {
  auto it = sources_.find(name);
  if (it == sources_.end()) {
    std::vector<std::string> names;
    for (const auto& [known, entry] : sources_) {
      names.push_back(known);
    }
    diagnostics_.Error(use,
                       fmt::format("unknown source '{}'{}", name, lang::DidYouMean(name, names)));
    return nullptr;
  }
  SourceEntry& entry = it->second;
  using State = SourceEntry::State;
  switch (entry.state) {
    case State::kBound:
      return &entry.steps;
    case State::kFailed:
      diagnostics_.Error(use, fmt::format("cannot use source '{}': it has errors", name));
      return nullptr;
    case State::kBinding:
      diagnostics_.Error(use, fmt::format("source '{}' is defined in terms of itself", name));
      return nullptr;
    case State::kChecked:  // only CheckUnusedSources sets it, after all binding
    case State::kUnbound:
      break;
  }
  entry.state = State::kBinding;
  const ast::Pipeline& pipeline = entry.decl->pipeline;
  bool ok = true;
  Pipeline steps;
  if (pipeline.from) {
    if (pipeline.from->is_call) {
      diagnostics_.Error(pipeline.from->span, "a source can only be based on another source");
      ok = false;
    } else if (const auto* parent = BindSource(pipeline.from->Dotted(), pipeline.from->name_span)) {
      steps = *parent;
    } else {
      ok = false;
    }
  }
  PipelineBinder binder(ctx_);
  for (const ast::Operator& op : pipeline.ops) {
    // A source says which events and what they hold, one event at a time: rows stay events.
    if (!std::holds_alternative<ast::WhereOp>(op.op)
        && !std::holds_alternative<ast::ExtendOp>(op.op)) {
      diagnostics_.Error(op.span, fmt::format("a source can only select events with 'where' and "
                                              "add columns with 'extend', not '{}'",
                                              op.Name()));
      ok = false;
      continue;
    }
    if (!binder.BindOperator(op, steps, /*in_rule=*/true)) {
      ok = false;
    }
  }
  entry.state = ok ? State::kBound : State::kFailed;
  entry.steps = std::move(steps);
  if (!ok) {
    // The rule that happened to bind the source first fails as every later one does: say so
    // at its `from` too (unless this is the check of an unused source, at its own name).
    if (use.begin != entry.decl->name_span.begin || use.source != entry.decl->name_span.source) {
      diagnostics_.Error(use, fmt::format("cannot use source '{}': it has errors", name));
    }
    return nullptr;
  }
  return &entry.steps;
}

bool RuleSetBinder::BindQuery(const ast::Query& query) {
  size_t errors_before = diagnostics_.error_count();
  for (const ast::LetDecl& let : query.lets) {
    if (!lets_.Declare(let)) {
      // Worded as for rule files: the first declaration may be in a --rules file.
      diagnostics_.Add(
          lang::Diagnostic::Error(let.name_span,
                                  fmt::format("let '{}' is declared twice", let.name))
              .WithNote("first declared at " + Location(lets_.Find(let.name)->decl->span)));
    }
  }
  BindLets();
  Pipeline pipeline;
  if (query.pipeline.from) {
    BindFrom(*query.pipeline.from, pipeline);
  }
  PipelineBinder binder(ctx_);
  binder.BindOperators(query.pipeline.ops, pipeline, /*in_rule=*/false);
  CheckUnusedSources();
  if (diagnostics_.error_count() > errors_before) {
    return false;
  }
  plan_.query = std::move(pipeline);
  return true;
}

}  // namespace scry::compiler
