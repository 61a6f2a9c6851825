// The `:commands` of the REPL (Session's half that is not running queries).
#include <chrono>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include "cli/command_support.hpp"
#include "cli/repl/backtest.hpp"
#include "cli/repl/progress_line.hpp"
#include "cli/repl/repl_session.hpp"
#include "cli/repl/terminal.hpp"
#include "compiler/plan/plan_printer.hpp"
#include "lang/base/spelling_suggestion.hpp"

namespace scry::cli::repl {

namespace {

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) {
    words.push_back(word);
  }
  return words;
}

// Text columns as a record row, for results the REPL makes itself (`:fields`).
class TextRows {
 public:
  explicit TextRows(std::vector<std::string> columns)
      : layout_{.event_rows = false, .columns = std::move(columns)} {}
  const compiler::RowLayout& layout() const { return layout_; }
  void Write(runtime::RowWriter& writer, const std::vector<std::string>& cells) {
    std::vector<Value> values;
    for (const std::string& cell : cells) {
      values.push_back(Value::String(cell));
    }
    runtime::Row row;
    row.columns = values.data();
    row.column_count = static_cast<uint32_t>(values.size());
    writer.Write(row);
  }

 private:
  compiler::RowLayout layout_;
};

}  // namespace

const std::vector<CommandHelp>& Commands() {
  static const std::vector<CommandHelp> commands = {
      {":help", "this list"},
      {":fields", "the fields of the input's first events: types, how many have it, an example"},
      {":explain QUERY", "the plan QUERY compiles to"},
      {":load PATH...",
       "load rules (.scry, Sigma .yml, folders): their lets and sources serve "
       "queries, :backtest runs them"},
      {":backtest [PATH...]",
       "run the loaded rules (or those at PATH) over the input: matches "
       "per rule"},
      {":set [NAME VALUE]",
       "change a setting (format, lateness, progress, sample, timing, "
       "width); alone: list them"},
      {":format table|json|csv", "how results are shown (:set format)"},
      {":save FILE", "write the last result: .csv as CSV, .txt as a table, else NDJSON"},
      {":quit", "leave (Ctrl-D too)"},
  };
  return commands;
}

bool Session::RunCommand(const std::string& entry) {
  std::vector<std::string> words = SplitWords(entry);
  const std::string name = words.front();
  std::vector<std::string> args(words.begin() + 1, words.end());
  if (name == ":quit" || name == ":q" || name == ":exit") {
    return false;
  }
  if (name == ":help" || name == ":h") {
    Help();
  } else if (name == ":fields") {
    Fields();
  } else if (name == ":explain") {
    Explain(entry.substr(entry.find(name) + name.size()));
  } else if (name == ":load") {
    Load(args);
  } else if (name == ":backtest") {
    Backtest(args);
  } else if (name == ":set") {
    SetCommand(args);
  } else if (name == ":format") {
    args.insert(args.begin(), "format");
    SetCommand(args);
  } else if (name == ":save") {
    if (args.size() != 1) {
      std::cerr << "scry: :save takes one file name\n";
    } else {
      Save(args[0]);
    }
  } else {
    std::vector<std::string> names = vocabulary_.commands;
    std::cerr << fmt::format("scry: unknown command '{}'{} (see :help)\n", name,
                             lang::DidYouMean(name, names));
  }
  return true;
}

void Session::Help() const {
  std::string text =
      "Type a query, a pipeline such as `where EventID == 4688 | summarize count() by User`,\n"
      "and press Enter: it runs over the input. An entry goes on to the next line while a\n"
      "pipeline ends in `|` or a bracket is open. Tab completes keywords, functions and field\n"
      "names; Ctrl-C stops a running query; Up and Down recall earlier entries.\n\n";
  for (const CommandHelp& command : Commands()) {
    text += fmt::format("  {:<24} {}\n", command.usage, command.summary);
  }
  text += fmt::format("\ninput: {}\n",
                      inputs_.empty() ? "none" : fmt::format("{}", fmt::join(inputs_, ", ")));
  std::cout << text;
  std::cout.flush();
}

