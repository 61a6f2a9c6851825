// Value: the one representation of data shared by compiled rule code, the reference
// evaluator, the stdlib and the runtime.
//
// A Value is 16 bytes and never owns memory: strings point into the event buffer (field
// values extracted by simdjson), into the per-event Arena (computed values), or into a
// program's constant pool. JIT-compiled code reads `kind`, `len` and the payload at the
// offsets asserted below, so the layout is an ABI between codegen and this header.
//
// Null covers both "the field is absent" and JSON null: every operator treats them alike, the
// way Sigma's `field: null` means "absent or null". Only `exists` tells them apart (Sigma's
// `exists` checks that the key is present, whatever its value), through kPresentFlag.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace scry {

enum class ValueKind : uint8_t {
  kNull = 0,
  kBool,
  kInt,
  kFloat,
  kString,
  kTimestamp,  // i: nanoseconds since the Unix epoch, UTC
  kDuration,   // i: nanoseconds
  kIp,         // bytes: 4 (len == 4) or 16 (len == 16) address bytes, network order
  kCidr,       // bytes: 16 address bytes then 1 prefix-length byte; len: 4 or 16 (family)
  kList,       // items: len elements
  kObject,     // str: the raw JSON text of a nested object (len bytes)
  kRegex,      // ptr: a compiled scry::Regex (only in constant pools)
};

struct Value {
  /// `flags` bit for a kString whose bytes are all ASCII. Producers that already look at every
  /// byte (the field extractor) set it, so case-insensitive matching can skip its own check;
  /// a clear bit means "not known", never "not ASCII".
  static constexpr uint8_t kAsciiFlag = 1;
  /// `flags` bit for a kNull read from a key that is present with the value JSON null. Only
  /// `exists` looks at it; everything else sees a plain null. Copies of a value keep it.
  static constexpr uint8_t kPresentFlag = 2;

  ValueKind kind = ValueKind::kNull;
  uint8_t flags = 0;
  uint16_t reserved = 0;
  uint32_t len = 0;
  union {
    int64_t i = 0;
    double f;
    const char* str;
    const Value* items;
    const uint8_t* bytes;
    const void* ptr;
  };

  static Value Null() { return Value{}; }
  /// JSON null under a key that is present (kPresentFlag).
  static Value JsonNull() {
    Value v;
    v.flags = kPresentFlag;
    return v;
  }
  static Value Bool(bool b) {
    Value v;
    v.kind = ValueKind::kBool;
    v.i = b ? 1 : 0;
    return v;
  }
  static Value Int(int64_t x) {
    Value v;
    v.kind = ValueKind::kInt;
    v.i = x;
    return v;
  }
  static Value Float(double x) {
    Value v;
    v.kind = ValueKind::kFloat;
    v.f = x;
    return v;
  }
  /// Does not copy: `s` must outlive the value.
  static Value String(std::string_view s) {
    Value v;
    v.kind = ValueKind::kString;
    v.len = static_cast<uint32_t>(s.size());
    v.str = s.data();
    return v;
  }
  static Value Timestamp(int64_t ns) {
    Value v;
    v.kind = ValueKind::kTimestamp;
    v.i = ns;
    return v;
  }
  static Value Duration(int64_t ns) {
    Value v;
    v.kind = ValueKind::kDuration;
    v.i = ns;
    return v;
  }
  static Value List(const Value* items, uint32_t count) {
    Value v;
    v.kind = ValueKind::kList;
    v.len = count;
    v.items = items;
    return v;
  }

  bool is_null() const { return kind == ValueKind::kNull; }
  /// What `exists` tests: any value but null, or a null whose key is present (JSON null).
  bool exists() const { return kind != ValueKind::kNull || (flags & kPresentFlag) != 0; }
  bool as_bool() const { return i != 0; }
  std::string_view as_string() const { return {str, len}; }
};

static_assert(sizeof(Value) == 16);
static_assert(offsetof(Value, kind) == 0);
static_assert(offsetof(Value, flags) == 1);
static_assert(offsetof(Value, len) == 4);
static_assert(offsetof(Value, i) == 8);

/// The name users see in messages ("string", "int", ...).
const char* ValueKindName(ValueKind kind);

}  // namespace scry
