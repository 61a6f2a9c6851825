// Helpers for the Sigma loader tests: load YAML text as a file and look at what came out.
#pragma once

#include <memory>
#include <string>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/sigma_loader.hpp"
#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma::testing {

/// One loaded file: keeps the Source alive as long as the documents that point into it.
struct Loaded {
  lang::SourceSet sources;
  SigmaDocuments documents;
  lang::DiagnosticList diagnostics;

  std::string Errors() const { return diagnostics.Render(); }
};

inline std::unique_ptr<Loaded> Load(const std::string& yaml, const std::string& name = "r.yml") {
  auto loaded = std::make_unique<Loaded>();
  const lang::Source& file = loaded->sources.Add(name, yaml);
  LoadSigmaFile(file, loaded->documents, loaded->diagnostics);
  return loaded;
}

/// The rendered diagnostics of loading `yaml` (empty if it loads cleanly).
inline std::string LoadErrors(const std::string& yaml) {
  return Load(yaml)->Errors();
}

/// A valid rule around a detection section (indented by 4), for detection tests.
inline std::string RuleWith(const std::string& detection) {
  return "title: T\nlogsource:\n    product: windows\ndetection:\n" + detection;
}

}  // namespace scry::sigma::testing
