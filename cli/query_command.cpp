// `scry query 'PIPELINE' --input PATH...`: one pipeline over events, rows out.
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/query_runner.hpp"
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

}  // namespace

int RunQuery(const QueryOptions& options) {
  auto format = ChooseFormat(options.format);
  if (!format) {
    return Fail(kExitUsage, format.error());
  }
  if (auto inputs = CheckInputs(options.inputs); !inputs) {
    return Fail(kExitUsage, inputs.error());
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
  auto dead_letters = OpenDeadLetters(options.dead_letter);
  if (!dead_letters) {
    return Fail(kExitUsage, dead_letters.error());
  }

  compiler::Plan& plan = *compilation->plan;
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = clock->Next();
  auto writer = runtime::MakeRowWriter(*format, plan.query->output, std::cout);
  runtime::QueryRunner runner(plan, *compilation->program, ctx, *writer);
  runtime::EventPump pump(plan.fields, **dead_letters);
  auto result =
      pump.Run(options.inputs, ctx, [&](const runtime::InputRecord& record, const Value* fields) {
        ctx.now_ns = clock->Next();
        return runner.Process(record.text, fields);
      });
  runner.Finish();
  if (options.stats) {
    const auto& summary = pump.summary();
    std::cerr << fmt::format("{}, {} malformed, {}\n", Counted(summary.events, "event"),
                             summary.malformed, Counted(writer->rows_written(), "row"));
  }
  if (!result) {
    return Fail(kExitErrors, result.error());
  }
  return kExitOk;
}

}  // namespace scry::cli
