#include "cli/repl/last_result.hpp"

#include <fstream>

namespace scry::cli::repl {

namespace {

// Writers of event rows only look at whether a row has fields, never at them.
const Value kNoFields[1] = {};

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size()
         && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void LastResult::Start(const compiler::RowLayout& layout) {
  started_ = true;
  truncated_ = false;
  layout_ = layout;
  rows_.clear();
  store_ = std::make_unique<runtime::RowStore>(0);
}

void LastResult::Add(const runtime::Row& row) {
  if (rows_.size() >= kMaxRows) {
    truncated_ = true;
    return;
  }
  runtime::Row copy = store_->Copy(row, row.column_count);
  copy.fields = row.is_event() ? kNoFields : nullptr;
  rows_.push_back(copy);
}

std::expected<uint64_t, std::string> LastResult::Save(const std::string& path) const {
  if (!started_) {
    return std::unexpected("no result to save: run a query first (a stopped one leaves none)");
  }
  if (truncated_) {
    return std::unexpected("the last result has more than " + std::to_string(kMaxRows)
                           + " rows, too many to keep; run it with `scry query` instead");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return std::unexpected("cannot write " + path);
  }
  runtime::RowFormat format = runtime::RowFormat::kJson;
  if (EndsWith(path, ".csv")) {
    format = runtime::RowFormat::kCsv;
  } else if (EndsWith(path, ".txt")) {
    format = runtime::RowFormat::kTable;
  }
  auto writer = runtime::MakeRowWriter(format, layout_, out, {.row_count = false});
  for (const runtime::Row& row : rows_) {
    writer->Write(row);
  }
  writer->Close();
  out.flush();
  if (!out) {
    return std::unexpected("cannot write " + path);
  }
  return rows_.size();
}

}  // namespace scry::cli::repl
