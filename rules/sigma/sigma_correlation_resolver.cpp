#include "rules/sigma/sigma_correlation_resolver.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "lang/base/spelling_suggestion.hpp"

namespace scry::sigma {
namespace {

using lang::SourceSpan;

// A document a reference can name.
struct Candidate {
  enum class Kind { kRule, kCorrelation, kFilter, kFailed };
  Kind kind = Kind::kRule;
  size_t index = 0;  // into rules, correlations, filters or failed_documents
};

std::string Where(const SourceSpan& span) {
  if (!span.valid()) {
    return "?";
  }
  lang::Source::Position position = span.source->Locate(span.begin);
  return fmt::format("{}:{}", span.source->name(), position.line);
}

// How a correlation is called in messages: its name, else its id, else its title.
std::string Label(const SigmaCorrelation& correlation) {
  if (correlation.meta.name) {
    return *correlation.meta.name;
  }
  return correlation.meta.id ? *correlation.meta.id : correlation.meta.title;
}

class Resolver {
 public:
  Resolver(SigmaDocuments& documents, lang::DiagnosticList& diagnostics)
      : documents_(documents),
        diagnostics_(diagnostics),
        failed_(documents.correlations.size(), false) {}

  void Run() {
    Index();
    for (size_t c = 0; c < documents_.correlations.size(); ++c) {
      size_t errors = diagnostics_.error_count();
      CheckOwnNames(c);
      ResolveReferences(documents_.correlations[c]);
      failed_[c] = diagnostics_.error_count() > errors;
    }
    for (size_t c = 0; c < documents_.correlations.size(); ++c) {
      size_t errors = diagnostics_.error_count();
      CheckChainedGroupBy(documents_.correlations[c]);
      failed_[c] = failed_[c] || diagnostics_.error_count() > errors;
    }
    FindCycles();
    PropagateFailures();
    RemoveFailed();
    Order();
    MarkStandalone();
  }

 private:
  // --- Names and ids of every document. ---

  void Add(const std::optional<std::string>& name, const std::optional<std::string>& id,
           Candidate candidate) {
    if (name) {
      names_[*name].push_back(candidate);
    }
    if (id) {
      ids_[*id].push_back(candidate);
    }
  }

  void Index() {
    for (size_t i = 0; i < documents_.rules.size(); ++i) {
      const SigmaMetadata& meta = documents_.rules[i].meta;
      Add(meta.name, meta.id, {Candidate::Kind::kRule, i});
    }
    for (size_t i = 0; i < documents_.correlations.size(); ++i) {
      const SigmaMetadata& meta = documents_.correlations[i].meta;
      Add(meta.name, meta.id, {Candidate::Kind::kCorrelation, i});
    }
    for (size_t i = 0; i < documents_.filters.size(); ++i) {
      const SigmaMetadata& meta = documents_.filters[i].meta;
      Add(meta.name, meta.id, {Candidate::Kind::kFilter, i});
    }
    for (size_t i = 0; i < documents_.failed_documents.size(); ++i) {
      const FailedDocument& failed = documents_.failed_documents[i];
      Add(failed.name, failed.id, {Candidate::Kind::kFailed, i});
    }
    for (const auto& [name, candidates] : names_) {
      for (const Candidate& candidate : candidates) {
        if (candidate.kind == Candidate::Kind::kRule
            || candidate.kind == Candidate::Kind::kCorrelation) {
          known_names_.push_back(name);
          break;
        }
      }
    }
    std::sort(known_names_.begin(), known_names_.end());  // suggestions must not depend on hashing
  }

  // "rule 'Failed logon' (a.yml:3)"
  std::string Describe(const Candidate& candidate) const {
    switch (candidate.kind) {
      case Candidate::Kind::kRule: {
        const SigmaRule& rule = documents_.rules[candidate.index];
        return fmt::format("rule '{}' ({})", rule.meta.title, Where(rule.span));
      }
      case Candidate::Kind::kCorrelation: {
        const SigmaCorrelation& correlation = documents_.correlations[candidate.index];
        return fmt::format("correlation '{}' ({})", correlation.meta.title,
                           Where(correlation.span));
      }
      case Candidate::Kind::kFilter: {
        const SigmaFilter& filter = documents_.filters[candidate.index];
        return fmt::format("filter '{}' ({})", filter.meta.title, Where(filter.span));
      }
      case Candidate::Kind::kFailed: {
        const FailedDocument& failed = documents_.failed_documents[candidate.index];
        std::string_view kind = failed.kind == FailedDocument::Kind::kRule     ? "rule"
                                : failed.kind == FailedDocument::Kind::kFilter ? "filter"
                                                                               : "correlation";
        return fmt::format("{} '{}' ({}, not loaded)", kind, failed.title, Where(failed.span));
      }
    }
    return "";
  }

