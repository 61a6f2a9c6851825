#include "stdlib/value_copy.hpp"

#include <cstring>

namespace scry {

Value CopyValue(const Value& value, Arena& arena) {
  Value copy = value;
  switch (value.kind) {
    case ValueKind::kString:
    case ValueKind::kObject:
      copy.str = arena.Copy(value.as_string()).data();
      break;
    case ValueKind::kIp:
    case ValueKind::kCidr: {
      size_t size = value.kind == ValueKind::kIp ? value.len : 17;
      auto* bytes = arena.AllocateArray<uint8_t>(size);
      std::memcpy(bytes, value.bytes, size);
      copy.bytes = bytes;
      break;
    }
    case ValueKind::kList: {
      Value* items = arena.AllocateArray<Value>(value.len);
      for (uint32_t i = 0; i < value.len; ++i) {
        items[i] = CopyValue(value.items[i], arena);
      }
      copy.items = items;
      break;
    }
    default:
      break;
  }
  return copy;
}

}  // namespace scry
