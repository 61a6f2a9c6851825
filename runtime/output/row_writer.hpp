// RowWriter: where query results go. NDJSON for programs, an aligned table for people at a
// terminal, CSV for spreadsheets.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/operators/row.hpp"
#include "runtime/operators/row_operator.hpp"

namespace scry::runtime {

enum class RowFormat { kJson, kTable, kCsv };

/// How a table is laid out. The default is `scry query`'s: no width limit (cells cut at 60
/// code points), no colour, a row count after it. The REPL fits it to the terminal.
struct TableStyle {
  /// Lines at most this many code points wide: columns that do not fit are narrowed fairly
  /// (the widest first) and their values cut with `…`; columns too many to fit at a few code
  /// points each are left out from the last, and a line after the table says how many.
  /// 0: no limit.
  size_t width = 0;
  bool colour = false;  // a bold header and a dim rule (ANSI), for a terminal
  bool row_count = true;
};

class RowWriter {
 public:
  virtual ~RowWriter() = default;
  virtual void Write(const Row& row) = 0;
  /// End of output (a table is printed here, once its column widths are known).
  virtual void Close() = 0;
  uint64_t rows_written() const { return rows_; }

 protected:
  uint64_t rows_ = 0;
};

/// `layout` describes the rows the writer will get (the pipeline's output layout).
/// `style` applies to tables only.
std::unique_ptr<RowWriter> MakeRowWriter(RowFormat format, const compiler::RowLayout& layout,
                                         std::ostream& out, const TableStyle& style = {});

/// The writer for a query's result: as above, except that a timechart (`pipeline.chart`) at a
/// table is drawn as bars (BarChartWriter) `terminal_width` columns wide.
std::unique_ptr<RowWriter> MakeQueryWriter(RowFormat format, const compiler::Pipeline& pipeline,
                                           std::ostream& out, size_t terminal_width,
                                           const TableStyle& style = {});

/// The last operator of a query: hands rows to a writer.
class WriterSink final : public RowOperator {
 public:
  explicit WriterSink(RowWriter& writer) : writer_(writer) {}
  bool Push(Row& row) override {
    writer_.Write(row);
    return true;
  }
  void Finish() override { writer_.Close(); }

 private:
  RowWriter& writer_;
};

}  // namespace scry::runtime