  // Names resolve first, then ids.
  const std::vector<Candidate>* Lookup(const std::string& text) const {
    if (auto it = names_.find(text); it != names_.end()) {
      return &it->second;
    }
    if (auto it = ids_.find(text); it != ids_.end()) {
      return &it->second;
    }
    return nullptr;
  }

  // A correlation's own name and id must be unique: references to it would be ambiguous.
  void CheckOwnNames(size_t c) {
    const SigmaCorrelation& correlation = documents_.correlations[c];
    auto check = [&](const std::optional<std::string>& value, SourceSpan span,
                     std::string_view what,
                     const std::unordered_map<std::string, std::vector<Candidate>>& index) {
      if (!value) {
        return;
      }
      auto it = index.find(*value);
      if (it == index.end() || it->second.size() < 2) {
        return;
      }
      auto diagnostic = lang::Diagnostic::Error(
          span, fmt::format("{} '{}' is used by more than one document", what, *value));
      for (const Candidate& other : it->second) {
        if (other.kind != Candidate::Kind::kCorrelation || other.index != c) {
          diagnostic.notes.push_back(fmt::format("also the {} of {}", what, Describe(other)));
        }
      }
      diagnostics_.Add(std::move(diagnostic));
    };
    check(correlation.meta.name, correlation.meta.name_span, "name", names_);
    check(correlation.meta.id, correlation.meta.id_span, "id", ids_);
  }

  // --- References. ---

  std::optional<ReferenceTarget> Resolve(const RuleReference& reference) {
    const std::vector<Candidate>* candidates = Lookup(reference.text);
    if (candidates == nullptr) {
      diagnostics_.Error(
          reference.span,
          fmt::format("unknown rule '{}': no rule or correlation has this name or "
                      "id{}",
                      reference.text, lang::DidYouMean(reference.text, known_names_)));
      return std::nullopt;
    }
    if (candidates->size() > 1) {
      auto diagnostic = lang::Diagnostic::Error(
          reference.span,
          fmt::format("'{}' is ambiguous: {} documents have this {}", reference.text,
                      candidates->size(), names_.contains(reference.text) ? "name" : "id"));
      for (const Candidate& candidate : *candidates) {
        diagnostic.notes.push_back("one is " + Describe(candidate));
      }
      diagnostics_.Add(std::move(diagnostic));
      return std::nullopt;
    }
    const Candidate& candidate = candidates->front();
    switch (candidate.kind) {
      case Candidate::Kind::kRule:
        return ReferenceTarget{ReferenceTarget::Kind::kRule, candidate.index};
      case Candidate::Kind::kCorrelation:
        return ReferenceTarget{ReferenceTarget::Kind::kCorrelation, candidate.index};
      case Candidate::Kind::kFilter:
        diagnostics_.Error(reference.span,
                           fmt::format("'{}' is a filter; a correlation correlates detection "
                                       "rules and other correlations",
                                       reference.text));
        return std::nullopt;
      case Candidate::Kind::kFailed:
        diagnostics_.Add(
            lang::Diagnostic::Error(reference.span,
                                    fmt::format("'{}' has errors and was not loaded, so this "
                                                "correlation fails too",
                                                reference.text))
                .WithNote("'" + reference.text + "' is the " + Describe(candidate)));
        return std::nullopt;
    }
    return std::nullopt;
  }

  void ResolveReferences(SigmaCorrelation& correlation) {
    for (RuleReference& reference : correlation.rules) {
      reference.target = Resolve(reference);
    }
    for (CorrelationAlias& alias : correlation.aliases) {
      for (CorrelationAlias::Mapping& mapping : alias.mappings) {
        ResolveAliasKey(correlation, alias, mapping.rule);
      }
    }
  }

