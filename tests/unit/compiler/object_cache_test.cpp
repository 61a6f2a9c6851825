// The compiled-object cache: entries on disk (hits, misses, damaged entries, unusable folders)
// and the JIT using it (a warm compile loads every partition, an edited rule recompiles only
// its own, inserted rules shift no other partition, and cached code computes what fresh code
// does).
#include "compiler/cache/object_cache.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "compiler/driver/compile.hpp"
#include "compiler/reference/reference_evaluator.hpp"
#include "stdlib/content_hash.hpp"

namespace scry::compiler {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the test's temporary directory, removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    static int counter = 0;
    path_ = fs::path(::testing::TempDir())
            / ("scry_cache_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
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

std::vector<fs::path> EntryFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  return files;
}

TEST(ContentHash, DiffersWithContentAndFieldSplit) {
  EXPECT_EQ(HashBytes("rule"), HashBytes("rule"));
  EXPECT_NE(HashBytes("rule"), HashBytes("rulf"));
  EXPECT_NE(HashBytes(""), HashBytes(std::string(1, '\0')));
  EXPECT_NE(Hasher().Add("ab").Add("c").Finish(), Hasher().Add("a").Add("bc").Finish());
  EXPECT_EQ(HashBytes("x").Hex().size(), 32u);
}

TEST(ObjectCache, StoresLoadsAndRejectsDamagedEntries) {
  TempFolder dir;
  auto cache = ObjectCache::Open(dir.path() / "nested");
  ASSERT_TRUE(cache.has_value()) << cache.error();
  ContentHash key = HashBytes("key");
  EXPECT_TRUE((*cache)->Load(key).object.empty());
  EXPECT_FALSE((*cache)->Load(key).corrupt);

  std::string object(1000, 'o');
  (*cache)->Store(key, object);
  EXPECT_EQ((*cache)->Load(key).object, object);
  EXPECT_TRUE((*cache)->Load(HashBytes("other")).object.empty());

  std::vector<fs::path> files = EntryFiles(dir.path() / "nested");
  ASSERT_EQ(files.size(), 1u);  // no temporary file left behind
  // Truncated: a miss, flagged corrupt.
  fs::resize_file(files[0], fs::file_size(files[0]) - 1);
  ObjectCache::Entry entry = (*cache)->Load(key);
  EXPECT_TRUE(entry.object.empty());
  EXPECT_TRUE(entry.corrupt);
  // A flipped byte in the object, at the right size.
  (*cache)->Store(key, object);
  {
    std::fstream file(files[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-10, std::ios::end);
    file.put('x');
  }
  EXPECT_TRUE((*cache)->Load(key).corrupt);
  // Empty file.
  std::ofstream(files[0], std::ios::trunc).close();
  EXPECT_TRUE((*cache)->Load(key).corrupt);
}

TEST(ObjectCache, UnusableFolderIsAnError) {
  TempFolder dir;
  fs::create_directories(dir.path());
  std::ofstream(dir.path() / "file").put('x');
  auto cache = ObjectCache::Open(dir.path() / "file" / "cache");
  ASSERT_FALSE(cache.has_value());
  EXPECT_NE(cache.error().find("file"), std::string::npos) << cache.error();
}

// Compiles `text` with the JIT, cached in `cache_dir` ("" for none).
struct Compiled {
  lang::Source source;
  lang::DiagnosticList diagnostics;
  std::optional<Compilation> compilation;

  Compiled(std::string text, const std::string& cache_dir, size_t partition_size = 1)
      : source("<test>", std::move(text)) {
    CompileOptions options;
    options.jit.cache_dir = cache_dir;
    options.jit.partition_size = partition_size;
    compilation = CompileRuleSet({&source}, diagnostics, options);
  }
  const JitTimings& jit() const { return compilation->stats.jit; }
};

const char* const kRules = R"(
rule a { where Image endswith any [r"\powershell.exe", r"\pwsh.exe"] and CommandLine contains " -enc " }
rule b { where EventID == 4688 or EventID == 1 }
rule c { where CommandLine matches re"(?i)invoke-[a-z]+" }
rule d { where ParentImage in~ ["c:\\windows\\explorer.exe", "c:\\windows\\system32\\cmd.exe"] }
rule e { where lower(User) startswith "nt authority" and not exists Hashes }
)";

TEST(JitCache, SecondCompileLoadsEverything) {
  TempFolder dir;
  Compiled cold(kRules, dir.path().string());
  ASSERT_TRUE(cold.compilation.has_value()) << cold.diagnostics.Render();
  EXPECT_TRUE(cold.diagnostics.empty()) << cold.diagnostics.Render();
  EXPECT_EQ(cold.jit().partitions, cold.compilation->plan->expressions.size());  // size 1
  EXPECT_EQ(cold.jit().compiled, cold.jit().objects);
  EXPECT_EQ(cold.jit().loaded, 0u);

  Compiled warm(kRules, dir.path().string());
  ASSERT_TRUE(warm.compilation.has_value()) << warm.diagnostics.Render();
  EXPECT_EQ(warm.jit().compiled, 0u);
  EXPECT_EQ(warm.jit().loaded, warm.jit().objects);
  EXPECT_EQ(warm.jit().corrupt, 0u);

  Compiled none(kRules, "");
  EXPECT_EQ(none.jit().loaded, 0u);
  EXPECT_EQ(none.jit().compiled, none.jit().objects);
}

TEST(JitCache, EditedRuleRecompilesOnlyItsPartition) {
  TempFolder dir;
  Compiled before(kRules, dir.path().string());
  ASSERT_TRUE(before.compilation.has_value());
  std::string edited = kRules;
  edited.replace(edited.find(" -enc "), 6, " -encodedcommand ");
  Compiled after(edited, dir.path().string());
  ASSERT_TRUE(after.compilation.has_value()) << after.diagnostics.Render();
  EXPECT_EQ(after.jit().compiled, 1u);
  EXPECT_EQ(after.jit().loaded, after.jit().objects - 1);
}

TEST(JitCache, RuleInsertedFirstShiftsNoOtherPartition) {
  // The new rule reads a field no other rule reads and adds constants before all others: every
  // later slot and constant index moves, yet the code of the other rules is unchanged.
  TempFolder dir;
  Compiled before(kRules, dir.path().string());
  ASSERT_TRUE(before.compilation.has_value());
  std::string inserted = std::string("rule first { where TargetFilename contains \"x\" and ")
                         + "DestinationPort in [1, 2, 3] and Image endswith \"y\" }\n" + kRules;
  Compiled after(inserted, dir.path().string());
  ASSERT_TRUE(after.compilation.has_value()) << after.diagnostics.Render();
  EXPECT_EQ(after.jit().compiled, 1u);
  EXPECT_EQ(after.jit().loaded, after.jit().objects - 1);
}

TEST(JitCache, LargerPartitionsAlsoKeepTheirKeys) {
  // With the default partition size, an edit in one rule leaves most partitions loaded.
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += "rule r" + std::to_string(i) + " { where CommandLine contains \"p" + std::to_string(i)
            + "\" and EventID == " + std::to_string(i) + " }\n";
  }
  TempFolder dir;
  Compiled before(text, dir.path().string(), 16);
  ASSERT_TRUE(before.compilation.has_value());
  EXPECT_GT(before.jit().objects, 5u);
  std::string edited = text;
  edited.replace(edited.find("\"p150\""), 6, "\"q150\"");
  Compiled after(edited, dir.path().string(), 16);
  EXPECT_GE(after.jit().compiled, 1u);
  EXPECT_LE(after.jit().compiled, 2u);
  EXPECT_EQ(after.jit().loaded + after.jit().compiled, after.jit().objects);
}

