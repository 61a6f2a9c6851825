#include "cli/repl/backtest.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "runtime/engine/detector.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/output/alert_writer.hpp"

namespace scry::cli::repl {

namespace {

struct RuleMatches {
  const compiler::RuleInfo* rule = nullptr;
  uint64_t matches = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

// Discards what is written: the backtest wants the count of alerts, not their text.
class NullBuffer final : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char* /*s*/, std::streamsize n) override { return n; }
};

}  // namespace

compiler::RowLayout BacktestLayout() {
  return {.event_rows = false, .columns = {"rule", "matches", "first", "last"}};
}

std::expected<ScanSummary, std::string> RunBacktest(compiler::Compilation& compilation,
                                                    const std::vector<std::string>& inputs,
                                                    int64_t lateness_ns, runtime::RowWriter& writer,
                                                    runtime::DeadLetterWriter& dead_letters,
                                                    const ScanOptions& options) {
  compiler::Plan& plan = *compilation.plan;
  runtime::EventTimeReader time(plan.fields);  // adds its fields before the pump is built
  NullBuffer discard;
  std::ostream alert_text(&discard);
  runtime::AlertWriter alerts(alert_text);
  // By name: a window's alerts carry the rule of the window, which may be a copy of its info.
  std::map<std::string, RuleMatches> matches;
  for (const compiler::RulePlan& rule : plan.rules) {
    if (!rule.hidden) {
      matches[rule.info.name].rule = &rule.info;
    }
  }
  alerts.set_observer([&](const compiler::RuleInfo& rule, int64_t time_ns) {
    RuleMatches& m = matches[rule.name];
    if (m.rule == nullptr) {
      m.rule = &rule;
    }
    m.first_ns = m.matches == 0 ? time_ns : std::min(m.first_ns, time_ns);
    m.last_ns = m.matches == 0 ? time_ns : std::max(m.last_ns, time_ns);
    ++m.matches;
  });
  runtime::CorrelationSettings settings;
  settings.lateness_ns = lateness_ns;
  runtime::Detector detector(plan, *compilation.program, time, alerts, settings);
  runtime::EventPump pump(plan.fields, dead_letters);
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  ScanSummary summary;
  ScanProgress progress;
  progress.bytes_total = options.on_progress ? InputBytes(inputs) : 0;
  auto result = pump.Run(inputs, ctx, [&](const runtime::InputRecord& record, const Value* fields) {
    if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) {
      summary.cancelled = true;
      return false;
    }
    if (options.on_progress && pump.summary().events % 1024 == 0) {
      progress.bytes_done = pump.summary().bytes + record.offset + record.text.size() + 1;
      progress.events = pump.summary().events;
      options.on_progress(progress);
    }
    detector.Process(record.text, fields, ctx);
    return true;
  });
  summary.events = pump.summary().events;
  summary.malformed = pump.summary().malformed;
  if (!result) {
    return std::unexpected(result.error());
  }
  if (summary.cancelled) {
    return summary;
  }
  detector.Finish();
  std::vector<RuleMatches> shown;
  for (const auto& [name, m] : matches) {
    shown.push_back(m);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const RuleMatches& a, const RuleMatches& b) {
    return a.matches > b.matches;
  });
  Value columns[4];
  for (const RuleMatches& m : shown) {
    const std::string& name = m.rule->title.empty() ? m.rule->name : m.rule->title;
    columns[0] = Value::String(name);
    columns[1] = Value::Int(static_cast<int64_t>(m.matches));
    columns[2] = m.matches > 0 ? Value::Timestamp(m.first_ns) : Value::Null();
    columns[3] = m.matches > 0 ? Value::Timestamp(m.last_ns) : Value::Null();
    runtime::Row row;
    row.columns = columns;
    row.column_count = 4;
    writer.Write(row);
  }
  writer.Close();
  summary.rows = shown.size();
  return summary;
}

}  // namespace scry::cli::repl
