#include "runtime/engine/event_time.hpp"

#include "stdlib/timestamp.hpp"

namespace scry::runtime {

EventTimeReader::EventTimeReader(compiler::FieldSlotTable& fields) {
  for (const auto& path : std::vector<compiler::FieldPathSegments>{{"@timestamp"},
                                                                   {"timestamp"},
                                                                   {"time"},
                                                                   {"TimeCreated"},
                                                                   {"UtcTime"},
                                                                   {"EventTime"},
                                                                   {"event", "created"}}) {
    slots_.push_back(fields.Intern(path));
  }
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
