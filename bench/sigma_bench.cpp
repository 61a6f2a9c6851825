// scry_sigma_bench: the real Sigma corpus in the engine: events/s with every rule loaded, next
// to parse-only over the same fields, and what loading and compiling the corpus costs.
//
// The rules are loaded, transpiled through a Sigma pipeline (`windows` by default) and compiled
// exactly as `scry run --rules DIR` does (cli/rule_loader.cpp), with the prelude's sources.
// The events of one NDJSON file are repeated in memory to ~1M records, then:
//   - parse only: the field extractor over exactly the fields the compiled corpus reads;
//   - the corpus: extraction plus every rule, alerts written to a discarding stream;
//   - the corpus on all cores: the same through runtime::ParallelDetector (a reader thread,
//     one worker per core, output in input order), as `scry run` does by default;
// each the median of several passes. Compile time is the median of several full loads
// (YAML → Sigma model → scry syntax trees → bind → LLVM → machine code), files already read:
// cold (an empty object cache: every partition compiled) and warm (the cache the cold loads
// filled: every partition loaded, and no YAML parsed), as a `scry run` started the first time
// and again. Last, `scry run` itself over the same records written to a file, on one thread and
// on all cores: wall time and peak RSS of the whole process (--process-runs 0 skips it).
#include <algorithm>
#include <chrono>
#include <expected>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench/bench_support.hpp"
#include "compiler/driver/compile.hpp"
#include "rules/prelude.hpp"
#include "rules/sigma/sigma_batch_loader.hpp"
#include "rules/sigma/sigma_pipeline.hpp"
#include "rules/sigma/sigma_transpiler.hpp"
#include "rules/sigma/yaml_tree_cache.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/engine/parallel_detector.hpp"
#include "runtime/engine/rule_index.hpp"
#include "runtime/engine/rule_runner.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/input/memory_records.hpp"
#include "runtime/output/alert_writer.hpp"

#ifndef SCRY_BUILD_TYPE
#define SCRY_BUILD_TYPE "unknown"
#endif

namespace {

using namespace scry;
using namespace scry::bench;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string events;
  std::string rules;
  std::string pipeline = "windows";
  uint64_t min_records = 1'000'000;
  int runs = 5;
  int compile_runs = 3;
  std::string backend = "jit";
  std::string cache_dir;  // "" = a temporary folder, removed at the end
  size_t partition_size = compiler::JitOptions().partition_size;
  unsigned threads = 0;            // workers of the "all cores" row; 0 = one per core
  std::string scry = SCRY_BINARY;  // for the end-to-end runs
  int process_runs = 1;            // end-to-end runs of each kind; 0 = none
};

// Alerts go nowhere, but through the same formatting `scry run` does.
class DiscardBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

struct SigmaText {
  std::string path;
  std::string text;
};

std::vector<SigmaText> ReadSigmaFiles(const std::string& root) {
  std::vector<std::string> paths;
  if (std::filesystem::is_directory(root)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      std::string extension = entry.path().extension().string();
      if (entry.is_regular_file() && (extension == ".yml" || extension == ".yaml")) {
        paths.push_back(entry.path().string());
      }
    }
  } else {
    paths.push_back(root);
  }
  std::sort(paths.begin(), paths.end());
  std::vector<SigmaText> files;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back({path, text.str()});
  }
  return files;
}

