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
  failed_ = 0;
  std::map<std::string, const ast::RuleDecl*> ids;
  std::vector<RuleEntry*> order;
  for (const ast::RuleDecl* rule : rules_) {
    auto [it, inserted] = rule_entries_.try_emplace(rule->name, RuleEntry{rule});
    if (!inserted) {
      diagnostics_.Add(lang::Diagnostic::Error(
                           rule->name_span, fmt::format("rule '{}' is declared twice", rule->name))
                           .WithNote("first declared at " + Location(it->second.decl->name_span)));
      ++failed_;
      continue;
    }
    std::string id = RuleIdOf(*rule);
    auto [id_it, id_inserted] = ids.try_emplace(id, rule);
    if (!id_inserted) {
      diagnostics_.Add(
          lang::Diagnostic::Error(rule->name_span, fmt::format("rule id '{}' is used twice", id))
              .WithNote(fmt::format("also the id of rule '{}' at {}", id_it->second->name,
                                    Location(id_it->second->name_span))));
      it->second.state = RuleEntry::State::kFailed;
      ++failed_;
      continue;
    }
    order.push_back(&it->second);
  }
  // In declaration order, except that a rule read by another (`from failed_logon`) is bound
  // before its reader, so that plan.rules lists every input before the rules it feeds.
  for (RuleEntry* entry : order) {
    BindRuleEntry(*entry);
  }
  CheckUnusedSources();
  return failed_;
}

