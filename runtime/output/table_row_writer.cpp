// An aligned text table, for a person at a terminal.
#include <algorithm>

#include "runtime/output/row_writers.hpp"

namespace scry::runtime {

namespace {

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) {
    width += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return width;
}

// Cuts to `max` code points, ending with an ellipsis; control characters become spaces so a
// multi-line value cannot break the table.
std::string CellText(const std::string& text, size_t max) {
  bool cut = DisplayWidth(text) > max;
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool starts_code_point = (c & 0xC0) != 0x80;
    if (cut && starts_code_point && width == max - 1) {
      return out + "…";
    }
    out += c < 0x20 ? ' ' : static_cast<char>(c);
    width += starts_code_point ? 1 : 0;
  }
  return out;
}

}  // namespace

void TableRowWriter::Write(const Row& row) {
  cells_.Add(row);
  ++rows_;
}

void TableRowWriter::Close() {
  cells_.Finish();
  const auto& header = cells_.header();
  std::vector<std::vector<std::string>> rows;
  for (const auto& cells : cells_.rows()) {
    std::vector<std::string> shown(header.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      shown[i] = CellText(cells[i], kMaxCellWidth);
    }
    rows.push_back(std::move(shown));
  }
  std::vector<size_t> widths(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    widths[i] = DisplayWidth(header[i]);
    for (const auto& row : rows) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells, bool is_header) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      size_t pad = widths[i] - DisplayWidth(cells[i]);
      bool right = !is_header && cells_.IsNumericColumn(i);
      if (right) {
        line.append(pad, ' ');
      }
      line += cells[i];
      if (!right && i + 1 < cells.size()) {
        line.append(pad, ' ');
      }
      if (i + 1 < cells.size()) {
        line += "  ";
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out_ << line << '\n';
  };
  if (!header.empty()) {
    print_row(header, true);
    std::vector<std::string> rule;
    for (size_t width : widths) {
      rule.push_back(std::string(width, '-'));
    }
    print_row(rule, true);
    for (const auto& row : rows) {
      print_row(row, false);
    }
  }
  out_ << rows.size() << (rows.size() == 1 ? " row" : " rows") << '\n';
  out_.flush();
}

}  // namespace scry::runtime
