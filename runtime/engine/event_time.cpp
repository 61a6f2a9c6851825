#include "runtime/engine/event_time.hpp"

#include "compiler/plan/event_time_fields.hpp"
#include "stdlib/timestamp.hpp"

namespace scry::runtime {

EventTimeReader::EventTimeReader(compiler::FieldSlotTable& fields)
    : slots_(compiler::InternEventTimeFields(fields)) {}

EventTimeReader::EventTimeReader(compiler::FieldSlotTable& fields, const std::string& field) {
  compiler::FieldPathSegments path;
  size_t start = 0;
  while (true) {
    size_t dot = field.find('.', start);
    path.push_back(field.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }
  slots_.push_back(fields.Intern(path));
}

std::optional<int64_t> EventTimeReader::Read(const Value* fields) const {
  for (uint32_t slot : slots_) {
    const Value& value = fields[slot];
    switch (value.kind) {
      case ValueKind::kString:
        if (auto ns = ParseTimestamp(value.as_string())) {
          return ns;
        }
        break;
      case ValueKind::kTimestamp:
        return value.i;
      case ValueKind::kInt:
        return EpochToNanoseconds(value.i);
      case ValueKind::kFloat:
        return EpochToNanoseconds(value.f);
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace scry::runtime