void RuleSetBinder::BindRuleEntry(RuleEntry& entry) {
  if (entry.state != RuleEntry::State::kUnbound) {
    return;
  }
  entry.state = RuleEntry::State::kBinding;
  if (BindRule(*entry.decl)) {
    entry.state = RuleEntry::State::kBound;
    entry.index = static_cast<uint32_t>(plan_.rules.size() - 1);
    while (plan_.rules[entry.index].hidden) {
      --entry.index;  // a sequence's steps come after it
    }
  } else {
    entry.state = RuleEntry::State::kFailed;
    ++failed_;
  }
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

namespace {

bool IsStateful(const ast::Operator& op) {
  return std::holds_alternative<ast::WindowOp>(op.op)
         || std::holds_alternative<ast::AggregateOp>(op.op)
         || std::holds_alternative<ast::SequenceOp>(op.op)
         || std::holds_alternative<ast::SuppressOp>(op.op);
}

}  // namespace

bool RuleSetBinder::BindRule(const ast::RuleDecl& rule) {
  size_t errors_before = diagnostics_.error_count();
  size_t rules_before = plan_.rules.size();
  size_t stateful_before = plan_.stateful.size();
  RulePlan plan;
  plan.info = MakeRuleInfo(rule);
  plan.alerts = plan.info.alerts;
  size_t first_stateful = 0;
  while (first_stateful < rule.pipeline.ops.size()
         && !IsStateful(rule.pipeline.ops[first_stateful])) {
    ++first_stateful;
  }
  bool is_sequence =
      first_stateful < rule.pipeline.ops.size()
      && std::holds_alternative<ast::SequenceOp>(rule.pipeline.ops[first_stateful].op);
  // What the rule reads is bound first and outside the rollback below: other rules, and sources
  // (shared by many rules).
  if (rule.pipeline.from) {
    PrebindInputs(*rule.pipeline.from);
  }
  if (is_sequence) {
    const auto& sequence = std::get<ast::SequenceOp>(rule.pipeline.ops[first_stateful].op);
    for (const ast::SequenceStep& step : sequence.steps) {
      if (step.pipeline->from) {
        PrebindInputs(*step.pipeline->from);
      }
    }
    if (sequence.until && sequence.until->pipeline->from) {
      PrebindInputs(*sequence.until->pipeline->from);
    }
  }
  Plan::Mark mark = plan_.GetMark();
  if (is_sequence) {
    // A sequence's steps read the events; the rule itself only gets what they feed it.
    if (first_stateful > 0 || rule.pipeline.from) {
      SourceSpan span = rule.pipeline.from ? rule.pipeline.from->span : rule.pipeline.ops[0].span;
      diagnostics_.Error(span,
                         "a sequence starts the rule: put 'from' and 'where' in its steps "
                         "([from ... | where ...])");
    }
    plan.runs_on_events = false;
  } else {
    BindStatelessPart(rule.pipeline.from, std::span(rule.pipeline.ops).first(first_stateful), plan);
  }
  if (diagnostics_.error_count() == errors_before) {
    plan_.rules.push_back(std::move(plan));
    if (first_stateful < rule.pipeline.ops.size()) {
      BindStatefulPart(rule, first_stateful, static_cast<uint32_t>(plan_.rules.size() - 1));
    }
  }
  if (diagnostics_.error_count() > errors_before) {
    // Leave nothing of a failed rule behind: no code for it, no fields extracted for it.
    plan_.rules.resize(rules_before);
    plan_.stateful.resize(stateful_before);
    plan_.Rollback(mark);
    return false;
  }
  return true;
}

void RuleSetBinder::PrebindInputs(const ast::FromClause& from) {
  if (from.is_call) {
    return;
  }
  std::vector<std::string> names = {from.Dotted()};
  for (const ast::FromName& more : from.more) {
    names.push_back(more.Dotted());
  }
  for (const std::string& name : names) {
    if (auto rule = rule_entries_.find(name); rule != rule_entries_.end()) {
      BindRuleEntry(rule->second);  // a cycle (state kBinding) is reported when resolving
    } else if (auto source = sources_.find(name);
               source != sources_.end() && source->second.state == SourceEntry::State::kUnbound) {
      // At the source's own name: the use is reported once, when the rule reads it.
      BindSource(name, source->second.decl->name_span);
    }
  }
}

RuleSetBinder::FromInputs RuleSetBinder::ResolveRuleInputs(const ast::FromClause& from) {
  FromInputs inputs;
  std::vector<std::pair<std::string, SourceSpan>> names = {{from.Dotted(), from.name_span}};
  for (const ast::FromName& more : from.more) {
    names.emplace_back(more.Dotted(), more.span);
  }
  size_t rule_names = 0;
  for (const auto& [name, span] : names) {
    rule_names += rule_entries_.contains(name) ? 1 : 0;
  }
  if (rule_names == 0) {
    if (names.size() > 1) {
      diagnostics_.Error(from.more[0].span,
                         "'from' takes one source, or several rules (the events they match)");
      inputs.ok = false;
    }
    return inputs;
  }
  inputs.is_rules = true;
  for (const auto& [name, span] : names) {
    auto it = rule_entries_.find(name);
    if (it == rule_entries_.end()) {
      std::vector<std::string> known;
      for (const auto& [rule_name, entry] : rule_entries_) {
        known.push_back(rule_name);
      }
      diagnostics_.Error(span, fmt::format("unknown rule '{}' (a 'from' that names rules cannot "
                                           "also name a source){}",
                                           name, lang::DidYouMean(name, known)));
      inputs.ok = false;
      continue;
    }
    RuleEntry& entry = it->second;
    if (entry.state == RuleEntry::State::kBinding) {
      diagnostics_.Error(span, fmt::format("rule '{}' reads itself through 'from': rules cannot "
                                           "form a cycle",
                                           name));
      inputs.ok = false;
      continue;
    }
    if (entry.state != RuleEntry::State::kBound) {
      diagnostics_.Error(span, fmt::format("cannot read rule '{}': it has errors", name));
      inputs.ok = false;
      continue;
    }
    inputs.rules.push_back(entry.index);
  }
  return inputs;
}

bool RuleSetBinder::BindStatelessPart(const std::optional<ast::FromClause>& from,
                                      std::span<const ast::Operator> ops, RulePlan& plan) {
  bool ok = true;
  if (from) {
    FromInputs inputs = ResolveRuleInputs(*from);
    if (!inputs.ok) {
      return false;
    }
    if (inputs.is_rules) {
      plan.input_rules = inputs.rules;
      plan.pipeline.output.columns = {"matched_rules"};
      plan.info.source = "";
    } else {
      // Sources are shared by many rules and are bound before the rule's own part.
      ok = BindFrom(*from, plan.pipeline);
    }
    plan.source_steps = plan.pipeline.steps.size();
    plan.source_columns = plan.pipeline.output.columns.size();
  }
  PipelineBinder binder(ctx_);
  for (const ast::Operator& op : ops) {
    ok = binder.BindOperator(op, plan.pipeline, /*in_rule=*/true) && ok;
  }
  return ok;
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

// `from file("logs/*.ndjson.gz")`: the query reads these inputs instead of the command's.
bool RuleSetBinder::BindFileInput(const ast::FromClause& from) {
  if (from.Dotted() != "file") {
    diagnostics_.Error(from.name_span, fmt::format("unknown input '{}(...)'; a query reads other "
                                                   "files with file(\"path or glob\")",
                                                   from.Dotted()));
    return false;
  }
  if (!from.more.empty()) {
    diagnostics_.Error(from.more[0].span, "'from file(...)' takes no other inputs after it");
    return false;
  }
  if (from.args.size() != 1) {
    diagnostics_.Error(from.span, fmt::format("file() takes 1 argument, got {}", from.args.size()));
    return false;
  }
  const auto* path = from.args[0]->As<ast::Literal>();
  if (path == nullptr || path->kind != ast::Literal::Kind::kString || path->text.empty()) {
    diagnostics_.Error(from.args[0]->span, "file() needs a path or glob as a string");
    return false;
  }
  plan_.query_inputs = {path->text};
  return true;
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
  if (query.pipeline.from && query.pipeline.from->is_call) {
    BindFileInput(*query.pipeline.from);
  } else if (query.pipeline.from) {
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
