#include "rules/sigma/sigma_transpiler.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "rules/sigma/scry_ast_builder.hpp"
#include "rules/sigma/sigma_condition.hpp"
#include "rules/sigma/sigma_correlation_transpiler.hpp"
#include "rules/sigma/sigma_item_expr.hpp"
#include "rules/sigma/sigma_loader.hpp"
#include "rules/sigma/sigma_modifiers.hpp"
#include "stdlib/parallel_for.hpp"

namespace scry::sigma {

namespace ast = lang::ast;
using lang::SourceSpan;

namespace {

// The search identifiers of one rule (or filter), compiled once, cloned into each use.
class IdentifierScope {
 public:
  IdentifierScope(const std::vector<SearchIdentifier>& identifiers, ModifierContext& ctx)
      : identifiers_(identifiers), ctx_(ctx) {}

  /// Compiles every identifier, reporting every error; false if there were any.
  bool CompileAll() {
    bool ok = true;
    for (const SearchIdentifier& identifier : identifiers_) {
      ast::ExprPtr expr = CompileDetection(identifier.detection);
      ok = ok && expr != nullptr;
      compiled_.push_back(std::move(expr));
    }
    return ok;
  }

  /// The condition with each identifier replaced by its detection. nullptr after an error.
  ast::ExprPtr Condition(const std::string& text, SourceSpan span) {
    auto parsed = ParseCondition(text);
    if (!parsed) {
      ctx_.diagnostics.Error(Within(span, text, parsed.error().offset, parsed.error().length),
                             parsed.error().message);
      return nullptr;
    }
    condition_text_ = &text;
    return Substitute(**parsed, span);
  }

 private:
  ast::ExprPtr CompileDetection(const Detection& detection) {
    switch (detection.kind) {
      case Detection::Kind::kItem: {
        auto processed = ProcessModifiers(detection.item, ctx_);
        return processed ? BuildItemExpr(*processed) : nullptr;
      }
      case Detection::Kind::kAllOf:
      case Detection::Kind::kAnyOf: {
        std::vector<ast::ExprPtr> terms;
        bool ok = true;
        for (const Detection& child : detection.children) {
          ast::ExprPtr term = CompileDetection(child);
          ok = ok && term != nullptr;
          terms.push_back(std::move(term));
        }
        if (!ok) {
          return nullptr;
        }
        return detection.kind == Detection::Kind::kAllOf ? JoinAnd(std::move(terms), detection.span)
                                                         : JoinOr(std::move(terms), detection.span);
      }
    }
    return nullptr;
  }

  // The part of a condition's span that an error offset refers to: exact when the YAML text
  // is the condition character for character, else the whole condition.
  static SourceSpan Within(SourceSpan span, const std::string& text, size_t offset, size_t length) {
    std::optional<SourceSpan> verbatim = VerbatimTextSpan(span, text);
    if (!verbatim) {
      return span;
    }
    uint32_t begin =
        std::min<uint32_t>(verbatim->begin + static_cast<uint32_t>(offset), verbatim->end);
    uint32_t end = std::min<uint32_t>(begin + static_cast<uint32_t>(length), verbatim->end);
    return {verbatim->source, begin, std::max(end, begin)};
  }

