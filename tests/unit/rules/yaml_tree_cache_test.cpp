// The YAML tree cache and the parallel loader: loading Sigma files in parallel, from cached
// YAML trees or with a damaged cache gives exactly what loading them one by one does: the same
// transpiled rules, the same diagnostics, the same counts.
#include "rules/sigma/yaml_tree_cache.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "lang/printer/printer.hpp"
#include "rules/sigma/sigma_batch_loader.hpp"
#include "rules/sigma/sigma_correlation_resolver.hpp"
#include "rules/sigma/sigma_loader.hpp"
#include "rules/sigma/sigma_pipeline.hpp"
#include "rules/sigma/sigma_transpiler.hpp"

namespace scry::sigma {
namespace {

namespace fs = std::filesystem;

struct Files {
  lang::SourceSet sources;
  std::vector<const lang::Source*> files;
};

// The first `limit` Sigma files of the shared corpus, plus files with YAML errors, a warning
// and several documents.
std::unique_ptr<Files> ReadFiles(size_t limit) {
  auto files = std::make_unique<Files>();
  std::vector<std::string> paths;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(SCRY_SHARED_DIR) / "sigma" / "rules")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yml") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.resize(std::min(paths.size(), limit));
  for (const std::string& path : paths) {
    std::string error;
    files->files.push_back(files->sources.AddFile(path, error));
  }
  files->files.push_back(&files->sources.Add("bad_yaml.yml", "title: [unclosed\nlogsource: {\n"));
  files->files.push_back(&files->sources.Add(
      "two_documents.yml",
      "title: A\nlogsource:\n  product: windows\ndetection:\n  s:\n    Image|endswith: x\n"
      "  timeframe: 5m\n  condition: s\n---\ntitle: B\nlogsource:\n  product: windows\n"
      "detection:\n  s:\n    EventID: 0x17\n  condition: s and t\n"));
  return files;
}

// What loading gave, as text: the transpiled module and every diagnostic.
std::string Outcome(const Files& files, unsigned threads, YamlTreeCache* cache) {
  SigmaDocuments documents;
  lang::DiagnosticList diagnostics;
  LoadSigmaFiles(files.files, documents, diagnostics, threads, cache);
  size_t failed = documents.failed;
  ResolveCorrelations(documents, diagnostics);
  auto pipeline = LoadPipeline("windows");
  EXPECT_TRUE(pipeline.has_value());
  SigmaTranspileResult result = TranspileSigma(documents, *pipeline, diagnostics);
  diagnostics.Sort();
  return "failed documents: " + std::to_string(failed) + "\n" + diagnostics.Render()
         + lang::PrintModule(result.module);
}

class TempFolder {
 public:
  TempFolder()
      : path_(fs::path(::testing::TempDir())
              / ("scry_yaml_cache_test_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(YamlTreeCache, CachedAndParallelLoadsEqualSequentialOnes) {
  auto files = ReadFiles(400);
  std::string sequential = Outcome(*files, 1, nullptr);
  ASSERT_NE(sequential.find("bad_yaml.yml"), std::string::npos);  // errors are in it
  ASSERT_NE(sequential.find("timeframe"), std::string::npos);     // a warning too
  EXPECT_EQ(Outcome(*files, 4, nullptr), sequential);

  TempFolder dir;
  auto cold = YamlTreeCache::Open(dir.path(), files->files);
  EXPECT_EQ(Outcome(*files, 4, cold.get()), sequential);
  EXPECT_EQ(cold->hits(), 0u);
  cold->Save();

  auto warm = YamlTreeCache::Open(dir.path(), files->files);
  EXPECT_EQ(Outcome(*files, 4, warm.get()), sequential);
  // Every file but the one whose YAML has errors (never stored) came from the cache.
  EXPECT_EQ(warm->hits(), files->files.size() - 1);
  EXPECT_EQ(Outcome(*files, 1, YamlTreeCache::Open(dir.path(), files->files).get()), sequential);
}

TEST(YamlTreeCache, AChangedFileIsParsedAgain) {
  auto files = ReadFiles(50);
  TempFolder dir;
  {
    auto cache = YamlTreeCache::Open(dir.path(), files->files);
    Outcome(*files, 2, cache.get());
    cache->Save();
  }
  // Same names (same pack), one text changed.
  auto changed = std::make_unique<Files>();
  for (const lang::Source* file : files->files) {
    std::string text = file->text();
    if (file == files->files[3]) {
      text += "\n# edited\n";
    }
    changed->files.push_back(&changed->sources.Add(file->name(), text));
  }
  std::string expected = Outcome(*changed, 1, nullptr);
  auto cache = YamlTreeCache::Open(dir.path(), changed->files);
  EXPECT_EQ(Outcome(*changed, 2, cache.get()), expected);
  EXPECT_EQ(cache->hits(), changed->files.size() - 2);  // the edited one and the broken one
}

TEST(YamlTreeCache, ADamagedPackIsIgnored) {
  auto files = ReadFiles(50);
  std::string expected = Outcome(*files, 1, nullptr);
  TempFolder dir;
  {
    auto cache = YamlTreeCache::Open(dir.path(), files->files);
    Outcome(*files, 2, cache.get());
    cache->Save();
  }
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    fs::resize_file(entry.path(), fs::file_size(entry.path()) - 7);
  }
  auto cache = YamlTreeCache::Open(dir.path(), files->files);
  EXPECT_EQ(Outcome(*files, 2, cache.get()), expected);
  EXPECT_EQ(cache->hits(), 0u);
  cache->Save();  // rewritten whole
  auto again = YamlTreeCache::Open(dir.path(), files->files);
  EXPECT_EQ(Outcome(*files, 2, again.get()), expected);
  EXPECT_EQ(again->hits(), files->files.size() - 1);
}

}  // namespace
}  // namespace scry::sigma
