// The whole SigmaHQ corpus of shared/sigma/rules (3,141 rules) against real Windows events
// (shared/events/dev), with the default `windows` pipeline:
//
//   - `scry check` semantics: every rule loads, transpiles and binds; the load+bind+JIT time.
//   - expected.tsv: every (event, rule) pair SigmaHQ's regression tests require matches, with
//     the JIT and with the reference evaluator (and both find exactly the same matches).
//   - reference_matches.tsv: precision and recall against an independent evaluator, and every
//     difference listed. Each difference must be explained in reference_differences.tsv (the
//     explanations are in docs/sigma.md); an unexplained or a vanished difference fails.
//   - source dispatch, the literal prefilter and the object cache change no match: the corpus
//     with them off, and compiled into an empty cache then loaded from it, finds the same.
//   - `sigma convert` round trip: the printed scry of the whole corpus, parsed and compiled,
//     gives exactly the alerts the YAML gives.
//
// The rule sets are built once per process and shared by the tests that need them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "sigma_harness.hpp"

namespace scry::sigma::testing {
namespace {

namespace fs = std::filesystem;

const std::string kShared = SCRY_SHARED_DIR;
const std::string kSigmaDir = kShared + "/sigma/";
const std::string kEventsDir = kShared + "/events/dev/";
constexpr size_t kCorpusRules = 3141;

// (event file, 1-based line, rule path relative to shared/sigma), as the TSV files name them.
using Match = std::tuple<std::string, int, std::string>;
using MatchSet = std::set<Match>;

std::string Describe(const Match& match) {
  return std::get<2>(match) + " " + std::get<0>(match) + ":" + std::to_string(std::get<1>(match));
}

const std::vector<SigmaFile>& CorpusFiles() {
  static const std::vector<SigmaFile> files = [] {
    std::vector<std::string> paths;
    for (const auto& entry : fs::recursive_directory_iterator(kSigmaDir + "rules")) {
      std::string extension = entry.path().extension().string();
      if (entry.is_regular_file() && (extension == ".yml" || extension == ".yaml")) {
        paths.push_back(entry.path().string());
      }
    }
    std::sort(paths.begin(), paths.end());  // the order `scry check DIR` uses
    std::vector<SigmaFile> loaded;
    for (const std::string& path : paths) {
      loaded.push_back({path, ReadText(path)});
    }
    return loaded;
  }();
  return files;
}

struct DevEvent {
  std::string file;  // "regression.ndjson"
  int line;
  std::string text;
};

const std::vector<DevEvent>& DevEvents() {
  static const std::vector<DevEvent> events = [] {
    std::vector<DevEvent> all;
    for (const char* file : {"regression.ndjson", "attack.ndjson"}) {
      int line = 0;
      for (std::string& text : ReadLines(kEventsDir + file)) {
        all.push_back({file, ++line, std::move(text)});
      }
    }
    return all;
  }();
  return events;
}

// The rows of a TSV file with a header: (file, line, rule_path) from the named columns.
MatchSet ReadMatches(const std::string& path) {
  MatchSet matches;
  std::vector<std::string> lines = ReadLines(path);
  if (lines.empty()) {
    return matches;
  }
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, '\t');) {
      cells.push_back(cell);
    }
    return cells;
  };
  std::vector<std::string> header = split(lines[0]);
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << path << " has no column " << name;
    return static_cast<size_t>(it - header.begin());
  };
  size_t file = column("file"), line = column("line"), rule = column("rule_path");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = split(lines[i]);
    if (cells.size() <= std::max({file, line, rule})) {
      ADD_FAILURE() << path << ":" << i + 1 << ": too few columns";
      continue;
    }
    matches.emplace(cells[file], std::stoi(cells[line]), cells[rule]);
  }
  return matches;
}

std::string Relative(const std::string& path) {
  return path.starts_with(kSigmaDir) ? path.substr(kSigmaDir.size()) : path;
}

// One compiled corpus and what it found on the dev events.
struct CorpusRun {
  std::unique_ptr<SigmaRuleSet> rules;
  MatchSet matches;
  double match_seconds = 0;
  size_t malformed = 0;
};

