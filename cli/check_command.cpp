// `scry check PATH...`: parse and type-check every rule, report, summarize.
#include <iostream>

#include <fmt/format.h>

#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"

namespace scry::cli {

int CheckRules(const CheckOptions& options) {
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  auto rules = LoadRules(options.paths, options.sigma, sources, diagnostics);
  if (!rules) {
    return Fail(kExitUsage, rules.error());
  }
  // Checking needs the binder's verdict, not machine code: the reference back end skips LLVM.
  CommonOptions common = options.common;
  common.backend = compiler::Backend::kReference;
  auto compilation =
      compiler::CompileRuleSet(std::move(*rules), diagnostics, MakeCompileOptions(common));
  PrintDiagnostics(diagnostics);
  size_t total = compilation ? compilation->rules_total : 0;
  size_t failed = compilation ? compilation->rules_failed : 0;
  std::cout << fmt::format("checked {} rule{}: {} ok, {} failed\n", total, total == 1 ? "" : "s",
                           total - failed, failed);
  return failed > 0 || diagnostics.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace scry::cli
