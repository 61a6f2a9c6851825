// Loading many Sigma files at once, on every core.
//
// YAML parsing is most of the time it takes to start with the whole SigmaHQ corpus (3,000
// files), and files load independently of each other (correlations are linked afterwards, by
// ResolveCorrelations). Each file is loaded into documents and diagnostics of its own, and the
// results are appended in file order: the outcome is exactly that of LoadSigmaFile called on
// each file in turn. With a YAML tree cache (yaml_tree_cache.hpp), unchanged files skip YAML
// parsing altogether.
#pragma once

#include <vector>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/sigma_model.hpp"
#include "rules/sigma/yaml_tree_cache.hpp"

namespace scry::sigma {

/// LoadSigmaFile (sigma_loader.hpp) on each of `files`, in order, on `threads` threads (0: one
/// per core). With a `cache`, files whose YAML it holds are not parsed again, and those parsed
/// are remembered in it (the caller saves it).
void LoadSigmaFiles(const std::vector<const lang::Source*>& files, SigmaDocuments& documents,
                    lang::DiagnosticList& diagnostics, unsigned threads = 0,
                    YamlTreeCache* cache = nullptr);

}  // namespace scry::sigma
