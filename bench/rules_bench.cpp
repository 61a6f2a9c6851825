// scry_rules_bench: what rules cost on top of parsing, and what compiling them costs.
//
// One run measures, over the same in-memory corpus (one NDJSON file repeated to ~1M records):
//   - parse only: the field extractor alone, reading exactly the fields the 500-rule set reads;
//   - 1 rule, and N generated rules (500 by default): extraction plus every rule, alerts
//     written to a discarding stream, as `scry run` does;
// and the time to compile 1 and N rules (parse, bind, LLVM codegen, optimisation, machine code).
// Each figure is the median of several runs; ratios are between medians of the same run.
#include <chrono>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "bench/rule_generator.hpp"
#include "compiler/driver/compile.hpp"
#include "rules/prelude.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/output/alert_writer.hpp"

#ifndef SCRY_BUILD_TYPE
#define SCRY_BUILD_TYPE "unknown"
#endif

namespace {

using namespace scry;
using namespace scry::bench;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string path;
  uint64_t min_records = 1'000'000;
  int runs = 5;
  size_t rules = 500;
  int compile_runs = 5;
};

// Alerts go nowhere, but through the same formatting `scry run` does.
class DiscardBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

struct RuleSetUnderTest {
  lang::SourceSet sources;
  std::optional<compiler::Compilation> compilation;
};

std::unique_ptr<RuleSetUnderTest> Compile(const std::string& text, compiler::Backend backend) {
  auto set = std::make_unique<RuleSetUnderTest>();
  std::vector<const lang::Source*> files;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    files.push_back(&set->sources.Add(file.name, file.text));
  }
  files.push_back(&set->sources.Add("<generated>", text));
  lang::DiagnosticList diagnostics;
  compiler::CompileOptions options;
  options.backend = backend;
  set->compilation = compiler::CompileRuleSet(files, diagnostics, options);
  if (!set->compilation || set->compilation->rules_failed > 0) {
    fmt::print(stderr, "scry_rules_bench: rules do not compile:\n{}", diagnostics.Render());
    std::exit(1);
  }
  return set;
}

struct Throughput {
  double events_per_second;
  uint64_t alerts_per_pass;
};

// Extraction plus every rule over the whole corpus, `runs` times; the median pass.
Throughput MeasureRules(const Corpus& corpus, compiler::Compilation& compilation, int runs) {
  compiler::Plan& plan = *compilation.plan;
  runtime::EventTimeReader time(plan.fields);
  runtime::FieldExtractor extractor(plan.fields);
  DiscardBuffer discard;
  std::ostream sink(&discard);
  runtime::AlertWriter alerts(sink);
  runtime::RuleRunner runner(plan, *compilation.program, time, alerts);
  std::vector<Value> slots(plan.fields.size());
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  std::vector<double> rates;
  uint64_t alerts_before = 0;
  uint64_t alerts_per_pass = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    for (size_t i = 0; i < corpus.records.size(); ++i) {
      arena.Reset();
      std::string_view record = corpus.record(i);
      if (extractor.Extract(record, slots.data(), arena)) {
        runner.Process(record, slots.data(), ctx);
      }
    }
    std::chrono::duration<double> elapsed = Clock::now() - start;
    rates.push_back(static_cast<double>(corpus.records.size()) / elapsed.count());
    alerts_per_pass = runner.alerts() - alerts_before;
    alerts_before = runner.alerts();
  }
  return {Median(rates), alerts_per_pass};
}

// The extractor alone, reading the same fields as `plan` (and the time fields alerts read).
double MeasureParseOnly(const Corpus& corpus, compiler::FieldSlotTable fields, int runs) {
  runtime::EventTimeReader time(fields);
  runtime::FieldExtractor extractor(fields);
  std::vector<Value> slots(fields.size());
  Arena arena;
  std::vector<double> rates;
  uint64_t present = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    for (size_t i = 0; i < corpus.records.size(); ++i) {
      arena.Reset();
      if (extractor.Extract(corpus.record(i), slots.data(), arena)) {
        present += slots[0].is_null() ? 0 : 1;
      }
    }
    std::chrono::duration<double> elapsed = Clock::now() - start;
    rates.push_back(static_cast<double>(corpus.records.size()) / elapsed.count());
  }
  return present > 0 ? Median(rates) : 0;
}

