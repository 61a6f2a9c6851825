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
std::unique_ptr<RowWriter> MakeRowWriter(RowFormat format, const compiler::RowLayout& layout,
                                         std::ostream& out);

/// The writer for a query's result: as above, except that a timechart (`pipeline.chart`) at a
/// table is drawn as bars (BarChartWriter) `terminal_width` columns wide.
std::unique_ptr<RowWriter> MakeQueryWriter(RowFormat format, const compiler::Pipeline& pipeline,
                                           std::ostream& out, size_t terminal_width);

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
