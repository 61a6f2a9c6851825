// The rows of the last query, kept so that `:save FILE` can write them (in the format the
// file's extension names) without running the query again. Recorded as they go to the screen.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "cli/repl/progress_line.hpp"
#include "compiler/plan/plan.hpp"
#include "runtime/operators/row.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::cli::repl {

class LastResult {
 public:
  /// Rows past this many are not kept (`:save` says so): a REPL result is for reading.
  static constexpr uint64_t kMaxRows = 1000000;

  /// Starts a new result with `layout` (the query's output layout).
  void Start(const compiler::RowLayout& layout);
  void Add(const runtime::Row& row);
  /// The query was stopped: what was recorded is not its result.
  void Discard() { started_ = false; }

  /// Writes the rows to `path`: CSV for `.csv`, a table for `.txt`, else NDJSON.
  /// Returns the rows written.
  std::expected<uint64_t, std::string> Save(const std::string& path) const;

 private:
  bool started_ = false;
  bool truncated_ = false;
  compiler::RowLayout layout_;
  std::unique_ptr<runtime::RowStore> store_;
  std::vector<runtime::Row> rows_;
};

/// A RowWriter that hands each row on to `display` and records it in `result`. The progress
/// line goes before anything reaches the screen: at Close, or at the first row when
/// `display` writes rows as they come (JSON) rather than all at the end (a table).
class RecordingWriter final : public runtime::RowWriter {
 public:
  RecordingWriter(runtime::RowWriter& display, bool streams, LastResult& result,
                  ProgressLine& progress)
      : display_(display), streams_(streams), result_(result), progress_(progress) {}
  void Write(const runtime::Row& row) override {
    if (streams_) {
      progress_.Stop();
    }
    display_.Write(row);
    result_.Add(row);
    ++rows_;
  }
  void Close() override {
    progress_.Stop();
    display_.Close();
  }

 private:
  runtime::RowWriter& display_;
  bool streams_;
  LastResult& result_;
  ProgressLine& progress_;
};

}  // namespace scry::cli::repl
