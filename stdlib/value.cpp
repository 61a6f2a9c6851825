#include "stdlib/value.hpp"

namespace scry {

const char* ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kFloat:
      return "float";
    case ValueKind::kString:
      return "string";
    case ValueKind::kTimestamp:
      return "timestamp";
    case ValueKind::kDuration:
      return "duration";
    case ValueKind::kIp:
      return "ip";
    case ValueKind::kCidr:
      return "cidr";
    case ValueKind::kList:
      return "list";
    case ValueKind::kObject:
      return "object";
    case ValueKind::kRegex:
      return "regex";
  }
  return "null";
}

}  // namespace scry
