// scry_scan_bench: how fast a hunting query scans NDJSON on disk, next to parsing alone.
//
// Builds (or reuses) an NDJSON file of at least --size-mb by repeating the dev events, then times
// over that file, each --runs times (the median is the figure to quote):
//   - parse-only: the record reader and the field extractor (simdjson) on one thread, reading
//     just the fields the query reads;
//   - the query through ScanQuery (what `scry query` runs) on one thread and on every core, its
//     rows counted, not printed.
// MB/s are of the file's bytes. The file is read through the page cache: the first run warms
// it, so with enough memory the figures are CPU figures, not disk ones. See bench/README.md.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "compiler/driver/compile.hpp"
#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "runtime/engine/query_scan.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "stdlib/arena.hpp"

#ifndef SCRY_BUILD_TYPE
#define SCRY_BUILD_TYPE "unknown"
#endif
#ifndef SCRY_SHARED_DIR
#define SCRY_SHARED_DIR "../shared"
#endif

namespace {

using namespace scry;
using namespace scry::bench;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  std::string file = "/tmp/scry_scan_bench.ndjson";
  std::vector<std::string> sources;
  uint64_t size_mb = 1024;
  int runs = 3;
  std::string query = "where EventID == 1 | summarize count() by Image";
  unsigned threads = 0;
};

// Repeats the sources' lines into `path` until it holds `bytes`; an existing file that large is
// kept (delete it to rebuild).
std::expected<uint64_t, std::string> MakeInput(const Options& options, uint64_t bytes) {
  std::error_code error;
  if (fs::exists(options.file) && fs::file_size(options.file, error) >= bytes) {
    return fs::file_size(options.file);
  }
  std::string block;
  for (const std::string& source : options.sources) {
    std::ifstream in(source, std::ios::binary);
    if (!in) {
      return std::unexpected("cannot read " + source);
    }
    block.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!block.empty() && block.back() != '\n') {
      block += '\n';
    }
  }
  if (block.empty()) {
    return std::unexpected("the sources hold no records");
  }
  std::ofstream out(options.file, std::ios::binary | std::ios::trunc);
  uint64_t written = 0;
  while (written < bytes && out) {
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
    written += block.size();
  }
  if (!out) {
    return std::unexpected("cannot write " + options.file);
  }
  return written;
}

// Counts rows; prints nothing.
class CountingWriter final : public runtime::RowWriter {
 public:
  void Write(const runtime::Row&) override { ++rows_; }
  void Close() override {}
};

struct Timing {
  double seconds;
  uint64_t events;
};

std::expected<Timing, std::string> ParseOnce(const std::string& path,
                                             const compiler::FieldSlotTable& fields) {
  auto reader = runtime::RecordReader::Open(path);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  runtime::FieldExtractor extractor(fields);
  std::vector<Value> slots(std::max<uint32_t>(fields.size(), 1));
  Arena arena;
  uint64_t events = 0;
  auto start = Clock::now();
  runtime::InputRecord record;
  while ((*reader)->Next(record)) {
    arena.Reset();
    events += extractor.Extract(record.text, slots.data(), arena).has_value() ? 1 : 0;
  }
  std::chrono::duration<double> elapsed = Clock::now() - start;
  return Timing{elapsed.count(), events};
}

std::expected<Timing, std::string> ScanOnce(const std::string& path,
                                            const compiler::Compilation& compilation,
                                            unsigned threads, uint64_t* rows) {
  CountingWriter writer;
  auto dead_letters = runtime::DeadLetterWriter::Open("/dev/null");
  if (!dead_letters) {
    return std::unexpected(dead_letters.error());
  }
  runtime::ScanOptions options;
  options.threads = threads;
  auto start = Clock::now();
  auto summary = runtime::ScanQuery(*compilation.plan, *compilation.program, {path}, writer,
                                    **dead_letters, options);
  std::chrono::duration<double> elapsed = Clock::now() - start;
  if (!summary) {
    return std::unexpected(summary.error());
  }
  *rows = summary->rows;
  return Timing{elapsed.count(), summary->events};
}