TEST(JitCache, DamagedEntriesAreCompiledAgain) {
  TempFolder dir;
  Compiled cold(kRules, dir.path().string());
  ASSERT_TRUE(cold.compilation.has_value());
  size_t damaged = 0;
  for (const fs::path& file : EntryFiles(dir.path())) {
    if (damaged++ % 2 == 0) {
      fs::resize_file(file, fs::file_size(file) / 2);
    } else {
      std::ofstream(file, std::ios::trunc) << "garbage";
    }
  }
  Compiled again(kRules, dir.path().string());
  ASSERT_TRUE(again.compilation.has_value()) << again.diagnostics.Render();
  EXPECT_EQ(again.jit().corrupt, again.jit().objects);
  EXPECT_EQ(again.jit().compiled, again.jit().objects);
  // And rewritten: a third compile loads them all.
  Compiled third(kRules, dir.path().string());
  EXPECT_EQ(third.jit().loaded, third.jit().objects);
}

// The key of an entry file, from its path: DIR/<2 hex>/<30 hex>.o.
ContentHash KeyOf(const fs::path& file) {
  std::string hex = file.parent_path().filename().string() + file.stem().string();
  return {std::stoull(hex.substr(0, 16), nullptr, 16), std::stoull(hex.substr(16), nullptr, 16)};
}