// One load of the corpus, with the time of each stage (ms).
struct LoadedCorpus {
  lang::SourceSet sources;
  std::optional<compiler::Compilation> compilation;
  size_t rules = 0;
  size_t failed = 0;
  size_t unmapped = 0;
  double load_ms = 0, transpile_ms = 0, compile_ms = 0;
  double total_ms() const { return load_ms + transpile_ms + compile_ms; }
};

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::unique_ptr<LoadedCorpus> LoadAndCompile(const std::vector<SigmaText>& files,
                                             const sigma::SigmaPipeline& pipeline,
                                             compiler::Backend backend,
                                             const std::string& cache_dir, size_t partition_size) {
  auto corpus = std::make_unique<LoadedCorpus>();
  lang::DiagnosticList diagnostics(1'000'000);
  compiler::RuleSetInput input;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    input.files.push_back(&corpus->sources.Add(file.name, file.text));
  }
  auto start = Clock::now();
  sigma::SigmaDocuments documents;
  std::vector<const lang::Source*> sources;
  for (const SigmaText& file : files) {
    sources.push_back(&corpus->sources.Add(file.path, file.text));
  }
  // On every core, with the YAML tree cache, as `scry run` loads them.
  std::unique_ptr<sigma::YamlTreeCache> yaml_cache;
  if (!cache_dir.empty()) {
    yaml_cache = sigma::YamlTreeCache::Open(std::filesystem::path(cache_dir) / "sigma", sources);
  }
  sigma::LoadSigmaFiles(sources, documents, diagnostics, 0, yaml_cache.get());
  if (yaml_cache != nullptr) {
    yaml_cache->Save();
  }
  corpus->load_ms = MsSince(start);
  start = Clock::now();
  sigma::SigmaTranspileResult result = sigma::TranspileSigma(documents, pipeline, diagnostics);
  corpus->transpile_ms = MsSince(start);
  for (const auto& [logsource, count] : result.unmapped_logsources) {
    corpus->unmapped += count;
  }
  input.imported_rules_total = documents.failed + result.failed;
  input.imported_rules_failed = documents.failed + result.failed;
  input.modules.push_back(std::move(result.module));
  compiler::CompileOptions options;
  options.backend = backend;
  options.jit.cache_dir = cache_dir;
  options.jit.partition_size = partition_size;
  start = Clock::now();
  corpus->compilation = compiler::CompileRuleSet(std::move(input), diagnostics, options);
  corpus->compile_ms = MsSince(start);
  if (!corpus->compilation) {
    fmt::print(stderr, "scry_sigma_bench: the corpus does not compile:\n{}", diagnostics.Render());
    std::exit(1);
  }
  corpus->rules = corpus->compilation->rules_total;
  corpus->failed = corpus->compilation->rules_failed;
  return corpus;
}

// Per-event time of the one-thread engine (extraction and rules), and what it took to build
// the rule index (dispatch table and Hyperscan databases) before the first event.
struct Latency {
  double p50_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;
  double index_ms = 0;
};

struct Throughput {
  double events_per_second;
  uint64_t alerts_per_pass;
};

// One thread: throughput over `runs` passes, then one more pass timing every event (kept apart,
// so reading the clock twice per event does not slow the throughput passes).
Throughput MeasureRules(const Corpus& events, compiler::Compilation& compilation, int runs,
                        Latency* latency) {
  compiler::Plan& plan = *compilation.plan;
  runtime::EventTimeReader time(plan.fields);
  runtime::FieldExtractor extractor(plan.fields);
  DiscardBuffer discard;
  std::ostream sink(&discard);
  runtime::AlertWriter alerts(sink);
  auto index_start = Clock::now();
  auto index = std::make_shared<const runtime::RuleIndex>(plan, runtime::RuleIndexOptions{});
  latency->index_ms = MsSince(index_start);
  runtime::RuleRunner runner(plan, *compilation.program, time, alerts, nullptr, index);
  std::vector<Value> slots(std::max<uint32_t>(plan.fields.size(), 1));
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  std::vector<double> rates;
  uint64_t alerts_before = 0;
  uint64_t alerts_per_pass = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    for (size_t i = 0; i < events.records.size(); ++i) {
      arena.Reset();
      std::string_view record = events.record(i);
      if (extractor.Extract(record, slots.data(), arena)) {
        runner.Process(record, slots.data(), ctx);
      }
    }
    std::chrono::duration<double> elapsed = Clock::now() - start;
    rates.push_back(static_cast<double>(events.records.size()) / elapsed.count());
    alerts_per_pass = runner.alerts() - alerts_before;
    alerts_before = runner.alerts();
  }
  std::vector<double> ns(events.records.size());
  for (size_t i = 0; i < events.records.size(); ++i) {
    auto start = Clock::now();
    arena.Reset();
    std::string_view record = events.record(i);
    if (extractor.Extract(record, slots.data(), arena)) {
      runner.Process(record, slots.data(), ctx);
    }
    ns[i] = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  }
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) {
    return ns[static_cast<size_t>(q * static_cast<double>(ns.size() - 1))];
  };
  latency->p50_ns = at(0.50);
  latency->p99_ns = at(0.99);
  latency->p999_ns = at(0.999);
  latency->max_ns = ns.back();
  return {Median(rates), alerts_per_pass};
}

