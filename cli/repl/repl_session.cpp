#include "cli/repl/repl_session.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/command_support.hpp"
#include "cli/repl/progress_line.hpp"
#include "cli/repl/terminal.hpp"
#include "lang/parser/vocabulary.hpp"
#include "runtime/input/input_paths.hpp"
#include "stdlib/function_registry.hpp"

namespace scry::cli::repl {

std::expected<std::vector<std::string>, std::string> ExpandInputs(
    const std::vector<std::string>& inputs) {
  auto expanded = runtime::ExpandInputs(inputs);
  if (!expanded || expanded->empty()) {
    return expanded;  // with no input, queries say so when they run
  }
  if (auto checked = CheckInputs(*expanded); !checked) {
    return std::unexpected(checked.error());
  }
  return expanded;
}

Session::Session(const ReplOptions& options, bool interactive)
    : options_(options),
      interactive_(interactive),
      colour_(IsTerminal(STDOUT_FILENO)),
      dead_letters_(runtime::DeadLetterWriter::ToStderr()) {
  settings_.timing = interactive;
  vocabulary_.keywords = lang::KeywordSpellings();
  vocabulary_.functions = FunctionRegistry::Builtins().Names();
  vocabulary_.settings = Settings::Names();
  for (const CommandHelp& command : Commands()) {
    std::string usage = command.usage;
    vocabulary_.commands.push_back(usage.substr(0, usage.find(' ')));
  }
}

std::expected<std::unique_ptr<Session>, std::string> Session::Open(const ReplOptions& options,
                                                                   bool interactive) {
  auto inputs = ExpandInputs(options.inputs);
  if (!inputs) {
    return std::unexpected(inputs.error());
  }
  std::unique_ptr<Session> session(new Session(options, interactive));
  session->inputs_ = std::move(*inputs);
  lang::DiagnosticList diagnostics;
  auto rules = LoadRules(options.rules, options.sigma, session->sources_, diagnostics);
  PrintDiagnostics(diagnostics);
  if (!rules) {
    return std::unexpected(rules.error());
  }
  session->rule_paths_ = options.rules;
  session->context_ = rules->files;
  session->Resample();
  return session;
}

void Session::Resample() {
  auto schema = SampleInputs(inputs_, settings_.sample);
  if (!schema) {
    std::cerr << "scry: " << schema.error() << '\n';
    return;
  }
  schema_ = std::move(*schema);
  vocabulary_.fields.clear();
  for (const SampledField& field : schema_.fields) {
    vocabulary_.fields.push_back(field.path);
  }
}

bool Session::Handle(const std::string& entry) {
  size_t first = entry.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return true;
  }
  if (entry[first] == ':') {
    return RunCommand(entry.substr(first));
  }
  RunQuery(entry);
  return true;
}

std::optional<compiler::Compilation> Session::CompileQueryText(const std::string& text,
                                                               compiler::Backend backend) {
  const lang::Source& query = sources_.Add("<query>", text);
  lang::DiagnosticList diagnostics;
  CommonOptions common = options_.common;
  common.backend = backend;
  auto compilation =
      compiler::CompileQuery(query, context_, diagnostics, MakeCompileOptions(common));
  PrintDiagnostics(diagnostics);
  return compilation;
}

runtime::TableStyle Session::ScreenStyle() const {
  runtime::TableStyle style;
  style.width = settings_.width != 0        ? settings_.width
                : IsTerminal(STDOUT_FILENO) ? TerminalWidth()
                                            : 0;
  style.colour = colour_;
  style.row_count = false;  // ReportScan says how many, with the time
  return style;
}

std::unique_ptr<runtime::RowWriter> Session::ScreenWriter(const compiler::RowLayout& layout) const {
  return runtime::MakeRowWriter(settings_.format, layout, std::cout, ScreenStyle());
}

std::unique_ptr<runtime::RowWriter> Session::ScreenWriter(
    const compiler::Pipeline& pipeline) const {
  // A timechart is drawn as bars across the screen (80 columns when not at a terminal).
  runtime::TableStyle style = ScreenStyle();
  return runtime::MakeQueryWriter(settings_.format, pipeline, std::cout,
                                  style.width != 0 ? style.width : 80, style);
}

void Session::ReportScan(const std::expected<ScanSummary, std::string>& summary, double seconds,
                         std::string_view noun) const {
  std::cout.flush();
  if (!summary) {
    Fail(kExitErrors, summary.error());
    return;
  }
  std::string line;
  if (summary->cancelled) {
    line = fmt::format("cancelled after {}", Counted(summary->events, "event"));
  } else {
    line = Counted(summary->rows, noun);
    if (settings_.timing) {
      line += fmt::format(" in {:.2f} s", seconds);
    }
    line += fmt::format(" ({} scanned", Counted(summary->events, "event"));
    line += summary->malformed > 0 ? fmt::format(", {} malformed)", summary->malformed) : ")";
  }
  bool dim = IsTerminal(STDERR_FILENO);
  std::cerr << (dim ? "\x1b[2m" : "") << line << (dim ? "\x1b[0m" : "") << '\n';
}

void Session::RunQuery(const std::string& text) {
  if (inputs_.empty()) {
    std::cerr << "scry: no input to query: start the REPL with --input PATH\n";
    return;
  }
  auto compilation = CompileQueryText(text, options_.common.backend);
  if (!compilation) {
    return;
  }
  compiler::Plan& plan = *compilation->plan;
  auto start = std::chrono::steady_clock::now();
  auto screen = ScreenWriter(*plan.query);
  last_.Start(plan.query->output);
  std::expected<ScanSummary, std::string> summary;
  {
    ProgressLine progress(settings_.progress && IsTerminal(STDERR_FILENO));
    RecordingWriter writer(*screen, settings_.format == runtime::RowFormat::kJson, last_, progress);
    InterruptFlag::Take();
    ScanOptions scan{.threads = settings_.threads,
                     .cancel = &InterruptFlag::flag(),
                     .on_progress = [&](const ScanProgress& p) {
                       progress.Update(p);
                     }};
    summary = RunScan(plan, *compilation->program, inputs_, writer, *dead_letters_, scan);
  }
  InterruptFlag::Take();
  if (!summary || summary->cancelled) {
    last_.Discard();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ReportScan(summary, seconds);
}

}  // namespace scry::cli::repl
