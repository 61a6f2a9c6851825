// `scry check PATH...`: parse and type-check every rule, report, summarize.
#include <iostream>

#include <fmt/format.h>

#include "cli/command_support.hpp"
#include "cli/rule_files.hpp"

namespace scry::cli {

int CheckRules(const CheckOptions& options) {
  lang::SourceSet sources;
  auto files = LoadRuleFiles(options.paths, sources);
  if (!files) {
    return Fail(kExitUsage, files.error());
  }
  lang::DiagnosticList diagnostics;
  // Checking needs the binder's verdict, not machine code: the reference back end skips LLVM.
  CommonOptions common = options.common;
  common.backend = compiler::Backend::kReference;
  auto compilation = compiler::CompileRuleSet(*files, diagnostics, MakeCompileOptions(common));
  PrintDiagnostics(diagnostics);
  size_t total = compilation ? compilation->rules_total : 0;
  size_t failed = compilation ? compilation->rules_failed : 0;
  std::cout << fmt::format("checked {} rules: {} ok, {} failed\n", total, total - failed, failed);
  return failed > 0 || diagnostics.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace scry::cli