// The corpus on `threads` workers (0 = one per core), alerts formatted and discarded as above.
Throughput MeasureRulesParallel(const Corpus& events, compiler::Compilation& compilation,
                                unsigned threads, int runs, unsigned* used) {
  compiler::Plan& plan = *compilation.plan;
  runtime::EventTimeReader time(plan.fields);
  runtime::ParallelDetector parallel(plan, *compilation.program, time, {.threads = threads});
  *used = parallel.threads();
  DiscardBuffer discard;
  std::ostream sink(&discard);
  runtime::DeadLetterWriter dead_letters(
      std::fopen("/dev/null", "we"), runtime::DeadLetterWriter::Format::kNdjson, "/dev/null", true);
  std::vector<std::string_view> records = events.views();
  std::vector<double> rates;
  uint64_t alerts_per_pass = 0;
  for (int r = 0; r < runs; ++r) {
    runtime::MemoryRecords source(records);
    auto start = Clock::now();
    auto run = parallel.Run(
        source, [] { return int64_t{0}; }, sink, dead_letters);
    std::chrono::duration<double> elapsed = Clock::now() - start;
    if (!run) {
      fmt::print(stderr, "scry_sigma_bench: {}\n", run.error());
      std::exit(1);
    }
    rates.push_back(static_cast<double>(events.records.size()) / elapsed.count());
    alerts_per_pass = parallel.alerts();
  }
  return {Median(rates), alerts_per_pass};
}

// The extractor alone over `fields` (the compiled corpus' fields, time fields included).
double MeasureParseOnly(const Corpus& events, const compiler::FieldSlotTable& fields, int runs) {
  runtime::FieldExtractor extractor(fields);
  std::vector<Value> slots(std::max<uint32_t>(fields.size(), 1));
  Arena arena;
  std::vector<double> rates;
  uint64_t parsed = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    for (size_t i = 0; i < events.records.size(); ++i) {
      arena.Reset();
      parsed += extractor.Extract(events.record(i), slots.data(), arena) ? 1 : 0;
    }
    std::chrono::duration<double> elapsed = Clock::now() - start;
    rates.push_back(static_cast<double>(events.records.size()) / elapsed.count());
  }
  return parsed > 0 ? Median(rates) : 0;
}

// `scry run` itself over the same records written to a file, as a user runs it: the whole
// process (start, reading, extraction, rules, alerts to /dev/null) with a warm object cache.
// Its peak RSS is what the engine needs, without this benchmark's records held in memory.
struct EndToEnd {
  std::vector<double> one_thread_ms, all_cores_ms;
  double one_thread_rss_mib = 0, all_cores_rss_mib = 0;
};

