#include "runtime/output/event_json.hpp"

#include "runtime/event/event_fields.hpp"
#include "runtime/event/json_escape.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

void AppendEventJson(std::string& out, const Row& row, const std::vector<std::string>& columns) {
  if (row.column_count == 0) {
    out.append(row.raw);
    return;
  }
  auto fields = TopLevelFieldsRaw(row.raw);
  out += '{';
  bool first = true;
  if (fields) {
    for (const auto& [key, raw_value] : *fields) {
      bool replaced = false;
      for (uint32_t i = 0; i < row.column_count && !replaced; ++i) {
        replaced = columns[i] == key;
      }
      if (replaced) {
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
