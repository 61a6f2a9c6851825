#include "cli/repl/query_scan.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "runtime/engine/event_pump.hpp"
#include "runtime/engine/query_runner.hpp"

namespace scry::cli::repl {

namespace {

// Progress and the clock are looked at once per this many events, not per event.
constexpr uint64_t kCheckEvery = 1024;

int64_t WallClock() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A gzip file ends with its uncompressed size modulo 2^32 (one member; enough for progress).
uint64_t GzipSize(const std::string& path, uint64_t file_size) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  in.read(reinterpret_cast<char*>(magic), 2);
  if (!in || magic[0] != 0x1f || magic[1] != 0x8b || file_size < 18) {
    return file_size;
  }
  unsigned char trailer[4];
  in.seekg(static_cast<std::streamoff>(file_size - 4));
  in.read(reinterpret_cast<char*>(trailer), 4);
  if (!in) {
    return file_size;
  }
  return uint64_t{trailer[0]} | uint64_t{trailer[1]} << 8 | uint64_t{trailer[2]} << 16
         | uint64_t{trailer[3]} << 24;
}

}  // namespace

uint64_t InputBytes(const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (input == "-" || !std::filesystem::is_regular_file(input, error)) {
      return 0;
    }
    total += GzipSize(input, std::filesystem::file_size(input, error));
  }
  return total;
}

std::expected<ScanSummary, std::string> RunScan(const compiler::Plan& plan,
                                                const compiler::ExpressionProgram& program,
                                                const std::vector<std::string>& inputs,
                                                runtime::RowWriter& writer,
                                                runtime::DeadLetterWriter& dead_letters,
                                                const ScanOptions& options) {
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ctx.now_ns = WallClock();
  runtime::QueryRunner runner(plan, program, ctx, writer);
  runtime::EventPump pump(plan.fields, dead_letters);
  ScanSummary summary;
  ScanProgress progress;
  progress.bytes_total = options.on_progress ? InputBytes(inputs) : 0;
  uint64_t events = 0;
  auto result = pump.Run(inputs, ctx, [&](const runtime::InputRecord& record, const Value* fields) {
    if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) {
      summary.cancelled = true;
      return false;
    }
    if (++events % kCheckEvery == 0) {
      ctx.now_ns = WallClock();
      if (options.on_progress) {
        // Inputs already read count whole; this one up to the end of this record.
        progress.bytes_done = pump.summary().bytes + record.offset + record.text.size() + 1;
        progress.events = pump.summary().events;
        options.on_progress(progress);
      }
    }
    return runner.Process(record.text, fields);
  });
  if (!summary.cancelled) {
    runner.Finish();
  }
  summary.events = pump.summary().events;
  summary.malformed = pump.summary().malformed;
  summary.rows = writer.rows_written();
  if (!result) {
    return std::unexpected(result.error());
  }
  return summary;
}

}  // namespace scry::cli::repl
