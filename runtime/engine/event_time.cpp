#include "runtime/engine/event_time.hpp"

#include <cmath>

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

std::optional<int64_t> EpochToNanoseconds(double value) {
  double magnitude = std::fabs(value);
  double scale;
  if (magnitude < 1e11) {
    scale = 1e9;  // seconds
  } else if (magnitude < 1e14) {
    scale = 1e6;  // milliseconds
  } else if (magnitude < 1e17) {
    scale = 1e3;  // microseconds
  } else {
    scale = 1;  // nanoseconds
  }
  double ns = value * scale;
  if (!std::isfinite(ns) || std::fabs(ns) > 9.2e18) {
    return std::nullopt;
  }
  return static_cast<int64_t>(ns);
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
        return EpochToNanoseconds(static_cast<double>(value.i));
      case ValueKind::kFloat:
        return EpochToNanoseconds(value.f);
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace scry::runtime
