// Static types of scry expressions, as the type checker sees them.
//
// Event fields have no declared schema, so a field reference is `dynamic`: its kind is known
// only per event, and operators on it coerce at run time (see docs/language.md, "Types").
// Any type may also be null at run time; a static type says what a value is when it is not.
#pragma once

#include <string>

namespace scry {

enum class TypeKind : uint8_t {
  kNull,
  kBool,
  kInt,
  kFloat,
  kString,
  kTimestamp,
  kDuration,
  kIp,
  kCidr,
  kRegex,
  kList,
  kDynamic,
};

struct Type {
  TypeKind kind = TypeKind::kDynamic;
  TypeKind element = TypeKind::kDynamic;  // for kList only

  static Type Of(TypeKind kind) { return Type{kind, TypeKind::kDynamic}; }
  static Type ListOf(TypeKind element) { return Type{TypeKind::kList, element}; }
  static Type Dynamic() { return Type{}; }

  bool is_dynamic() const { return kind == TypeKind::kDynamic; }
  bool is_numeric() const { return kind == TypeKind::kInt || kind == TypeKind::kFloat; }
  /// True if a value of this type may turn out to be `kind` at run time.
  bool May(TypeKind k) const { return kind == k || kind == TypeKind::kDynamic; }

  friend bool operator==(const Type&, const Type&) = default;
};

/// "string", "list<string>", "dynamic", ...
std::string TypeName(const Type& type);
const char* TypeKindName(TypeKind kind);

}  // namespace scry
