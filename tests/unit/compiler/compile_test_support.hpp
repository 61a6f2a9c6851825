// Compiling rule sets and queries from text in compiler tests, with the diagnostics kept.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"

namespace scry::compiler::testing {

struct CompiledRules {
  lang::Source source;
  lang::DiagnosticList diagnostics;
  std::optional<Compilation> compilation;

  explicit CompiledRules(std::string text, Backend backend = Backend::kReference)
      : source("<test>", std::move(text)) {
    CompileOptions options;
    options.backend = backend;
    compilation = CompileRuleSet({&source}, diagnostics, options);
  }
  const Plan& plan() const { return *compilation->plan; }
  /// The first error's message, without location and excerpt.
  std::string FirstError() const {
    for (const auto& diagnostic : diagnostics.all()) {
      if (diagnostic.severity == lang::Severity::kError) {
        return diagnostic.message;
      }
    }
    return "";
  }
};

struct CompiledQuery {
  lang::Source rules;
  lang::Source query;
  lang::DiagnosticList diagnostics;
  std::optional<Compilation> compilation;

  explicit CompiledQuery(std::string query_text, std::string rules_text = "",
                         Backend backend = Backend::kReference)
      : rules("<rules>", std::move(rules_text)), query("<query>", std::move(query_text)) {
    CompileOptions options;
    options.backend = backend;
    compilation = CompileQuery(query, {&rules}, diagnostics, options);
  }
  /// The first error's message, without location and excerpt.
  std::string FirstError() const {
    for (const auto& diagnostic : diagnostics.all()) {
      if (diagnostic.severity == lang::Severity::kError) {
        return diagnostic.message;
      }
    }
    return "";
  }
};

}  // namespace scry::compiler::testing
