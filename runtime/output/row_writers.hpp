// The RowWriter implementations (see row_writer.hpp for the interface and factory).
#pragma once

#include <string>
#include <vector>

#include "runtime/output/row_writer.hpp"

namespace scry::runtime {

class JsonRowWriter final : public RowWriter {
 public:
  JsonRowWriter(const compiler::RowLayout& layout, std::ostream& out);
  void Write(const Row& row) override;
  void Close() override;

 private:
  compiler::RowLayout layout_;
  std::ostream& out_;
  std::string line_;
};

/// Rows as cells of text; shared by the table and CSV writers. Event rows become one column
/// per top-level field (in order of first appearance) plus the computed columns. Records
/// have the layout's columns, known before any row, so even an empty result has a header.
class CellCollector {
 public:
  explicit CellCollector(const compiler::RowLayout& layout);
  void Add(const Row& row);
  /// Call once after the last Add: puts the computed columns of event rows after the event's
  /// own fields, whatever order they first appeared in.
  void Finish();
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  /// Whether every non-empty cell of column `i` is a number (tables right-align those).
  bool IsNumericColumn(size_t i) const;

 private:
  size_t ColumnIndex(const std::string& name);
  bool Hidden(std::string_view name) const;
  void Set(std::vector<std::string>& cells, size_t column, std::string text, bool numeric);

  compiler::RowLayout layout_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> non_numeric_;
};

class TableRowWriter final : public RowWriter {
 public:
  TableRowWriter(const compiler::RowLayout& layout, std::ostream& out, const TableStyle& style = {})
      : cells_(layout), out_(out), style_(style) {}
  void Write(const Row& row) override;
  void Close() override;

  static constexpr size_t kMaxCellWidth = 60;

 private:
  CellCollector cells_;
  std::ostream& out_;
  TableStyle style_;
};

/// Column widths for a table no wider than `width` (0: the natural widths): what is left after
/// the separators is shared fairly, so narrow columns keep their width and the widest give
/// way. A column keeps at least min(natural, 4) code points even if the line then overflows.
std::vector<size_t> FitColumnWidths(const std::vector<size_t>& natural, size_t width,
                                    size_t separator);

class CsvRowWriter final : public RowWriter {
 public:
  CsvRowWriter(const compiler::RowLayout& layout, std::ostream& out) : cells_(layout), out_(out) {}
  void Write(const Row& row) override;
  void Close() override;

 private:
  CellCollector cells_;
  std::ostream& out_;
};

}  // namespace scry::runtime
