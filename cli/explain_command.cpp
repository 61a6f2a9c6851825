// `scry explain [--ir] QUERY | --rules PATH...`: the plan a query or rule set compiles to,
// and with --ir the LLVM IR the JIT compiles.
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "compiler/plan/plan_printer.hpp"

namespace scry::cli {

int Explain(const ExplainOptions& options) {
  if (!options.profile.empty()) {
    return ProfileRules(options);
  }
  if (!options.query && options.rules.empty()) {
    return Fail(kExitUsage, "nothing to explain: give a query or --rules PATH");
  }
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  auto rules = LoadRules(options.rules, options.sigma, sources, diagnostics);
  if (!rules) {
    return Fail(kExitUsage, rules.error());
  }
  compiler::CompileOptions compile = MakeCompileOptions(options.common, options.ir);
  if (!options.ir) {
    compile.backend = compiler::Backend::kReference;  // the plan needs no machine code
  }
  std::optional<compiler::Compilation> compilation;
  if (options.query) {
    const lang::Source& query = sources.Add("<query>", *options.query);
    compilation = compiler::CompileQuery(query, rules->files, diagnostics, compile);
  } else {
    compilation = compiler::CompileRuleSet(std::move(*rules), diagnostics, compile);
  }
  PrintDiagnostics(diagnostics);
  if (!compilation) {
    return kExitErrors;
  }
  std::cout << compiler::ExplainPlan(*compilation->plan);
  if (options.ir) {
    std::cout << "\n" << compilation->ir;
  }
  return compilation->rules_failed > 0 || diagnostics.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace scry::cli
