// An aligned text table, for a person at a terminal.
#include <algorithm>
#include <cstdint>

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

// The width of a line of columns this wide, with their two-space separators.
size_t LineWidth(const std::vector<size_t>& widths) {
  size_t total = 2 * (widths.size() - 1);
  for (size_t w : widths) {
    total += w;
  }
  return total;
}

}  // namespace

std::vector<size_t> FitColumnWidths(const std::vector<size_t>& natural, size_t width,
                                    size_t separator) {
  size_t total = 0;
  for (size_t w : natural) {
    total += w;
  }
  if (width == 0 || natural.empty() || total + separator * (natural.size() - 1) <= width) {
    return natural;
  }
  size_t separators = separator * (natural.size() - 1);
  size_t remaining = width > separators ? width - separators : 0;
  std::vector<size_t> order(natural.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return natural[a] < natural[b]; });
  std::vector<size_t> fitted(natural.size());
  size_t left = natural.size();
  for (size_t i : order) {
    size_t share = remaining / left;
    size_t w = std::max(std::min(natural[i], share), std::min<size_t>(natural[i], 4));
    fitted[i] = w;
    remaining -= std::min(w, remaining);
    --left;
  }
  return fitted;
}

void TableRowWriter::Write(const Row& row) {
  cells_.Add(row);
  ++rows_;
}

void TableRowWriter::Close() {
  cells_.Finish();
  const auto& header = cells_.header();
  // Without a width, each cell is cut on its own; with one, whole columns are narrowed.
  size_t cell_max = style_.width == 0 ? kMaxCellWidth : SIZE_MAX;
  std::vector<std::vector<std::string>> rows;
  for (const auto& cells : cells_.rows()) {
    std::vector<std::string> shown(header.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      shown[i] = CellText(cells[i], cell_max);
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
  std::vector<size_t> fitted = FitColumnWidths(widths, style_.width, 2);
  std::vector<std::string> shown_header = header;
  // Columns too many to fit even narrowed to a few characters each: the first ones that fit
  // are shown, and a line after the table says how many are not.
  size_t hidden = 0;
  while (style_.width > 0 && fitted.size() > 1 && LineWidth(fitted) > style_.width) {
    widths.pop_back();
    shown_header.pop_back();
    for (auto& row : rows) {
      row.pop_back();
    }
    ++hidden;
    fitted = FitColumnWidths(widths, style_.width, 2);
  }
  if (fitted != widths) {
    for (auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        row[i] = CellText(row[i], fitted[i]);
      }
    }
    for (size_t i = 0; i < shown_header.size(); ++i) {
      shown_header[i] = CellText(shown_header[i], fitted[i]);
    }
    widths = fitted;
  }
  auto print_row = [&](const std::vector<std::string>& cells, bool is_header, const char* colour) {
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
    if (style_.colour && colour != nullptr) {
      out_ << colour << line << "\x1b[0m\n";
    } else {
      out_ << line << '\n';
    }
  };
  if (!header.empty()) {
    print_row(shown_header, true, "\x1b[1m");
    std::vector<std::string> rule;
    for (size_t width : widths) {
      rule.push_back(std::string(width, '-'));
    }
    print_row(rule, true, "\x1b[2m");
    for (const auto& row : rows) {
      print_row(row, false, nullptr);
    }
  }
  if (hidden > 0) {
    out_ << "… " << hidden << (hidden == 1 ? " more column" : " more columns") << " not shown\n";
  }
  if (style_.row_count) {
    out_ << rows.size() << (rows.size() == 1 ? " row" : " rows") << '\n';
  }
  out_.flush();
}

}  // namespace scry::runtime
