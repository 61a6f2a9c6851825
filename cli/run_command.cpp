// `scry run --rules PATH... --input PATH...`: every rule over every event, alerts out.
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/cache_location.hpp"
#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "cli/run_state.hpp"
#include "runtime/engine/detector.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/parallel_detector.hpp"
#include "runtime/input/input_sequence.hpp"
#include "runtime/output/alert_writer.hpp"
#include "stdlib/timestamp.hpp"

namespace scry::cli {

namespace {

// The exit code once the input has been read, however many threads read it.
int Finish(const std::expected<void, std::string>& result, const std::ostream& out,
           const compiler::Compilation& compilation, const lang::DiagnosticList& diagnostics) {
  if (!result) {
    return Fail(kExitErrors, result.error());
  }
  if (!out) {
    return Fail(kExitErrors, "cannot write alerts");
  }
  return compilation.rules_failed > 0 || diagnostics.has_errors() ? kExitErrors : kExitOk;
}

}  // namespace

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
  // Alerts go through this stream: stdout, or the file once it is opened (after RunState has
  // cut it back to its last checkpoint, which needs the engine, which needs the writer).
  std::ostream alert_stream(std::cout.rdbuf());
  std::ostream* out = &alert_stream;
  auto dead_letters = OpenDeadLetters(options.dead_letter);
  if (!dead_letters) {
    return Fail(kExitUsage, dead_letters.error());
  }

  auto lateness = ParseDuration(options.lateness);
  if (!lateness || *lateness < 0) {
    return Fail(kExitUsage, fmt::format("--lateness needs a duration such as 30s or 5m, not '{}'",
                                        options.lateness));
  }
  runtime::CorrelationSettings settings;
  settings.lateness_ns = *lateness;
  settings.max_events_per_group = std::max<size_t>(options.max_group_events, 1);
  settings.max_groups = std::max<size_t>(options.max_groups, 1);

  compiler::Plan& plan = *compilation->plan;
  // Adds its fields before the pump is built.
  runtime::EventTimeReader time = options.time_field.empty()
                                      ? runtime::EventTimeReader(plan.fields)
                                      : runtime::EventTimeReader(plan.fields, options.time_field);
  runtime::AlertWriter alerts(*out);
  // Which rules each event meets: built once (its Hyperscan databases from the cache when an
  // earlier run stored them), shared by every thread.
  runtime::RuleIndexOptions index_options;
  index_options.cache_dir = CacheDirectory(options.common);
  auto index = std::make_shared<const runtime::RuleIndex>(plan, index_options);
  runtime::Detector detector(plan, *compilation->program, time, alerts, settings, index);
  std::unique_ptr<RunState> state;
  if (!options.state.empty()) {
    auto opened =
        RunState::Open(options.state, options.inputs, options.output, detector.correlations());
    if (!opened) {
      return Fail(kExitErrors, opened.error());
    }
    state = std::move(*opened);
    alerts.SkipAlreadyWritten(state->TakeAlreadyWritten());
  }
  if (!options.output.empty()) {
    // A resumed run appends to its alert file (cut back to the checkpoint by RunState).
    bool append = state && state->resumed();
    if (append) {
      std::ofstream(options.output, std::ios::binary | std::ios::app).close();  // create
      file_output.open(options.output, std::ios::binary | std::ios::in | std::ios::out);
      file_output.seekp(0, std::ios::end);
    } else {
      file_output.open(options.output, std::ios::binary | std::ios::trunc);
    }
    if (!file_output) {
      return Fail(kExitUsage, "cannot write " + options.output);
    }
    alert_stream.rdbuf(file_output.rdbuf());
  }
  uint64_t visible_rules = 0;
  for (const auto& rule : plan.rules) {
    visible_rules += rule.hidden ? 0 : 1;
  }
  // All cores unless the plan keeps state: windows, sequences and `suppress` take their
  // matches in input order in one engine, and --state checkpoints at record positions.
  unsigned threads = options.threads;
  if (threads == 0) {
    threads = std::max(std::thread::hardware_concurrency(), 1U);
  }
  std::string one_thread_reason;
  if (!runtime::ParallelDetector::Supports(plan)) {
    one_thread_reason = "windows, sequences and suppress take events in input order";
  } else if (state) {
    one_thread_reason = "--state checkpoints at record positions";
  }
  if (threads > 1 && one_thread_reason.empty()) {
    runtime::ParallelDetector parallel(plan, *compilation->program, time,
                                       {.threads = threads, .index = index});
    runtime::InputSequence source(options.inputs);
    auto result = parallel.Run(
        source, [&] { return clock->Next(); }, *out, **dead_letters);
    out->flush();
    if (options.stats) {
      const auto& summary = parallel.summary();
      std::cerr << fmt::format("{}, {} malformed, {}, {}\n", Counted(summary.events, "event"),
                               summary.malformed, Counted(parallel.alerts(), "alert"),
                               Counted(visible_rules, "rule"));
      if (options.threads > 0) {
        std::cerr << fmt::format("threads: {}\n", parallel.threads());
      }
    }
    return Finish(result, *out, *compilation, diagnostics);
  }

