#include "cli/rule_loader.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "rules/prelude.hpp"
#include "rules/sigma/sigma_batch_loader.hpp"
#include "rules/sigma/sigma_correlation_resolver.hpp"

namespace scry::cli {

namespace fs = std::filesystem;

namespace {

bool IsSigmaFile(const std::string& path) {
  return path.ends_with(".yml") || path.ends_with(".yaml");
}

}  // namespace

void ReportUnmappedLogSources(const sigma::SigmaTranspileResult& result,
                              const std::string& pipeline, lang::DiagnosticList& diagnostics) {
  if (result.unmapped_logsources.empty()) {
    return;
  }
  std::vector<std::pair<size_t, std::string>> counts;
  size_t total = 0;
  for (const auto& [logsource, count] : result.unmapped_logsources) {
    counts.emplace_back(count, logsource);
    total += count;
  }
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::string list;
  for (size_t i = 0; i < counts.size() && i < 8; ++i) {
    list += fmt::format("{}{} ({})", i > 0 ? ", " : "", counts[i].second, counts[i].first);
  }
  if (counts.size() > 8) {
    list += fmt::format(" and {} more", counts.size() - 8);
  }
  diagnostics.Warning({}, fmt::format("{} Sigma rules use log sources that pipeline '{}' does not "
                                      "map; they compile but never match: {}",
                                      total, pipeline, list));
}

std::expected<sigma::SigmaPipeline, std::string> LoadSigmaPipeline(const SigmaOptions& options) {
  auto pipeline = sigma::LoadPipeline(options.pipeline);
  if (!pipeline) {
    return pipeline;
  }
  if (!options.placeholders.empty()) {
    if (auto loaded = sigma::LoadPlaceholders(options.placeholders, *pipeline); !loaded) {
      return std::unexpected(loaded.error());
    }
  }
  return pipeline;
}

std::expected<std::vector<std::string>, std::string> FindFiles(
    const std::vector<std::string>& paths, const std::vector<std::string>& extensions) {
  auto wanted = [&](const fs::path& path) {
    return std::find(extensions.begin(), extensions.end(), path.extension().string())
           != extensions.end();
  };
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return std::unexpected("no such file or folder: " + path);
    }
    if (!fs::is_directory(status)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_regular_file() && wanted(it->path())) {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      return std::unexpected("cannot read folder " + path + ": " + error.message());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::expected<compiler::RuleSetInput, std::string> LoadRules(const std::vector<std::string>& paths,
                                                             const SigmaOptions& sigma_options,
                                                             lang::SourceSet& sources,
                                                             lang::DiagnosticList& diagnostics) {
  compiler::RuleSetInput input;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    input.files.push_back(&sources.Add(file.name, file.text));
  }
  auto files = FindFiles(paths, {".scry", ".yml", ".yaml"});
  if (!files) {
    return std::unexpected(files.error());
  }
  std::vector<const lang::Source*> sigma_files;
  for (const std::string& path : *files) {
    std::string read_error;
    const lang::Source* source = sources.AddFile(path, read_error);
    if (source == nullptr) {
      return std::unexpected(read_error);
    }
    if (IsSigmaFile(path)) {
      sigma_files.push_back(source);
    } else {
      input.files.push_back(source);
    }
  }
  if (sigma_files.empty()) {
    return input;
  }
  sigma::SigmaDocuments documents;
  std::unique_ptr<sigma::YamlTreeCache> cache;
  if (!sigma_options.cache_dir.empty()) {
    cache = sigma::YamlTreeCache::Open(fs::path(sigma_options.cache_dir) / "sigma", sigma_files);
  }
  sigma::LoadSigmaFiles(sigma_files, documents, diagnostics, 0, cache.get());  // on every core
  if (cache != nullptr) {
    cache->Save();
  }
  sigma::ResolveCorrelations(documents, diagnostics);  // references may cross files
  auto pipeline = LoadSigmaPipeline(sigma_options);
  if (!pipeline) {
    return std::unexpected(pipeline.error());
  }
  sigma::SigmaTranspileResult result = sigma::TranspileSigma(documents, *pipeline, diagnostics);
  ReportUnmappedLogSources(result, pipeline->name, diagnostics);
  // Rules that made it into the module are counted by the compiler; these never got there.
  input.imported_rules_total = documents.failed + result.failed;
  input.imported_rules_failed = documents.failed + result.failed;
  input.modules.push_back(std::move(result.module));
  return input;
}

}  // namespace scry::cli
