// The Sigma transpiler: Sigma detection rules (with the filters that apply to them) → scry
// rule declarations, as syntax trees the compiler binds like any hand-written rule, and that the
// printer turns into readable scry (`scry sigma convert`).
//
//   title: Whoami Execution            rule proc_creation_win_whoami {
//   id: 8f2b...                          title: "Whoami Execution"
//   logsource:                           id: "8f2b..."
//     category: process_creation         level: low
//     product: windows                   logsource: "product=windows category=process_creation"
//   detection:                           from windows.process_creation
//     selection:                         | where Image endswith r"\whoami.exe"
//       Image|endswith: '\whoami.exe'  }
//     condition: selection
//   level: low
//
// The pipeline decides the `from` source and field names. A rule whose log source the
// pipeline does not map reads `from sigma.unmapped` (a source that matches nothing) and is
// counted, never matched against everything.
#pragma once

#include <map>
#include <string>

#include "lang/ast/module.hpp"
#include "lang/base/diagnostic.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/sigma_pipeline.hpp"

namespace scry::sigma {

struct SigmaTranspileResult {
  lang::ast::Module module;
  size_t rules = 0;   // detection rules seen
  size_t failed = 0;  // rules left out because of errors (each reported)
  /// Log sources the pipeline does not map ("product=linux category=process_creation"), with
  /// how many rules use each.
  std::map<std::string, size_t> unmapped_logsources;
};

SigmaTranspileResult TranspileSigma(const SigmaDocuments& documents, const SigmaPipeline& pipeline,
                                    lang::DiagnosticList& diagnostics);

/// The source name rules of unmapped log sources read.
inline constexpr const char* kUnmappedSource = "sigma.unmapped";

}  // namespace scry::sigma
