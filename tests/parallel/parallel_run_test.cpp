// `scry run --threads N` against the real binary: the SigmaHQ corpus over the dev events, and
// inputs with malformed records, give byte for byte the same alerts, dead letters, counts and
// exit code with one thread and with several; a plan with windows runs on one thread and says
// so in --stats.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run_scry.hpp"

namespace scry::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = SCRY_SHARED_DIR;
const fs::path kSource = SCRY_SOURCE_DIR;
const char* const kNow = "2024-01-01T00:00:00Z";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// stderr without the line that names the thread count (the only one that may differ).
std::string WithoutThreadsLine(const std::string& text) {
  std::istringstream in(text);
  std::string kept;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("threads: ")) {
      kept += line + '\n';
    }
  }
  return kept;
}

struct RunResult {
  int exit = 0;
  std::string stdout_text;
  std::string stderr_text;
  std::string alerts;        // --output, when given
  std::string dead_letters;  // --dead-letter, when given
};

// Runs scry in its own folder under `dir`, named after the thread option.
RunResult RunWithThreads(const fs::path& dir, std::vector<std::string> args,
                         const std::string& threads) {
  fs::path folder = dir / ("threads-" + (threads.empty() ? std::string("default") : threads));
  fs::create_directories(folder);
  for (std::string& arg : args) {
    if (arg == "@out") {
      arg = (folder / "alerts.ndjson").string();
    } else if (arg == "@dlq") {
      arg = (folder / "dead.ndjson").string();
    }
  }
  if (!threads.empty()) {
    args.insert(args.end(), {"--threads", threads});
  }
  RunResult result;
  result.exit = RunScry(args, folder);
  result.stdout_text = ReadFile(folder / "stdout.txt");
  result.stderr_text = ReadFile(folder / "stderr.txt");
  result.alerts = ReadFile(folder / "alerts.ndjson");
  result.dead_letters = ReadFile(folder / "dead.ndjson");
  return result;
}

void ExpectSame(const RunResult& one, const RunResult& many) {
  EXPECT_EQ(many.exit, one.exit);
  // EXPECT_TRUE, not EXPECT_EQ: a mismatch over megabytes of alerts should not print them.
  EXPECT_TRUE(many.alerts == one.alerts) << "alerts differ";
  EXPECT_TRUE(many.dead_letters == one.dead_letters) << "dead letters differ";
  EXPECT_TRUE(many.stdout_text == one.stdout_text) << "stdout differs";
  EXPECT_EQ(WithoutThreadsLine(many.stderr_text), WithoutThreadsLine(one.stderr_text));
}

// The dev events with malformed records mixed in: cut JSON, not an object, invalid UTF-8,
// a lone comma; blank lines and a CRLF line for line numbers.
std::string MixedInput() {
  std::ifstream in(kShared / "events/dev/attack.ndjson", std::ios::binary);
  std::string mixed;
  int n = 0;
  for (std::string line; std::getline(in, line) && n < 2000; ++n) {
    switch (n % 97) {
      case 5:
        mixed += line.substr(0, line.size() / 2) + "\n";
        break;
      case 17:
        mixed += "[1, 2, 3]\n";
        break;
      case 33:
        mixed += "{\"EventID\": 1, \"Image\": \"\xff\xfe\"}\n";
        break;
      case 51:
        mixed += ",\n\n";
        break;
      case 70:
        mixed += line + "\r\n";
        break;
      default:
        mixed += line + "\n";
    }
  }
  return mixed;
}

TEST(ParallelRunTest, SigmaCorpusOverDevEventsIsTheSameOnAnyThreadCount) {
  TempDir dir("scry-parallel-corpus");
  std::vector<std::string> args = {"run",
                                   "--rules",
                                   (kShared / "sigma/rules").string(),
                                   "--input",
                                   (kShared / "events/dev/attack.ndjson").string(),
                                   (kShared / "events/dev/regression.ndjson").string(),
                                   (kShared / "events/dev/regression.nested.ndjson").string(),
                                   "--now",
                                   kNow,
                                   "--output",
                                   "@out",
                                   "--dead-letter",
                                   "@dlq",
                                   "--stats"};
  RunResult one = RunWithThreads(dir.path(), args, "1");
  ASSERT_EQ(one.exit, 0) << one.stderr_text;
  ASSERT_GT(one.alerts.size(), 100000U);
  ExpectSame(one, RunWithThreads(dir.path(), args, "4"));
  ExpectSame(one, RunWithThreads(dir.path(), args, ""));  // one per core
}

