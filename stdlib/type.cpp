#include "stdlib/type.hpp"

namespace scry {

const char* TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kNull:
      return "null";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kString:
      return "string";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kIp:
      return "ip";
    case TypeKind::kCidr:
      return "cidr";
    case TypeKind::kRegex:
      return "regex";
    case TypeKind::kList:
      return "list";
    case TypeKind::kDynamic:
      return "dynamic";
  }
  return "dynamic";
}

std::string TypeName(const Type& type) {
  if (type.kind == TypeKind::kList) {
    return std::string("list<") + TypeKindName(type.element) + ">";
  }
  return TypeKindName(type.kind);
}

}  // namespace scry
