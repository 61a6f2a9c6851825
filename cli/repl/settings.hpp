// The REPL's `:set name value` settings: a fixed list, each checked when set, so a typo is an
// error rather than a setting nobody reads. `:set` alone lists them with their values.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/output/row_writer.hpp"

namespace scry::cli::repl {

struct Settings {
  runtime::RowFormat format = runtime::RowFormat::kTable;
  std::string lateness = "5m";  // event-time disorder `:backtest` allows windows, as --lateness
  int64_t lateness_ns = 5LL * 60 * 1000000000;
  bool timing = true;      // "N rows in 0.12 s" (off: "N rows", for repeatable output)
  bool progress = true;    // the progress line of long scans
  uint64_t sample = 1000;  // events `:fields` and completion sample
  size_t width = 0;        // table width; 0 = the terminal's
  unsigned threads = 0;    // cores a query scans on; 0 = all

  /// Sets one setting from its text form; the error says what the value should look like.
  std::expected<void, std::string> Set(std::string_view name, std::string_view value);
  /// Every setting as "name  value" lines, for `:set` alone.
  std::string Describe() const;
  /// The names, for completion and help.
  static std::vector<std::string> Names();
};

std::string_view FormatName(runtime::RowFormat format);
std::expected<runtime::RowFormat, std::string> ParseFormat(std::string_view name);

}  // namespace scry::cli::repl
