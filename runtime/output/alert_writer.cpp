#include "runtime/output/alert_writer.hpp"

#include "runtime/output/event_json.hpp"
#include "stdlib/timestamp.hpp"
#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

void AppendHead(std::string& line, std::string_view id, int64_t time_ns,
                const compiler::RuleInfo& rule) {
  line += "{\"alert_id\":\"";
  line += id;
  line += "\",\"time\":";
  AppendJsonString(line, FormatTimestamp(time_ns));
  line += ",\"rule\":{\"id\":";
  AppendJsonString(line, rule.id);
  line += ",\"title\":";
  AppendJsonString(line, rule.title);
  line += ",\"level\":";
  if (rule.level.empty()) {
    line += "null";
  } else {
    AppendJsonString(line, rule.level);
  }
  line += ",\"tags\":[";
  for (size_t i = 0; i < rule.tags.size(); ++i) {
    if (i > 0) {
      line += ',';
    }
    AppendJsonString(line, rule.tags[i]);
  }
  line += "]}";
}

}  // namespace

bool AlertWriter::Skip(std::string_view id) {
  if (already_written_.empty()) {
    return false;
  }
  auto it = already_written_.find(std::string(id));
  if (it == already_written_.end()) {
    return false;
  }
  if (--it->second == 0) {
    already_written_.erase(it);
  }
  ++skipped_;
  return true;
}

void AlertWriter::Write(const CorrelationAlert& alert) {
  if (Skip(alert.id)) {
    return;
  }
  line_.clear();
  AppendHead(line_, alert.id, alert.time_ns, *alert.rule);
  line_ += ",\"group\":{";
  const Row& row = *alert.row;
  for (size_t i = 0; i < alert.key_count && i < row.column_count; ++i) {
    line_ += i > 0 ? "," : "";
    AppendJsonString(line_, (*alert.column_names)[i]);
    line_ += ':';
    AppendJson(line_, row.columns[i]);
  }
  line_ += "},\"window\":{\"start\":";
  AppendJsonString(line_, FormatTimestamp(alert.start_ns));
  line_ += ",\"end\":";
  AppendJsonString(line_, FormatTimestamp(alert.end_ns));
  line_ += '}';
  for (size_t i = alert.key_count; i < row.column_count; ++i) {
    line_ += ',';
    AppendJsonString(line_, (*alert.column_names)[i]);
    line_ += ':';
    AppendJson(line_, row.columns[i]);
  }
  line_ += ",\"events\":[";
  for (size_t i = 0; i < alert.event_ids->size(); ++i) {
    line_ += i > 0 ? ",\"" : "\"";
    line_ += *(*alert.event_ids)[i];
    line_ += '"';
  }
  line_ += "]}\n";
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  ++written_;
  if (observer_) {
    observer_(*alert.rule, alert.time_ns);
  }
}

void AlertWriter::Write(const Alert& alert) {
  if (Skip(alert.id)) {
    return;
  }
  line_.clear();
  AppendHead(line_, alert.id, alert.time_ns, *alert.rule);
  line_ += ",\"event\":";
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
  if (observer_) {
    observer_(*alert.rule, alert.time_ns);
  }
}

}  // namespace scry::runtime