  // An alias key names one of the correlation's rules: as written there, or by its other name
  // (its id for a rule listed by name, or the other way round).
  void ResolveAliasKey(const SigmaCorrelation& correlation, const CorrelationAlias& alias,
                       RuleReference& key) {
    for (const RuleReference& rule : correlation.rules) {
      if (rule.text == key.text) {
        key.target = rule.target;
        return;
      }
    }
    const std::vector<Candidate>* candidates = Lookup(key.text);
    if (candidates != nullptr && candidates->size() == 1) {
      const Candidate& candidate = candidates->front();
      for (const RuleReference& rule : correlation.rules) {
        if (rule.target
            && ((candidate.kind == Candidate::Kind::kRule
                 && *rule.target == ReferenceTarget{ReferenceTarget::Kind::kRule, candidate.index})
                || (candidate.kind == Candidate::Kind::kCorrelation
                    && *rule.target
                           == ReferenceTarget{ReferenceTarget::Kind::kCorrelation,
                                              candidate.index}))) {
          key.target = rule.target;
          return;
        }
      }
    }
    std::string rules;
    for (const RuleReference& rule : correlation.rules) {
      rules += (rules.empty() ? "" : ", ") + rule.text;
    }
    diagnostics_.Error(key.span, fmt::format("alias '{}' maps '{}', which is not one of this "
                                             "correlation's rules ({})",
                                             alias.name, key.text, rules));
  }

  // --- Chains: an outer correlation sees only its inner correlations' group-by fields. ---

  void CheckChainedGroupBy(const SigmaCorrelation& correlation) {
    for (const RuleReference& reference : correlation.rules) {
      if (!reference.target || reference.target->kind != ReferenceTarget::Kind::kCorrelation) {
        continue;
      }
      const SigmaCorrelation& inner = documents_.correlations[reference.target->index];
      for (const CorrelationField& field : correlation.group_by) {
        std::string name = FieldFor(correlation, field.name, reference);
        bool grouped = false;
        std::string inner_fields;
        for (const CorrelationField& inner_field : inner.group_by) {
          grouped = grouped || inner_field.name == name;
          inner_fields += (inner_fields.empty() ? "" : ", ") + inner_field.name;
        }
        if (grouped) {
          continue;
        }
        std::string via = name == field.name ? "" : fmt::format(" (alias '{}')", field.name);
        diagnostics_.Add(
            lang::Diagnostic::Error(
                field.span,
                fmt::format("'{}'{} is not a group-by field of correlation '{}', so its results "
                            "do not carry it",
                            name, via, Label(inner)))
                .WithNote(inner_fields.empty()
                              ? fmt::format("'{}' has no group-by", Label(inner))
                              : fmt::format("'{}' groups by {}", Label(inner), inner_fields)));
        break;  // one error per inner correlation
      }
    }
  }

  // The field that holds `group` in the results of `reference`: its alias mapping, if any.
  static std::string FieldFor(const SigmaCorrelation& correlation, const std::string& group,
                              const RuleReference& reference) {
    for (const CorrelationAlias& alias : correlation.aliases) {
      if (alias.name != group) {
        continue;
      }
      for (const CorrelationAlias::Mapping& mapping : alias.mappings) {
        if (mapping.rule.target && mapping.rule.target == reference.target) {
          return mapping.field;
        }
      }
    }
    return group;
  }

  // --- Cycles and failures. ---

  void FindCycles() {
    std::vector<int> state(documents_.correlations.size(), 0);  // 1: on the path, 2: done
    std::vector<size_t> path;
    for (size_t c = 0; c < documents_.correlations.size(); ++c) {
      if (state[c] == 0) {
        Visit(c, state, path);
      }
    }
  }

  void Visit(size_t c, std::vector<int>& state, std::vector<size_t>& path) {
    state[c] = 1;
    path.push_back(c);
    for (const RuleReference& reference : documents_.correlations[c].rules) {
      if (!reference.target || reference.target->kind != ReferenceTarget::Kind::kCorrelation) {
        continue;
      }
      size_t next = reference.target->index;
      if (state[next] == 1) {
        ReportCycle(path, next, reference);
      } else if (state[next] == 0) {
        Visit(next, state, path);
      }
    }
    path.pop_back();
    state[c] = 2;
  }

  void ReportCycle(const std::vector<size_t>& path, size_t start, const RuleReference& closing) {
    size_t first = 0;
    while (path[first] != start) {
      ++first;
    }
    std::string chain;
    for (size_t i = first; i < path.size(); ++i) {
      chain += Label(documents_.correlations[path[i]]) + " -> ";
      failed_[path[i]] = true;
    }
    chain += Label(documents_.correlations[start]);
    std::string message = first + 1 == path.size()
                              ? fmt::format("correlation '{}' references itself",
                                            Label(documents_.correlations[start]))
                              : "correlations reference each other in a cycle: " + chain;
    diagnostics_.Add(lang::Diagnostic::Error(closing.span, std::move(message))
                         .WithNote("a correlation cannot be built on itself; every correlation "
                                   "of the cycle is left out"));
  }