std::string VariantName(compiler::Backend backend, Form form, bool indexed = true) {
  std::string name = backend == compiler::Backend::kJit ? "jit" : "reference";
  name += form == Form::kYaml ? "/yaml" : "/printed-scry";
  return indexed ? name : name + "/unindexed";
}

// What `rules` match over the dev events; `malformed` counts the events they could not read.
MatchSet MatchesOf(SigmaRuleSet& rules, size_t* malformed = nullptr) {
  MatchSet matches;
  for (const DevEvent& event : DevEvents()) {
    auto matched = rules.Match(event.text);
    if (!matched) {
      if (malformed != nullptr) {
        ++*malformed;
      }
      continue;
    }
    for (size_t rule : *matched) {
      matches.emplace(event.file, event.line, Relative(rules.rule_file(rule)));
    }
  }
  return matches;
}

// Built on first use, then shared by every test of the process. The JIT runs as `scry run`
// does, with source dispatch and the literal prefilter; the reference evaluator, which defines
// what must match, runs every rule on every event unless `indexed` says otherwise.
CorpusRun& CorpusFor(compiler::Backend backend, Form form,
                     std::optional<bool> indexed = std::nullopt) {
  bool index = indexed.value_or(backend == compiler::Backend::kJit);
  static std::map<std::tuple<compiler::Backend, Form, bool>, CorpusRun> runs;
  auto [it, inserted] = runs.try_emplace({backend, form, index});
  CorpusRun& run = it->second;
  if (!inserted) {
    return run;
  }
  HarnessOptions options{backend, form};
  options.index = runtime::RuleIndexOptions{index, index};
  run.rules = std::make_unique<SigmaRuleSet>(CorpusFiles(), PipelineFor("windows"), options);
  const StageTimes& times = run.rules->times();
  std::printf(
      "[ timing   ] %-22s load %.3f s, transpile %.3f s, print %.3f s, "
      "compile (parse, bind, codegen) %.3f s: %.3f s for %zu rules\n",
      VariantName(backend, form, index).c_str(), times.load, times.transpile, times.print,
      times.compile, times.total(), run.rules->rule_count());
  auto start = std::chrono::steady_clock::now();
  run.matches = MatchesOf(*run.rules, &run.malformed);
  run.match_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ timing   ] %-22s %zu events in %.3f s (%.0f events/s): %zu matches\n",
              VariantName(backend, form, index).c_str(), DevEvents().size(), run.match_seconds,
              static_cast<double>(DevEvents().size()) / run.match_seconds, run.matches.size());
  return run;
}

