#include "cli/command_support.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/cache_location.hpp"
#include "stdlib/timestamp.hpp"

namespace scry::cli {

void PrintDiagnostics(lang::DiagnosticList& diagnostics) {
  diagnostics.Sort();
  std::cerr << diagnostics.Render();
  std::cerr.flush();
}

std::string Counted(uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

int Fail(int code, const std::string& message) {
  std::cerr << "scry: error: " << message << '\n';
  return code;
}

compiler::CompileOptions MakeCompileOptions(const CommonOptions& common, bool keep_ir) {
  compiler::CompileOptions options;
  options.backend = common.backend;
  options.jit.keep_ir = keep_ir;
  options.jit.cache_dir = CacheDirectory(common);
  return options;
}

namespace {

int64_t WallClock() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::expected<EventClock, std::string> EventClock::Create(const CommonOptions& common) {
  if (!common.now) {
    return EventClock(false, WallClock());
  }
  auto ns = ParseTimestamp(*common.now);
  if (!ns) {
    return std::unexpected("--now: not a timestamp: " + *common.now);
  }
  return EventClock(true, *ns);
}

int64_t EventClock::Next() {
  if (!pinned_ && (++events_ & 1023) == 0) {
    now_ = WallClock();
  }
  return now_;
}

std::expected<void, std::string> CheckInputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) {
    return std::unexpected("no input: give --input PATH (or --input - for stdin)");
  }
  for (const std::string& input : inputs) {
    if (input == "-") {
      continue;
    }
    // Not only regular files: a pipe (`--input <(zcat old.gz)`, /dev/stdin) reads as well.
    std::error_code error;
    std::filesystem::file_status status = std::filesystem::status(input, error);
    if (!std::filesystem::exists(status)) {
      return std::unexpected("no such input file: " + input);
    }
    if (std::filesystem::is_directory(status)) {
      return std::unexpected("input is a folder, not a file: " + input);
    }
  }
  return {};
}

std::expected<std::unique_ptr<runtime::DeadLetterWriter>, std::string> OpenDeadLetters(
    const std::string& path) {
  if (path.empty()) {
    return runtime::DeadLetterWriter::ToStderr();
  }
  return runtime::DeadLetterWriter::Open(path);
}

}  // namespace scry::cli