TEST(JitCache, EntriesThatDoNotLinkAreCompiledAgain) {
  // An intact entry holding another partition's object (which no key should ever produce):
  // linking fails, the whole plan is compiled afresh and the entries rewritten.
  TempFolder dir;
  Compiled cold(kRules, dir.path().string());
  ASSERT_TRUE(cold.compilation.has_value());
  std::vector<fs::path> files = EntryFiles(dir.path() / "objects");
  ASSERT_GE(files.size(), 2u);
  auto cache = ObjectCache::Open(dir.path() / "objects");
  ASSERT_TRUE(cache.has_value());
  (*cache)->Store(KeyOf(files[1]), (*cache)->Load(KeyOf(files[0])).object);

  Compiled again(kRules, dir.path().string());
  ASSERT_TRUE(again.compilation.has_value()) << again.diagnostics.Render();
  ASSERT_EQ(again.diagnostics.all().size(), 1u);
  EXPECT_NE(again.diagnostics.all()[0].message.find("cached code could not be used"),
            std::string::npos);
  EXPECT_EQ(again.jit().compiled, again.jit().objects);
  Compiled third(kRules, dir.path().string());
  EXPECT_TRUE(third.diagnostics.empty()) << third.diagnostics.Render();
  EXPECT_EQ(third.jit().loaded, third.jit().objects);
}

TEST(JitCache, UnusableFolderWarnsAndCompiles) {
  TempFolder dir;
  fs::create_directories(dir.path());
  std::ofstream(dir.path() / "file").put('x');
  Compiled compiled(kRules, (dir.path() / "file" / "cache").string());
  ASSERT_TRUE(compiled.compilation.has_value());
  ASSERT_EQ(compiled.diagnostics.all().size(), 1u);
  EXPECT_EQ(compiled.diagnostics.all()[0].severity, lang::Severity::kWarning);
  EXPECT_NE(compiled.diagnostics.all()[0].message.find("object cache not used"), std::string::npos);
  EXPECT_EQ(compiled.jit().compiled, compiled.jit().objects);
}

TEST(JitCache, CachedCodeComputesWhatFreshCodeDoes) {
  TempFolder dir;
  Compiled cold(kRules, dir.path().string(), 2);
  Compiled warm(kRules, dir.path().string(), 2);
  ASSERT_TRUE(warm.compilation.has_value());
  ASSERT_EQ(warm.jit().loaded, warm.jit().objects);
  const Plan& plan = *warm.compilation->plan;
  ReferenceProgram reference(plan);
  auto slot = [&](const char* name) {
    return *plan.fields.Find({name});
  };
  std::vector<std::vector<std::pair<const char*, Value>>> events = {
      {{"Image", Value::String(R"(C:\x\powershell.exe)")},
       {"CommandLine", Value::String("powershell -enc AAA Invoke-Expression")},
       {"EventID", Value::Int(1)}},
      {{"EventID", Value::Int(4688)},
       {"ParentImage", Value::String(R"(C:\Windows\Explorer.exe)")},
       {"User", Value::String("NT AUTHORITY\\SYSTEM")}},
      {{"EventID", Value::String("4688")},
       {"Hashes", Value::String("MD5=1")},
       {"User", Value::String("nt authority\\x")}},
      {},
  };
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  size_t matches = 0;
  for (const auto& event : events) {
    std::vector<Value> fields(plan.fields.size());
    for (const auto& [name, value] : event) {
      fields[slot(name)] = value;
    }
    RowView row{fields.data(), nullptr};
    for (ExprIndex i = 0; i < plan.expressions.size(); ++i) {
      if (!plan.is_condition[i]) {
        continue;
      }
      arena.Reset();
      bool cached = warm.compilation->program->Test(i, row, ctx);
      arena.Reset();
      bool fresh = cold.compilation->program->Test(i, row, ctx);
      arena.Reset();
      bool walked = reference.Test(i, row, ctx);
      EXPECT_EQ(cached, walked) << "expression " << i;
      EXPECT_EQ(fresh, walked) << "expression " << i;
      matches += cached ? 1 : 0;
    }
  }
  EXPECT_GE(matches, 5u);
}

}  // namespace
}  // namespace scry::compiler