  runtime::EventPump pump(plan.fields, **dead_letters);
  const runtime::InputRecord* current = nullptr;
  detector.set_late_handler(
      [&](std::string_view reason) { (*dead_letters)->Write(*current, reason, std::nullopt); });
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = clock->Next();
  uint64_t events = state ? state->events_before() : 0;
  uint64_t since_checkpoint = 0;
  std::string state_error;
  std::ostream* alert_file = options.output.empty() ? nullptr : out;
  auto checkpoint = [&]() {
    if (auto committed = state->Commit(pump, events, alert_file); !committed) {
      state_error = committed.error();
      return false;
    }
    since_checkpoint = 0;
    return true;
  };
  auto result = pump.Run(
      options.inputs, ctx,
      [&](const runtime::InputRecord& record, const Value* fields) {
        ctx.now_ns = clock->Next();
        current = &record;
        detector.Process(record.text, fields, ctx);
        ++events;
        if (state && ++since_checkpoint >= options.checkpoint_every) {
          return checkpoint();
        }
        return true;
      },
      state ? state->start() : runtime::PumpPosition{});
  // The last checkpoint comes before the end-of-input decisions: a later run over a longer
  // input must find the windows still open.
  if (state && state_error.empty() && result) {
    checkpoint();
  }
  if (!state_error.empty()) {
    return Fail(kExitErrors, fmt::format("state {}: {}", options.state, state_error));
  }
  detector.Finish();
  alerts.Flush();
  if (auto flushed = (*dead_letters)->Flush(); !flushed && result) {
    result = std::unexpected(flushed.error());
  }
  if (options.stats) {
    const auto& summary = pump.summary();
    std::cerr << fmt::format("{}, {} malformed, {}, {}\n", Counted(summary.events, "event"),
                             summary.malformed, Counted(detector.alerts(), "alert"),
                             Counted(visible_rules, "rule"));
    if (options.threads > 1) {
      std::cerr << fmt::format("threads: 1 ({})\n", one_thread_reason);
    }
    if (state) {
      runtime::StateStats stats = state->Stats();
      uint64_t keys = 0;
      for (const auto& op : stats.operators) {
        keys += op.estimated_keys;
      }
      std::cerr << fmt::format("state: {} checkpoints, {} keys, {} bytes on disk{}\n",
                               state->commits(), keys, stats.disk_bytes,
                               alerts.skipped() > 0 ? fmt::format(", {} alerts already written "
                                                                  "before the restart",
                                                                  alerts.skipped())
                                                    : "");
    }
    if (const auto* correlations = detector.correlations()) {
      const auto& counts = correlations->counts();
      std::cerr << fmt::format(
          "windows and sequences: at most {} and {} held, {} late, {} "
          "without a group key, {} dropped by bounds, {} ended early by --max-groups, {} "
          "suppressed\n",
          Counted(counts.peak_groups, "group"), Counted(counts.peak_kept, "event"), counts.late,
          counts.no_group, counts.dropped, Counted(counts.evicted, "group"), counts.suppressed);
    }
  }
  return Finish(result, *out, *compilation, diagnostics);
}

}  // namespace scry::cli