void Session::Fields() {
  Resample();
  TextRows rows({"field", "types", "events", "example"});
  auto writer = ScreenWriter(rows.layout());
  for (const SampledField& field : schema_.fields) {
    rows.Write(*writer, {field.path, fmt::format("{}", fmt::join(field.types, "|")),
                         std::to_string(field.events), field.example});
  }
  writer->Close();
  std::cout.flush();
  std::cerr << fmt::format("{} in the first {}\n", Counted(schema_.fields.size(), "field"),
                           Counted(schema_.events, "event"));
}

void Session::Explain(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::cerr << "scry: :explain needs a query\n";
    return;
  }
  // The plan needs no machine code.
  auto compilation = CompileQueryText(text, compiler::Backend::kReference);
  if (compilation) {
    std::cout << compiler::ExplainPlan(*compilation->plan);
    std::cout.flush();
  }
}

void Session::Load(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    std::cerr << "scry: :load needs rule files or folders\n";
    return;
  }
  lang::DiagnosticList diagnostics;
  auto rules = LoadRules(paths, options_.sigma, sources_, diagnostics);
  if (!rules) {
    PrintDiagnostics(diagnostics);
    Fail(kExitUsage, rules.error());
    return;
  }
  std::vector<const lang::Source*> files = rules->files;
  CommonOptions common = options_.common;
  common.backend = compiler::Backend::kReference;  // a check: :backtest compiles for real
  auto compilation =
      compiler::CompileRuleSet(std::move(*rules), diagnostics, MakeCompileOptions(common));
  PrintDiagnostics(diagnostics);
  if (!compilation) {
    return;
  }
  rule_paths_ = paths;
  context_ = std::move(files);
  std::cerr << fmt::format("loaded {}{}\n", Counted(compilation->rules_total, "rule"),
                           compilation->rules_failed > 0
                               ? fmt::format(" ({} with errors)", compilation->rules_failed)
                               : "");
}

void Session::Backtest(const std::vector<std::string>& paths) {
  const std::vector<std::string>& rule_paths = paths.empty() ? rule_paths_ : paths;
  if (rule_paths.empty()) {
    std::cerr << "scry: no rules: :load PATH first, or :backtest PATH\n";
    return;
  }
  auto start = std::chrono::steady_clock::now();
  lang::DiagnosticList diagnostics;
  // Read again each time: a rule edited since it was loaded is backtested as it is now.
  auto rules = LoadRules(rule_paths, options_.sigma, sources_, diagnostics);
  if (!rules) {
    PrintDiagnostics(diagnostics);
    Fail(kExitUsage, rules.error());
    return;
  }
  auto compilation =
      compiler::CompileRuleSet(std::move(*rules), diagnostics, MakeCompileOptions(options_.common));
  PrintDiagnostics(diagnostics);
  if (!compilation) {
    return;
  }
  compiler::RowLayout layout = BacktestLayout();
  auto screen = ScreenWriter(layout);
  last_.Start(layout);
  std::expected<ScanSummary, std::string> summary;
  {
    ProgressLine progress(settings_.progress && IsTerminal(STDERR_FILENO));
    RecordingWriter writer(*screen, settings_.format == runtime::RowFormat::kJson, last_, progress);
    InterruptFlag::Take();
    ScanOptions scan{
        .threads = 1, .cancel = &InterruptFlag::flag(), .on_progress = [&](const ScanProgress& p) {
          progress.Update(p);
        }};
    summary =
        RunBacktest(*compilation, inputs_, settings_.lateness_ns, writer, *dead_letters_, scan);
  }
  InterruptFlag::Take();
  if (!summary || summary->cancelled) {
    last_.Discard();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ReportScan(summary, seconds, "rule");
}

void Session::Save(const std::string& path) {
  auto saved = last_.Save(path);
  if (!saved) {
    std::cerr << "scry: " << saved.error() << '\n';
    return;
  }
  std::cerr << fmt::format("saved {} to {}\n", Counted(*saved, "row"), path);
}

void Session::SetCommand(const std::vector<std::string>& words) {
  if (words.empty()) {
    std::cout << settings_.Describe();
    std::cout.flush();
    return;
  }
  if (words.size() != 2) {
    std::cerr << "scry: :set NAME VALUE (or :set alone to list the settings)\n";
    return;
  }
  uint64_t sample = settings_.sample;
  if (auto set = settings_.Set(words[0], words[1]); !set) {
    std::cerr << "scry: " << set.error() << '\n';
    return;
  }
  if (settings_.sample != sample) {
    Resample();
  }
}

}  // namespace scry::cli::repl