struct CompileTime {
  double total_ms, parse_bind_ms, codegen_ms, optimize_ms, machine_code_ms;
};

CompileTime MeasureCompile(const std::string& text, int runs) {
  std::vector<double> total, parse_bind, codegen, optimize, machine_code;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    auto set = Compile(text, compiler::Backend::kJit);
    total.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    const compiler::CompileStats& stats = set->compilation->stats;
    parse_bind.push_back(stats.parse_ms + stats.bind_ms);
    codegen.push_back(stats.jit.codegen_ms);
    optimize.push_back(stats.jit.optimize_ms);
    machine_code.push_back(stats.jit.compile_ms);
  }
  return {Median(total), Median(parse_bind), Median(codegen), Median(optimize),
          Median(machine_code)};
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app("Rule evaluation throughput and JIT compile time of scry.");
  app.add_option("file", options.path, "NDJSON input (plain or gzip)")->required();
  app.add_option("--records", options.min_records, "repeat the input to at least this many");
  app.add_option("--runs", options.runs, "timed passes per configuration; the median is reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--rules", options.rules, "size of the generated rule set");
  app.add_option("--compile-runs", options.compile_runs, "compilations timed per rule set")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  auto corpus = LoadCorpus(options.path, options.min_records);
  if (!corpus) {
    fmt::print(stderr, "scry_rules_bench: {}\n", corpus.error());
    return 1;
  }
  std::string many_text = GenerateRules(options.rules);
  auto one = Compile(OneRule(), compiler::Backend::kJit);
  auto many = Compile(many_text, compiler::Backend::kJit);

  double parse_only = MeasureParseOnly(*corpus, many->compilation->plan->fields, options.runs);
  Throughput one_rule = MeasureRules(*corpus, *one->compilation, options.runs);
  Throughput many_rules = MeasureRules(*corpus, *many->compilation, options.runs);
  CompileTime compile_one = MeasureCompile(OneRule(), options.compile_runs);
  CompileTime compile_many = MeasureCompile(many_text, options.compile_runs);

  fmt::print("### Rule evaluation (scry_rules_bench)\n\n");
  fmt::print("- input: `{}`: {} records repeated in memory to {} ({:.0f} MB); 1 thread\n",
             BaseName(options.path), Grouped(corpus->base_records), Grouped(corpus->records.size()),
             static_cast<double>(corpus->total_bytes()) / 1e6);
  fmt::print("- {} build; {}; median of {} passes each\n\n", SCRY_BUILD_TYPE, CpuModel(),
             options.runs);
  fmt::print(
      "| configuration | rules | fields read | median events/s | vs parse-only | alerts per pass "
      "|\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  size_t fields = many->compilation->plan->fields.size();
  fmt::print("| parse only (fields of the {}-rule set) | 0 | {} | {} | 100% | - |\n", options.rules,
             fields, Grouped(static_cast<uint64_t>(parse_only)));
  fmt::print("| 1 rule (encoded PowerShell) | 1 | {} | {} | {:.0f}% | {} |\n",
             one->compilation->plan->fields.size(),
             Grouped(static_cast<uint64_t>(one_rule.events_per_second)),
             100 * one_rule.events_per_second / parse_only, Grouped(one_rule.alerts_per_pass));
  fmt::print("| {} generated rules | {} | {} | {} | {:.0f}% | {} |\n\n", options.rules,
             options.rules, fields, Grouped(static_cast<uint64_t>(many_rules.events_per_second)),
             100 * many_rules.events_per_second / parse_only, Grouped(many_rules.alerts_per_pass));

  fmt::print("### JIT compile time (median of {})\n\n", options.compile_runs);
  fmt::print(
      "| rules | total ms | parse + bind ms | IR codegen ms | optimize ms | machine code ms |\n");
  fmt::print("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (auto [count, time] :
       {std::pair{size_t{1}, compile_one}, std::pair{options.rules, compile_many}}) {
    fmt::print("| {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} | {:.1f} |\n", count, time.total_ms,
               time.parse_bind_ms, time.codegen_ms, time.optimize_ms, time.machine_code_ms);
  }
  return 0;
}