  ast::ExprPtr Substitute(const ConditionNode& node, SourceSpan span) {
    switch (node.kind) {
      case ConditionNode::Kind::kAnd:
      case ConditionNode::Kind::kOr: {
        // Every operand is substituted, so that every unknown identifier is reported.
        std::vector<ast::ExprPtr> terms;
        bool ok = true;
        for (const auto& child : node.children) {
          ast::ExprPtr term = Substitute(*child, span);
          ok = ok && term != nullptr;
          terms.push_back(std::move(term));
        }
        if (!ok) {
          return nullptr;
        }
        return node.kind == ConditionNode::Kind::kAnd ? JoinAnd(std::move(terms), span)
                                                      : JoinOr(std::move(terms), span);
      }
      case ConditionNode::Kind::kNot: {
        ast::ExprPtr operand = Substitute(*node.children[0], span);
        return operand ? Not(std::move(operand), span) : nullptr;
      }
      case ConditionNode::Kind::kIdentifier:
        for (size_t i = 0; i < identifiers_.size(); ++i) {
          if (identifiers_[i].name == node.name) {
            // An identifier with errors (already reported) has nothing to substitute.
            return compiled_[i] ? ast::CloneExpr(*compiled_[i]) : nullptr;
          }
        }
        ctx_.diagnostics.Error(Within(span, *condition_text_, node.offset, node.name.size()),
                               fmt::format("the condition names '{}', which is not a search "
                                           "identifier of this rule",
                                           node.name));
        return nullptr;
      case ConditionNode::Kind::kOneOf:
      case ConditionNode::Kind::kAllOf: {
        std::vector<ast::ExprPtr> terms;
        for (size_t i = 0; i < identifiers_.size(); ++i) {
          if (SelectorMatches(node.name, identifiers_[i].name)) {
            terms.push_back(compiled_[i] ? ast::CloneExpr(*compiled_[i]) : nullptr);
          }
        }
        bool complete = std::all_of(terms.begin(), terms.end(),
                                    [](const ast::ExprPtr& term) { return term != nullptr; });
        if (!terms.empty() && !complete) {
          return nullptr;
        }
        if (terms.empty()) {
          ctx_.diagnostics.Error(
              Within(span, *condition_text_, node.offset, node.length + 4 + node.name.size()),
              fmt::format("'{}' matches no search identifier of this rule", node.name));
          return nullptr;
        }
        return node.kind == ConditionNode::Kind::kOneOf ? JoinOr(std::move(terms), span)
                                                        : JoinAnd(std::move(terms), span);
      }
    }
    return nullptr;
  }

  const std::vector<SearchIdentifier>& identifiers_;
  ModifierContext& ctx_;
  std::vector<ast::ExprPtr> compiled_;
  const std::string* condition_text_ = nullptr;  // the condition being substituted
};

ast::MetaValue MetaString(const std::string& text) {
  return ast::MetaValue{text, {}};
}

ast::MetaValue MetaList(const std::vector<std::string>& items) {
  std::vector<ast::MetaValue> values;
  for (const std::string& item : items) {
    values.push_back(MetaString(item));
  }
  return ast::MetaValue{std::move(values), {}};
}

std::vector<ast::MetaEntry> Metadata(const SigmaMetadata& meta, const LogSource* logsource,
                                     bool alerts) {
  std::vector<ast::MetaEntry> entries;
  auto add = [&](const char* key, ast::MetaValue value) {
    entries.push_back(ast::MetaEntry{key, {}, std::move(value)});
  };
  auto add_optional = [&](const char* key, const std::optional<std::string>& value) {
    if (value) {
      add(key, MetaString(*value));
    }
  };
  auto add_list = [&](const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) {
      add(key, MetaList(values));
    }
  };
  add_optional("id", meta.id);
  add("title", MetaString(meta.title));
  add_optional("description", meta.description);
  add_optional("level", meta.level);
  add_list("tags", meta.tags);
  add_optional("status", meta.status);
  add_optional("author", meta.author);
  add_optional("date", meta.date);
  add_optional("modified", meta.modified);
  add_optional("license", meta.license);
  add_list("references", meta.references);
  add_list("falsepositives", meta.falsepositives);
  add_list("fields", meta.fields);
  add_list("related", meta.related);
  if (logsource != nullptr) {
    add("logsource", MetaString(logsource->Describe()));
  }
  if (!alerts) {
    // Only read by correlations with `generate: false` (spec 5.7): no alert of its own.
    add("alert", ast::MetaValue{false, {}});
  }
  return entries;
}

// A filter applies to a rule when it names the rule (by id or name) or says `any`, and its log
// source contains the rule's: every attribute the filter sets is the rule's too.
bool FilterApplies(const SigmaFilter& filter, const SigmaRule& rule) {
  auto contains = [](const std::optional<std::string>& wanted,
                     const std::optional<std::string>& actual) {
    return !wanted || wanted == actual;
  };
  const LogSource& f = filter.logsource;
  const LogSource& r = rule.logsource;
  if (!contains(f.category, r.category) || !contains(f.product, r.product)
      || !contains(f.service, r.service)) {
    return false;
  }
  if (filter.applies_to_any) {
    return true;
  }
  for (const std::string& reference : filter.rules) {
    if ((rule.meta.id && reference == *rule.meta.id)
        || (rule.meta.name && reference == *rule.meta.name)) {
      return true;
    }
  }
  return false;
}

class RuleNamer {
 public:
  std::string NameFor(const SigmaMetadata& meta, const lang::Source* source,
                      uint32_t document_index, size_t rules_in_file) {
    std::string base;
    if (meta.name) {
      base = *meta.name;
    } else if (source != nullptr) {
      std::string path = source->name();
      size_t slash = path.find_last_of('/');
      std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
      base = file.substr(0, file.find('.'));
      if (rules_in_file > 1) {
        base += "_" + std::to_string(document_index + 1);
      }
    }
    std::string name;
    for (char c : base) {
      bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      name += word ? c : '_';
    }
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
      name = "sigma_" + name;
    }
    std::string unique = name;
    for (int n = 2; !used_.insert(unique).second; ++n) {
      unique = name + "_" + std::to_string(n);
    }
    return unique;
  }

