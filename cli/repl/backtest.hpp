// `:backtest`: a rule set run over the REPL's inputs as `scry run` would run it, reported as
// one row per rule (matches, first and last match time) instead of alerts, so a person can
// see which rules would have fired on this data, and how often, before deploying them.
#pragma once

#include <atomic>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "cli/repl/query_scan.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::cli::repl {

/// The layout of a backtest's rows: rule, matches, first, last.
compiler::RowLayout BacktestLayout();

/// Runs every rule of `compilation` (one thread: windows and sequences need input order) over
/// `inputs`, then writes one row per rule, most matches first (then by name), to `writer`.
/// The summary's rows count rules.
std::expected<ScanSummary, std::string> RunBacktest(compiler::Compilation& compilation,
                                                    const std::vector<std::string>& inputs,
                                                    int64_t lateness_ns, runtime::RowWriter& writer,
                                                    runtime::DeadLetterWriter& dead_letters,
                                                    const ScanOptions& options);

}  // namespace scry::cli::repl
