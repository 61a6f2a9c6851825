// `scry sigma convert FILE|DIR... [--pipeline NAME]`: Sigma rules printed as scry, for people
// to read and edit. The printed text compiles to the same rules as loading the YAML does.
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "lang/printer/printer.hpp"
#include "rules/prelude.hpp"
#include "rules/sigma/sigma_correlation_resolver.hpp"
#include "rules/sigma/sigma_loader.hpp"

namespace scry::cli {

int ConvertSigma(const SigmaConvertOptions& options) {
  auto files = FindFiles(options.paths, {".yml", ".yaml"});
  if (!files) {
    return Fail(kExitUsage, files.error());
  }
  auto pipeline = LoadSigmaPipeline(options.sigma);
  if (!pipeline) {
    return Fail(kExitUsage, pipeline.error());
  }
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  sigma::SigmaDocuments documents;
  for (const std::string& path : *files) {
    std::string read_error;
    const lang::Source* source = sources.AddFile(path, read_error);
    if (source == nullptr) {
      return Fail(kExitUsage, read_error);
    }
    sigma::LoadSigmaFile(*source, documents, diagnostics);
  }
  sigma::ResolveCorrelations(documents, diagnostics);
  sigma::SigmaTranspileResult result = sigma::TranspileSigma(documents, *pipeline, diagnostics);
  ReportUnmappedLogSources(result, pipeline->name, diagnostics);
  std::string text = lang::PrintModule(result.module);

  // Check what was printed the way `scry check` would, so that a rule the compiler rejects
  // (an invalid regular expression, say) is reported here and not only when it is used.
  compiler::RuleSetInput input;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    input.files.push_back(&sources.Add(file.name, file.text));
  }
  input.modules.push_back(std::move(result.module));
  compiler::CompileOptions check;
  check.backend = compiler::Backend::kReference;
  compiler::CompileRuleSet(std::move(input), diagnostics, check);

  PrintDiagnostics(diagnostics);
  std::cout << text;
  return documents.failed + result.failed > 0 || diagnostics.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace scry::cli
