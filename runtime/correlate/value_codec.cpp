#include "runtime/correlate/value_codec.hpp"

#include <cstring>

#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

void AppendU32(std::string& out, uint32_t n) {
  char bytes[4];
  std::memcpy(bytes, &n, 4);
  out.append(bytes, 4);
}

bool ReadBytes(std::string_view& in, size_t n, std::string_view& out) {
  if (in.size() < n) {
    return false;
  }
  out = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

bool ReadU32(std::string_view& in, uint32_t& n) {
  std::string_view bytes;
  if (!ReadBytes(in, 4, bytes)) {
    return false;
  }
  std::memcpy(&n, bytes.data(), 4);
  return true;
}

size_t AddressBytes(const Value& value) {
  if (value.kind == ValueKind::kIp) {
    return value.len;
  }
  return 17;  // kCidr: 16 address bytes, then the prefix length
}

}  // namespace

void EncodeValue(const Value& value, std::string& out) {
  ValueKind kind = value.kind == ValueKind::kRegex ? ValueKind::kNull : value.kind;
  out += static_cast<char>(kind);
  out += static_cast<char>(value.flags);
  switch (kind) {
    case ValueKind::kNull:
      break;
    case ValueKind::kBool:
    case ValueKind::kInt:
    case ValueKind::kFloat:
    case ValueKind::kTimestamp:
    case ValueKind::kDuration: {
      char bytes[8];
      std::memcpy(bytes, &value.i, 8);
      out.append(bytes, 8);
      break;
    }
    case ValueKind::kString:
    case ValueKind::kObject:
      AppendU32(out, value.len);
      out.append(value.str, value.len);
      break;
    case ValueKind::kIp:
    case ValueKind::kCidr:
      AppendU32(out, value.len);
      out.append(reinterpret_cast<const char*>(value.bytes), AddressBytes(value));
      break;
    case ValueKind::kList:
      AppendU32(out, value.len);
      for (uint32_t i = 0; i < value.len; ++i) {
        EncodeValue(value.items[i], out);
      }
      break;
    case ValueKind::kRegex:
      break;
  }
}

std::optional<Value> DecodeValue(std::string_view& bytes, Arena& arena) {
  std::string_view header;
  if (!ReadBytes(bytes, 2, header)) {
    return std::nullopt;
  }
  Value value;
  value.kind = static_cast<ValueKind>(header[0]);
  value.flags = static_cast<uint8_t>(header[1]);
  switch (value.kind) {
    case ValueKind::kNull:
      return value;
    case ValueKind::kBool:
    case ValueKind::kInt:
    case ValueKind::kFloat:
    case ValueKind::kTimestamp:
    case ValueKind::kDuration: {
      std::string_view payload;
      if (!ReadBytes(bytes, 8, payload)) {
        return std::nullopt;
      }
      std::memcpy(&value.i, payload.data(), 8);
      return value;
    }
    case ValueKind::kString:
    case ValueKind::kObject:
    case ValueKind::kIp:
    case ValueKind::kCidr: {
      std::string_view payload;
      if (!ReadU32(bytes, value.len)) {
        return std::nullopt;
      }
      bool text = value.kind == ValueKind::kString || value.kind == ValueKind::kObject;
      if (!ReadBytes(bytes, text ? value.len : AddressBytes(value), payload)) {
        return std::nullopt;
      }
      value.str = payload.data();
      return value;
    }
    case ValueKind::kList: {
      if (!ReadU32(bytes, value.len) || value.len > bytes.size()) {
        return std::nullopt;
      }
      Value* items = arena.AllocateArray<Value>(value.len);
      for (uint32_t i = 0; i < value.len; ++i) {
        auto item = DecodeValue(bytes, arena);
        if (!item) {
          return std::nullopt;
        }
        items[i] = *item;
      }
      value.items = items;
      return value;
    }
    case ValueKind::kRegex:
      break;
  }
  return std::nullopt;
}

std::optional<std::string> GroupKey(const Value* keys, size_t count) {
  std::string key;
  for (size_t i = 0; i < count; ++i) {
    if (keys[i].is_null()) {
      return std::nullopt;
    }
    std::string text = FormatValueText(keys[i]);
    AppendU32(key, static_cast<uint32_t>(text.size()));
    key += text;
  }
  return key;
}

}  // namespace scry::runtime
