// scry_parse_bench: how fast records go through the field extractor, without rules.
//
// Parse-only throughput is the ceiling for the whole engine: every event is extracted once,
// whatever the rules do after. The records of one NDJSON file (gzip is fine) are repeated in
// memory until there are enough of them, then extracted several times over; the median run is
// the figure to quote. `--mode read` instead times the record reader on the file itself (use a
// large file: the page cache then decides). See bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/bench_support.hpp"
#include "compiler/plan/field_slot_table.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/event/json_padding.hpp"
#include "runtime/input/record_reader.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

#ifndef SCRY_BUILD_TYPE
#define SCRY_BUILD_TYPE "unknown"
#endif

namespace {

using namespace scry::bench;
using Clock = std::chrono::steady_clock;

// The fields Sigma's Windows rules read most, plus the ones every logsource selects on.
const std::vector<std::string> kDefaultFields = {
    "EventID",      "Channel",        "Provider_Name", "Computer",
    "Image",        "CommandLine",    "ParentImage",   "ParentCommandLine",
    "TargetObject", "TargetFilename", "Details",       "ScriptBlockText",
    "ImageLoaded",  "SourceImage",    "TargetImage",   "OriginalFileName",
    "User",         "ProcessName",    "Data",          "Hashes"};

struct Options {
  std::string path;
  std::string mode = "parse";
  uint64_t min_records = 1'000'000;
  int runs = 5;
  std::vector<std::string> fields = kDefaultFields;
};

struct Run {
  double seconds;
  uint64_t records;
  uint64_t bytes;
  double events_per_second() const { return static_cast<double>(records) / seconds; }
  double mb_per_second() const { return static_cast<double>(bytes) / 1e6 / seconds; }
};

int RunParse(const Options& options) {
  auto corpus = LoadCorpus(options.path, options.min_records);
  if (!corpus) {
    fmt::print(stderr, "scry_parse_bench: {}\n", corpus.error());
    return 1;
  }
  scry::compiler::FieldSlotTable table;
  for (const std::string& field : options.fields) {
    table.Intern(SplitPath(field));
  }
  scry::runtime::FieldExtractor extractor(table);
  std::vector<scry::Value> slots(table.size());
  scry::Arena arena;
  uint64_t total_bytes = corpus->total_bytes();

  std::vector<Run> runs;
  uint64_t errors = 0;
  uint64_t present = 0;  // non-null slots: keeps the work observable and is a sanity check
  for (int r = 0; r < options.runs; ++r) {
    errors = 0;
    present = 0;
    auto start = Clock::now();
    for (size_t i = 0; i < corpus->records.size(); ++i) {
      arena.Reset();
      std::string_view text = corpus->record(i);
      if (!extractor.Extract(text, slots.data(), arena)) {
        ++errors;
        continue;
      }
      for (const scry::Value& v : slots) {
        present += v.is_null() ? 0 : 1;
      }
    }
    std::chrono::duration<double> elapsed = Clock::now() - start;
    runs.push_back({elapsed.count(), corpus->records.size(), total_bytes});
  }
  std::vector<Run> sorted = runs;
  std::sort(sorted.begin(), sorted.end(),
            [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
  const Run& median = sorted[sorted.size() / 2];
  const Run& fastest = sorted.front();
  const Run& slowest = sorted.back();

  std::string name = BaseName(options.path);
  fmt::print("### Parse-only throughput (scry_parse_bench)\n\n");
  fmt::print("- input: `{}`: {} records, {:.2f} MB, repeated in memory to {} records ({:.1f} MB)\n",
             name, Grouped(corpus->base_records), static_cast<double>(corpus->base_bytes) / 1e6,
             Grouped(corpus->records.size()), static_cast<double>(total_bytes) / 1e6);
  fmt::print("- fields ({}): {}\n", options.fields.size(), fmt::join(options.fields, ", "));
  fmt::print("- {}; {} build; {}; 1 thread\n", scry::runtime::JsonParserDescription(),
             SCRY_BUILD_TYPE, CpuModel());
  fmt::print("- {} runs; errors per run: {}; non-null slots per run: {}\n\n", options.runs,
             Grouped(errors), Grouped(present));
  fmt::print("| input | records | fields | median events/s | median MB/s | events/s min–max |\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  fmt::print("| {} | {} | {} | {} | {:.0f} | {} – {} |\n", name, Grouped(median.records),
             options.fields.size(), Grouped(static_cast<uint64_t>(median.events_per_second())),
             median.mb_per_second(), Grouped(static_cast<uint64_t>(slowest.events_per_second())),
             Grouped(static_cast<uint64_t>(fastest.events_per_second())));
  return errors == 0 ? 0 : 2;
}

int RunRead(const Options& options) {
  std::vector<Run> runs;
  for (int r = 0; r < options.runs; ++r) {
    auto reader = scry::runtime::RecordReader::Open(options.path);
    if (!reader) {
      fmt::print(stderr, "scry_parse_bench: {}\n", reader.error());
      return 1;
    }
    uint64_t records = 0;
    uint64_t checksum = 0;
    scry::runtime::InputRecord record;
    auto start = Clock::now();
    while ((*reader)->Next(record)) {
      ++records;
      checksum += record.text.size();
    }
    std::chrono::duration<double> elapsed = Clock::now() - start;
    if (!(*reader)->error().empty()) {
      fmt::print(stderr, "scry_parse_bench: {}\n", (*reader)->error());
      return 1;
    }
    runs.push_back({elapsed.count(), records, (*reader)->bytes_read()});
    (void)checksum;
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
  const Run& median = runs[runs.size() / 2];
  fmt::print("### Record reader throughput (scry_parse_bench --mode read)\n\n");
  fmt::print("- input: `{}`: {} records, {:.1f} MB; {} build; {}\n\n", options.path,
             Grouped(median.records), static_cast<double>(median.bytes) / 1e6, SCRY_BUILD_TYPE,
             CpuModel());
  fmt::print("| input | median records/s | median MB/s | MB/s min–max |\n");
  fmt::print("| --- | ---: | ---: | ---: |\n");
  fmt::print("| {} | {} | {:.0f} | {:.0f} – {:.0f} |\n", options.path,
             Grouped(static_cast<uint64_t>(median.events_per_second())), median.mb_per_second(),
             runs.back().mb_per_second(), runs.front().mb_per_second());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app("Parse-only throughput of scry's record reader and field extractor.");
  app.add_option("file", options.path, "NDJSON input (plain or gzip)")->required();
  app.add_option("--mode", options.mode, "parse: field extraction in memory; read: the reader")
      ->check(CLI::IsMember({"parse", "read"}));
  app.add_option("--records", options.min_records, "repeat the input to at least this many");
  app.add_option("--runs", options.runs, "timed runs; the median is reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--fields", options.fields, "comma-separated field paths")->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  return options.mode == "read" ? RunRead(options) : RunParse(options);
}