// The differences between two match sets, one line each: "only in <a>: <match>".
std::vector<std::string> Differences(const MatchSet& a, const char* a_name, const MatchSet& b,
                                     const char* b_name) {
  std::vector<std::string> out;
  for (const Match& match : a) {
    if (!b.contains(match)) {
      out.push_back(std::string("only ") + a_name + ": " + Describe(match));
    }
  }
  for (const Match& match : b) {
    if (!a.contains(match)) {
      out.push_back(std::string("only ") + b_name + ": " + Describe(match));
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    out += line + "\n";
  }
  return out;
}

TEST(SigmaCorpus, HasTheDevFiles) {
  EXPECT_EQ(CorpusFiles().size(), kCorpusRules);
  EXPECT_EQ(DevEvents().size(), 155u + 2909u);
}

// `scry check shared/sigma/rules`: 3,141 rules, 3,141 ok, 0 failed, no error diagnostics.
// Checking binds with the reference back end, as `scry check` does.
TEST(SigmaCorpus, CheckWithWindowsPipeline) {
  SigmaRuleSet rules(CorpusFiles(), PipelineFor("windows"),
                     {compiler::Backend::kReference, Form::kYaml});
  std::printf(
      "[ check    ] checked %zu rules: %zu ok, %zu failed (%.3f s); %zu error, %zu "
      "diagnostics in all\n",
      rules.rules_total(), rules.rules_total() - rules.rules_failed(), rules.rules_failed(),
      rules.times().total(), rules.diagnostics().error_count(), rules.diagnostics().all().size());
  size_t unmapped = 0;
  for (const auto& [logsource, count] : rules.unmapped_logsources()) {
    unmapped += count;
  }
  std::printf("[ check    ] %zu rules in %zu log sources the windows pipeline does not map\n",
              unmapped, rules.unmapped_logsources().size());
  EXPECT_EQ(rules.rules_total(), kCorpusRules);
  EXPECT_EQ(rules.rules_failed(), 0u);
  EXPECT_FALSE(rules.diagnostics().has_errors()) << rules.Messages();
  EXPECT_EQ(rules.rule_count(), kCorpusRules);
}

// Load + transpile + bind + JIT of the whole corpus. Printed, not asserted: on a shared 2-core
// machine any bound tight enough to matter would be flaky. SCRY_SIGMA_COMPILE_BUDGET_S=10 turns
// it into an assertion where the machine is known to be quiet.
TEST(SigmaCorpus, JitCompileTime) {
  CorpusRun& run = CorpusFor(compiler::Backend::kJit, Form::kYaml);
  double total = run.rules->times().total();
  std::printf("[ timing   ] whole corpus load+transpile+bind+JIT: %.3f s (target: under 10 s)\n",
              total);
  RecordProperty("jit_compile_seconds", std::to_string(total));
  EXPECT_FALSE(run.rules->diagnostics().has_errors());
  if (const char* budget = std::getenv("SCRY_SIGMA_COMPILE_BUDGET_S")) {
    EXPECT_LT(total, std::atof(budget));
  }
}

void ExpectGroundTruth(compiler::Backend backend) {
  CorpusRun& run = CorpusFor(backend, Form::kYaml);
  EXPECT_EQ(run.malformed, 0u);
  MatchSet expected = ReadMatches(kEventsDir + "expected.tsv");
  EXPECT_EQ(expected.size(), 148u);
  std::vector<std::string> missing;
  for (const Match& match : expected) {
    if (!run.matches.contains(match)) {
      missing.push_back(Describe(match));
    }
  }
  std::printf("[ expected ] %s: %zu of %zu expected.tsv pairs match\n",
              VariantName(backend, Form::kYaml, backend == compiler::Backend::kJit).c_str(),
              expected.size() - missing.size(), expected.size());
  EXPECT_TRUE(missing.empty()) << missing.size() << " expected.tsv pairs do not match:\n"
                               << Join(missing);
}

TEST(SigmaCorpus, ExpectedPairsMatchWithJit) {
  ExpectGroundTruth(compiler::Backend::kJit);
}

TEST(SigmaCorpus, ExpectedPairsMatchWithReference) {
  ExpectGroundTruth(compiler::Backend::kReference);
}

// The JIT with dispatch and prefilter (as `scry run`) against the reference evaluator running
// every rule on every event.
TEST(SigmaCorpus, JitAndReferenceFindTheSameMatches) {
  const MatchSet& jit = CorpusFor(compiler::Backend::kJit, Form::kYaml).matches;
  const MatchSet& reference = CorpusFor(compiler::Backend::kReference, Form::kYaml).matches;
  EXPECT_FALSE(jit.empty());
  std::vector<std::string> differences = Differences(jit, "jit", reference, "reference");
  EXPECT_TRUE(differences.empty()) << Join(differences);
}

// Source dispatch and the literal prefilter only skip rules that cannot match: the same
// matches with them on and off.
TEST(SigmaCorpus, PrefilterAndDispatchChangeNoMatch) {
  const MatchSet& on = CorpusFor(compiler::Backend::kJit, Form::kYaml, true).matches;
  const MatchSet& off = CorpusFor(compiler::Backend::kJit, Form::kYaml, false).matches;
  EXPECT_FALSE(on.empty());
  std::vector<std::string> differences = Differences(on, "prefilter on", off, "prefilter off");
  EXPECT_TRUE(differences.empty()) << Join(differences);
}

TEST(SigmaCorpus, ObjectCacheChangesNoMatch) {
  // Compiled into an empty cache, then loaded from it as a restart does: the code and the
  // prefilter's databases read back find what compiling them finds.
  fs::path dir = fs::path(::testing::TempDir()) / ("scry_corpus_cache_" + std::to_string(getpid()));
  fs::remove_all(dir);
  HarnessOptions options;
  options.cache_dir = dir.string();
  SigmaRuleSet cold(CorpusFiles(), PipelineFor("windows"), options);
  SigmaRuleSet warm(CorpusFiles(), PipelineFor("windows"), options);
  EXPECT_GT(cold.objects_compiled(), 0u);
  EXPECT_EQ(cold.objects_loaded(), 0u);
  EXPECT_EQ(warm.objects_compiled(), 0u);
  EXPECT_EQ(warm.objects_loaded(), cold.objects_compiled());
  EXPECT_EQ(cold.databases_loaded(), 0u);
  EXPECT_GT(warm.databases_loaded(), 100u);
  const MatchSet& uncached = CorpusFor(compiler::Backend::kJit, Form::kYaml).matches;
  EXPECT_FALSE(uncached.empty());
  std::vector<std::string> differences =
      Differences(MatchesOf(cold), "cold cache", uncached, "no cache");
  EXPECT_TRUE(differences.empty()) << Join(differences);
  differences = Differences(MatchesOf(warm), "warm cache", uncached, "no cache");
  EXPECT_TRUE(differences.empty()) << Join(differences);
  fs::remove_all(dir);
}

// An explained difference from reference_differences.tsv: side, file, line, rule path, reason.
struct Explained {
  std::string side;  // "scry" (only scry matches) or "reference" (only the reference does)
  Match match;
  std::string reason;
};

std::vector<Explained> ReadExplained() {
  std::vector<Explained> out;
  std::vector<std::string> lines =
      ReadLines(std::string(SCRY_SOURCE_DIR) + "/tests/sigma/reference_differences.tsv");
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i].starts_with('#')) {
      continue;
    }
    std::vector<std::string> cells;
    std::istringstream in(lines[i]);
    for (std::string cell; std::getline(in, cell, '\t');) {
      cells.push_back(cell);
    }
    if (cells.size() != 5 || (cells[0] != "scry" && cells[0] != "reference")) {
      ADD_FAILURE() << "reference_differences.tsv:" << i + 1
                    << ": expected side<TAB>file<TAB>line<TAB>rule_path<TAB>reason";
      continue;
    }
    out.push_back({cells[0], {cells[1], std::stoi(cells[2]), cells[3]}, cells[4]});
  }
  return out;
}

