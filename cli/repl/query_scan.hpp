// Running a compiled query over the REPL's inputs, with a way to stop it (Ctrl-C) and to watch
// it (the progress line): the engine's parallel scan (runtime::ScanQuery), on every core.
#pragma once

#include <atomic>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "runtime/engine/query_scan.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::cli::repl {

using ScanProgress = runtime::ScanProgress;
using ScanOptions = runtime::ScanOptions;
using ScanSummary = runtime::ScanSummary;

/// Runs `plan`'s query over `inputs` into `writer` (closed at the end unless cancelled), as
/// runtime::ScanQuery does. Fails when an input cannot be read.
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
