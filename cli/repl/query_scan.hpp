// Running a compiled query over the REPL's inputs, with a way to stop it (Ctrl-C) and to watch
// it (the progress line). Shaped like the engine's parallel scan (runtime::ScanQuery:
// ScanOptions, ScanProgress, ScanSummary), so that RunScan can become a call to it.
#pragma once

#include <atomic>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::cli::repl {

struct ScanProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;  // 0 when unknown (stdin)
  uint64_t events = 0;
};

struct ScanOptions {
  unsigned threads = 1;
  const std::atomic<bool>* cancel = nullptr;             // set (by a signal handler) to stop early
  std::function<void(const ScanProgress&)> on_progress;  // called every few thousand events
};

struct ScanSummary {
  uint64_t events = 0;
  uint64_t malformed = 0;
  uint64_t rows = 0;
  bool cancelled = false;  // the writer was not closed: what it holds is not a result
};

/// Runs `plan`'s query over `inputs` into `writer` (closed at the end unless cancelled).
/// Fails when an input cannot be read.
std::expected<ScanSummary, std::string> RunScan(const compiler::Plan& plan,
                                                const compiler::ExpressionProgram& program,
                                                const std::vector<std::string>& inputs,
                                                runtime::RowWriter& writer,
                                                runtime::DeadLetterWriter& dead_letters,
                                                const ScanOptions& options);

/// The bytes `inputs` hold, for progress: file sizes, a gzip file's uncompressed size from its
/// trailer; 0 if any input's size is unknown (stdin, a pipe).
uint64_t InputBytes(const std::vector<std::string>& inputs);

}  // namespace scry::cli::repl
