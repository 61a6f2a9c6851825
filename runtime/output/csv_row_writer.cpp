// CSV output (RFC 4180): a header line, then one line per row.
#include "runtime/output/row_writers.hpp"

namespace scry::runtime {

namespace {

void AppendCsvField(std::string& out, const std::string& text) {
  bool quote = text.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

}  // namespace

void CsvRowWriter::Write(const Row& row) {
  cells_.Add(row);
  ++rows_;
}

void CsvRowWriter::Close() {
  cells_.Finish();
  const auto& header = cells_.header();
  if (header.empty()) {
    out_.flush();  // no columns at all (no event came through): not even a header line
    return;
  }
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    AppendCsvField(out, header[i]);
  }
  out += '\n';
  for (const auto& cells : cells_.rows()) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      if (i < cells.size()) {
        AppendCsvField(out, cells[i]);
      }
    }
    out += '\n';
  }
  out_ << out;
  out_.flush();
}

}  // namespace scry::runtime
