// What the subcommands share: printing diagnostics, the compile options and clock from the
// command line, opening outputs.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "lang/base/diagnostic.hpp"
#include "runtime/output/dead_letter_writer.hpp"

namespace scry::cli {

/// Diagnostics in source order on stderr.
void PrintDiagnostics(lang::DiagnosticList& diagnostics);

/// "1 alert", "2 alerts".
std::string Counted(uint64_t n, std::string_view noun);

/// "scry: error: <message>" on stderr; returns `code`.
int Fail(int code, const std::string& message);

compiler::CompileOptions MakeCompileOptions(const CommonOptions& common, bool keep_ir = false);

/// What `now()` (and the time of an alert without a timestamp) is while events stream by:
/// --now when given, so tests are repeatable; otherwise the wall clock, read again every 1024
/// events so a long run on stdin does not keep its start time, yet no event pays for a clock read.
class EventClock {
 public:
  /// Fails on a --now that is not a timestamp.
  static std::expected<EventClock, std::string> Create(const CommonOptions& common);
  /// The time for the next event.
  int64_t Next();

 private:
  EventClock(bool pinned, int64_t now) : pinned_(pinned), now_(now) {}
  bool pinned_;
  int64_t now_;
  uint32_t events_ = 0;
};

/// Fails with a message naming the first input ("-" is stdin) that does not exist or is a
/// folder. Pipes and devices are inputs too.
std::expected<void, std::string> CheckInputs(const std::vector<std::string>& inputs);

/// The dead-letter output: the NDJSON file at `path`, or stderr when `path` is empty.
std::expected<std::unique_ptr<runtime::DeadLetterWriter>, std::string> OpenDeadLetters(
    const std::string& path);

}  // namespace scry::cli
