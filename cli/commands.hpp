// The subcommands of `scry`, each a function from parsed options to an exit code:
// 0 ok, 1 errors in rules or queries or an input that cannot be read to its end, 2 usage (bad
// arguments, missing files). Malformed records are data, not errors: they go to the dead-letter
// output and the exit code stays 0.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/rule_loader.hpp"
#include "compiler/program/expression_program.hpp"

namespace scry::cli {

enum ExitCode { kExitOk = 0, kExitErrors = 1, kExitUsage = 2 };

struct CommonOptions {
  compiler::Backend backend = compiler::Backend::kJit;
  /// `now()` and the time of alerts without a timestamp; tests pin it (--now).
  std::optional<std::string> now;
  /// The compiled-object cache (cache_location.hpp): --cache-dir, or off with --no-cache.
  std::optional<std::string> cache_dir;
  bool no_cache = false;
};

struct RunOptions {
  CommonOptions common;
  SigmaOptions sigma;
  std::vector<std::string> rules;
  std::vector<std::string> inputs;
  std::string output;       // "" = stdout
  std::string dead_letter;  // "" = stderr
  bool stats = false;
  std::string time_field;       // "" = the usual timestamp fields
  std::string lateness = "5m";  // allowed event-time disorder for windows and sequences
  size_t max_group_events = 10000;
  size_t max_groups = 1000000;
  std::string state;                   // "" = no state kept
  uint64_t checkpoint_every = 100000;  // events between checkpoints
  unsigned threads = 0;                // 0 = one per core
};

struct CheckOptions {
  CommonOptions common;
  SigmaOptions sigma;
  std::vector<std::string> paths;
};

struct QueryOptions {
  CommonOptions common;
  SigmaOptions sigma;
  std::string query;
  std::vector<std::string> inputs;
  std::vector<std::string> rules;  // lets and sources to use
  std::string format;              // table, json, csv; "" = table on a terminal, else json
  std::string dead_letter;
  bool stats = false;
  unsigned threads = 0;  // 0 = one per core
  size_t width = 0;      // columns a timechart's bars take at a terminal; 0 = the terminal's
};

struct ExplainOptions {
  CommonOptions common;
  SigmaOptions sigma;
  std::optional<std::string> query;
  std::vector<std::string> rules;
  bool ir = false;
  /// `--profile INPUT...`: run the rules over these inputs and report each rule's cost.
  std::vector<std::string> profile;
  size_t top = 20;  // rules listed by --profile
};

/// `scry explain --rules ... --profile INPUT...`.
int ProfileRules(const ExplainOptions& options);

struct ReplOptions {
  CommonOptions common;
  SigmaOptions sigma;
  std::vector<std::string> inputs;  // paths and globs
  std::vector<std::string> rules;   // loaded at the start, as with :load
};

/// `scry repl`: the interactive hunting shell (cli/repl/).
int RunRepl(const ReplOptions& options);

struct SigmaConvertOptions {
  SigmaOptions sigma;
  std::vector<std::string> paths;
};

int RunRules(const RunOptions& options);
int ConvertSigma(const SigmaConvertOptions& options);
int CheckRules(const CheckOptions& options);
int RunQuery(const QueryOptions& options);
int Explain(const ExplainOptions& options);

}  // namespace scry::cli