TEST(SigmaCorpus, AgreementWithReferenceMatches) {
  const MatchSet& scry = CorpusFor(compiler::Backend::kJit, Form::kYaml).matches;
  MatchSet reference = ReadMatches(kEventsDir + "reference_matches.tsv");
  EXPECT_EQ(reference.size(), 696u);
  size_t both = 0;
  for (const Match& match : scry) {
    both += reference.contains(match) ? 1 : 0;
  }
  double precision = scry.empty() ? 0 : static_cast<double>(both) / scry.size();
  double recall = reference.empty() ? 0 : static_cast<double>(both) / reference.size();
  std::printf(
      "[ agreement] scry %zu matches, reference %zu, both %zu: precision %.4f, recall "
      "%.4f\n",
      scry.size(), reference.size(), both, precision, recall);
  RecordProperty("precision", std::to_string(precision));
  RecordProperty("recall", std::to_string(recall));

  std::map<std::pair<std::string, Match>, std::string> explained;
  for (Explained& entry : ReadExplained()) {
    explained[{entry.side, entry.match}] = entry.reason;
  }
  std::vector<std::string> unexplained;
  std::set<std::pair<std::string, Match>> seen;
  auto report = [&](const Match& match, const char* side) {
    auto it = explained.find({side, match});
    std::printf("[ differs  ] only %-9s %s%s%s\n", side, Describe(match).c_str(),
                it == explained.end() ? "" : "  -- ",
                it == explained.end() ? "" : it->second.c_str());
    if (it == explained.end()) {
      unexplained.push_back(std::string(side) + "\t" + std::get<0>(match) + "\t"
                            + std::to_string(std::get<1>(match)) + "\t" + std::get<2>(match));
    } else {
      seen.insert(it->first);
    }
  };
  for (const Match& match : scry) {
    if (!reference.contains(match)) {
      report(match, "scry");
    }
  }
  for (const Match& match : reference) {
    if (!scry.contains(match)) {
      report(match, "reference");
    }
  }
  std::vector<std::string> stale;
  for (const auto& [key, reason] : explained) {
    if (!seen.contains(key)) {
      stale.push_back(key.first + " " + Describe(key.second));
    }
  }
  EXPECT_TRUE(unexplained.empty())
      << unexplained.size()
      << " differences are not explained in tests/sigma/reference_differences.tsv (side, file, "
         "line, rule path; add a reason and explain it in docs/sigma.md):\n"
      << Join(unexplained);
  EXPECT_TRUE(stale.empty()) << "explained differences that no longer occur (remove them from "
                                "reference_differences.tsv and docs/sigma.md):\n"
                             << Join(stale);
}