template <typename F>
std::expected<Timing, std::string> Median(int runs, F once) {
  std::vector<Timing> timings;
  for (int i = 0; i < runs; ++i) {
    auto timing = once();
    if (!timing) {
      return std::unexpected(timing.error());
    }
    timings.push_back(*timing);
  }
  std::sort(timings.begin(), timings.end(),
            [](const Timing& a, const Timing& b) { return a.seconds < b.seconds; });
  return timings[timings.size() / 2];
}

void PrintRow(const std::string& what, unsigned threads, const Timing& timing, uint64_t bytes) {
  double mb_s = static_cast<double>(bytes) / 1e6 / timing.seconds;
  fmt::print("| {} | {} | {:.2f} | {:.0f} | {:.0f} | {} |\n", what, threads, timing.seconds, mb_s,
             mb_s / threads, Grouped(static_cast<uint64_t>(timing.events / timing.seconds)));
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (const char* name : {"attack.ndjson", "regression.ndjson", "regression.nested.ndjson"}) {
    options.sources.push_back(std::string(SCRY_SHARED_DIR) + "/events/dev/" + name);
  }
  CLI::App app("Scan throughput of a hunting query over >= 1 GB of NDJSON, next to parse-only.");
  app.add_option("--file", options.file, "the NDJSON file to scan (built when missing or small)");
  app.add_option("--sources", options.sources, "files repeated to build it");
  app.add_option("--size-mb", options.size_mb, "build the file to at least this many MB");
  app.add_option("--runs", options.runs, "timed runs per measurement; the median is reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--query", options.query, "the query");
  app.add_option("--threads", options.threads, "threads of the all-cores run (0 = one per core)");
  CLI11_PARSE(app, argc, argv);

  auto size = MakeInput(options, options.size_mb * 1'000'000);
  if (!size) {
    fmt::print(stderr, "scry_scan_bench: {}\n", size.error());
    return 1;
  }
  lang::SourceSet sources;
  lang::DiagnosticList diagnostics;
  const lang::Source& query = sources.Add("<query>", options.query);
  auto compilation = compiler::CompileQuery(query, {}, diagnostics, compiler::CompileOptions{});
  if (!compilation) {
    fmt::print(stderr, "scry_scan_bench: the query does not compile\n");
    return 1;
  }
  unsigned cores =
      options.threads != 0 ? options.threads : std::max(std::thread::hardware_concurrency(), 1U);
  // Warm the page cache (and report what the query finds).
  uint64_t rows = 0;
  if (auto warm = ScanOnce(options.file, *compilation, cores, &rows); !warm) {
    fmt::print(stderr, "scry_scan_bench: {}\n", warm.error());
    return 1;
  }
  auto parse =
      Median(options.runs, [&] { return ParseOnce(options.file, compilation->plan->fields); });
  auto one = Median(options.runs, [&] { return ScanOnce(options.file, *compilation, 1, &rows); });
  auto all =
      Median(options.runs, [&] { return ScanOnce(options.file, *compilation, cores, &rows); });
  for (const auto* result : {&parse, &one, &all}) {
    if (!*result) {
      fmt::print(stderr, "scry_scan_bench: {}\n", result->error());
      return 1;
    }
  }
  fmt::print("### Query scan throughput (scry_scan_bench)\n\n");
  fmt::print("- file: `{}`, {:.0f} MB, {} events (the dev events repeated)\n", options.file,
             static_cast<double>(*size) / 1e6, Grouped(one->events));
  fmt::print("- query: `{}` ({} rows; {} fields read)\n", options.query, rows,
             compilation->plan->fields.size());
  fmt::print("- {} build; {}; {} cores; median of {} runs, page cache warm\n\n", SCRY_BUILD_TYPE,
             CpuModel(), std::thread::hardware_concurrency(), options.runs);
  fmt::print("| measurement | threads | seconds | MB/s | MB/s per thread | events/s |\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  PrintRow("parse-only (reader + extractor)", 1, *parse, *size);
  PrintRow("query, one thread", 1, *one, *size);
  PrintRow("query, all cores", cores, *all, *size);
  return 0;
}
