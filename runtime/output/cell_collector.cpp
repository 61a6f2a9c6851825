#include <algorithm>

#include "runtime/event/event_fields.hpp"
#include "runtime/event/json_unescape.hpp"
#include "runtime/event/json_validation.hpp"
#include "runtime/output/row_writers.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

bool IsNumberKind(ValueKind kind) {
  return kind == ValueKind::kInt || kind == ValueKind::kFloat;
}

// The text a person wants to see for a raw JSON value: strings without quotes and escapes.
std::string RawJsonToText(const std::string& raw, bool* numeric) {
  *numeric = !raw.empty() && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'));
  if (raw == "null") {
    return "";
  }
  if (raw.size() >= 2 && raw.front() == '"') {
    std::string_view body(raw.data() + 1, raw.size() - 2);
    std::string decoded(body.size(), '\0');
    auto length = UnescapeJsonString(body, decoded.data());
    if (length) {
      decoded.resize(*length);
      return decoded;
    }
    return std::string(body);
  }
  return raw;
}

// `items` reordered as `order` says; positions past the end of `items` become empty.
template <typename T>
std::vector<T> Permuted(const std::vector<T>& items, const std::vector<size_t>& order) {
  std::vector<T> out;
  out.reserve(order.size());
  for (size_t i : order) {
    out.push_back(i < items.size() ? T(items[i]) : T());
  }
  return out;
}

}  // namespace

CellCollector::CellCollector(const compiler::RowLayout& layout) : layout_(layout) {
  if (!layout.event_rows) {
    header_ = layout.columns;
    non_numeric_.assign(header_.size(), false);
  }
}

size_t CellCollector::ColumnIndex(const std::string& name) {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) {
      return i;
    }
  }
  header_.push_back(name);
  non_numeric_.push_back(false);
  return header_.size() - 1;
}

void CellCollector::Set(std::vector<std::string>& cells, size_t column, std::string text,
                        bool numeric) {
  if (cells.size() <= column) {
    cells.resize(column + 1);
  }
  if (!numeric && !text.empty()) {
    non_numeric_[column] = true;
  }
  cells[column] = std::move(text);
}

bool CellCollector::Hidden(std::string_view name) const {
  return std::find(layout_.hidden.begin(), layout_.hidden.end(), name) != layout_.hidden.end();
}

void CellCollector::Add(const Row& row) {
  std::vector<std::string> cells;
  if (row.is_event()) {
    if (std::optional<ExtractError> invalid = FindJsonError(row.raw)) {
      // As in JSON output: a record that is not valid JSON shows as its text and the reason.
      Set(cells, ColumnIndex("_raw"), std::string(row.raw), false);
      Set(cells, ColumnIndex("_error"), invalid->reason, false);
    } else if (auto fields = TopLevelFieldsRaw(row.raw)) {
      for (const auto& [key, raw] : *fields) {
        bool computed = false;
        for (uint32_t i = 0; i < row.column_count && !computed; ++i) {
          computed = layout_.columns[i] == key;
        }
        if (computed || Hidden(key)) {
          continue;
        }
        bool numeric = false;
        std::string text = RawJsonToText(raw, &numeric);
        Set(cells, ColumnIndex(key), std::move(text), numeric);
      }
    }
  }
  for (uint32_t i = 0; i < row.column_count; ++i) {
    if (row.is_event() && Hidden(layout_.columns[i])) {
      continue;
    }
    const Value& value = row.columns[i];
    Set(cells, ColumnIndex(layout_.columns[i]), FormatValueText(value), IsNumberKind(value.kind));
  }
  rows_.push_back(std::move(cells));
}

void CellCollector::Finish() {
  if (!layout_.event_rows || layout_.columns.empty()) {
    return;
  }
  auto computed = [&](const std::string& name) {
    return std::find(layout_.columns.begin(), layout_.columns.end(), name) != layout_.columns.end();
  };
  std::vector<size_t> order;
  for (size_t i = 0; i < header_.size(); ++i) {
    if (!computed(header_[i])) {
      order.push_back(i);
    }
  }
  for (const std::string& name : layout_.columns) {
    if (Hidden(name)) {
      continue;
    }
    auto it = std::find(header_.begin(), header_.end(), name);
    if (it != header_.end()) {
      order.push_back(static_cast<size_t>(it - header_.begin()));
    }
  }
  header_ = Permuted(header_, order);
  non_numeric_ = Permuted(non_numeric_, order);
  for (auto& cells : rows_) {
    cells = Permuted(cells, order);  // rows may be shorter than the header: missing cells
  }
}

bool CellCollector::IsNumericColumn(size_t i) const {
  return !non_numeric_[i];
}

}  // namespace scry::runtime