TEST(ParallelRunTest, MalformedRecordsAreTheSameOnAnyThreadCount) {
  TempDir dir("scry-parallel-malformed");
  fs::path mixed = dir.path() / "mixed.ndjson";
  std::ofstream(mixed, std::ios::binary) << MixedInput();
  // Dead letters in their terminal form on stderr, alerts on stdout.
  std::vector<std::string> args = {
      "run",     "--rules",      (kShared / "sigma/rules/windows/process_creation").string(),
      "--input", mixed.string(), (kShared / "events/dev/regression.ndjson").string(),
      "--now",   kNow,           "--stats"};
  RunResult one = RunWithThreads(dir.path(), args, "1");
  ASSERT_NE(one.stderr_text.find("malformed record"), std::string::npos);
  ASSERT_FALSE(one.stdout_text.empty());
  for (const char* threads : {"2", "3", "8"}) {
    SCOPED_TRACE(threads);
    ExpectSame(one, RunWithThreads(dir.path(), args, threads));
  }
}

TEST(ParallelRunTest, AnInputThatCannotBeReadEndsTheRunAfterTheSameOutput) {
  TempDir dir("scry-parallel-unreadable");
  fs::path mixed = dir.path() / "mixed.ndjson";
  std::ofstream(mixed, std::ios::binary) << MixedInput();
  // A gzip file cut short fails while it is read: what came before it is written, the input
  // after it is not read, the run ends with an error.
  fs::path truncated = kSource / "tests/golden/run/gzip_truncated";
  std::vector<std::string> inputs;
  for (const auto& entry : fs::directory_iterator(truncated)) {
    if (entry.path().extension() == ".gz") {
      inputs.push_back(entry.path().string());
    }
  }
  ASSERT_FALSE(inputs.empty());
  std::vector<std::string> args = {"run",
                                   "--rules",
                                   (kShared / "sigma/rules/windows/process_creation").string(),
                                   "--input",
                                   mixed.string(),
                                   inputs.front(),
                                   (kShared / "events/dev/regression.ndjson").string(),
                                   "--now",
                                   kNow,
                                   "--output",
                                   "@out",
                                   "--dead-letter",
                                   "@dlq"};
  RunResult one = RunWithThreads(dir.path(), args, "1");
  ASSERT_EQ(one.exit, 1) << one.stderr_text;
  ASSERT_FALSE(one.alerts.empty());
  ASSERT_FALSE(one.dead_letters.empty());
  ExpectSame(one, RunWithThreads(dir.path(), args, "4"));
}

TEST(ParallelRunTest, PlansWithWindowsRunOnOneThreadAndSaySo) {
  TempDir dir("scry-parallel-stateful");
  fs::path folder = kSource / "tests/golden/correlate/max_groups";
  std::vector<std::string> args = {"run",
                                   "--rules",
                                   (folder / "rules.scry").string(),
                                   "--input",
                                   (folder / "input.ndjson").string(),
                                   "--max-groups",
                                   "2",
                                   "--lateness",
                                   "0s",
                                   "--stats",
                                   "--now",
                                   kNow};
  RunResult one = RunWithThreads(dir.path(), args, "1");
  RunResult four = RunWithThreads(dir.path(), args, "4");
  ExpectSame(one, four);
  EXPECT_EQ(one.stdout_text, ReadFile(folder / "stdout"));
  EXPECT_NE(four.stderr_text.find("threads: 1 (windows, sequences and suppress"), std::string::npos)
      << four.stderr_text;
}

}  // namespace
}  // namespace scry::testing