// `scry sigma convert`: the printed scry compiles without errors to the same rules, and finds
// exactly what the YAML finds, with either back end.
void ExpectRoundTrip(compiler::Backend backend) {
  CorpusRun& yaml = CorpusFor(backend, Form::kYaml);
  CorpusRun& printed = CorpusFor(backend, Form::kPrinted);
  EXPECT_FALSE(printed.rules->diagnostics().has_errors()) << printed.rules->Messages();
  EXPECT_EQ(printed.rules->rule_count(), yaml.rules->rule_count());
  EXPECT_EQ(printed.rules->rules_failed(), yaml.rules->rules_failed());
  std::vector<std::string> differences =
      Differences(yaml.matches, "yaml", printed.matches, "printed");
  EXPECT_TRUE(differences.empty()) << Join(differences);
}

TEST(SigmaCorpus, ConvertRoundTripWithJit) {
  ExpectRoundTrip(compiler::Backend::kJit);
}

TEST(SigmaCorpus, ConvertRoundTripWithReference) {
  ExpectRoundTrip(compiler::Backend::kReference);
}

// What the dev matches do not exercise (events/dev/README.md, "Known gaps"): the windows
// pipeline's routing of Security 4688 and Defender events, with their field renaming, `product:
// windows` alone, and unmapped log sources. Real events where the dev files have them.
class SigmaWindowsPipeline : public ::testing::TestWithParam<compiler::Backend> {
 protected:
  // Rules (one YAML file each) → for each event, the titles of the rules that matched.
  std::vector<std::vector<std::string>> MatchTitles(const std::vector<std::string>& rules,
                                                    const std::vector<std::string>& events) {
    std::vector<SigmaFile> files;
    for (size_t i = 0; i < rules.size(); ++i) {
      files.push_back({"rule" + std::to_string(i) + ".yml", rules[i]});
    }
    SigmaRuleSet set(files, PipelineFor("windows"), {GetParam(), Form::kYaml});
    EXPECT_FALSE(set.diagnostics().has_errors()) << set.Messages();
    EXPECT_EQ(set.rule_count(), rules.size());
    std::vector<std::vector<std::string>> out;
    for (const std::string& event : events) {
      std::vector<std::string> titles;
      for (size_t rule : set.Match(event).value_or(std::vector<size_t>{})) {
        titles.push_back(set.rule_title(rule));
      }
      out.push_back(std::move(titles));
    }
    return out;
  }

  static std::string Rule(const std::string& title, const std::string& logsource,
                          const std::string& selection) {
    return "title: " + title + "\nlogsource:\n" + logsource + "detection:\n    selection:\n"
           + selection + "    condition: selection\n";
  }

