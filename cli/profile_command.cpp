// `scry explain --rules PATH... --profile INPUT...`: runs the rules over the inputs on one
// thread and reports what each costs, so a user sees which rule is expensive and why: how
// often its source matched, how often the prefilter let it run, how often it matched, and the
// time its compiled code took per event of the input.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <numeric>
#include <ostream>
#include <streambuf>

#include <fmt/format.h>

#include "cli/cache_location.hpp"
#include "cli/command_support.hpp"
#include "cli/rule_loader.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/output/alert_writer.hpp"

namespace scry::cli {

namespace {

// Alerts are counted, not printed: the profile is about the rules' cost.
class DiscardBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

std::string Percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? "-"
                    : fmt::format("{:.1f}%",
                                  100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace

int ProfileRules(const ExplainOptions& options) {
  if (options.rules.empty()) {
    return Fail(kExitUsage, "--profile needs --rules PATH");
  }
  if (auto inputs = CheckInputs(options.profile); !inputs) {
    return Fail(kExitUsage, inputs.error());
  }
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  auto rules = LoadRules(options.rules, options.sigma, sources, diagnostics);
  if (!rules) {
    return Fail(kExitUsage, rules.error());
  }
  auto compilation =
      compiler::CompileRuleSet(std::move(*rules), diagnostics, MakeCompileOptions(options.common));
  PrintDiagnostics(diagnostics);
  if (!compilation) {
    return kExitErrors;
  }
  auto dead_letters = OpenDeadLetters("");
  if (!dead_letters) {
    return Fail(kExitUsage, dead_letters.error());
  }
  auto clock = EventClock::Create(options.common);
  if (!clock) {
    return Fail(kExitUsage, clock.error());
  }

  compiler::Plan& plan = *compilation->plan;
  runtime::EventTimeReader time(plan.fields);
  DiscardBuffer discard;
  std::ostream sink(&discard);
  runtime::AlertWriter alerts(sink);
  runtime::RuleIndexOptions index_options;
  index_options.cache_dir = CacheDirectory(options.common);
  runtime::RuleRunner runner(plan, *compilation->program, time, alerts, nullptr,
                             std::make_shared<const runtime::RuleIndex>(plan, index_options));
  runner.EnableProfile();
  runtime::EventPump pump(plan.fields, **dead_letters);
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  auto start = std::chrono::steady_clock::now();
  auto result =
      pump.Run(options.profile, ctx, [&](const runtime::InputRecord& record, const Value* fields) {
        ctx.now_ns = clock->Next();
        runner.Process(record.text, fields, ctx);
        return true;
      });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result) {
    return Fail(kExitErrors, result.error());
  }

  uint64_t events = pump.summary().events;
  const auto& profile = runner.profile();
  uint64_t considered = 0;
  uint64_t evaluated = 0;
  uint64_t rule_ns = 0;
  for (const auto& rule : profile) {
    considered += rule.considered;
    evaluated += rule.evaluated;
    rule_ns += rule.nanoseconds;
  }
  const runtime::RuleIndex& index = runner.index();
  std::cout << fmt::format("{} in {:.2f} s ({:.0f} events/s on one thread, profiling on), {}\n",
                           Counted(events, "event"), seconds,
                           seconds > 0 ? static_cast<double>(events) / seconds : 0.0,
                           Counted(runner.alerts(), "alert"));
  auto dispatch_slot = index.dispatch().slot();
  std::cout << fmt::format(
      "{} in {}; source dispatch on {} ({} groups by value)\n", Counted(plan.rules.size(), "rule"),
      Counted(index.groups().size(), "source group"),
      dispatch_slot ? plan.fields.Dotted(*dispatch_slot) : std::string("no field"),
      index.dispatch().dispatched_groups());
  if (auto rule_slot = index.rule_dispatch_slot()) {
    std::cout << fmt::format("rule dispatch within groups on {}\n", plan.fields.Dotted(*rule_slot));
  }
  if (const auto* prefilter = index.prefilter()) {
    std::cout << fmt::format(
        "prefilter: {} literals in {} field databases ({} from the cache); {:.1f} fields "
        "scanned per event ({:.0f} bytes)\n",
        prefilter->literal_count(), prefilter->database_count(), prefilter->databases_loaded(),
        events ? static_cast<double>(runner.prefilter_scans()) / static_cast<double>(events) : 0,
        events ? static_cast<double>(runner.prefilter_bytes()) / static_cast<double>(events) : 0);
  } else {
    std::cout << "prefilter: off"
              << (index.prefilter_error().empty() ? "" : " (" + index.prefilter_error() + ")")
              << "\n";
  }
  double per_event = events ? 1.0 / static_cast<double>(events) : 0;
  std::cout << fmt::format(
      "per event: {:.1f} rules met by source, {:.1f} run after the prefilter ({} of those met), "
      "{:.0f} ns in rule code\n",
      static_cast<double>(considered) * per_event, static_cast<double>(evaluated) * per_event,
      Percent(evaluated, considered), static_cast<double>(rule_ns) * per_event);

  if (index.prefilter() != nullptr) {
    std::vector<uint64_t> scan_ns = runner.prefilter_slot_nanoseconds();
    std::vector<size_t> slots(scan_ns.size());
    std::iota(slots.begin(), slots.end(), 0);
    std::stable_sort(slots.begin(), slots.end(),
                     [&](size_t a, size_t b) { return scan_ns[a] > scan_ns[b]; });
    std::cout << "prefilter scans, most expensive fields (ns/event):";
    for (size_t i = 0; i < std::min<size_t>(5, slots.size()) && scan_ns[slots[i]] > 0; ++i) {
      std::string name = slots[i] < plan.fields.size()
                             ? plan.fields.Dotted(static_cast<uint32_t>(slots[i]))
                             : std::string("* (the record)");
      std::cout << fmt::format(" {} {:.0f};", name,
                               static_cast<double>(scan_ns[slots[i]]) * per_event);
    }
    std::cout << "\n\n";
  }

  std::vector<size_t> order(profile.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return profile[a].nanoseconds > profile[b].nanoseconds;
  });
  std::cout << fmt::format("{:>9}  {:>7}  {:>9}  {:>9}  {:>7}  {}\n", "ns/event", "share", "met",
                           "run", "matched", "rule");
  size_t shown = 0;
  for (size_t r : order) {
    const auto& rule = profile[r];
    if (shown++ >= options.top || rule.considered == 0) {
      break;
    }
    std::cout << fmt::format("{:>9.1f}  {:>7}  {:>9}  {:>9}  {:>7}  {}\n",
                             static_cast<double>(rule.nanoseconds) * per_event,
                             Percent(rule.nanoseconds, rule_ns), Percent(rule.considered, events),
                             Percent(rule.evaluated, rule.considered), rule.matched,
                             plan.rules[r].info.name);
  }
  std::cout << "\nns/event: time in the rule's own code per event of the input; met: events "
               "whose source matched the rule's; run: of those, the share the prefilter let "
               "through\n";
  return kExitOk;
}

}  // namespace scry::cli