std::expected<EndToEnd, std::string> MeasureScryRun(const Corpus& events, const Options& options) {
  namespace fs = std::filesystem;
  fs::path scratch = fs::temp_directory_path() / fmt::format("scry_sigma_bench_run_{}", ::getpid());
  fs::create_directories(scratch);
  fs::path input = scratch / "events.ndjson";
  fs::path empty = scratch / "empty.ndjson";
  std::ofstream(input, std::ios::binary)
      .write(events.bytes.data(), static_cast<std::streamsize>(events.total_bytes()));
  std::ofstream(empty).close();
  std::vector<std::string> args = {
      options.scry,     "run",      "--rules",   options.rules, "--pipeline",
      options.pipeline, "--output", "/dev/null", "--cache-dir", (scratch / "cache").string(),
      "--input"};
  EndToEnd out;
  std::string failed;
  std::vector<std::string> warm_up = args;
  warm_up.push_back(empty.string());
  if (!RunProcess(warm_up).ok) {
    failed = fmt::format("{}", fmt::join(warm_up, " "));
  }
  args.push_back(input.string());
  for (int r = 0; r < options.process_runs && failed.empty(); ++r) {
    for (bool one_thread : {true, false}) {
      std::vector<std::string> run_args = args;
      if (one_thread || options.threads != 0) {
        run_args.insert(run_args.end(),
                        {"--threads", std::to_string(one_thread ? 1 : options.threads)});
      }
      ProcessRun run = RunProcess(run_args);
      if (!run.ok) {
        failed = fmt::format("{}", fmt::join(run_args, " "));
        break;
      }
      (one_thread ? out.one_thread_ms : out.all_cores_ms).push_back(run.ms);
      double& rss = one_thread ? out.one_thread_rss_mib : out.all_cores_rss_mib;
      rss = std::max(rss, static_cast<double>(run.peak_rss_kib) / 1024.0);
    }
  }
  fs::remove_all(scratch);
  if (!failed.empty()) {
    return std::unexpected(fmt::format("failed: {}", failed));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (IsMeasuringRun(argc, argv)) {
    return RunMeasuring(argv);
  }
  Options options;
  CLI::App app("Events/s of scry with a whole Sigma corpus, and the corpus' load+compile time.");
  app.add_option("events", options.events, "NDJSON input (plain or gzip)")->required();
  app.add_option("--rules", options.rules, "Sigma rule file or folder")->required();
  app.add_option("--pipeline", options.pipeline, "Sigma pipeline: built-in name or file");
  app.add_option("--records", options.min_records, "repeat the input to at least this many");
  app.add_option("--runs", options.runs, "timed passes per configuration; the median is reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--compile-runs", options.compile_runs, "full loads timed; the median is reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--threads", options.threads,
                 "workers of the parallel row (default 0: one per core)");
  app.add_option("--backend", options.backend, "jit or reference")
      ->check(CLI::IsMember({"jit", "reference"}));
  app.add_option("--cache-dir", options.cache_dir,
                 "object cache folder for the cold and warm loads (emptied first; default: a "
                 "temporary folder)");
  app.add_option("--partition-size", options.partition_size,
                 "expressions per compiled partition, on average");
  app.add_option("--scry", options.scry, "the scry binary of the end-to-end runs");
  app.add_option("--process-runs", options.process_runs,
                 "end-to-end `scry run` runs of each kind (0: none); the median is reported");
  CLI11_PARSE(app, argc, argv);

  auto pipeline = sigma::LoadPipeline(options.pipeline);
  if (!pipeline) {
    fmt::print(stderr, "scry_sigma_bench: {}\n", pipeline.error());
    return 1;
  }
  std::vector<SigmaText> files = ReadSigmaFiles(options.rules);
  auto events = LoadCorpus(options.events, options.min_records);
  if (!events) {
    fmt::print(stderr, "scry_sigma_bench: {}\n", events.error());
    return 1;
  }
  compiler::Backend backend =
      options.backend == "jit" ? compiler::Backend::kJit : compiler::Backend::kReference;

  // Compile time first, on a quiet heap; the last load is the one that runs. Cold loads each
  // start from an empty cache; warm loads find what the cold ones stored.
  bool temporary_cache = options.cache_dir.empty();
  std::filesystem::path cache_dir = temporary_cache
                                        ? std::filesystem::temp_directory_path()
                                              / fmt::format("scry_sigma_bench_cache_{}", ::getpid())
                                        : std::filesystem::path(options.cache_dir);
  struct Stage {
    std::vector<double> load_ms, transpile_ms, bind_ms, keys_ms, objects_ms, link_ms, codegen_ms,
        total_ms;
    size_t compiled = 0, loaded = 0, objects = 0;
  };
  Stage cold, warm;
  std::unique_ptr<LoadedCorpus> corpus;
  for (int pass = 0; pass < 2 * options.compile_runs; ++pass) {
    bool is_cold = pass < options.compile_runs;
    if (is_cold) {
      std::filesystem::remove_all(cache_dir);
    }
    corpus = LoadAndCompile(files, *pipeline, backend, cache_dir.string(), options.partition_size);
    const compiler::CompileStats& stats = corpus->compilation->stats;
    Stage& stage = is_cold ? cold : warm;
    stage.load_ms.push_back(corpus->load_ms);
    stage.transpile_ms.push_back(corpus->transpile_ms);
    stage.bind_ms.push_back(stats.parse_ms + stats.bind_ms);
    stage.keys_ms.push_back(stats.jit.key_ms);
    stage.objects_ms.push_back(stats.jit.objects_ms);
    stage.link_ms.push_back(stats.jit.link_ms);
    stage.codegen_ms.push_back(corpus->compile_ms - stats.parse_ms - stats.bind_ms);
    stage.total_ms.push_back(corpus->total_ms());
    stage.compiled = stats.jit.compiled;
    stage.loaded = stats.jit.loaded;
    stage.objects = stats.jit.objects;
  }
  if (temporary_cache) {
    std::filesystem::remove_all(cache_dir);
  }
  compiler::Compilation& compilation = *corpus->compilation;
  Latency latency;
  Throughput with_rules = MeasureRules(*events, compilation, options.runs, &latency);
  unsigned cores = 0;
  Throughput all_cores =
      runtime::ParallelDetector::Supports(*compilation.plan)
          ? MeasureRulesParallel(*events, compilation, options.threads, options.runs, &cores)
          : Throughput{0, 0};
  // After MeasureRules: the plan's table now holds the time fields alerts read, as in `run`.
  double parse_only = MeasureParseOnly(*events, compilation.plan->fields, options.runs);

  fmt::print("### Sigma corpus (scry_sigma_bench)\n\n");
  fmt::print(
      "- rules: `{}`: {} files, {} rules ({} failed), pipeline `{}`, {} rules in log "
      "sources the pipeline does not map\n",
      options.rules, files.size(), corpus->rules, corpus->failed, pipeline->name, corpus->unmapped);
  fmt::print(
      "- input: `{}`: {} records repeated in memory to {} ({:.0f} MB); 1 thread unless "
      "said\n",
      BaseName(options.events), Grouped(events->base_records), Grouped(events->records.size()),
      static_cast<double>(events->total_bytes()) / 1e6);
  fmt::print("- {} build, {} back end; {}; median of {} passes each\n\n", SCRY_BUILD_TYPE,
             options.backend, CpuModel(), options.runs);
  fmt::print(
      "| configuration | rules | fields read | median events/s | vs parse-only | alerts per "
      "pass |\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  size_t fields = compilation.plan->fields.size();
  fmt::print("| parse only (fields of the corpus) | 0 | {} | {} | 100% | - |\n", fields,
             Grouped(static_cast<uint64_t>(parse_only)));
  fmt::print("| whole Sigma corpus | {} | {} | {} | {:.0f}% | {} |\n",
             compilation.plan->rules.size(), fields,
             Grouped(static_cast<uint64_t>(with_rules.events_per_second)),
             100 * with_rules.events_per_second / parse_only, Grouped(with_rules.alerts_per_pass));
  if (cores > 0) {
    fmt::print("| whole Sigma corpus, {} ({} workers) | {} | {} | {} | {:.0f}% | {} |\n",
               options.threads == 0 ? "all cores" : "parallel engine", cores,
               compilation.plan->rules.size(), fields,
               Grouped(static_cast<uint64_t>(all_cores.events_per_second)),
               100 * all_cores.events_per_second / parse_only, Grouped(all_cores.alerts_per_pass));
    fmt::print("\nParallel engine vs one thread: {:.2f}x ({} hardware threads).\n\n",
               all_cores.events_per_second / with_rules.events_per_second,
               std::thread::hardware_concurrency());
  } else {
    fmt::print("\n");
  }

  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  fmt::print("### Latency and memory (one thread)\n\n");
  fmt::print(
      "| p50 ns/event | p99 ns/event | p99.9 ns/event | max ns/event | rule index build ms | "
      "peak RSS MiB |\n");
  fmt::print("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
  fmt::print("| {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |\n\n", latency.p50_ns,
             latency.p99_ns, latency.p999_ns, latency.max_ns, latency.index_ms,
             static_cast<double>(usage.ru_maxrss) / 1024.0);
  fmt::print(
      "Peak RSS is the whole benchmark process: the corpus compiled {} times, and {} MB of "
      "events held in memory (`scry run` end to end, below, shows what the engine needs).\n\n",
      2 * options.compile_runs, static_cast<uint64_t>(events->total_bytes() / 1'000'000));

  fmt::print("### Corpus load and compile time (median of {} loads each)\n\n",
             options.compile_runs);
  fmt::print(
      "| object cache | YAML load ms | transpile ms | parse + bind ms | codegen + JIT ms | (keys "
      "ms | objects ms | link ms) | total ms | objects compiled / loaded |\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, stage] : {std::pair<const char*, const Stage&>{"cold (empty)", cold},
                                    std::pair<const char*, const Stage&>{"warm (filled)", warm}}) {
    fmt::print(
        "| {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {} / "
        "{} of {} |\n",
        name, Median(stage.load_ms), Median(stage.transpile_ms), Median(stage.bind_ms),
        Median(stage.codegen_ms), Median(stage.keys_ms), Median(stage.objects_ms),
        Median(stage.link_ms), Median(stage.total_ms), stage.compiled, stage.loaded, stage.objects);
  }
  if (options.process_runs <= 0) {
    return 0;
  }
  auto end_to_end = MeasureScryRun(*events, options);
  if (!end_to_end) {
    fmt::print(stderr, "scry_sigma_bench: {}\n", end_to_end.error());
    return 1;
  }
  fmt::print("\n### `scry run` end to end (median of {} runs each)\n\n", options.process_runs);
  fmt::print("| threads | wall s | events/s | peak RSS MiB |\n| --- | ---: | ---: | ---: |\n");
  auto records = static_cast<double>(events->records.size());
  for (const auto& [name, ms, rss] :
       {std::tuple{"1", Median(end_to_end->one_thread_ms), end_to_end->one_thread_rss_mib},
        std::tuple{options.threads == 0 ? "all cores" : "--threads N",
                   Median(end_to_end->all_cores_ms), end_to_end->all_cores_rss_mib}}) {
    fmt::print("| {} | {:.2f} | {} | {:.0f} |\n", name, ms / 1000,
               Grouped(static_cast<uint64_t>(records / (ms / 1000))), rss);
  }
  fmt::print(
      "\n`scry run --rules {} --input FILE --output /dev/null`, FILE the {} records above "
      "written out ({:.0f} MB, read back through the page cache), the object cache filled by a "
      "run before: the whole process from start to exit; peak RSS the largest of the runs.\n",
      options.rules, Grouped(events->records.size()),
      static_cast<double>(events->total_bytes()) / 1e6);
  return 0;
}