  // The first dev event whose text contains `needle`.
  static std::string DevEventWith(const std::string& needle) {
    for (const DevEvent& event : DevEvents()) {
      if (event.text.find(needle) != std::string::npos) {
        return event.text;
      }
    }
    ADD_FAILURE() << "no dev event contains " << needle;
    return "{}";
  }
};

using Titles = std::vector<std::string>;

TEST_P(SigmaWindowsPipeline, Security4688IsProcessCreationWithSysmonNames) {
  constexpr const char* kProcessCreation = "    category: process_creation\n    product: windows\n";
  std::vector<std::string> rules = {
      Rule("image", kProcessCreation, "        Image|endswith: '\\plink.exe'\n"),
      Rule("parent", kProcessCreation, "        ParentImage|endswith: '\\explorer.exe'\n"),
      Rule("new process name", kProcessCreation,
           "        NewProcessName|endswith: '\\plink.exe'\n"),
  };
  std::vector<std::string> events = {
      // attack.ndjson: a real Security 4688 (version 1: no ParentProcessName).
      DevEventWith(R"("NewProcessName":"C:\\Users\\user01\\Desktop\\plink.exe")"),
      // Version 2 of 4688 names the parent.
      R"({"Channel":"Security","EventID":4688,"NewProcessName":"C:\\x\\plink.exe","ParentProcessName":"C:\\Windows\\explorer.exe"})",
      // Sysmon 1 has the names already.
      R"({"Channel":"Microsoft-Windows-Sysmon/Operational","EventID":1,"Image":"C:\\x\\plink.exe","ParentImage":"C:\\Windows\\explorer.exe"})",
      // Other Security and Sysmon events are not process creation.
      R"({"Channel":"Security","EventID":4689,"NewProcessName":"C:\\x\\plink.exe","ParentProcessName":"C:\\Windows\\explorer.exe"})",
      R"({"Channel":"Microsoft-Windows-Sysmon/Operational","EventID":5,"Image":"C:\\x\\plink.exe"})",
  };
  EXPECT_EQ(MatchTitles(rules, events),
            (std::vector<Titles>{{"image", "new process name"},
                                 {"image", "parent", "new process name"},
                                 {"image", "parent"},
                                 {},
                                 {}}));
}

TEST_P(SigmaWindowsPipeline, AntivirusIsDefenderWithSigmaNames) {
  std::vector<std::string> rules = {
      Rule("signature", "    category: antivirus\n", "        Signature|contains: 'Mimikatz'\n"),
      Rule("filename", "    category: antivirus\n", "        Filename|endswith: '\\evil.exe'\n"),
  };
  std::vector<std::string> events = {
      R"({"Channel":"Microsoft-Windows-Windows Defender/Operational","EventID":1116,"ThreatName":"HackTool:Win32/Mimikatz","Path":"file:_C:\\x\\evil.exe"})",
      R"({"Channel":"Microsoft-Windows-Windows Defender/Operational","EventID":5007,"ThreatName":"HackTool:Win32/Mimikatz"})",
  };
  EXPECT_EQ(MatchTitles(rules, events), (std::vector<Titles>{{"signature", "filename"}, {}}));
}

TEST_P(SigmaWindowsPipeline, ProductAloneSeesEveryWindowsEventUnmappedSourcesNone) {
  std::vector<std::string> rules = {
      Rule("any windows", "    product: windows\n", "        Computer: 'PC01.example.corp'\n"),
      Rule("linux", "    product: linux\n    category: process_creation\n",
           "        Computer: 'PC01.example.corp'\n"),
  };
  std::vector<std::string> events = {
      DevEventWith(R"("Computer":"PC01.example.corp")"),
      R"({"Computer":"PC01.example.corp"})",  // no Channel: not a Windows event
  };
  EXPECT_EQ(MatchTitles(rules, events), (std::vector<Titles>{{"any windows"}, {}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SigmaWindowsPipeline,
                         ::testing::Values(compiler::Backend::kJit, compiler::Backend::kReference),
                         [](const auto& info) {
                           return info.param == compiler::Backend::kJit ? "Jit" : "Reference";
                         });

}  // namespace
}  // namespace scry::sigma::testing
