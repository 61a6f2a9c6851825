#include "runtime/output/alert_writer.hpp"

#include "runtime/output/event_json.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

void AlertWriter::Write(const Alert& alert) {
  line_.clear();
  line_ += "{\"alert_id\":\"";
  line_ += alert.id;
  line_ += "\",\"time\":";
  AppendJsonString(line_, FormatTimestamp(alert.time_ns));
  line_ += ",\"rule\":{\"id\":";
  AppendJsonString(line_, alert.rule->id);
  line_ += ",\"title\":";
  AppendJsonString(line_, alert.rule->title);
  line_ += ",\"level\":";
  if (alert.rule->level.empty()) {
    line_ += "null";
  } else {
    AppendJsonString(line_, alert.rule->level);
  }
  line_ += ",\"tags\":[";
  for (size_t i = 0; i < alert.rule->tags.size(); ++i) {
    if (i > 0) {
      line_ += ',';
    }
    AppendJsonString(line_, alert.rule->tags[i]);
  }
  line_ += "]},\"event\":";
  if (alert.event_error.empty()) {
    line_ += alert.event;
  } else {
    line_ += "null,\"event_raw\":";
    AppendJsonString(line_, alert.event);
    line_ += ",\"event_error\":";
    AppendJsonString(line_, alert.event_error);
  }
  if (alert.row != nullptr && alert.row->column_count > 0) {
    if (alert.shown_columns == nullptr) {
      line_ += ",\"fields\":";
      AppendRecordJson(line_, *alert.row, *alert.column_names);
    } else if (!alert.shown_columns->empty()) {
      line_ += ",\"fields\":{";
      bool first = true;
      for (uint32_t column : *alert.shown_columns) {
        if (column >= alert.row->column_count) {
          continue;
        }
        line_ += first ? "" : ",";
        first = false;
        AppendJsonString(line_, (*alert.column_names)[column]);
        line_ += ':';
        AppendJson(line_, alert.row->columns[column]);
      }
      line_ += '}';
    }
  }
  line_ += "}\n";
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  ++written_;
}

}  // namespace scry::runtime
