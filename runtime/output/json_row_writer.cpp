// NDJSON output: one JSON object per row.
#include "runtime/output/event_json.hpp"
#include "runtime/output/row_writer.hpp"
#include "runtime/output/row_writers.hpp"

namespace scry::runtime {

JsonRowWriter::JsonRowWriter(const compiler::RowLayout& layout, std::ostream& out)
    : layout_(layout), out_(out) {}

void JsonRowWriter::Write(const Row& row) {
  line_.clear();
  if (row.is_event()) {
    AppendEventJson(line_, row, layout_.columns, layout_.hidden);
  } else {
    AppendRecordJson(line_, row, layout_.columns);
  }
  line_ += '\n';
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  ++rows_;
}

void JsonRowWriter::Close() {
  out_.flush();
}

}  // namespace scry::runtime
