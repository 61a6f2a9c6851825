// What the benchmarks share: an in-memory corpus of NDJSON records (one file repeated until
// there are enough records), medians, and the lines that describe the machine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/plan/field_slot_table.hpp"

namespace scry::bench {

/// Records back to back, each followed by "\n", then the padding the extractor needs, so every
/// record can go to the field extractor in place.
struct Corpus {
  std::string bytes;
  std::vector<std::pair<size_t, size_t>> records;  // offset, size
  uint64_t base_records = 0;                       // records in the file
  uint64_t base_bytes = 0;

  std::string_view record(size_t i) const {
    return {bytes.data() + records[i].first, records[i].second};
  }
  uint64_t total_bytes() const;
  /// Every record as a view into `bytes`, in order: what runtime::MemoryRecords reads, so the
  /// parallel engine runs over the corpus in place.
  std::vector<std::string_view> views() const;
};

/// Reads `path` (plain or gzip NDJSON) and repeats its records to at least `min_records`.
std::expected<Corpus, std::string> LoadCorpus(const std::string& path, uint64_t min_records);

/// How a child process went: wall time, peak resident memory, whether it exited with 0.
struct ProcessRun {
  double ms = 0;
  int64_t peak_rss_kib = 0;
  bool ok = false;
};

/// Runs `args` (args[0] the program) and waits for it. Its stdout is discarded, its stderr
/// written to `stderr_path` ("" discards it too).
/// It runs under this program in its measuring mode (a benchmark that calls this begins its
/// `main` with `if (IsMeasuringRun(argc, argv)) return RunMeasuring(argv);`): the peak RSS the
/// kernel reports for a process includes the image it was exec'd from, and a benchmark holds
/// its events in memory, so the program is started from a small image instead.
ProcessRun RunProcess(std::vector<std::string> args, const std::string& stderr_path = "");

/// `self --exec-measured RSS_FILE PROGRAM ARGS...`: runs PROGRAM, waits for it, writes its peak
/// RSS (KiB, from wait4) to RSS_FILE and exits with PROGRAM's status.
inline constexpr std::string_view kExecMeasured = "--exec-measured";
bool IsMeasuringRun(int argc, char** argv);
int RunMeasuring(char** argv);

/// The median of `values` (the upper one of an even count).
double Median(std::vector<double> values);

/// 1234567 → "1,234,567".
std::string Grouped(uint64_t n);
/// The CPU model from /proc/cpuinfo.
std::string CpuModel();
/// "process.parent.executable" → {"process", "parent", "executable"}.
compiler::FieldPathSegments SplitPath(const std::string& dotted);
/// The file name of a path.
std::string BaseName(const std::string& path);

}  // namespace scry::bench