 private:
  std::set<std::string> used_;
};

// Correlations after the rules they read, inner ones before outer ones (correlation_order).
void TranspileCorrelations(const SigmaDocuments& documents,
                           const std::vector<std::optional<CorrelationInput>>& rule_inputs,
                           RuleNamer& namer, std::map<const lang::Source*, size_t>& per_file,
                           const SigmaPipeline& pipeline, lang::DiagnosticList& diagnostics,
                           SigmaTranspileResult& result) {
  std::vector<std::optional<CorrelationInput>> correlation_inputs(documents.correlations.size());
  for (size_t index : documents.correlation_order) {
    const SigmaCorrelation& correlation = documents.correlations[index];
    ++result.rules;
    std::vector<CorrelationInput> inputs;
    bool ok = true;
    for (const RuleReference& reference : correlation.rules) {
      const std::optional<CorrelationInput>* input = nullptr;
      if (reference.target && reference.target->kind == ReferenceTarget::Kind::kRule) {
        input = &rule_inputs[reference.target->index];
      } else if (reference.target) {
        input = &correlation_inputs[reference.target->index];
      }
      if (input == nullptr || !input->has_value()) {
        diagnostics.Error(reference.span,
                          fmt::format("cannot read rule '{}': it has errors", reference.text));
        ok = false;
        continue;
      }
      inputs.push_back(**input);
    }
    if (!ok) {
      ++result.failed;
      continue;
    }
    std::string name = namer.NameFor(correlation.meta, correlation.source,
                                     correlation.document_index, per_file[correlation.source]);
    auto decl = TranspileCorrelation(correlation, inputs, name, pipeline, diagnostics);
    if (!decl) {
      ++result.failed;
      continue;
    }
    decl->meta = Metadata(correlation.meta, nullptr, correlation.standalone_alert);
    correlation_inputs[index] = CorrelationInput{name, nullptr, true};
    result.module.decls.push_back(ast::Decl{std::move(*decl)});
  }
}

}  // namespace

