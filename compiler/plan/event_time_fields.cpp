#include "compiler/plan/event_time_fields.hpp"

namespace scry::compiler {

const std::vector<FieldPathSegments>& EventTimeFieldPaths() {
  static const std::vector<FieldPathSegments> paths = {
      {"@timestamp"}, {"timestamp"},       {"time"}, {"TimeCreated"}, {"UtcTime"},
      {"EventTime"},  {"event", "created"}};
  return paths;
}

std::vector<uint32_t> InternEventTimeFields(FieldSlotTable& fields) {
  std::vector<uint32_t> slots;
  for (const FieldPathSegments& path : EventTimeFieldPaths()) {
    slots.push_back(fields.Intern(path));
  }
  return slots;
}

}  // namespace scry::compiler
