#include "runtime/output/event_json.hpp"

#include <algorithm>

#include "runtime/event/event_fields.hpp"
#include "runtime/event/json_validation.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

bool IsHidden(const std::vector<std::string>& hidden, std::string_view name) {
  return std::find(hidden.begin(), hidden.end(), name) != hidden.end();
}

}  // namespace

void AppendEventJson(std::string& out, const Row& row, const std::vector<std::string>& columns,
                     const std::vector<std::string>& hidden) {
  std::optional<ExtractError> invalid = FindJsonError(row.raw);
  if (row.column_count == 0 && !invalid && hidden.empty()) {
    out.append(row.raw);
    return;
  }
  out += '{';
  bool first = true;
  if (invalid) {
    // Valid output whatever came in: the record travels as a string, with the reason.
    out += "\"_raw\":";
    AppendJsonString(out, row.raw);
    out += ",\"_error\":";
    AppendJsonString(out, invalid->reason);
    first = false;
  } else if (auto fields = TopLevelFieldsRaw(row.raw)) {
    for (const auto& [key, raw_value] : *fields) {
      bool replaced = false;
      for (uint32_t i = 0; i < row.column_count && !replaced; ++i) {
        replaced = columns[i] == key;
      }
      if (replaced || IsHidden(hidden, key)) {
        continue;
      }
      if (!first) {
        out += ',';
      }
      first = false;
      AppendJsonString(out, key);
      out += ':';
      out += raw_value;
    }
  }
  for (uint32_t i = 0; i < row.column_count; ++i) {
    if (IsHidden(hidden, columns[i])) {
      continue;
    }
    if (!first) {
      out += ',';
    }
    first = false;
    AppendJsonString(out, columns[i]);
    out += ':';
    AppendJson(out, row.columns[i]);
  }
  out += '}';
}

void AppendRecordJson(std::string& out, const Row& row, const std::vector<std::string>& columns) {
  out += '{';
  for (uint32_t i = 0; i < row.column_count; ++i) {
    if (i > 0) {
      out += ',';
    }
    AppendJsonString(out, columns[i]);
    out += ':';
    AppendJson(out, row.columns[i]);
  }
  out += '}';
}

}  // namespace scry::runtime
