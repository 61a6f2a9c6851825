// `scry query 'PIPELINE' --input PATH|GLOB... [--threads N]`: one pipeline over events, on
// every core (runtime/engine/query_scan), rows out.
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "runtime/engine/query_scan.hpp"
#include "runtime/input/input_paths.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::cli {

namespace {

std::expected<runtime::RowFormat, std::string> ChooseFormat(const std::string& format) {
  if (format.empty()) {
    return isatty(STDOUT_FILENO) ? runtime::RowFormat::kTable : runtime::RowFormat::kJson;
  }
  if (format == "table") {
    return runtime::RowFormat::kTable;
  }
  if (format == "json") {
    return runtime::RowFormat::kJson;
  }
  if (format == "csv") {
    return runtime::RowFormat::kCsv;
  }
  return std::unexpected("unknown format '" + format + "': use table, json or csv");
}

// Columns of the terminal on stdout: $COLUMNS when set, else what the terminal says, else 80.
size_t TerminalWidth() {
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    char* end = nullptr;
    long width = std::strtol(columns, &end, 10);
    if (*end == '\0' && width > 0) {
      return static_cast<size_t>(width);
    }
  }
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 80;
}

}  // namespace

int RunQuery(const QueryOptions& options) {
  auto format = ChooseFormat(options.format);
  if (!format) {
    return Fail(kExitUsage, format.error());
  }
  auto clock = EventClock::Create(options.common);
  if (!clock) {
    return Fail(kExitUsage, clock.error());
  }
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  auto context = LoadRules(options.rules, options.sigma, sources, diagnostics);
  if (!context) {
    return Fail(kExitUsage, context.error());
  }
  const lang::Source& query = sources.Add("<query>", options.query);
  auto compilation = compiler::CompileQuery(query, context->files, diagnostics,
                                            MakeCompileOptions(options.common));
  PrintDiagnostics(diagnostics);
  if (!compilation) {
    return kExitErrors;
  }

  compiler::Plan& plan = *compilation->plan;
  // `from file("...")` in the query names its inputs; --input is then not needed.
  auto inputs =
      runtime::ExpandInputs(plan.query_inputs.empty() ? options.inputs : plan.query_inputs);
  if (!inputs) {
    return Fail(kExitUsage, inputs.error());
  }
  if (inputs->empty()) {
    return Fail(kExitUsage,
                "no input: give --input PATH (or --input - for stdin), or start the query with "
                "from file(\"PATH\")");
  }
  if (auto checked = CheckInputs(*inputs); !checked) {
    return Fail(kExitUsage, checked.error());
  }
  auto dead_letters = OpenDeadLetters(options.dead_letter);
  if (!dead_letters) {
    return Fail(kExitUsage, dead_letters.error());
  }
  auto writer = runtime::MakeQueryWriter(*format, *plan.query, std::cout,
                                         options.width != 0 ? options.width : TerminalWidth());
  runtime::ScanOptions scan;
  scan.threads = options.threads;
  scan.now = [&clock] {
    return clock->Next();
  };
  auto result =
      runtime::ScanQuery(plan, *compilation->program, *inputs, *writer, **dead_letters, scan);
  if (!result) {
    return Fail(kExitErrors, result.error());
  }
  if (options.stats) {
    std::cerr << fmt::format("{}, {} malformed, {}\n", Counted(result->events, "event"),
                             result->malformed, Counted(result->rows, "row"));
  }
  return kExitOk;
}

}  // namespace scry::cli
