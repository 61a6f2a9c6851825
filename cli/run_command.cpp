// `scry run --rules PATH... --input PATH...`: every rule over every event, alerts out.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/output/alert_writer.hpp"

namespace scry::cli {

int RunRules(const RunOptions& options) {
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  auto rules = LoadRules(options.rules, options.sigma, sources, diagnostics);
  if (!rules) {
    return Fail(kExitUsage, rules.error());
  }
  if (auto inputs = CheckInputs(options.inputs); !inputs) {
    return Fail(kExitUsage, inputs.error());
  }
  auto clock = EventClock::Create(options.common);
  if (!clock) {
    return Fail(kExitUsage, clock.error());
  }
  auto compilation =
      compiler::CompileRuleSet(std::move(*rules), diagnostics, MakeCompileOptions(options.common));
  PrintDiagnostics(diagnostics);
  if (!compilation) {
    return kExitErrors;
  }
  if (compilation->rules_failed > 0) {
    std::cerr << fmt::format("scry: {} of {} {} errors and {} not running\n",
                             compilation->rules_failed, Counted(compilation->rules_total, "rule"),
                             compilation->rules_failed == 1 ? "has" : "have",
                             compilation->rules_failed == 1 ? "is" : "are");
  }

  std::ofstream file_output;
  std::ostream* out = &std::cout;
  if (!options.output.empty()) {
    file_output.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file_output) {
      return Fail(kExitUsage, "cannot write " + options.output);
    }
    out = &file_output;
  }
  auto dead_letters = OpenDeadLetters(options.dead_letter);
  if (!dead_letters) {
    return Fail(kExitUsage, dead_letters.error());
  }

  compiler::Plan& plan = *compilation->plan;
  runtime::EventTimeReader time(plan.fields);  // adds its fields before the pump is built
  runtime::AlertWriter alerts(*out);
  runtime::RuleRunner runner(plan, *compilation->program, time, alerts);
  runtime::EventPump pump(plan.fields, **dead_letters);
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = clock->Next();
  auto result =
      pump.Run(options.inputs, ctx, [&](const runtime::InputRecord& record, const Value* fields) {
        ctx.now_ns = clock->Next();
        runner.Process(record.text, fields, ctx);
        return true;
      });
  alerts.Flush();
  if (options.stats) {
    const auto& summary = pump.summary();
    std::cerr << fmt::format("{}, {} malformed, {}, {}\n", Counted(summary.events, "event"),
                             summary.malformed, Counted(runner.alerts(), "alert"),
                             Counted(plan.rules.size(), "rule"));
  }
  if (!result) {
    return Fail(kExitErrors, result.error());
  }
  if (!*out) {
    return Fail(kExitErrors, "cannot write alerts");
  }
  return compilation->rules_failed > 0 || diagnostics.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace scry::cli
