#include "runtime/output/row_writer.hpp"

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

}  // namespace scry::runtime