  // A correlation over a correlation with errors fails too, and says why.
  void PropagateFailures() {
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t c = 0; c < documents_.correlations.size(); ++c) {
        if (failed_[c]) {
          continue;
        }
        for (const RuleReference& reference : documents_.correlations[c].rules) {
          if (reference.target && reference.target->kind == ReferenceTarget::Kind::kCorrelation
              && failed_[reference.target->index]) {
            const SigmaCorrelation& inner = documents_.correlations[reference.target->index];
            diagnostics_.Add(
                lang::Diagnostic::Error(reference.span,
                                        fmt::format("correlation '{}' has errors, so this "
                                                    "correlation fails too",
                                                    reference.text))
                    .WithNote(fmt::format("'{}' is the correlation '{}' ({})", reference.text,
                                          inner.meta.title, Where(inner.span))));
            failed_[c] = true;
            changed = true;
            break;
          }
        }
      }
    }
  }

  void RemoveFailed() {
    std::vector<size_t> new_index(documents_.correlations.size(), 0);
    std::vector<SigmaCorrelation> kept;
    for (size_t c = 0; c < documents_.correlations.size(); ++c) {
      SigmaCorrelation& correlation = documents_.correlations[c];
      if (failed_[c]) {
        ++documents_.failed;
        if (correlation.meta.name || correlation.meta.id) {
          documents_.failed_documents.push_back(
              FailedDocument{FailedDocument::Kind::kCorrelation, correlation.meta.title,
                             correlation.meta.id, correlation.meta.name, correlation.span});
        }
        continue;
      }
      new_index[c] = kept.size();
      kept.push_back(std::move(correlation));
    }
    auto remap = [&](RuleReference& reference) {
      if (reference.target && reference.target->kind == ReferenceTarget::Kind::kCorrelation) {
        reference.target->index = new_index[reference.target->index];
      }
    };
    for (SigmaCorrelation& correlation : kept) {
      for (RuleReference& reference : correlation.rules) {
        remap(reference);
      }
      for (CorrelationAlias& alias : correlation.aliases) {
        for (CorrelationAlias::Mapping& mapping : alias.mappings) {
          remap(mapping.rule);
        }
      }
    }
    documents_.correlations = std::move(kept);
  }

  // --- What remains: an order, and who alerts on its own. ---

  void Order() {
    std::vector<bool> placed(documents_.correlations.size(), false);
    for (size_t c = 0; c < documents_.correlations.size(); ++c) {
      Place(c, placed);
    }
  }

  void Place(size_t c, std::vector<bool>& placed) {
    if (placed[c]) {
      return;
    }
    placed[c] = true;  // no cycles remain, so marking before the children is safe
    for (const RuleReference& reference : documents_.correlations[c].rules) {
      if (reference.target && reference.target->kind == ReferenceTarget::Kind::kCorrelation) {
        Place(reference.target->index, placed);
      }
    }
    documents_.correlation_order.push_back(c);
  }

  void MarkStandalone() {
    struct Use {
      bool referenced = false;
      bool generated = false;
    };
    std::vector<Use> rules(documents_.rules.size());
    std::vector<Use> correlations(documents_.correlations.size());
    for (const SigmaCorrelation& correlation : documents_.correlations) {
      for (const RuleReference& reference : correlation.rules) {
        if (!reference.target) {
          continue;
        }
        Use& use = reference.target->kind == ReferenceTarget::Kind::kRule
                       ? rules[reference.target->index]
                       : correlations[reference.target->index];
        use.referenced = true;
        use.generated = use.generated || correlation.generate;
      }
    }
    for (size_t i = 0; i < rules.size(); ++i) {
      documents_.rules[i].standalone_alert = !rules[i].referenced || rules[i].generated;
    }
    for (size_t i = 0; i < correlations.size(); ++i) {
      documents_.correlations[i].standalone_alert =
          !correlations[i].referenced || correlations[i].generated;
    }
  }

  SigmaDocuments& documents_;
  lang::DiagnosticList& diagnostics_;
  std::vector<bool> failed_;
  std::unordered_map<std::string, std::vector<Candidate>> names_;
  std::unordered_map<std::string, std::vector<Candidate>> ids_;
  std::vector<std::string> known_names_;  // of rules and correlations, for suggestions
};

}  // namespace

void ResolveCorrelations(SigmaDocuments& documents, lang::DiagnosticList& diagnostics) {
  documents.correlation_order.clear();
  for (SigmaRule& rule : documents.rules) {
    rule.standalone_alert = true;
  }
  Resolver(documents, diagnostics).Run();
}

}  // namespace scry::sigma
