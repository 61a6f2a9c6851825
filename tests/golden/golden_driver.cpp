// The golden-case driver: every folder under tests/golden that holds a `cmd` file is one test.
//
//   tests/golden/<area>/<case>/
//     cmd        the scry arguments, shell-quoted: query 'where x == 1' --input input.ndjson
//     stdin      optional: fed to scry's standard input
//     stdout     expected standard output (missing = must be empty)
//     stderr     expected standard error (missing = must be empty)
//     exit       expected exit code (missing = 0)
//     *          any input files the command names (paths are relative to the case folder)
//
// `query` cases also run with `--threads 1` and `--threads 3`, which must give the same output.
// `run`, `query` and `explain` cases run three times: with the JIT (compiling, and filling the
// object cache), with the JIT again (loading its code from the cache) and with the reference
// evaluator (`--engine`), and all must give the expected output: the reference evaluator
// defines the semantics, the JIT must agree, with or without its cache. The cache is a
// temporary folder of this process (SCRY_CACHE_DIR), never the user's. The clock is pinned
// (`--now`). SCRY_GOLDEN_UPDATE=1 rewrites the expected files from the JIT run (after checking
// that the runs agree); review the diff before committing.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const char* const kPinnedNow = "2024-01-01T00:00:00Z";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Shell-like splitting: blanks separate words, '...' is literal, "..." allows \" and \\,
// and a backslash-newline continues the line.
std::vector<std::string> SplitArguments(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) {
        words.push_back(word);
        word.clear();
        in_word = false;
      }
      continue;
    }
    in_word = true;
    if (c == '\'') {
      size_t end = text.find('\'', i + 1);
      word += text.substr(i + 1, end - i - 1);
      i = end == std::string::npos ? text.size() : end;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
          ++i;
        }
        word += text[i];
      }
    } else {
      word += c;
    }
  }
  if (in_word) {
    words.push_back(word);
  }
  return words;
}

struct Outcome {
  std::string out;
  std::string err;
  int exit_code = -1;
};

// Runs the scry binary in `dir` with `args`; stdin from `stdin_path` (or /dev/null).
Outcome RunScry(const fs::path& dir, const std::vector<std::string>& args,
                const fs::path& stdin_path) {
  fs::path out_path = fs::temp_directory_path() / ("scry_golden_out_" + std::to_string(getpid()));
  fs::path err_path = fs::temp_directory_path() / ("scry_golden_err_" + std::to_string(getpid()));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(
      &actions, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  std::vector<std::string> argv_storage = {SCRY_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  Outcome outcome;
  if (posix_spawn(&pid, SCRY_BINARY, &actions, nullptr, argv.data(), environ) != 0) {
    outcome.err = "cannot start " SCRY_BINARY;
    posix_spawn_file_actions_destroy(&actions);
    return outcome;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  outcome.out = ReadFile(out_path);
  outcome.err = ReadFile(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return outcome;
}

bool TakesEngine(const std::vector<std::string>& args) {
  return !args.empty() && (args[0] == "run" || args[0] == "query" || args[0] == "explain");
}

class GoldenCase : public testing::Test {
 public:
  explicit GoldenCase(fs::path dir) : dir_(std::move(dir)) {}

  void TestBody() override {
    std::vector<std::string> args = SplitArguments(ReadFile(dir_ / "cmd"));
    ASSERT_FALSE(args.empty()) << "empty cmd file in " << dir_;
    fs::path stdin_path = fs::exists(dir_ / "stdin") ? dir_ / "stdin" : fs::path();
    std::vector<std::string> engines = {""};
    if (TakesEngine(args)) {
      engines = {"jit", "jit", "reference"};
      if (args[0] != "explain") {
        args.push_back("--now");
        args.push_back(kPinnedNow);
      }
    }
    // A query scans on every core: one thread and three must give the same bytes as the
    // default (one per core).
    std::vector<std::string> thread_counts;
    if (args[0] == "query" && std::find(args.begin(), args.end(), "--threads") == args.end()) {
      thread_counts = {"1", "3"};
    }
    std::vector<Outcome> outcomes;
    for (const std::string& engine : engines) {
      std::vector<std::string> engine_args = args;
      if (!engine.empty()) {
        engine_args.push_back("--engine");
        engine_args.push_back(engine);
      }
      outcomes.push_back(RunScry(dir_, engine_args, stdin_path));
    }
    for (const std::string& threads : thread_counts) {
      std::vector<std::string> threaded = args;
      threaded.insert(threaded.end(), {"--engine", "jit", "--threads", threads});
      Outcome outcome = RunScry(dir_, threaded, stdin_path);
      EXPECT_EQ(outcomes[0].out, outcome.out) << "stdout differs with --threads " << threads;
      EXPECT_EQ(outcomes[0].err, outcome.err) << "stderr differs with --threads " << threads;
      EXPECT_EQ(outcomes[0].exit_code, outcome.exit_code)
          << "exit code differs with --threads " << threads;
    }
    for (size_t i = 1; i < outcomes.size(); ++i) {
      // explain prints the same plan for both engines; everything must agree.
      const char* which = i == 1 ? "JIT from the cache" : "reference";
      EXPECT_EQ(outcomes[0].out, outcomes[i].out) << "JIT and " << which << " stdout differ";
      EXPECT_EQ(outcomes[0].err, outcomes[i].err) << "JIT and " << which << " stderr differ";
      EXPECT_EQ(outcomes[0].exit_code, outcomes[i].exit_code)
          << "JIT and " << which << " exit codes differ";
    }
    const Outcome& outcome = outcomes[0];
    if (std::getenv("SCRY_GOLDEN_UPDATE") != nullptr) {
      Update(outcome);
      return;
    }
    EXPECT_EQ(outcome.out, Expected("stdout")) << "stdout of " << dir_;
    EXPECT_EQ(outcome.err, Expected("stderr")) << "stderr of " << dir_;
    std::string exit_text = Expected("exit");
    int expected_exit = exit_text.empty() ? 0 : std::stoi(exit_text);
    EXPECT_EQ(outcome.exit_code, expected_exit) << "exit code of " << dir_;
  }

 private:
  std::string Expected(const char* name) const {
    return fs::exists(dir_ / name) ? ReadFile(dir_ / name) : std::string();
  }

  void Update(const Outcome& outcome) const {
    auto write_or_remove = [&](const char* name, const std::string& text) {
      if (text.empty()) {
        fs::remove(dir_ / name);
      } else {
        WriteFile(dir_ / name, text);
      }
    };
    write_or_remove("stdout", outcome.out);
    write_or_remove("stderr", outcome.err);
    write_or_remove("exit", outcome.exit_code == 0 ? "" : std::to_string(outcome.exit_code) + "\n");
  }

  fs::path dir_;
};

void RegisterGoldenCases() {
  fs::path root = fs::path(SCRY_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename() == "cmd") {
      cases.push_back(entry.path().parent_path());
    }
  }
  std::sort(cases.begin(), cases.end());
  for (const fs::path& dir : cases) {
    fs::path relative = fs::relative(dir, root);
    std::string suite = "Golden/" + relative.parent_path().string();
    std::string name = relative.filename().string();
    testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [dir]() -> testing::Test* { return new GoldenCase(dir); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  fs::path cache = fs::temp_directory_path() / ("scry_golden_cache_" + std::to_string(getpid()));
  setenv("SCRY_CACHE_DIR", cache.c_str(), 1);
  RegisterGoldenCases();
  int result = RUN_ALL_TESTS();
  std::error_code ignored;
  fs::remove_all(cache, ignored);
  return result;
}