SigmaTranspileResult TranspileSigma(const SigmaDocuments& documents, const SigmaPipeline& pipeline,
                                    lang::DiagnosticList& diagnostics) {
  SigmaTranspileResult result;
  RuleNamer namer;
  std::map<const lang::Source*, size_t> rules_per_file;
  for (const SigmaRule& rule : documents.rules) {
    ++rules_per_file[rule.source];
  }
  for (const SigmaCorrelation& correlation : documents.correlations) {
    ++rules_per_file[correlation.source];
  }
  // Each rule's condition is built on its own (in parallel: this is most of the import's time),
  // with diagnostics of its own; they are then put together in rule order, exactly as if the
  // rules had been built one by one.
  struct BuiltRule {
    const LogSourceMapping* mapping = nullptr;
    std::vector<ast::ExprPtr> conjuncts;
    lang::DiagnosticList diagnostics{std::numeric_limits<size_t>::max()};
  };
  std::vector<BuiltRule> built(documents.rules.size());
  ParallelFor(built.size(), 0, [&](size_t index) {
    const SigmaRule& rule = documents.rules[index];
    BuiltRule& out = built[index];
    out.mapping = pipeline.route ? pipeline.Find(rule.logsource) : nullptr;
    ModifierContext ctx{pipeline, out.mapping, out.diagnostics};
    IdentifierScope scope(rule.identifiers, ctx);
    scope.CompileAll();  // errors are reported; the conditions are still checked below
    std::vector<ast::ExprPtr> alternatives;
    for (size_t i = 0; i < rule.conditions.size(); ++i) {
      SourceSpan span = i < rule.condition_spans.size() ? rule.condition_spans[i] : SourceSpan{};
      alternatives.push_back(scope.Condition(rule.conditions[i], span));
    }
    out.conjuncts.push_back(JoinOr(std::move(alternatives), rule.span));
    for (const SigmaFilter& filter : documents.filters) {
      if (!FilterApplies(filter, rule)) {
        continue;
      }
      // The filter's identifiers live in their own scope: they never clash with the rule's.
      IdentifierScope filter_scope(filter.identifiers, ctx);
      filter_scope.CompileAll();
      out.conjuncts.push_back(filter_scope.Condition(filter.condition, filter.condition_span));
    }
  });

  // What correlations read: each rule's scry name (none if it failed) and log source mapping.
  std::vector<std::optional<CorrelationInput>> rule_inputs(documents.rules.size());
  for (size_t index = 0; index < documents.rules.size(); ++index) {
    const SigmaRule& rule = documents.rules[index];
    ++result.rules;
    diagnostics.Append(built[index].diagnostics);
    if (built[index].diagnostics.error_count() > 0) {
      ++result.failed;
      continue;
    }
    const LogSourceMapping* mapping = built[index].mapping;
    std::vector<ast::ExprPtr> conjuncts = std::move(built[index].conjuncts);

    ast::RuleDecl decl;
    decl.name =
        namer.NameFor(rule.meta, rule.source, rule.document_index, rules_per_file[rule.source]);
    decl.name_span = rule.meta.title_span;
    decl.span = rule.span;
    decl.meta = Metadata(rule.meta, &rule.logsource, rule.standalone_alert);
    rule_inputs[index] = CorrelationInput{decl.name, mapping, false};
    if (pipeline.route) {
      ast::FromClause from;
      std::string source = mapping != nullptr ? mapping->source : kUnmappedSource;
      if (mapping == nullptr) {
        ++result.unmapped_logsources[rule.logsource.Describe()];
      }
      size_t start = 0;
      while (true) {
        size_t dot = source.find('.', start);
        from.name.push_back(source.substr(start, dot - start));
        if (dot == std::string::npos) {
          break;
        }
        start = dot + 1;
      }
      from.span = rule.logsource.span;
      from.name_span = rule.logsource.span;
      decl.pipeline.from = std::move(from);
    }
    ast::Operator where;
    where.op = ast::WhereOp{JoinAnd(std::move(conjuncts), rule.span)};
    where.span = rule.span;
    decl.pipeline.ops.push_back(std::move(where));
    decl.pipeline.span = rule.span;
    result.module.decls.push_back(ast::Decl{std::move(decl)});
  }
  TranspileCorrelations(documents, rule_inputs, namer, rules_per_file, pipeline, diagnostics,
                        result);
  return result;
}

}  // namespace scry::sigma
