#include "runtime/output/row_writer.hpp"

#include "runtime/output/bar_chart_writer.hpp"
#include "runtime/output/row_writers.hpp"

namespace scry::runtime {

std::unique_ptr<RowWriter> MakeRowWriter(RowFormat format, const compiler::RowLayout& layout,
                                         std::ostream& out, const TableStyle& style) {
  switch (format) {
    case RowFormat::kTable:
      return std::make_unique<TableRowWriter>(layout, out, style);
    case RowFormat::kCsv:
      return std::make_unique<CsvRowWriter>(layout, out);
    case RowFormat::kJson:
      break;
  }
  return std::make_unique<JsonRowWriter>(layout, out);
}

std::unique_ptr<RowWriter> MakeQueryWriter(RowFormat format, const compiler::Pipeline& pipeline,
                                           std::ostream& out, size_t terminal_width,
                                           const TableStyle& style) {
  if (format == RowFormat::kTable && pipeline.chart) {
    return std::make_unique<BarChartWriter>(pipeline.output, out, terminal_width);
  }
  return MakeRowWriter(format, pipeline.output, out, style);
}

}  // namespace scry::runtime
