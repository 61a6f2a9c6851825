// What the subcommands share: printing diagnostics, the compile options and clock from the
// command line, opening outputs.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "compiler/driver/compile.hpp"
#include "lang/base/diagnostic.hpp"
#include "runtime/output/dead_letter_writer.hpp"

namespace scry::cli {

/// Diagnostics in source order on stderr.
void PrintDiagnostics(lang::DiagnosticList& diagnostics);

/// "scry: error: <message>" on stderr; returns `code`.
int Fail(int code, const std::string& message);

compiler::CompileOptions MakeCompileOptions(const CommonOptions& common, bool keep_ir = false);

/// --now if given (fails on a bad timestamp), else the current time.
std::expected<int64_t, std::string> ResolveNow(const CommonOptions& common);

/// Fails with a message naming the first input ("-" is stdin) that does not exist or is a
/// folder. Pipes and devices are inputs too.
std::expected<void, std::string> CheckInputs(const std::vector<std::string>& inputs);

/// The dead-letter output: the NDJSON file at `path`, or stderr when `path` is empty.
std::expected<std::unique_ptr<runtime::DeadLetterWriter>, std::string> OpenDeadLetters(
    const std::string& path);

}  // namespace scry::cli
