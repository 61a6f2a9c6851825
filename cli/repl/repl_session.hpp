// Session: what the REPL remembers between entries (inputs, loaded rules, settings, the last
// result, the sampled schema) and what it does with each entry: a query is compiled and run
// over the inputs, a `:command` is dispatched. Independent of how lines are read, so the same
// session serves a terminal (line_editor.hpp) and a script on stdin.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/repl/completion.hpp"
#include "cli/repl/last_result.hpp"
#include "cli/repl/query_scan.hpp"
#include "cli/repl/schema_sampler.hpp"
#include "cli/repl/settings.hpp"
#include "lang/base/source.hpp"
#include "runtime/output/dead_letter_writer.hpp"

namespace scry::cli::repl {

class Session {
 public:
  /// Loads `options.rules` and expands globs in `options.inputs`; the message says what failed.
  static std::expected<std::unique_ptr<Session>, std::string> Open(const ReplOptions& options,
                                                                   bool interactive);

  /// One complete entry (a query, possibly of several lines, or a `:command`). False once the
  /// session should end (`:quit`).
  bool Handle(const std::string& entry);

  /// The words Tab offers (keywords, functions, sampled fields, commands).
  const Vocabulary& vocabulary() const { return vocabulary_; }

 private:
  Session(const ReplOptions& options, bool interactive);

  void RunQuery(const std::string& text);
  bool RunCommand(const std::string& entry);
  void Help() const;
  void Fields();
  void Explain(const std::string& text);
  void Load(const std::vector<std::string>& paths);
  void Backtest(const std::vector<std::string>& paths);
  void Save(const std::string& path);
  void SetCommand(const std::vector<std::string>& words);

  /// Compiles `text` as a query with the loaded rules' lets and sources; prints diagnostics.
  std::optional<compiler::Compilation> CompileQueryText(const std::string& text,
                                                        compiler::Backend backend);
  /// The writer for a result on stdout, in the current format, fitted to the terminal.
  runtime::TableStyle ScreenStyle() const;
  std::unique_ptr<runtime::RowWriter> ScreenWriter(const compiler::RowLayout& layout) const;
  std::unique_ptr<runtime::RowWriter> ScreenWriter(const compiler::Pipeline& pipeline) const;
  /// "3 rows in 0.12 s (2909 events scanned)" on stderr, or why the scan stopped. `noun`
  /// names what the rows are.
  void ReportScan(const std::expected<ScanSummary, std::string>& summary, double seconds,
                  std::string_view noun = "row") const;
  void Resample();

  ReplOptions options_;
  bool interactive_;
  bool colour_;
  Settings settings_;
  std::vector<std::string> inputs_;           // globs expanded
  std::vector<std::string> rule_paths_;       // `--rules`, then what `:load` loaded
  std::vector<const lang::Source*> context_;  // their files: lets and sources for queries
  lang::SourceSet sources_;                   // every text compiled (spans point into it)
  SampledSchema schema_;
  Vocabulary vocabulary_;
  LastResult last_;
  std::unique_ptr<runtime::DeadLetterWriter> dead_letters_;
};

/// `--input` as given: paths, and globs (`logs/*.ndjson.gz`) expanded in sorted order. Fails
/// on a glob that matches nothing or a path that does not exist.
std::expected<std::vector<std::string>, std::string> ExpandInputs(
    const std::vector<std::string>& inputs);

/// The `:commands`, each with its one-line help, for `:help` and completion.
struct CommandHelp {
  const char* usage;
  const char* summary;
};
const std::vector<CommandHelp>& Commands();

}  // namespace scry::cli::repl
