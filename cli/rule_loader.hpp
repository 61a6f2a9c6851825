// Finding and loading rules: `--rules` and `scry check` take files and folders (searched
// recursively, in sorted order so that output is deterministic). `.scry` files are parsed by the
// compiler; Sigma files (`.yml`, `.yaml`) are loaded and transpiled here, through the selected
// Sigma pipeline. Every compilation starts with the embedded prelude.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"
#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/sigma_pipeline.hpp"
#include "rules/sigma/sigma_transpiler.hpp"

namespace scry::cli {

struct SigmaOptions {
  std::string pipeline = "windows";  // a built-in pipeline name or a pipeline file
  std::string placeholders;          // a YAML file of `%name%` values for `expand`, or ""
  /// The cache folder (cache_location.hpp): the YAML of Sigma files is cached in its `sigma`
  /// folder ("": not cached).
  std::string cache_dir;
};

/// The prelude, the scry files and the transpiled Sigma rules under `paths`. Fails (with a
/// message naming it) on a path that does not exist or a pipeline that cannot be loaded; rule
/// errors go to `diagnostics` and are counted in the input.
std::expected<compiler::RuleSetInput, std::string> LoadRules(const std::vector<std::string>& paths,
                                                             const SigmaOptions& sigma,
                                                             lang::SourceSet& sources,
                                                             lang::DiagnosticList& diagnostics);

/// Loads the pipeline named in `options`, with its placeholders file if any.
std::expected<sigma::SigmaPipeline, std::string> LoadSigmaPipeline(const SigmaOptions& options);

/// One warning for all Sigma rules the pipeline cannot route, rather than one per rule.
void ReportUnmappedLogSources(const sigma::SigmaTranspileResult& result,
                              const std::string& pipeline, lang::DiagnosticList& diagnostics);

/// The files under `paths` whose extension is one of `extensions` (".scry", ".yml", ...).
std::expected<std::vector<std::string>, std::string> FindFiles(
    const std::vector<std::string>& paths, const std::vector<std::string>& extensions);

}  // namespace scry::cli
